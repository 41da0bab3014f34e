"""«До/после» (DOMAIN.md §7, stage 2 of monitoring): the same parameters measured before the programme and
after it, for the same people.

A parameter is a question ``code`` of a numeric question (a scale, or a matrix statement); the before and
after questionnaires of one audience carry the same codes. Within a school year (and, if chosen, a
programme) every campaign of a questionnaire with purpose «before» is compared with every campaign of one
with purpose «after». A person counts for a parameter only when they have both measurements: one aggregate
query over the answers, grouped by person, audience and code, gives each person's mean before and mean after
(``Avg(filter=…)``) and keeps only those with both. Those rows — one per person and parameter, not per
answer — are then summed up per pair or group, per form of mentoring and for the whole programme, and shown
for each mentee on their own.

A person's pair is the one their response or personal link names, else the pair they were in when they
answered the «after» questionnaire.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from statistics import fmean
from typing import Any

from django.db import models
from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from mentoring_site.names import full_name
from organizations.models import Organization
from pairing.models import Mentorship
from participants.models import Person
from programs.deadlines import current_school_year
from programs.models import MentoringForm, Programme

from . import charts
from .models import Answer, Campaign, Option, Question, Questionnaire, Response
from .results import NO_PAIR, decimal, own_mentees, pair_at, pair_labels, percent, signed

BEFORE, AFTER = Questionnaire.Purpose.BEFORE, Questionnaire.Purpose.AFTER
NOTHING_TO_COMPARE = "Нет пар анкет «до» и «после» по одним и тем же людям"
AUDIENCES = {"mentee": "Наставляемые", "mentor": "Наставники", "curator": "Куратор", "any": "Все участники"}


def school_year_bounds(year: int) -> tuple[date, date]:
    """A school year starts in June (summer preparation), as ``programs.deadlines.current_school_year``."""
    return date(year, 6, 1), date(year + 1, 5, 31)


def year_label(year: int) -> str:
    return f"{year}/{year + 1} учебный год"


@dataclass(frozen=True)
class Change:
    """One parameter in one group: means before and after over the people measured twice."""

    audience: str
    code: str
    label: str
    scale_max: int | None
    people: int
    before: float
    after: float
    rose: int
    fell: int

    @property
    def change(self) -> float:
        return self.after - self.before

    @property
    def share_rose(self) -> int:
        return percent(self.rose, self.people)

    @property
    def before_text(self) -> str:
        return decimal(self.before)

    @property
    def after_text(self) -> str:
        return decimal(self.after)

    @property
    def change_text(self) -> str:
        return signed(self.change)

    @property
    def trend(self) -> str:
        """«up», «down» or «same» (the rounded change), for the page's colours."""
        text = self.change_text
        return "up" if text.startswith("+") else "down" if text.startswith("−") else "same"


@dataclass
class Group:
    title: str
    subtitle: str
    people: int
    changes: list[Change]

    @property
    def parts(self) -> list[tuple[str, list[Change]]]:
        """The changes by audience («Наставляемые», «Наставники»): their parameters differ."""
        parts: dict[str, list[Change]] = {}
        for change in self.changes:
            parts.setdefault(AUDIENCES.get(change.audience, change.audience), []).append(change)
        return list(parts.items())

    # One person's group (``Dynamics.mentees``): how many of their parameters rose, fell, stayed.
    @property
    def rose(self) -> int:
        return sum(1 for c in self.changes if c.after > c.before)

    @property
    def fell(self) -> int:
        return sum(1 for c in self.changes if c.after < c.before)

    @property
    def same(self) -> int:
        return len(self.changes) - self.rose - self.fell

    @property
    def positive(self) -> bool:
        """Positive dynamics: more of the parameters rose than fell."""
        return self.rose > self.fell


@dataclass
class Dynamics:
    school_year: int
    programme: Programme | None
    before: list[Campaign] = field(default_factory=list)
    after: list[Campaign] = field(default_factory=list)
    whole: Group | None = None
    forms: list[Group] = field(default_factory=list)
    pairs: list[Group] = field(default_factory=list)
    mentees: list[Group] = field(default_factory=list)  # one per mentee measured twice: their own parameters
    restricted: bool = False

    @property
    def mentees_positive(self) -> int:
        return sum(1 for m in self.mentees if m.positive)

    @property
    def mentees_positive_share(self) -> int:
        return percent(self.mentees_positive, len(self.mentees))

    @property
    def empty(self) -> bool:
        return self.whole is None

    @property
    def year_label(self) -> str:
        return year_label(self.school_year)


