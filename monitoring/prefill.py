"""Suggested scores of the nine indicators from the questionnaires of the school year, each with the rule that
gave it («средняя оценка удовлетворённости 8,1 из 10 → 2 балла»). The curator decides: a suggestion fills only
an indicator not scored yet, and is shown next to the score either way.

Means are computed in the database over scale answers brought to a 10-point scale (a 1–5 answer of 4 counts
as 8), from the campaigns that closed in the school year with questionnaires measuring the programme's work
(final, satisfaction, meeting feedback, the curator's). Indicator 9 comes from «до/после»: the share of the
mentees' parameters that rose.
"""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Avg, Count, F, FloatField, Q
from django.db.models.functions import Cast

from mentoring_site.audit import save_audited
from organizations.services import ensure_allowed

from .dynamics import dynamics, school_year_bounds
from .evaluation import ONLY_EDITORS, _ensure_draft, _refresh_total
from .models import Answer, Evaluation, Question, Questionnaire

# indicator → (what the mean is of, the parameter codes of the standard questionnaires and their copies)
MEAN_RULES: dict[int, tuple[str, tuple[str, ...]]] = {
    1: ("оценка соответствия цели и задачам в анкете куратора", ("curator.goals",)),
    2: ("оценка соответствия принципам программы в анкете куратора", ("curator.principles",)),
    3: ("оценка современных подходов и технологий в анкете куратора", ("curator.technologies",)),
    4: ("оценка психологического климата", ("curator.climate", "mentee.climate")),
    5: (
        "оценка работы наставника наставляемыми",
        ("mentee.effectiveness", "mentee.individual_meetings", "meeting.usefulness"),
    ),
    6: (
        "оценка удовлетворённости",
        (
            "sat.effectiveness",
            "sat.comfort",
            "sat.individual_meetings",
            "sat.group_meetings",
            "sat.expectations",
            "sat.curator",
        ),
    ),
    7: ("оценка комфорта общения в паре", ("mentee.comfort", "sat.comfort", "meeting.comfort")),
    8: ("оценка активности наставляемых в итоговой анкете", ("mentee.activity",)),
}
MEASURING = (
    Questionnaire.Purpose.AFTER,
    Questionnaire.Purpose.SATISFACTION,
    Questionnaire.Purpose.MEETING,
    Questionnaire.Purpose.CURATOR,
)
# a mean of 10 points → score: from 8 — 2 points, from 5 — 1 point, below — 0
MEAN_BANDS = ((8.0, 2), (5.0, 1), (0.0, 0))
# the share of the mentees' parameters that rose → score: from 60 % — 2, from 30 % — 1, below — 0
SHARE_BANDS = ((60, 2), (30, 1), (0, 0))
POINTS = {0: "0 баллов", 1: "1 балл", 2: "2 балла"}


@dataclass(frozen=True)
class Suggestion:
    number: int
    score: int
    rule: str


def _band(value: float, bands: tuple[tuple[float, int], ...]) -> int:
    return next(score for low, score in bands if value >= low)


def _decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def code_means(evaluation: Evaluation) -> dict[str, tuple[float, int]]:
    """Per parameter code: the mean on a 10-point scale and the number of answers (one query)."""
    start, end = school_year_bounds(evaluation.school_year)
    rows = (
        Answer.objects.filter(
            response__campaign__organization=evaluation.organization,
            response__campaign__closes_on__range=(start, end),
            response__questionnaire__purpose__in=MEASURING,
            question__kind=Question.Kind.SCALE,
            question__scale_max__gt=0,
            number__isnull=False,
        )
        .filter(question__code__in=[code for _label, codes in MEAN_RULES.values() for code in codes])
        .values("question__code")
        .annotate(
            mean=Avg(Cast(F("number"), FloatField()) * 10.0 / Cast(F("question__scale_max"), FloatField())),
            n=Count("pk"),
        )
    )
    return {row["question__code"]: (float(row["mean"]), row["n"]) for row in rows}


def suggestions(evaluation: Evaluation) -> list[Suggestion]:
    """What the questionnaires of the evaluation's school year suggest; an indicator without data gets none."""
    means = code_means(evaluation)
    found = []
    for number, (label, codes) in MEAN_RULES.items():
        measured = [means[code] for code in codes if code in means]
        answers = sum(n for _mean, n in measured)
        if not answers:
            continue
        mean = sum(m * n for m, n in measured) / answers
        score = _band(mean, MEAN_BANDS)
        found.append(Suggestion(number, score, f"средняя {label} {_decimal(mean)} из 10 → {POINTS[score]}"))
    result = dynamics(evaluation.organization, school_year=evaluation.school_year, programme=evaluation.programme)
    if result.whole is not None:
        mentees = [c for c in result.whole.changes if c.audience == Questionnaire.Audience.MENTEE]
        measured_people = sum(c.people for c in mentees)
        if measured_people:
            share = round(sum(c.rose for c in mentees) * 100 / measured_people)
            score = _band(share, SHARE_BANDS)
            found.append(Suggestion(9, score, f"у наставляемых выросли {share} % оценок «до/после» → {POINTS[score]}"))
    return sorted(found, key=lambda s: s.number)


@transaction.atomic
def evaluation_prefill(*, evaluation: Evaluation, actor: Any) -> list[Suggestion]:
    """Store the suggestions beside the scores and fill the indicators not scored yet; a draft only."""
    ensure_allowed(actor, evaluation.organization, "evaluations.edit", ONLY_EDITORS)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    _ensure_draft(evaluation)
    found = {s.number: s for s in suggestions(evaluation)}
    for row in evaluation.scores.filter(Q(number__in=list(found)) | Q(suggestion__isnull=False)):
        suggestion = found.get(row.number)
        row.suggestion = suggestion.score if suggestion else None
        row.suggestion_rule = suggestion.rule if suggestion else ""
        if suggestion and row.score is None:
            row.score = suggestion.score
        save_audited(row, actor)
    _refresh_total(evaluation)
    save_audited(evaluation, actor)
    return list(found.values())
