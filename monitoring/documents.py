"""«Информационная справка по итогам мониторинга программы наставничества»: printed from an evaluation, with
the figures of its school year (participants, questionnaires, roadmap) and the conclusions the curator wrote.
It holds no person's data but the signatory's name, so an order «Об итогах…» may attach it as an appendix."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from mentoring_site.names import signature_name, signature_name_from_text
from mentoring_site.printing import Printable, PrintOption
from organizations.models import Membership, Organization
from organizations.roles import Role
from pairing.models import Mentorship, MentorshipMember

from . import charts
from .dynamics import before_after_charts, dynamics, school_year_bounds
from .models import Campaign, Evaluation
from .regional import NOT_INVOLVING
from .scoring import LEVELS, MAX_TOTAL, indicators
from .selectors import roadmap_progress

REPORT_TITLE = "Информационная справка по итогам мониторинга программы наставничества"
# What making the справка goes through, for the page that waits for one made in the background
# (``report_jobs``): ``report_context`` announces the first six, the PDF layout is the last.
REPORT_STEPS = (
    "Показатели оценки эффективности",
    "Участники по формам наставничества",
    "Анкетирования и доля ответивших",
    "Выполнение дорожной карты",
    "Динамика «до/после»",
    "Графики",
    "Вёрстка PDF",
)


def _options(organization: Organization) -> list[PrintOption]:
    evaluations = Evaluation.objects.for_organization(organization).order_by("-school_year", "-pk")
    return [
        PrintOption(
            object_id=evaluation.pk,
            title=report_title(evaluation),
            final=evaluation.status == Evaluation.Status.APPROVED,
            why_not_final=""
            if evaluation.status == Evaluation.Status.APPROVED
            else "оценка эффективности не утверждена",
        )
        for evaluation in evaluations
    ]


def report_title(evaluation: Evaluation) -> str:
    return f"{REPORT_TITLE} за {evaluation.school_year_label} учебный год"


def report_filename(evaluation: Evaluation, *, ascii_only: bool = False) -> str:
    """The download's name (Russian), or the stored file's name (Latin letters only: any storage takes it)."""
    year = evaluation.school_year_label.replace("/", "-")
    return f"spravka-monitoring-{year}.pdf" if ascii_only else f"Справка по итогам мониторинга {year}.pdf"


def year_pairs(organization: Organization, school_year: int) -> QuerySet[Mentorship]:
    """The pairs and groups of a school year that the справка counts: fixed by an order (working, finished or
    ended early), as the regional figures count them; not those still forming nor the cancelled ones."""
    return Mentorship.objects.filter(organization=organization, school_year=school_year).exclude(
        status__in=NOT_INVOLVING
    )


def participant_counts(organization: Organization, school_year: int) -> tuple[int, int]:
    """The year's distinct mentors and mentees (two counts): the справка's «наставников: N; наставляемых: M»."""
    pairs = year_pairs(organization, school_year)
    mentees = MentorshipMember.objects.filter(mentorship__in=pairs).values("mentee").distinct().count()
    return pairs.values("mentor").distinct().count(), mentees


def _participants(organization: Organization, school_year: int) -> dict[str, Any]:
    pairs = year_pairs(organization, school_year)
    by_form = list(
        pairs.values("form__name")
        .annotate(n=Count("pk"), mentors=Count("mentor", distinct=True))
        .order_by("form__name")
    )
    members = MentorshipMember.objects.filter(mentorship__in=pairs)
    mentee_counts = dict(members.values_list("mentorship__form__name").annotate(n=Count("mentee", distinct=True)))
    for row in by_form:
        row["mentees"] = mentee_counts.get(row["form__name"], 0)
    mentors, mentees = participant_counts(organization, school_year)
    return {"pairs": pairs.count(), "mentors": mentors, "mentees": mentees, "by_form": by_form}


def _campaigns(organization: Organization, school_year: int) -> list[dict[str, Any]]:
    start, end = school_year_bounds(school_year)
    return list(
        Campaign.objects.filter(organization=organization, closes_on__range=(start, end))
        .annotate(
            n_total=Count("recipients"),
            n_responded=Count("recipients", filter=Q(recipients__responded_at__isnull=False)),
        )
        .order_by("opens_on", "pk")
        .values("title", "opens_on", "closes_on", "n_total", "n_responded", "summary")
    )


def report_context(
    organization: Organization, object_id: int | None, on: date, progress: Callable[[int], None] | None = None
) -> dict[str, Any] | None:
    """The справка's figures; ``progress(step)`` is told the index in ``REPORT_STEPS`` of each step begun."""
    step = progress or (lambda _index: None)
    step(0)
    evaluation = (
        Evaluation.objects.for_organization(organization)
        .select_related("programme__curator", "approved_by")
        .filter(pk=object_id)
        .first()
    )
    if evaluation is None:
        return None
    stored = {row.number: row for row in evaluation.scores.all()}
    criteria: list[dict[str, Any]] = []
    for indicator in indicators():
        if not criteria or criteria[-1]["criterion"] != indicator.criterion:
            criteria.append({"criterion": indicator.criterion, "rows": []})
        criteria[-1]["rows"].append({"indicator": indicator, "row": stored.get(indicator.number)})
    scores = [
        (i["indicator"].number, i["indicator"].text, i["row"].score if i["row"] else None)
        for g in criteria
        for i in g["rows"]
    ]
    step(1)
    participants = _participants(organization, evaluation.school_year)
    step(2)
    campaigns = _campaigns(organization, evaluation.school_year)
    for campaign in campaigns:
        total = campaign["n_total"]
        campaign["rate"] = f"{campaign['n_responded'] * 100 / total:.0f} %" if total else "—"
    step(3)
    roadmap, stages = roadmap_progress(organization, on, school_year=evaluation.school_year)
    curator = evaluation.programme.curator if evaluation.programme else None
    if curator is None:  # the organization's curator (the first appointed) signs the справка
        membership = (
            Membership.objects.filter(organization=organization, role=Role.CURATOR, is_active=True)
            .select_related("user")
            .order_by("since", "pk")
            .first()
        )
        curator = membership.user if membership else None
    signatory = (
        signature_name(curator.last_name, curator.first_name, curator.patronymic)
        if curator and curator.last_name
        else signature_name_from_text(organization.director_name)
    )
    step(4)
    change = dynamics(organization, school_year=evaluation.school_year, programme=evaluation.programme)
    step(5)
    indicator_chart = charts.indicator_bars(scores)
    stages_chart = (
        charts.stages([(s["section__title"], s["done"], s["overdue"], s["total"]) for s in stages]) if stages else None
    )
    rated = [(c["title"], c["n_responded"], c["n_total"]) for c in campaigns if c["n_total"]]
    rates_chart = (
        charts.shares(rated, title="Доля ответивших", part="Ответили", whole="Получили анкету") if rated else None
    )
    dynamics_charts = before_after_charts(change)
    return {
        "organization": organization,
        "evaluation": evaluation,
        "title": REPORT_TITLE,
        "on": evaluation.approved_on or on,
        "criteria": criteria,
        "levels": LEVELS,
        "max_total": MAX_TOTAL,
        "participants": participants,
        "campaigns": campaigns,
        "roadmap": roadmap,
        "stages": stages,
        "indicator_chart": indicator_chart,
        "stages_chart": stages_chart,
        "rates_chart": rates_chart,
        "dynamics": change,
        "dynamics_charts": dynamics_charts,
        "signatory_position": "Куратор программы наставничества" if curator else organization.director_position,
        "signatory": signatory,
    }


REPORT = Printable(
    key="monitoring.report",
    label="Информационная справка по итогам мониторинга",
    template="monitoring/report/report_body.html",
    orientation="portrait",
    options=_options,
    context=report_context,
    public=True,
    model=Evaluation,
    unavailable="оценка эффективности удалена",
)