def compared_campaigns(
    organization: Organization, *, school_year: int, programme: Programme | None = None, mentor_view: bool = False
) -> QuerySet[Campaign, Campaign]:
    """The organization's before and after campaigns of a school year (not anonymous: an anonymous response
    names nobody to compare); for a mentor only those whose questionnaire lets mentors see their pairs."""
    starts, ends = school_year_bounds(school_year)
    campaigns = (
        Campaign.objects.for_organization(organization)
        .filter(opens_on__range=(starts, ends), questionnaire__purpose__in=(BEFORE, AFTER))
        .filter(questionnaire__anonymous=False)
        .select_related("questionnaire")
        .order_by("opens_on", "pk")
    )
    if programme is not None:
        campaigns = campaigns.filter(programme=programme)
    if mentor_view:
        campaigns = campaigns.filter(questionnaire__mentors_see_results=True)
    return campaigns


def school_years(organization: Organization) -> list[int]:
    """School years with a before or an after campaign, newest first (one query)."""
    days = (
        Campaign.objects.for_organization(organization)
        .filter(questionnaire__purpose__in=(BEFORE, AFTER))
        .values_list("opens_on", "questionnaire__purpose")
    )
    phases: dict[int, set[str]] = defaultdict(set)
    for day, purpose in days:
        phases[current_school_year(day)].add(purpose)
    # years with both phases first (they have something to compare), then the others
    return sorted(phases, key=lambda y: (len(phases[y]) < 2, -y))


def person_changes(campaigns: list[Campaign], people: QuerySet[Any, Any] | None = None) -> list[dict[str, Any]]:
    """Per person, audience and parameter: the mean before and the mean after, only where both exist.
    One aggregate query over the answers."""
    answers = Answer.objects.filter(
        response__campaign__in=[c.pk for c in campaigns],
        response__person__isnull=False,
        question__kind__in=Question.NUMERIC,
        number__isnull=False,
    ).exclude(question__code="")
    if people is not None:
        answers = answers.filter(response__person_id__in=people)
    return list(
        answers.values("response__person_id", "response__questionnaire__audience", "question__code", "option__value")
        .annotate(
            before=Avg("number", filter=Q(response__questionnaire__purpose=BEFORE)),
            after=Avg("number", filter=Q(response__questionnaire__purpose=AFTER)),
        )
        .filter(before__isnull=False, after__isnull=False)
        .order_by()
    )


def _parameter_labels(campaigns: list[Campaign]) -> dict[tuple[str, str, str], tuple[str, int | None, tuple]]:
    """(audience, code, statement) → (label, scale max, sort key): the wording of the «after» questionnaire
    wins. Two queries."""
    versions = {c.questionnaire_id for c in campaigns}
    questions = list(
        Question.objects.filter(questionnaire_id__in=versions, kind__in=Question.NUMERIC)
        .exclude(code="")
        .values("pk", "code", "text", "scale_max", "kind", "order", "section__order",
                "questionnaire__audience", "questionnaire__purpose")
    )  # fmt: skip
    statements: dict[int, list[tuple[str, str]]] = defaultdict(list)
    matrix = [q["pk"] for q in questions if q["kind"] == Question.Kind.MATRIX]
    if matrix:
        for question_id, value, label in Option.objects.filter(question_id__in=matrix).values_list(
            "question_id", "value", "label"
        ):
            statements[question_id].append((value, label))
    labels: dict[tuple[str, str, str], tuple[str, int | None, tuple]] = {}
    for q in sorted(questions, key=lambda q: q["questionnaire__purpose"] == AFTER):  # «after» written last wins
        audience = q["questionnaire__audience"]
        key = (q["section__order"], q["order"])
        if q["kind"] == Question.Kind.MATRIX:
            for n, (value, label) in enumerate(statements[q["pk"]]):
                labels[(audience, q["code"], value)] = (f"{q['text']} — {label}", q["scale_max"], (*key, n))
        else:
            labels[(audience, q["code"], "")] = (q["text"], q["scale_max"], (*key, 0))
    return labels


def _group(title: str, subtitle: str, persons: set[int], measured: dict, labels: dict) -> Group:
    pairs: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    for person in persons:
        for key, values in measured.get(person, {}).items():
            pairs[key].append(values)
    changes = []
    audience_order = {"mentee": 0, "mentor": 1}
    for key in sorted(
        pairs, key=lambda k: (audience_order.get(k[0], 2), labels.get(k, ("", None, (99, 99, 99)))[2], k)
    ):
        values = pairs[key]
        audience, code, statement = key
        label, scale_max, _ = labels.get(key, (code, None, ()))
        changes.append(
            Change(
                audience=audience,
                code=f"{code}.{statement}" if statement else code,
                label=label,
                scale_max=scale_max,
                people=len(values),
                before=fmean(b for b, _ in values),
                after=fmean(a for _, a in values),
                rose=sum(1 for b, a in values if a > b),
                fell=sum(1 for b, a in values if a < b),
            )
        )
    return Group(title, subtitle, len([p for p in persons if p in measured]), changes)


