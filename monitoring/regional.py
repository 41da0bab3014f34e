"""Показатели для региона (персонифицированный учёт, seed 002 section 5.1; DOMAIN.md §7 «KPI»).

The official formulas are not confirmed, so each number comes with the formula it was computed by and the
settings it depends on: the reference date (ages and participation are taken on that day) and whether
pupils who act as mentors count as involved. Everything is counted in the database, for one organization or
for many at once (one grouped query), so that a municipality's table costs the same as one school's.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from pairing.models import Mentorship, MentorshipMember
from participants.models import Person
from programs.choices import ParticipantKind

PUPIL_AGES = (10, 18)
YOUNG_SPECIALIST_YEARS = 3


@dataclass(frozen=True)
class RegionalSettings:
    on: date
    mentors_count: bool = True  # do pupils acting as mentors count as involved?


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def pupils_aged_q(on: date, low: int = PUPIL_AGES[0], high: int = PUPIL_AGES[1], prefix: str = "") -> Q:
    """Pupils aged ``low``–``high`` full years on ``on``: born after (on − (high+1) years), on or before (on − low)."""
    return Q(
        **{
            f"{prefix}kind": ParticipantKind.STUDENT,
            f"{prefix}birth_date__gt": _years_before(on, high + 1),
            f"{prefix}birth_date__lte": _years_before(on, low),
        }
    )


# A pair still being formed (no order has fixed it) or cancelled has involved nobody.
NOT_INVOLVING = (Mentorship.Status.FORMING, Mentorship.Status.CANCELLED)


def _pair_working_on(on: date, prefix: str = "") -> Q:
    """A pair at work on the day: fixed by an order, begun by then, not ended before it."""
    return (
        Q(**{f"{prefix}started_on__lte": on})
        & (Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": on}))
        & ~Q(**{f"{prefix}status__in": NOT_INVOLVING})
    )


def mentee_on(on: date) -> QuerySet[MentorshipMember]:
    """Memberships of mentees in a pair at work on ``on``."""
    return MentorshipMember.objects.filter(
        Q(joined_on__lte=on) & (Q(left_on__isnull=True) | Q(left_on__gte=on)) & _pair_working_on(on, "mentorship__")
    )


def mentor_on(on: date) -> QuerySet[Mentorship]:
    return Mentorship.objects.filter(_pair_working_on(on))


@dataclass(frozen=True)
class Figure:
    """One indicator: the count, its base and the share, with the formula they come from."""

    key: str
    title: str
    numerator: int
    denominator: int | None
    formula: str

    @property
    def percent(self) -> Decimal | None:
        if not self.denominator:
            return None
        return (Decimal(self.numerator) * 100 / self.denominator).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def percent_text(self) -> str:
        value = self.percent
        return "—" if value is None else f"{value:n} %".replace(".", ",")


@dataclass
class OrganizationFigures:
    organization_id: int
    figures: list[Figure]
    by_form: list[tuple[str, int, int]] = field(default_factory=list)  # form, pupils 10–18, teachers

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


def _people_of(organization_ids: Sequence[int]) -> QuerySet[Person]:
    return Person.objects.filter(organization_id__in=organization_ids, anonymized_at__isnull=True)


def _roles_on(organization_ids: Sequence[int], on: date) -> tuple[Q, Q]:
    """«A mentee on the day», «a mentor on the day» as ``pk IN (…)``: subqueries that do not depend on the
    row, so the database computes each once per query (a correlated EXISTS would run once per person)."""
    mentees = mentee_on(on).filter(mentorship__organization_id__in=organization_ids).values("mentee__person_id")
    mentors = mentor_on(on).filter(organization_id__in=organization_ids).values("mentor__person_id")
    return Q(pk__in=mentees), Q(pk__in=mentors)


def counts_querysets(
    organization_ids: Sequence[int], settings: RegionalSettings
) -> list[QuerySet[Any, dict[str, Any]]]:
    """The aggregate queries of the regional figures, one row per organization each: the bases (every person,
    by plain columns), the mentees and the mentors on the day (over the pairs' few rows, not over everyone),
    and the people who are both (so that nobody counts twice)."""
    on = settings.on
    alive = {"anonymized_at__isnull": True}
    mentee, mentor = "mentee__person__", "mentor__person__"
    teachers = Q(kind=ParticipantKind.TEACHER)
    young = Q(experience_years__lte=YOUNG_SPECIALIST_YEARS)
    bases = (
        _people_of(organization_ids)
        .values("organization_id")
        .annotate(
            pupils=Count("pk", filter=pupils_aged_q(on)),
            teachers=Count("pk", filter=teachers),
            young=Count("pk", filter=teachers & young),
        )
        .order_by()
    )
    mentees = (
        mentee_on(on)
        .filter(mentorship__organization_id__in=organization_ids, **{mentee + k: v for k, v in alive.items()})
        .values(organization_id=F("mentorship__organization_id"))
        .annotate(
            pupils_mentees=Count("mentee__person", distinct=True, filter=pupils_aged_q(on, prefix=mentee)),
            teacher_mentees=Count(
                "mentee__person", distinct=True, filter=Q(mentee__person__kind=ParticipantKind.TEACHER)
            ),
            young_mentees=Count(
                "mentee__person",
                distinct=True,
                filter=Q(mentee__person__kind=ParticipantKind.TEACHER)
                & Q(mentee__person__experience_years__lte=YOUNG_SPECIALIST_YEARS),
            ),
        )
        .order_by()
    )
    mentors = (
        mentor_on(on)
        .filter(organization_id__in=organization_ids, **{mentor + k: v for k, v in alive.items()})
        .values("organization_id")
        .annotate(
            pupil_mentors=Count(
                "mentor__person", distinct=True, filter=Q(mentor__person__kind=ParticipantKind.STUDENT)
            ),
            pupil_mentors_aged=Count("mentor__person", distinct=True, filter=pupils_aged_q(on, prefix=mentor)),
            teacher_mentors=Count(
                "mentor__person", distinct=True, filter=Q(mentor__person__kind=ParticipantKind.TEACHER)
            ),
        )
        .order_by()
    )
    as_mentee, as_mentor = _roles_on(organization_ids, on)
    both = (
        _people_of(organization_ids)
        .filter(as_mentee & as_mentor)
        .values("organization_id")
        .annotate(pupils_both=Count("pk", filter=pupils_aged_q(on)), teachers_both=Count("pk", filter=teachers))
        .order_by()
    )
    return [bases, mentees, mentors, both]


def coverage_queryset(organization_ids: Sequence[int], settings: RegionalSettings) -> QuerySet[Any, dict[str, Any]]:
    """The share of pupils 10–18 in mentoring alone (the coordinator's table, the dashboard): one pass over the
    pupils of the age, each checked against the day's mentees and mentors (hashed once per query)."""
    on = settings.on
    as_mentee, as_mentor = _roles_on(organization_ids, on)
    involved = as_mentee | as_mentor if settings.mentors_count else as_mentee
    return (
        _people_of(organization_ids)
        .filter(pupils_aged_q(on))
        .values("organization_id")
        .annotate(pupils=Count("pk"), pupils_involved=Count("pk", filter=involved))
        .order_by()
    )


def pupil_coverage(organization_ids: Iterable[int], settings: RegionalSettings) -> dict[int, Figure]:
    """Per organization, the figure «pupils_share» of ``regional_figures``, for the same day and settings."""
    ids = list(organization_ids)
    counts = {row.pop("organization_id"): row for row in coverage_queryset(ids, settings)}
    return {organization_id: _pupils_share(counts.get(organization_id, {}), settings) for organization_id in ids}


def _counts(organization_ids: Sequence[int], settings: RegionalSettings) -> dict[int, dict[str, int]]:
    raw: dict[int, dict[str, int]] = {}
    for queryset in counts_querysets(organization_ids, settings):
        for row in queryset:
            raw.setdefault(row.pop("organization_id"), {}).update(row)
    result = {}
    for organization_id, c in raw.items():
        get = c.get
        pupil_mentors = get("pupil_mentors_aged", 0) - get("pupils_both", 0) if settings.mentors_count else 0
        result[organization_id] = {
            "pupils": get("pupils", 0),
            "pupils_involved": get("pupils_mentees", 0) + pupil_mentors,
            "pupils_mentees": get("pupils_mentees", 0),
            "pupil_mentors": get("pupil_mentors", 0),
            "teachers": get("teachers", 0),
            "teachers_involved": get("teacher_mentees", 0) + get("teacher_mentors", 0) - get("teachers_both", 0),
            "teacher_mentors": get("teacher_mentors", 0),
            "young": get("young", 0),
            "young_mentees": get("young_mentees", 0),
        }
    return result


def _by_form(organization_ids: Sequence[int], settings: RegionalSettings) -> dict[int, dict[str, dict[str, int]]]:
    """Per organization and form of mentoring: distinct pupils 10–18 and teachers at work in that form."""
    on = settings.on
    result: dict[int, dict[str, dict[str, int]]] = {}
    mentees = (
        mentee_on(on)
        .filter(mentorship__organization_id__in=organization_ids)
        .values("mentorship__organization_id", "mentorship__form__name")
        .annotate(
            pupils=Count("mentee__person", distinct=True, filter=pupils_aged_q(on, prefix="mentee__person__")),
            teachers=Count("mentee__person", distinct=True, filter=Q(mentee__person__kind=ParticipantKind.TEACHER)),
        )
    )
    rows: list[tuple[int, str, int, int]] = [
        (r["mentorship__organization_id"], r["mentorship__form__name"] or "", r["pupils"], r["teachers"])
        for r in mentees
    ]
    mentors = (
        mentor_on(on)
        .filter(organization_id__in=organization_ids)
        .values("organization_id", "form__name")
        .annotate(
            pupils=Count("mentor__person", distinct=True, filter=pupils_aged_q(on, prefix="mentor__person__")),
            teachers=Count("mentor__person", distinct=True, filter=Q(mentor__person__kind=ParticipantKind.TEACHER)),
        )
    )
    rows += [
        (r["organization_id"], r["form__name"] or "", r["pupils"] if settings.mentors_count else 0, r["teachers"])
        for r in mentors
    ]
    # A person both mentee and mentor within one form (a pupil mentored in «ученик – ученик» who mentors a younger
    # one there) is in both lists above: once less. Counted over the day's mentees, each checked for a pair of
    # the same form that they lead.
    leads_in_form = mentor_on(on).filter(
        organization_id=OuterRef("mentorship__organization_id"),
        form_id=OuterRef("mentorship__form_id"),
        mentor__person_id=OuterRef("mentee__person_id"),
    )
    both = (
        mentee_on(on)
        .filter(mentorship__organization_id__in=organization_ids)
        .filter(Exists(leads_in_form))
        .values("mentorship__organization_id", "mentorship__form__name")
        .annotate(
            pupils=Count("mentee__person", distinct=True, filter=pupils_aged_q(on, prefix="mentee__person__")),
            teachers=Count("mentee__person", distinct=True, filter=Q(mentee__person__kind=ParticipantKind.TEACHER)),
        )
    )
    rows += [
        (
            r["mentorship__organization_id"],
            r["mentorship__form__name"] or "",
            -r["pupils"] if settings.mentors_count else 0,
            -r["teachers"],
        )
        for r in both
    ]
    for organization_id, form, pupils, teachers in rows:
        cell = result.setdefault(organization_id, {}).setdefault(form, {"pupils": 0, "teachers": 0})
        cell["pupils"] += pupils
        cell["teachers"] += teachers
    return result


def _pupils_share(counts: dict[str, int], settings: RegionalSettings) -> Figure:
    on = f"{settings.on:%d.%m.%Y}"
    low, high = PUPIL_AGES
    roles = "наставляемые или наставники" if settings.mentors_count else "наставляемые"
    return Figure(
        "pupils_share",
        f"Доля обучающихся в возрасте от {low} до {high} лет, вовлечённых в наставничество",
        counts.get("pupils_involved", 0),
        counts.get("pupils", 0),
        f"обучающиеся {low}–{high} лет на {on}, которые в этот день в паре или группе ({roles}) ÷ все "
        f"обучающиеся {low}–{high} лет на {on} × 100",
    )


def _figures(counts: dict[str, int], settings: RegionalSettings) -> list[Figure]:
    on = f"{settings.on:%d.%m.%Y}"
    low, high = PUPIL_AGES
    return [
        _pupils_share(counts, settings),
        Figure(
            "pupils_mentees",
            f"Обучающиеся {low}–{high} лет в роли наставляемых",
            counts.get("pupils_mentees", 0),
            counts.get("pupils", 0),
            f"обучающиеся {low}–{high} лет на {on}, наставляемые в паре или группе, работающей в этот день",
        ),
        Figure(
            "pupil_mentors",
            "Обучающиеся в роли наставников («ученик – ученик»)",
            counts.get("pupil_mentors", 0),
            None,
            f"обучающиеся любого возраста, наставники пары или группы, работающей на {on}",
        ),
        Figure(
            "teachers_share",
            "Доля педагогов, участвующих в наставничестве",
            counts.get("teachers_involved", 0),
            counts.get("teachers", 0),
            f"педагоги — наставники или наставляемые пары (группы), работающей на {on} ÷ все педагоги × 100",
        ),
        Figure(
            "teacher_mentors",
            "Педагоги-наставники",
            counts.get("teacher_mentors", 0),
            counts.get("teachers", 0),
            f"педагоги — наставники пары или группы, работающей на {on} ÷ все педагоги × 100",
        ),
        Figure(
            "young_share",
            f"Доля молодых специалистов (стаж 0–{YOUNG_SPECIALIST_YEARS} года), которых сопровождает наставник",
            counts.get("young_mentees", 0),
            counts.get("young", 0),
            f"педагоги со стажем не больше {YOUNG_SPECIALIST_YEARS} лет (по карточке), наставляемые пары "
            f"(группы), работающей на {on} ÷ все такие педагоги × 100",
        ),
    ]


def regional_figures(
    organization_ids: Iterable[int], settings: RegionalSettings, *, with_forms: bool = True
) -> dict[int, OrganizationFigures]:
    """The figures of each organization: two grouped queries (people, forms) for any number of them (one,
    without the breakdown by form)."""
    ids = list(organization_ids)
    counts = _counts(ids, settings)
    forms = _by_form(ids, settings) if with_forms else {}
    result = {}
    for organization_id in ids:
        by_form = sorted(
            (
                (name or "форма не указана", c["pupils"], c["teachers"])
                for name, c in forms.get(organization_id, {}).items()
            ),
            key=lambda row: row[0],
        )
        result[organization_id] = OrganizationFigures(
            organization_id=organization_id,
            figures=_figures(counts.get(organization_id, {}), settings),
            by_form=by_form,
        )
    return result


# The XLSX a region collects: the same columns in the same order in every file (one row per organization).
XLSX_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("pupils_share", "numerator", "Обучающиеся 10–18 лет в наставничестве, чел."),
    ("pupils_share", "denominator", "Обучающиеся 10–18 лет, всего, чел."),
    ("pupils_share", "percent", "Доля обучающихся 10–18 лет в наставничестве, %"),
    ("pupils_mentees", "numerator", "Обучающиеся 10–18 лет — наставляемые, чел."),
    ("pupil_mentors", "numerator", "Обучающиеся — наставники, чел."),
    ("teachers_share", "numerator", "Педагоги в наставничестве, чел."),
    ("teachers_share", "denominator", "Педагоги, всего, чел."),
    ("teachers_share", "percent", "Доля педагогов в наставничестве, %"),
    ("teacher_mentors", "numerator", "Педагоги-наставники, чел."),
    ("young_share", "numerator", "Молодые специалисты с наставником, чел."),
    ("young_share", "denominator", "Молодые специалисты (стаж 0–3 года), всего, чел."),
    ("young_share", "percent", "Доля молодых специалистов с наставником, %"),
)
XLSX_HEADERS = (
    "Организация",
    "Муниципалитет",
    "Дата расчёта",
    "Учитываются обучающиеся-наставники",
    *[title for _key, _part, title in XLSX_COLUMNS],
)


def xlsx_row(organization: Any, figures: OrganizationFigures, settings: RegionalSettings) -> list[Any]:
    row: list[Any] = [
        organization.short_name,
        organization.municipality.name if organization.municipality_id else "",
        settings.on,
        "да" if settings.mentors_count else "нет",
    ]
    for key, part, _title in XLSX_COLUMNS:
        figure = figures.figure(key)
        value = figure.percent if part == "percent" else getattr(figure, part)
        row.append(float(value) if isinstance(value, Decimal) else value)
    return row
