"""Writes of the pairing app: forming, changing and closing pairs and groups. Atomic, validated, audited.

The rules (DOMAIN.md §4–5): both sides have a valid consent to the processing of personal data;
the mentor is in the base («в базе») and works in the pair's form; the form admits both sides (a
pupil is no mentee in «учитель – учитель»); the mentor's mentees do not
exceed their maximum; a mentee is in at most one working pair of a form.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from typing_extensions import Unpack

from mentoring_site.audit import save_audited
from mentoring_site.models import User
from mentoring_site.plural import ru_count
from organizations.models import Organization
from organizations.services import ensure_allowed
from participants.models import MenteeProfile, MentorProfile, Person
from programs.deadlines import current_school_year
from programs.models import MentoringForm, Programme, RoleModel

from .models import Mentorship, MentorshipMember
from .selectors import CURRENT_MEMBER, mentor_load

PAIR_EDITORS = "Пары и группы формирует куратор или директор."


def programme_of_year(organization: Organization, school_year: int) -> Programme | None:
    """The organization's programme a pair of ``school_year`` belongs to: the newest begun by then."""
    return (
        Programme.objects.for_organization(organization)
        .current()
        .filter(start_year__lte=school_year)
        .order_by("-start_year", "-pk")
        .first()
    )


def _check(mentorship: Mentorship, mentees: list[MenteeProfile], *, stored: Mentorship | None) -> None:
    """The rules. For a change of an existing pair (``stored``), what the change does not touch is
    not re-checked: members already in it stay, and its own mentor is not re-examined for base
    status, form or maximum unless replaced or given more mentees."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    organization = mentorship.organization
    mentor = mentorship.mentor
    same_mentor = stored is not None and stored.mentor_id == mentor.pk
    current = set(stored.members.filter(left_on__isnull=True).values_list("mentee_id", flat=True)) if stored else set()
    added = [m for m in mentees if m.pk not in current]
    if mentor.person.organization_id != organization.pk:
        add("mentor", "Наставник не из этой организации.")
    elif (not same_mentor or added) and mentor.status != MentorProfile.Status.ACTIVE:
        status = mentor.get_status_display()
        add("mentor", f"Наставник {mentor.person.full_name} не в базе наставников (статус: «{status}»).")
    elif not mentor.person.has_valid_consent():
        add("mentor", f"Наставник {mentor.person.full_name}: нет действующего согласия на обработку ПДн.")
    if mentorship.form.organization_id not in (None, organization.pk):
        add("form", "Эта форма наставничества другой организации.")
    elif (
        mentor.forms.exists()
        and not mentor.forms.filter(pk=mentorship.form_id).exists()
        and not (same_mentor and not added and stored is not None and stored.form_id == mentorship.form_id)
    ):
        add("form", f"Наставник {mentor.person.full_name} не работает в форме «{mentorship.form.name}».")
    form_changed = stored is None or stored.form_id != mentorship.form_id
    checks_mentor = mentor.person.organization_id == organization.pk and (not same_mentor or form_changed)
    if checks_mentor and (refusal := mentorship.form.refuses("mentor", mentor.person.kind)):
        add("mentor", f"{mentor.person.full_name} ({mentor.person.get_kind_display().lower()}) {refusal}")
    role_model = mentorship.role_model if mentorship.role_model_id else None
    if role_model is not None and role_model.form_id != mentorship.form_id:
        add("role_model", "Ролевая модель относится к другой форме наставничества.")
    if mentorship.planned_end_on and mentorship.planned_end_on < mentorship.started_on:
        add("planned_end_on", "Плановое окончание раньше начала работы.")

    if not mentees:
        add("mentees", "Выберите хотя бы одного наставляемого.")
    busy_members = (
        MentorshipMember.objects.filter(CURRENT_MEMBER, mentorship__form=mentorship.form, mentee__in=mentees)
        .exclude(mentorship=mentorship.pk)
        .select_related("mentee__person", "mentorship__mentor__person")
    )
    busy: dict[int, MentorshipMember] = {m.mentee_id: m for m in busy_members} if mentees else {}
    for mentee in mentees:
        name = mentee.person.full_name
        if mentee.person.organization_id != organization.pk:
            add("mentees", f"{name}: не из этой организации.")
        elif mentee.person_id == mentor.person_id:
            add("mentees", f"{name}: наставник не может быть своим наставляемым.")
        elif mentee.pk in busy:
            other = busy[mentee.pk].mentorship
            add("mentees", f"{name}: уже в паре в этой форме (наставник — {other.mentor.person.full_name}).")
        elif (mentee.pk not in current or form_changed) and (
            refusal := mentorship.form.refuses("mentee", mentee.person.kind)
        ):
            add("mentees", f"{name} ({mentee.person.get_kind_display().lower()}) {refusal}")
        elif mentee.pk in current:
            continue  # already in this pair: base status and consent were checked when they joined
        elif mentee.status != MenteeProfile.Status.ACTIVE:
            add("mentees", f"{name}: не в базе наставляемых (статус: «{mentee.get_status_display()}»).")
        elif not mentee.person.has_valid_consent():
            add("mentees", f"{name}: нет действующего согласия на обработку ПДн.")
    if mentor.person.organization_id == organization.pk and (not same_mentor or added):
        load = mentor_load(mentor, exclude_mentorship=mentorship) + len(mentees)
        if load > mentor.max_mentees:
            would_be = ru_count(load, "наставляемый", "наставляемых", "наставляемых")
            add(
                "mentees",
                f"Наставник {mentor.person.full_name}: будет {would_be}, а наставник берёт не более "
                f"{mentor.max_mentees}. Измените максимум в базе наставников или выберите другого наставника.",
            )
    if errors:
        raise ValidationError(errors)


def _lock(mentor: MentorProfile, mentees: list[MenteeProfile]) -> None:
    """Row locks (PostgreSQL) so that two curators saving at once cannot break the maximum or the
    one-pair-per-form rule; SQLite serialises writes anyway."""
    list(MentorProfile.objects.select_for_update().filter(pk=mentor.pk).values_list("pk"))
    list(MenteeProfile.objects.select_for_update().filter(pk__in=[m.pk for m in mentees]).values_list("pk"))


class MentorshipFields(TypedDict, total=False):
    mentor: MentorProfile
    programme: Programme | None
    form: MentoringForm
    role_model: RoleModel | None
    goal: str
    started_on: date
    planned_end_on: date | None


@transaction.atomic
def mentorship_save(
    *,
    mentorship: Mentorship,
    actor: User,
    mentees: Iterable[MenteeProfile],
    **fields: Unpack[MentorshipFields],
) -> Mentorship:
    """Create or change a pair or group; mentees removed from it leave with today's date."""
    ensure_allowed(actor, mentorship.organization, "pairs.manage", PAIR_EDITORS)
    stored: Mentorship | None = None
    if mentorship.pk:
        stored = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
        if not stored.is_current:
            raise ValidationError("Пара завершена: её состав и сведения уже не меняются.")
        if stored.is_fixed_by_order:
            from .lifecycle import fixed_message

            raise ValidationError(fixed_message(stored))
    for name, value in fields.items():
        setattr(mentorship, name, value)
    if mentorship.programme_id is None:
        mentorship.programme = programme_of_year(mentorship.organization, current_school_year(mentorship.started_on))
    chosen = list(mentees)
    _lock(mentorship.mentor, chosen)
    _check(mentorship, chosen, stored=stored)
    save_audited(mentorship, actor)
    today = timezone.localdate()
    joined_on = max(mentorship.started_on, today) if stored else mentorship.started_on
    wanted = {m.pk for m in chosen}
    for member in mentorship.members.filter(left_on__isnull=True):
        if member.mentee_id not in wanted:
            member.left_on = max(today, member.joined_on)
            member.left_reason = "Исключение из пары куратором"
        elif stored and (member.joined_on == stored.started_on or member.joined_on < mentorship.started_on):
            member.joined_on = mentorship.started_on  # the start moved: those who began with it move too
        else:
            continue
        save_audited(member, actor)
    existing = {m.mentee_id: m for m in mentorship.members.all()}
    for mentee in chosen:
        member = existing.get(mentee.pk)
        if member is None:
            member = MentorshipMember(mentorship=mentorship, mentee=mentee, joined_on=joined_on)
        elif member.left_on is None:
            continue
        else:
            member.left_on, member.left_reason, member.joined_on = None, "", joined_on
        save_audited(member, actor)
    return mentorship