def dynamics(
    organization: Organization,
    *,
    school_year: int,
    programme: Programme | None = None,
    mentor: Any = None,
) -> Dynamics:
    """The before/after of a school year; with ``mentor`` (a user), only their own current pairs' mentees and
    only the campaigns whose questionnaire lets mentors see their pairs' results."""
    campaigns = list(
        compared_campaigns(organization, school_year=school_year, programme=programme, mentor_view=mentor is not None)
    )
    result = Dynamics(
        school_year=school_year,
        programme=programme,
        before=[c for c in campaigns if c.questionnaire.purpose == BEFORE],
        after=[c for c in campaigns if c.questionnaire.purpose == AFTER],
        restricted=mentor is not None,
    )
    if not result.before or not result.after:
        return result
    people = own_mentees(mentor, organization) if mentor is not None else None
    rows = person_changes(campaigns, people)
    if not rows:
        return result
    measured: dict[int, dict[tuple[str, str, str], tuple[float, float]]] = defaultdict(dict)
    for row in rows:
        key = (row["response__questionnaire__audience"], row["question__code"], row["option__value"] or "")
        measured[row["response__person_id"]][key] = (float(row["before"]), float(row["after"]))
    labels = _parameter_labels(campaigns)

    # Each person's pair: named by the response or the link of their latest «after» answer, else the pair they
    # were in then; and the form of mentoring: the pair's, else the one the response recorded.
    pair_of: dict[int, int | None] = {}
    form_of: dict[int, int | None] = {}
    for row in (
        Response.objects.filter(campaign__in=[c.pk for c in result.after], person_id__in=list(measured))
        .annotate(
            pair=Coalesce(
                "mentorship_id",
                "recipient__mentorship_id",
                pair_at("person_id", "campaign__opens_on", "campaign__closes_on"),
                output_field=models.BigIntegerField(),
            )
        )
        .order_by("submitted_at", "pk")
        .values("person_id", "pair", "form_id")
    ):
        pair_of[row["person_id"]] = row["pair"]
        form_of[row["person_id"]] = row["form_id"]
    pairs = pair_labels(pk for pk in pair_of.values() if pk)
    if mentor is not None:  # a mentor's own pairs only, as they lead them now
        own = set(
            Mentorship.objects.for_organization(organization)
            .filter(mentor__person__user=mentor, status__in=Mentorship.CURRENT)
            .values_list("pk", flat=True)
        )
        pairs = {pk: info for pk, info in pairs.items() if pk in own}
    for person, pair in pair_of.items():
        if pair in pairs:
            form_of[person] = pairs[pair]["form_id"]
    form_names = dict(MentoringForm.objects.filter(pk__in={f for f in form_of.values() if f}).values_list("pk", "name"))

    everyone = set(measured)
    result.whole = _group(
        "Вся программа" if programme is None else programme.title,
        year_label(school_year),
        everyone,
        measured,
        labels,
    )
    by_form: dict[int | None, set[int]] = defaultdict(set)
    by_pair: dict[int, set[int]] = defaultdict(set)
    for person in everyone:
        by_form[form_of.get(person)].add(person)
        pair = pair_of.get(person)
        if pair in pairs:
            by_pair[pair].add(person)
    result.forms = [
        _group(form_names.get(form, NO_PAIR) if form else NO_PAIR,
               "форма наставничества" if form else "форма не указана", members, measured, labels)
        for form, members in sorted(by_form.items(), key=lambda kv: (kv[0] is None, form_names.get(kv[0], "")))
    ]  # fmt: skip
    result.pairs = [
        _group(pairs[pair]["label"], f"{pairs[pair]['kind']} · {pairs[pair]['form']}", members, measured, labels)
        for pair, members in sorted(by_pair.items(), key=lambda kv: pairs[kv[0]]["label"])
    ]  # fmt: skip
    result.mentees = _mentees(measured, labels, pair_of, pairs, form_of, form_names, own_pairs_only=mentor is not None)
    return result


