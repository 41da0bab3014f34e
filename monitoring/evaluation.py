"""The efficiency evaluation's workflow: the curator scores the nine indicators, sends it to the director,
who approves it (then it is read-only) or returns it with remarks. A new school year starts a new one."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from mentoring_site.audit import save_audited
from organizations.models import Organization
from organizations.services import ensure_allowed, lock_organization
from programs.models import Programme

from .models import Evaluation, IndicatorScore
from .scoring import INDICATOR_COUNT, MAX_SCORE, indicators, level_for

ONLY_EDITORS = "Оценку эффективности ведут куратор и директор."
ONLY_DIRECTOR = "Оценку эффективности утверждает директор."
APPROVED_READ_ONLY = "Оценка утверждена: её баллы больше не меняются. Новый учебный год — новая оценка."
NOT_A_DRAFT = "Оценка уже отправлена на утверждение: изменить её можно, когда директор вернёт её на доработку."


@transaction.atomic
def evaluation_create(
    *, programme: Programme | None, school_year: int, actor: Any, organization: Organization | None = None
) -> Evaluation:
    """A draft evaluation of ``programme`` (or, without one, of the organization's mentoring as a whole) for
    ``school_year`` with the nine indicators not yet scored."""
    organization = programme.organization if programme is not None else organization
    if organization is None:
        raise ValueError("An evaluation belongs to a programme or to an organization.")
    ensure_allowed(actor, organization, "evaluations.edit", ONLY_EDITORS)
    lock_organization(organization.pk)
    same = Q(programme=programme) if programme is not None else Q(organization=organization, programme__isnull=True)
    existing = Evaluation.objects.filter(same, school_year=school_year).first()
    if existing is not None:
        raise ValidationError({"school_year": f"Оценка за {existing.school_year_label} учебный год уже есть."})
    evaluation = Evaluation(organization=organization, programme=programme, school_year=school_year, created_by=actor)
    try:
        with transaction.atomic():
            save_audited(evaluation, actor)
    except IntegrityError:  # a second curator at the same moment
        raise ValidationError({"school_year": "Оценка за этот учебный год уже есть."}) from None
    IndicatorScore.objects.bulk_create(
        IndicatorScore(evaluation=evaluation, number=indicator.number) for indicator in indicators()
    )
    return evaluation


def _ensure_draft(evaluation: Evaluation) -> None:
    if evaluation.status == Evaluation.Status.APPROVED:
        raise ValidationError(APPROVED_READ_ONLY)
    if evaluation.status != Evaluation.Status.DRAFT:
        raise ValidationError(NOT_A_DRAFT)


def _refresh_total(evaluation: Evaluation) -> None:
    """Keep ``total`` and ``level`` (for lists and the coordinator) from the scores, counted in the database;
    empty while an indicator is not scored."""
    counts = evaluation.scores.aggregate(scored=Count("pk", filter=Q(score__isnull=False)), total=Sum("score"))
    if counts["scored"] == INDICATOR_COUNT:
        evaluation.total = counts["total"]
        evaluation.level = level_for(counts["total"]).code
    else:
        evaluation.total, evaluation.level = None, ""


@transaction.atomic
def evaluation_save_scores(
    *, evaluation: Evaluation, actor: Any, scores: dict[int, tuple[int | None, str]], conclusions: str | None = None
) -> Evaluation:
    """Save the scores (number → (score or None, comment)) of a draft; every score is 0, 1 or 2."""
    ensure_allowed(actor, evaluation.organization, "evaluations.edit", ONLY_EDITORS)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    _ensure_draft(evaluation)
    errors: dict[str, list[str]] = {}
    numbers = {indicator.number for indicator in indicators()}
    for number, (score, _comment) in scores.items():
        if number not in numbers:
            errors.setdefault("__all__", []).append(f"Показателя № {number} нет: их {INDICATOR_COUNT}.")
        elif score is not None and not (0 <= score <= MAX_SCORE):
            errors.setdefault(f"score_{number}", []).append(f"Балл — 0, 1 или 2, а не {score}.")
    if errors:
        raise ValidationError(errors)
    rows = {row.number: row for row in evaluation.scores.all()}
    for number, (score, comment) in scores.items():
        row = rows.get(number) or IndicatorScore(evaluation=evaluation, number=number)
        if row.pk is None or (row.score, row.comment) != (score, comment):
            row.score, row.comment = score, comment
            save_audited(row, actor)
    if conclusions is not None:
        evaluation.conclusions = conclusions
    _refresh_total(evaluation)
    return save_audited(evaluation, actor)


def missing_indicators(evaluation: Evaluation) -> list[int]:
    return list(evaluation.scores.filter(score__isnull=True).values_list("number", flat=True))


@transaction.atomic
def evaluation_submit(*, evaluation: Evaluation, actor: Any) -> Evaluation:
    ensure_allowed(actor, evaluation.organization, "evaluations.edit", ONLY_EDITORS)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    _ensure_draft(evaluation)
    missing = missing_indicators(evaluation)
    if missing or evaluation.scores.count() != INDICATOR_COUNT:
        numbers = ", ".join(str(n) for n in missing)
        raise ValidationError(f"Поставьте баллы по всем девяти показателям: не оценены № {numbers}.")
    evaluation.status = Evaluation.Status.REVIEW
    evaluation.submitted_at = timezone.now()
    evaluation.return_comment = ""
    _refresh_total(evaluation)
    return save_audited(evaluation, actor)


@transaction.atomic
def evaluation_approve(*, evaluation: Evaluation, actor: Any, on: date | None = None) -> Evaluation:
    ensure_allowed(actor, evaluation.organization, "evaluations.approve", ONLY_DIRECTOR)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.status == Evaluation.Status.APPROVED:
        raise ValidationError(f"Оценка уже утверждена {evaluation.approved_on:%d.%m.%Y}.")
    if evaluation.status != Evaluation.Status.REVIEW:
        raise ValidationError("Утвердить можно оценку, которую куратор отправил на утверждение.")
    _refresh_total(evaluation)
    if evaluation.total is None:
        raise ValidationError("Оценены не все девять показателей.")
    evaluation.status = Evaluation.Status.APPROVED
    evaluation.approved_by = actor
    evaluation.approved_on = on or timezone.localdate()
    return save_audited(evaluation, actor)


@transaction.atomic
def evaluation_return(*, evaluation: Evaluation, actor: Any, comment: str) -> Evaluation:
    ensure_allowed(actor, evaluation.organization, "evaluations.approve", ONLY_DIRECTOR)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.status != Evaluation.Status.REVIEW:
        raise ValidationError("Вернуть на доработку можно оценку, которая ждёт утверждения.")
    if not comment.strip():
        raise ValidationError({"comment": "Напишите, что исправить."})
    evaluation.status = Evaluation.Status.DRAFT
    evaluation.return_comment = comment.strip()
    return save_audited(evaluation, actor)
