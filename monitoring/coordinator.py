"""The municipal coordinator's view of the municipality's organizations: aggregates only, never a person.

One query for the organizations with their figures as subqueries (programme status, the last approved
evaluation, pairs at work, overdue activities, the last monitoring) and the regional counts for all of
them at once (``regional.pupil_coverage``): the cost does not grow with the number of organizations
in queries, only in rows.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, DateField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from organizations.models import Municipality, Organization
from pairing.models import Mentorship
from programs.models import Activity, Programme

from . import charts
from .models import Campaign, Evaluation
from .regional import RegionalSettings, mentor_on, pupil_coverage, regional_figures
from .scoring import MAX_TOTAL
from .selectors import roadmap_progress


def _count(queryset: QuerySet[Any], organization_field: str) -> Coalesce:
    return Coalesce(
        Subquery(queryset.values(organization_field).annotate(n=Count("pk")).values("n")[:1]),
        0,
    )


def organizations_with_figures(municipality: Municipality, today: date | None = None) -> QuerySet[Organization]:
    today = today or timezone.localdate()
    programmes = Programme.objects.filter(organization=OuterRef("pk")).order_by("-start_year", "-pk")
    approved = Evaluation.objects.filter(organization=OuterRef("pk"), status=Evaluation.Status.APPROVED).order_by(
        "-school_year", "-approved_on", "-pk"
    )
    closed_campaigns = Campaign.objects.filter(organization=OuterRef("pk"), closed_at__isnull=False)
    return (
        Organization.objects.filter(municipality=municipality)
        .annotate(
            programme_status=Subquery(programmes.values("status")[:1]),
            level=Subquery(approved.values("level")[:1]),
            level_total=Subquery(approved.values("total")[:1]),
            level_year=Subquery(approved.values("school_year")[:1]),
            evaluated_on=Subquery(approved.values("approved_on")[:1]),
            pairs_working=_count(mentor_on(today).filter(organization=OuterRef("pk")), "organization"),  # as coverage
            overdue=_count(
                Activity.objects.filter(section__roadmap__organization=OuterRef("pk")).overdue(today),
                "section__roadmap__organization",
            ),
            surveyed_on=Subquery(
                closed_campaigns.values("organization").annotate(last=Max(TruncDate("closed_at"))).values("last")[:1],
                output_field=DateField(),
            ),
        )
        .order_by("short_name")
    )


@dataclass
class Row:
    organization: Organization
    programme_status: str
    level: str
    level_total: int | None
    level_year: int | None
    coverage: Decimal | None
    coverage_text: str
    pairs_working: int
    overdue: int
    last_monitoring: date | None

    @property
    def level_label(self) -> str:
        return Evaluation.Level(self.level).label if self.level else ""

    @property
    def programme_status_label(self) -> str:
        return PROGRAMME_STATUS.get(self.programme_status, "нет программы")

    # Ready-made text for the table's cells: a municipality's 300 rows render without per-cell localization.
    @property
    def level_text(self) -> str:
        return f"{self.level_total} из {MAX_TOTAL} — {self.level_label}" if self.level else ""

    @property
    def level_year_text(self) -> str:
        return f"{self.level_year}/{self.level_year + 1} уч. год" if self.level_year else ""

    @property
    def pairs_text(self) -> str:
        return str(self.pairs_working)

    @property
    def overdue_text(self) -> str:
        return str(self.overdue)

    @property
    def last_monitoring_text(self) -> str:
        return f"{self.last_monitoring:%d.%m.%Y}" if self.last_monitoring else ""


# «Программа утверждена»: the statuses of the shared DocumentStatus in the feminine, for a programme.
PROGRAMME_STATUS = {
    Programme.Status.DRAFT: "черновик",
    Programme.Status.REVIEW: "на согласовании",
    Programme.Status.APPROVED: "утверждена",
    Programme.Status.ARCHIVED: "заменена новой",
}


SORTS = {
    "name": lambda r: r.organization.short_name.lower(),
    "level": lambda r: r.level_total if r.level_total is not None else -1,
    "coverage": lambda r: r.coverage if r.coverage is not None else Decimal(-1),
    "pairs": lambda r: r.pairs_working,
    "overdue": lambda r: r.overdue,
    "monitoring": lambda r: r.last_monitoring or date.min,
}


def municipality_rows(
    municipality: Municipality,
    *,
    sort: str = "name",
    level: str = "",
    overdue_only: bool = False,
    query: str = "",
    today: date | None = None,
) -> list[Row]:
    """The table's rows, filtered and sorted (``-coverage``: descending)."""
    today = today or timezone.localdate()
    organizations = list(organizations_with_figures(municipality, today).only("pk", "short_name"))
    shares = pupil_coverage([o.pk for o in organizations], RegionalSettings(on=today))
    rows = []
    for organization in organizations:
        coverage = shares[organization.pk]
        dates = [d for d in (organization.evaluated_on, organization.surveyed_on) if d]  # type: ignore[attr-defined]
        rows.append(
            Row(
                organization=organization,
                programme_status=organization.programme_status or "",  # type: ignore[attr-defined]
                level=organization.level or "",  # type: ignore[attr-defined]
                level_total=organization.level_total,  # type: ignore[attr-defined]
                level_year=organization.level_year,  # type: ignore[attr-defined]
                coverage=coverage.percent,
                coverage_text=coverage.percent_text,
                pairs_working=organization.pairs_working,  # type: ignore[attr-defined]
                overdue=organization.overdue,  # type: ignore[attr-defined]
                last_monitoring=max(dates) if dates else None,
            )
        )
    if level == "none":
        rows = [r for r in rows if not r.level]
    elif level:
        rows = [r for r in rows if r.level == level]
    if overdue_only:
        rows = [r for r in rows if r.overdue]
    if query:
        needle = query.lower().replace("ё", "е")
        rows = [r for r in rows if needle in r.organization.short_name.lower().replace("ё", "е")]
    key = sort.lstrip("-")
    if key in SORTS:
        rows.sort(key=SORTS[key], reverse=sort.startswith("-"))
    return rows


