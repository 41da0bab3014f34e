"""Writes of the pairing app: forming, changing and closing pairs and groups. Atomic, validated, audited.

The rules (DOMAIN.md §4–5): both sides have a valid consent to the processing of personal data;
the mentor is in the base («в базе») and works in the pair's form; the mentor's mentees do not
exceed their maximum; a mentee is in at most one working pair of a form.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from mentoring_site.audit import save_audited
from mentoring_site.plural import ru_count
from participants.models import MenteeProfile, MentorProfile, Person

from .models import Mentorship, MentorshipMember
from .selectors import ACTIVE_MEMBER, mentor_load


def _has_consent(person: Person) -> bool:
    return person.consents.filter(withdrawn_at__isnull=True).exists()


def _check(mentorship: Mentorship, mentees: list[MenteeProfile]) -> None:
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    organization = mentorship.organization
    mentor = mentorship.mentor
    if mentor.person.organization_id != organization.pk:
        add("mentor", "Наставник не из этой организации.")
    elif mentor.status != MentorProfile.Status.ACTIVE:
        status = mentor.get_status_display()
        add("mentor", f"Наставник {mentor.person.short_name} не в базе наставников (статус: «{status}»).")
    elif not _has_consent(mentor.person):
        add("mentor", f"У наставника {mentor.person.short_name} нет действующего согласия на обработку ПДн.")
    if mentorship.form.organization_id not in (None, organization.pk):
        add("form", "Эта форма наставничества другой организации.")
    elif mentor.pk and mentor.forms.exists() and not mentor.forms.filter(pk=mentorship.form_id).exists():
        add("form", f"Наставник {mentor.person.short_name} не работает в форме «{mentorship.form.name}».")
    if mentorship.role_model_id and mentorship.role_model.form_id != mentorship.form_id:
        add("role_model", "Ролевая модель относится к другой форме наставничества.")
    if mentorship.planned_end_on and mentorship.planned_end_on < mentorship.started_on:
        add("planned_end_on", "Плановое окончание раньше начала работы.")

    if not mentees:
        add("mentees", "Выберите хотя бы одного наставляемого.")
    busy = (
        MentorshipMember.objects.filter(ACTIVE_MEMBER, mentorship__form=mentorship.form, mentee__in=mentees)
        .exclude(mentorship=mentorship.pk)
        .select_related("mentee__person", "mentorship__mentor__person")
    )
    busy = {m.mentee_id: m for m in busy} if mentees else {}
    for mentee in mentees:
        name = mentee.person.short_name
        if mentee.person.organization_id != organization.pk:
            add("mentees", f"{name}: не из этой организации.")
        elif mentee.person_id == mentor.person_id:
            add("mentees", f"{name}: наставник не может быть своим наставляемым.")
        elif mentee.status != MenteeProfile.Status.ACTIVE:
            add("mentees", f"{name}: не в базе наставляемых (статус: «{mentee.get_status_display()}»).")
        elif not _has_consent(mentee.person):
            add("mentees", f"{name}: нет действующего согласия на обработку ПДн.")
        elif mentee.pk in busy:
            other = busy[mentee.pk].mentorship
            add("mentees", f"{name}: уже в паре с наставником {other.mentor.person.short_name} в этой форме.")
    if mentor.person.organization_id == organization.pk and mentorship.is_active:
        load = mentor_load(mentor, exclude_mentorship=mentorship) + len(mentees)
        if load > mentor.max_mentees:
            would_be = ru_count(load, "наставляемый", "наставляемых", "наставляемых")
            add(
                "mentees",
                f"У наставника {mentor.person.short_name} будет {would_be}, "
                f"а он берёт не более {mentor.max_mentees}. Измените максимум в базе наставников или выберите другого.",
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def mentorship_save(*, mentorship: Mentorship, actor, mentees, **fields) -> Mentorship:
    """Create or change a pair or group; mentees removed from it leave with today's date."""
    if mentorship.pk and not mentorship.is_active:
        raise ValidationError("Пара завершена: её состав и сведения уже не меняются.")
    for name, value in fields.items():
        setattr(mentorship, name, value)
    mentees = list(mentees)
    is_new = mentorship.pk is None
    _check(mentorship, mentees)
    save_audited(mentorship, actor)
    today = timezone.localdate()
    wanted = {m.pk for m in mentees}
    for member in mentorship.members.filter(left_on__isnull=True).exclude(mentee__in=wanted):
        member.left_on = max(today, member.joined_on)
        member.left_reason = "Исключён из пары куратором"
        save_audited(member, actor)
    existing = {m.mentee_id: m for m in mentorship.members.all()}
    for mentee in mentees:
        member = existing.get(mentee.pk)
        if member is None:
            joined_on = mentorship.started_on if is_new else max(mentorship.started_on, today)
            member = MentorshipMember(mentorship=mentorship, mentee=mentee, joined_on=joined_on)
        elif member.left_on is None:
            continue
        else:
            member.left_on, member.left_reason, member.joined_on = None, "", today
        save_audited(member, actor)
    return mentorship


@transaction.atomic
def mentorship_close(*, mentorship: Mentorship, actor, status, ended_on, end_reason="") -> Mentorship:
    if not mentorship.is_active:
        raise ValidationError("Пара уже завершена.")
    if status not in (Mentorship.Status.FINISHED, Mentorship.Status.TERMINATED):
        raise ValidationError({"status": "Выберите: завершена или прекращена досрочно."})
    if ended_on < mentorship.started_on:
        raise ValidationError({"ended_on": "Дата окончания раньше начала работы пары."})
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": "Дата окончания не может быть в будущем."})
    if status == Mentorship.Status.TERMINATED and not end_reason.strip():
        raise ValidationError({"end_reason": "Укажите причину досрочного прекращения."})
    mentorship.status, mentorship.ended_on, mentorship.end_reason = status, ended_on, end_reason.strip()
    return save_audited(mentorship, actor)


def on_consent_withdrawn(sender, *, person, actor, on, **kwargs):
    """A person without consent cannot stay in a pair: a mentee leaves, a mentor's pairs are stopped."""
    reason = "Отзыв согласия на обработку персональных данных"
    members = MentorshipMember.objects.filter(ACTIVE_MEMBER, mentee__person=person).select_related("mentorship")
    for member in members:
        member.left_on, member.left_reason = max(on, member.joined_on), reason
        save_audited(member, actor)
    for mentorship in Mentorship.objects.active().filter(Q(mentor__person=person)):
        mentorship.status = Mentorship.Status.TERMINATED
        mentorship.ended_on = max(on, mentorship.started_on)
        mentorship.end_reason = f"{reason} наставником"
        save_audited(mentorship, actor)