LEFT_REASONS: dict[str, str] = {
    Mentorship.Status.FINISHED: "Работа пары завершена",
    Mentorship.Status.CANCELLED: "Пара отменена",
}


def end_mentorship(mentorship: Mentorship, *, actor: User, status: str, ended_on: date, reason: str) -> Mentorship:
    """The pair stops; its mentees leave it on the same day (so a mentor no longer sees their data).

    A pair called off before its start ends on its planned start: zero days, and no member leaves
    before joining."""
    ended_on = max(ended_on, mentorship.started_on)
    mentorship.status, mentorship.ended_on, mentorship.end_reason = status, ended_on, reason
    save_audited(mentorship, actor)
    for member in mentorship.members.filter(left_on__isnull=True):
        member.left_on = max(ended_on, member.joined_on)
        member.left_reason = LEFT_REASONS.get(status, "Пара прекращена")
        member.left_with_pair = True
        save_audited(member, actor)
    return mentorship


@transaction.atomic
def mentorship_close(
    *,
    mentorship: Mentorship,
    actor: User,
    status: str,
    ended_on: date,
    end_reason: str = "",
    result: str = "",
    mentor_reflection: str = "",
    mentee_reflection: str = "",
    final_meeting: bool = False,
) -> Mentorship:
    """Finish or terminate (stage 7): the result against the goals, the reflections of both sides and,
    with ``final_meeting``, the «Итоговая встреча» held on the day it ends. A pair still being formed is
    cancelled instead (``lifecycle.mentorship_cancel``); one that has not started yet is called off on
    its start (see ``end_mentorship``)."""
    ensure_allowed(actor, mentorship.organization, "pairs.manage", PAIR_EDITORS)
    stored = Mentorship.objects.select_for_update().get(pk=mentorship.pk)  # not the caller's copy:
    if not stored.is_current:  # a change saved meanwhile must not be overwritten
        raise ValidationError("Пара уже завершена.")
    mentorship = stored
    if mentorship.status == Mentorship.Status.FORMING:
        raise ValidationError("Пара ещё формируется (не закреплена приказом): её не завершают, а отменяют.")
    if status not in (Mentorship.Status.FINISHED, Mentorship.Status.TERMINATED):
        raise ValidationError({"status": "Выберите: завершена или прекращена досрочно."})
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if ended_on > today:
        errors["ended_on"] = "Дата окончания не может быть в будущем."
    elif ended_on < min(mentorship.started_on, today):
        errors["ended_on"] = "Дата окончания раньше начала работы пары."
    if status == Mentorship.Status.TERMINATED and not end_reason.strip():
        errors["end_reason"] = "Укажите причину досрочного прекращения."
    if final_meeting and ended_on < mentorship.started_on:
        errors["final_meeting"] = "Итоговая встреча не может быть раньше начала работы пары."
    if errors:
        raise ValidationError(errors)
    mentorship.result = result.strip()
    mentorship.mentor_reflection, mentorship.mentee_reflection = mentor_reflection.strip(), mentee_reflection.strip()
    if final_meeting:
        from .lifecycle import final_meeting as record_final_meeting

        record_final_meeting(mentorship, actor=actor, on=ended_on, outcome=mentorship.result)
    return end_mentorship(mentorship, actor=actor, status=status, ended_on=ended_on, reason=end_reason.strip())


def on_consent_withdrawn(sender: object, *, person: Person, actor: User, on: date, **kwargs: Any) -> None:
    """A person without consent cannot stay in a pair: a mentee leaves (a pair left without mentees
    stops), a mentor's pairs are stopped."""
    reason = "Отзыв согласия на обработку персональных данных"
    members = MentorshipMember.objects.filter(CURRENT_MEMBER, mentee__person=person).select_related("mentorship")
    for member in members:
        member.left_on, member.left_reason = max(on, member.joined_on), reason
        save_audited(member, actor)
        mentorship = member.mentorship
        if not mentorship.members.filter(left_on__isnull=True).exists():
            end_mentorship(
                mentorship,
                actor=actor,
                status=Mentorship.Status.TERMINATED,
                ended_on=on,
                reason=f"{reason}: в паре не осталось наставляемых",
            )
    for mentorship in Mentorship.objects.current().filter(Q(mentor__person=person)):
        end_mentorship(
            mentorship,
            actor=actor,
            status=Mentorship.Status.TERMINATED,
            ended_on=on,
            reason=f"{reason} наставником",
        )