def organization_aggregates(organization: Organization, today: date | None = None) -> dict[str, Any]:
    """One organization's figures for the coordinator's drill-down: counts, levels and rates, no names."""
    today = today or timezone.localdate()
    figures = regional_figures([organization.pk], RegionalSettings(on=today))[organization.pk]
    evaluations = list(
        Evaluation.objects.filter(organization=organization, status=Evaluation.Status.APPROVED)
        .order_by("-school_year", "-pk")
        .values("school_year", "total", "level", "approved_on")
    )
    for evaluation in evaluations:
        evaluation["level_label"] = Evaluation.Level(evaluation["level"]).label if evaluation["level"] else ""
        evaluation["year_label"] = f"{evaluation['school_year']}/{evaluation['school_year'] + 1}"
    by_status = dict(Mentorship.objects.filter(organization=organization).values_list("status").annotate(n=Count("pk")))
    pairs = [(label, by_status.get(value, 0)) for value, label in Mentorship.Status.choices]
    roadmap, progress = roadmap_progress(organization, today)
    campaigns = list(
        Campaign.objects.filter(organization=organization)
        .annotate(
            n_total=Count("recipients"),
            n_responded=Count("recipients", filter=Q(recipients__responded_at__isnull=False)),
        )
        .order_by("-closes_on", "-pk")
        .values("title", "opens_on", "closes_on", "closed_at", "n_total", "n_responded")[:10]
    )
    chart_list = [charts.counts(pairs, title="Пары и группы по статусам", unit="Пар и групп")]
    if progress:
        chart_list.append(charts.stages([(p["section__title"], p["done"], p["overdue"], p["total"]) for p in progress]))
    rated = [(c["title"], c["n_responded"], c["n_total"]) for c in campaigns if c["n_total"]]
    if rated:
        chart_list.append(charts.shares(rated, title="Доля ответивших", part="Ответили", whole="Получили анкету"))
    return {
        "charts": chart_list,
        "figures": figures,
        "evaluations": evaluations,
        "pairs": pairs,
        "roadmap": roadmap,
        "progress": progress,
        "campaigns": campaigns,
    }