def _mentees(
    measured: dict[int, dict[tuple[str, str, str], tuple[float, float]]],
    labels: dict,
    pair_of: dict[int, int | None],
    pairs: dict[int, dict[str, Any]],
    form_of: dict[int, int | None],
    form_names: dict[int, str],
    *,
    own_pairs_only: bool = False,
) -> list[Group]:
    """Per mentee (the people measured by the mentees' questionnaires), their own parameters: titled by the
    name, with their pair or group (or the form of mentoring) beside it. One query for the names. For a mentor
    (``own_pairs_only``, ``pairs`` being theirs) only the mentees who answered as members of their pairs: not
    a current mentee's answers of a year spent in another pair."""
    own = {
        person: {key: values for key, values in keys.items() if key[0] == "mentee"} for person, keys in measured.items()
    }
    own = {
        person: keys for person, keys in own.items() if keys and (not own_pairs_only or pair_of.get(person) in pairs)
    }
    names = {
        row[0]: full_name(*row[1:])
        for row in Person.objects.filter(pk__in=list(own)).values_list("pk", "last_name", "first_name", "patronymic")
    }
    groups = []
    for person in own:
        pair = pair_of.get(person)
        if pair in pairs:
            where = f"{pairs[pair]['kind']}: {pairs[pair]['label']}"
        else:
            form = form_of.get(person)
            where = form_names.get(form, NO_PAIR) if form else NO_PAIR
        groups.append(_group(names.get(person, ""), where, {person}, own, labels))
    return sorted(groups, key=lambda g: g.title)


def before_after_charts(result: Dynamics) -> list[tuple[str, list[Change], charts.Chart]]:
    """The whole programme's means before and after, one chart per audience (the page and the справка)."""
    if result.whole is None:
        return []
    return [
        (
            audience,
            changes,
            charts.before_after(
                [(c.label, c.before, c.after) for c in changes], title=f"{audience}: средние оценки до и после"
            ),
        )
        for audience, changes in result.whole.parts
    ]


@dataclass(frozen=True)
class YearRow:
    """One school year of the organization: the mentees measured twice and those with positive dynamics."""

    school_year: int
    measured: int
    positive: int

    @property
    def label(self) -> str:
        return f"{self.school_year}/{self.school_year + 1}"

    @property
    def share(self) -> int:
        return percent(self.positive, self.measured)


def years_over(organization: Organization, *, programme: Programme | None = None) -> list[YearRow]:
    """Year over year, for the curator and the director (a mentor's pairs change from year to year: the page
    shows a mentor their own pairs' year only): for each school year with the mentees' before and after
    campaigns, how many mentees were
    measured twice and how many had positive dynamics (as ``Dynamics.mentees``: more of their parameters rose
    than fell), oldest first. Two queries whatever the number of years: the campaigns, then one aggregate of
    the answers by person, campaign and parameter (sums and counts, so that a year's mean is that of all its
    answers, as in ``person_changes``)."""
    campaigns = (
        Campaign.objects.for_organization(organization)
        .filter(questionnaire__purpose__in=(BEFORE, AFTER), questionnaire__anonymous=False)
        .filter(questionnaire__audience="mentee")
    )
    if programme is not None:
        campaigns = campaigns.filter(programme=programme)
    phase = {pk: (current_school_year(day), purpose) for pk, day, purpose in
             campaigns.values_list("pk", "opens_on", "questionnaire__purpose")}  # fmt: skip
    if not phase:
        return []
    answers = Answer.objects.filter(
        response__campaign__in=list(phase),
        response__person__isnull=False,
        question__kind__in=Question.NUMERIC,
        number__isnull=False,
    ).exclude(question__code="")
    sums: dict[tuple[int, int, str, str], list[float]] = defaultdict(lambda: [0.0, 0, 0.0, 0])
    for row in (
        answers.values("response__person_id", "response__campaign_id", "question__code", "option__value")
        .annotate(total=Sum("number"), n=Count("number"))
        .order_by()
    ):
        year, purpose = phase[row["response__campaign_id"]]
        cell = sums[(year, row["response__person_id"], row["question__code"], row["option__value"] or "")]
        offset = 0 if purpose == BEFORE else 2
        cell[offset] += float(row["total"])
        cell[offset + 1] += row["n"]
    moves: dict[int, dict[int, list[int]]] = defaultdict(
        lambda: defaultdict(lambda: [0, 0])
    )  # year → person → rose, fell
    for (year, person, _code, _statement), (before_sum, before_n, after_sum, after_n) in sums.items():
        if not before_n or not after_n:
            continue
        before, after = before_sum / before_n, after_sum / after_n
        counts = moves[year][person]
        counts[0] += after > before
        counts[1] += after < before
    return [
        YearRow(year, len(people), sum(1 for rose, fell in people.values() if rose > fell))
        for year, people in sorted(moves.items())
    ]
