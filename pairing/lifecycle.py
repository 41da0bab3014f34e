"""The pair's lifecycle beyond forming it: the pairs order, cancelling, closing at the year's end, best
practices (cases) and incentives. Atomic, validated, audited (DOMAIN.md §5, stages 6–7).

Формируется → (the director signs the pairs order whose appendix lists it) закреплена приказом →
(the first held meeting, the meeting services) работает → завершена / прекращена досрочно; a pair
still being formed is cancelled instead («отменена»). The documents app calls ``order_pairs`` and
``pairs_fix_by_order`` when it signs an order with the list of pairs; this app never learns of orders.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from mentoring_site.audit import save_audited
from mentoring_site.models import User
from organizations.models import Organization
from organizations.services import ensure_allowed, lock_organization
from participants.models import MentorProfile
from programs.deadlines import current_school_year

from .models import Meeting, Mentorship, Nomination
from .services import PAIR_EDITORS, end_mentorship

FINAL_MEETING_TOPIC = "Итоговая встреча: подведение итогов работы"
YEAR_END_RESULT = "Работа завершена по окончании учебного года"


def fixed_message(mentorship: Mentorship) -> str:
    return (
        f"Пара закреплена приказом от {mentorship.order_date:%d.%m.%Y} № {mentorship.order_number}: "
        "наставник и наставляемые меняются только новым приказом. Прекратите её досрочно (с причиной), "
        "сформируйте новую пару и включите её в следующий приказ о закреплении."
    )


def _managed(organization: Organization, mentorships: Iterable[Mentorship]) -> list[Mentorship]:
    """The chosen pairs, read again under a row lock, of this organization only."""
    ids = [m.pk for m in mentorships]
    return list(
        Mentorship.objects.select_for_update()
        .filter(organization=organization, pk__in=ids)
        .select_related("mentor__person")
        .order_by("pk")
    )


# --- The pairs order ----------------------------------------------------------------------------------


def order_pairs(organization: Organization) -> QuerySet[Mentorship]:
    """The pairs the next pairs order fixes: chosen for it by the curator and still being formed."""
    return Mentorship.objects.for_organization(organization).filter(status=Mentorship.Status.FORMING, for_order=True)


@transaction.atomic
def mentorships_to_order(*, organization: Organization, actor: User, mentorships: Iterable[Mentorship]) -> int:
    """Put pairs in «Формируется» into the next pairs order; how many were added."""
    ensure_allowed(actor, organization, "pairs.manage", PAIR_EDITORS)
    lock_organization(organization.pk)  # the order being signed reads the same list (see ``order_pairs``)
    chosen = _managed(organization, mentorships)
    if not chosen:
        raise ValidationError("Отметьте пары в статусе «Формируется», которые войдут в приказ.")
    wrong = [m for m in chosen if m.status != Mentorship.Status.FORMING]
    if wrong:
        names = ", ".join(f"{m.mentor.person.full_name} ({m.get_status_display().lower()})" for m in wrong)
        raise ValidationError(f"В приказ о закреплении включают только пары в статусе «Формируется»: {names}.")
    added = 0
    for mentorship in chosen:
        if not mentorship.for_order:
            mentorship.for_order = True
            save_audited(mentorship, actor)
            added += 1
    return added


@transaction.atomic
def mentorship_out_of_order(*, mentorship: Mentorship, actor: User) -> Mentorship:
    """Take a pair out of the next pairs order (it stays «Формируется»)."""
    ensure_allowed(actor, mentorship.organization, "pairs.manage", PAIR_EDITORS)
    lock_organization(mentorship.organization_id)
    stored = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if stored.status != Mentorship.Status.FORMING or not stored.for_order:
        raise ValidationError("Пара не в проекте приказа о закреплении.")
    stored.for_order = False
    return save_audited(stored, actor)


def lock_order_pairs(organization: Organization) -> list[int]:
    """Inside the signing transaction, before the appendix is printed: no pair joins or leaves the list
    until the transaction ends, so the signed appendix and ``pairs_fix_by_order`` see the same pairs."""
    lock_organization(organization.pk)
    return list(order_pairs(organization).select_for_update().order_by("pk").values_list("pk", flat=True))


def pairs_fix_by_order(*, organization: Organization, actor: User, ids: list[int], number: str, on: date) -> int:
    """The director signed the pairs order (called by the documents app, inside its transaction):
    exactly the pairs printed in its appendix become «Закреплена приказом от … № …»."""
    fixed = 0
    for mentorship in order_pairs(organization).filter(pk__in=ids).select_for_update():
        mentorship.status = Mentorship.Status.FIXED
        mentorship.order_number, mentorship.order_date, mentorship.for_order = number, on, False
        save_audited(mentorship, actor)
        fixed += 1
    return fixed


# --- Cancelling and closing ------------------------------------------------------------------------------


@transaction.atomic
def mentorship_cancel(*, mentorship: Mentorship, actor: User, reason: str, on: date | None = None) -> Mentorship:
    """«Отменить» a pair still being formed: cancelled with the reason and date; its mentees are free."""
    ensure_allowed(actor, mentorship.organization, "pairs.manage", PAIR_EDITORS)
    lock_organization(mentorship.organization_id)
    stored = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if stored.status != Mentorship.Status.FORMING:
        raise ValidationError(
            "Отменить можно только пару в статусе «Формируется». "
            + ("Пару, закреплённую приказом, прекращают досрочно." if stored.is_current else "Пара уже завершена.")
        )
    if not reason.strip():
        raise ValidationError({"reason": "Укажите причину отмены."})
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"on": "Дата отмены не может быть в будущем."})
    stored.for_order = False
    return end_mentorship(stored, actor=actor, status=Mentorship.Status.CANCELLED, ended_on=on, reason=reason.strip())


def final_meeting(mentorship: Mentorship, *, actor: User, on: date, outcome: str) -> Meeting:
    """The «Итоговая встреча» a closing records (held on the day the pair ends)."""
    meeting = Meeting(
        mentorship=mentorship,
        kind=Meeting.Kind.FINAL,
        status=Meeting.Status.HELD,
        date=on,
        topic=FINAL_MEETING_TOPIC,
        outcome=outcome,
        recorded_by=actor,
    )
    save_audited(meeting, actor)
    present = [member.mentee_id for member in mentorship.members.filter(left_on__isnull=True)]
    meeting.present.set(present)
    if mentorship.last_meeting_on is None or mentorship.last_meeting_on < on:
        Mentorship.objects.filter(pk=mentorship.pk).update(last_meeting_on=on)
        mentorship.last_meeting_on = on
    return meeting


@transaction.atomic
def mentorships_close_year_end(
    *, organization: Organization, actor: User, mentorships: Iterable[Mentorship], ended_on: date
) -> int:
    """«Завершить по окончании учебного года»: the chosen pairs fixed by an order or working are finished
    on ``ended_on``. All or none: a pair being formed is cancelled, not finished, and says so."""
    ensure_allowed(actor, organization, "pairs.manage", PAIR_EDITORS)
    chosen = _managed(organization, mentorships)
    if not chosen:
        raise ValidationError("Отметьте пары, которые завершают работу.")
    problems = []
    for m in chosen:
        if m.status == Mentorship.Status.FORMING:
            problems.append(f"{m.mentor.person.full_name}: пара ещё формируется — её отменяют, а не завершают")
        elif not m.is_current:
            problems.append(f"{m.mentor.person.full_name}: пара уже {m.get_status_display().lower()}")
        elif ended_on < m.started_on:
            problems.append(f"{m.mentor.person.full_name}: работа начинается {m.started_on:%d.%m.%Y}")
    if ended_on > timezone.localdate():
        problems.insert(0, "дата окончания не может быть в будущем")
    if problems:
        raise ValidationError("Пары не завершены: " + "; ".join(problems) + ".")
    for mentorship in chosen:
        if not mentorship.result:
            mentorship.result = YEAR_END_RESULT
        end_mentorship(
            mentorship, actor=actor, status=Mentorship.Status.FINISHED, ended_on=ended_on, reason=YEAR_END_RESULT
        )
    return len(chosen)


# --- Cases -----------------------------------------------------------------------------------------------


@transaction.atomic
def mentorship_set_case(
    *, mentorship: Mentorship, actor: User, is_case: bool, case_title: str = "", case_summary: str = ""
) -> Mentorship:
    """The curator marks a finished pair a best practice («кейс» of the база успешных практик), or unmarks it."""
    ensure_allowed(actor, mentorship.organization, "pairs.manage", PAIR_EDITORS)
    stored = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if is_case:
        errors = {}
        if stored.status != Mentorship.Status.FINISHED:
            errors["is_case"] = "Лучшей практикой отмечают только завершённую пару."
        if not case_title.strip():
            errors["case_title"] = "Назовите кейс."
        if not case_summary.strip():
            errors["case_summary"] = "Опишите, что сделала пара и каких результатов достигла."
        if errors:
            raise ValidationError(errors)
    stored.is_case = is_case
    stored.case_title, stored.case_summary = (case_title.strip(), case_summary.strip()) if is_case else ("", "")
    return save_audited(stored, actor)


# --- Incentives ------------------------------------------------------------------------------------------


@transaction.atomic
def nomination_save(
    *,
    organization: Organization,
    actor: User,
    mentor: MentorProfile,
    kind: str,
    reason: str,
    mentorship: Mentorship | None = None,
    school_year: int | None = None,
) -> Nomination:
    """Put a mentor forward for an incentive («Наставник года», «Лучшая пара», грамота, благодарность)."""
    ensure_allowed(
        actor, organization, "pairs.manage", "Представить наставника к поощрению может куратор или директор."
    )
    errors: dict[str, str] = {}
    if mentor.person.organization_id != organization.pk:
        errors["mentor"] = "Наставник не из этой организации."
    if mentorship is not None and (mentorship.organization_id != organization.pk or mentorship.mentor_id != mentor.pk):
        errors["mentorship"] = "Это пара другого наставника."
    if kind == Nomination.Kind.BEST_PAIR and mentorship is None:
        errors["mentorship"] = "Для номинации «Лучшая пара» выберите пару."
    if not reason.strip():
        errors["reason"] = "Напишите, за что поощряется наставник."
    if errors:
        raise ValidationError(errors)
    nomination = Nomination(
        organization=organization,
        mentor=mentor,
        mentorship=mentorship,
        kind=kind,
        reason=reason.strip(),
        school_year=school_year or current_school_year(),
    )
    return save_audited(nomination, actor)


@transaction.atomic
def nomination_delete(*, nomination: Nomination, actor: User) -> None:
    ensure_allowed(actor, nomination.organization, "pairs.manage", PAIR_EDITORS)
    lock_organization(nomination.organization_id)
    stored = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if stored.order_number:
        raise ValidationError("Поощрение уже объявлено приказом: его не удаляют.")
    stored._history_user = actor  # type: ignore[attr-defined]
    stored.delete()


def pending_nominations(organization: Organization) -> QuerySet[Nomination]:
    """Nominations no order has announced yet: the next order «О поощрении наставников» names them."""
    return (
        Nomination.objects.for_organization(organization)
        .filter(order_number="")
        .select_related("mentor__person")
        .order_by("kind", "mentor__person__last_name", "mentor__person__first_name", "pk")
    )


def lock_pending_nominations(organization: Organization) -> list[int]:
    """Like ``lock_order_pairs``: the signed appendix and ``nominations_announce`` see the same rows."""
    lock_organization(organization.pk)
    return list(pending_nominations(organization).select_for_update().values_list("pk", flat=True))


def nominations_announce(*, organization: Organization, actor: User, ids: list[int], number: str, on: date) -> int:
    """The director signed the incentives order: its nominations get the order's number and date."""
    announced = 0
    for nomination in pending_nominations(organization).filter(pk__in=ids).select_for_update():
        nomination.order_number, nomination.order_date = number, on
        save_audited(nomination, actor)
        announced += 1
    return announced
