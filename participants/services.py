"""Writes of the participants app: people, consents, the two bases. Atomic, validated, audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mentoring_site.audit import save_audited

from .models import Consent, MenteeProfile, MentorProfile, Person, search_key
from .normalize import normalize_class, normalize_name, normalize_phone

NO_CONSENT = "Нет действующего согласия на обработку персональных данных: сначала внесите согласие."


@transaction.atomic
def person_save(*, person: Person, actor, **fields) -> Person:
    for name, value in fields.items():
        setattr(person, name, value)
    person.last_name = normalize_name(person.last_name)
    person.first_name = normalize_name(person.first_name)
    person.patronymic = normalize_name(person.patronymic)
    person.school_class = normalize_class(person.school_class)
    person.phone = normalize_phone(person.phone)
    person.parent_phone = normalize_phone(person.parent_phone)
    person.email = (person.email or "").strip().lower()
    person.search_name = search_key(person.last_name, person.first_name, person.patronymic)
    if person.birth_date and person.birth_date > timezone.localdate():
        raise ValidationError({"birth_date": "Дата рождения не может быть в будущем."})
    if person.kind == Person.Kind.STUDENT and person.is_minor and not person.parent_name:
        raise ValidationError({"parent_name": "Для несовершеннолетнего укажите родителя (законного представителя)."})
    return save_audited(person, actor)


def required_signature(person: Person, on=None) -> str:
    """Who signs the consent on the day ``on``: the person (18+), both (14–17), the parent (under 14)."""
    age = person.age(on)
    if age is None and person.kind == Person.Kind.STUDENT:
        return Consent.SignedBy.BOTH  # a pupil of unknown age: both sign (see consent_record)
    if age is None or age >= 18:
        return Consent.SignedBy.SELF
    if age >= 14:
        return Consent.SignedBy.BOTH
    return Consent.SignedBy.PARENT


@transaction.atomic
def consent_record(*, person: Person, actor, **fields) -> Consent:
    consent = Consent(person=person, **fields)
    if person.kind == Person.Kind.STUDENT and not person.birth_date:
        raise ValidationError("Укажите дату рождения обучающегося: от неё зависит, кто подписывает согласие.")
    if consent.given_on is None:
        raise ValidationError({"given_on": "Укажите дату согласия."})
    needed = required_signature(person, consent.given_on)
    if consent.signed_by != needed:
        labels = dict(Consent.SignedBy.choices)
        age = person.age(consent.given_on)
        raise ValidationError({"signed_by": f"Для участника {age} лет согласие подписывает: {labels[needed]}."})
    if needed != Consent.SignedBy.SELF and not consent.representative.strip():
        raise ValidationError({"representative": "Укажите ФИО родителя (законного представителя)."})
    if consent.given_on > timezone.localdate():
        raise ValidationError({"given_on": "Дата согласия не может быть в будущем."})
    return save_audited(consent, actor)


@transaction.atomic
def consent_withdraw(*, consent: Consent, actor, on=None) -> Consent:
    """Withdrawal: the person leaves both bases and their contacts are erased (152-ФЗ ст. 9, 21);
    their name stays in the organization's signed documents."""
    if consent.withdrawn_at:
        raise ValidationError("Согласие уже отозвано.")
    consent.withdrawn_at = on or timezone.localdate()
    save_audited(consent, actor)
    person = consent.person
    if not person.consents.filter(withdrawn_at__isnull=True).exists():
        for profile, status in (
            (getattr(person, "mentor_profile", None), MentorProfile.Status.EXCLUDED),
            (getattr(person, "mentee_profile", None), MenteeProfile.Status.EXCLUDED),
        ):
            if profile is not None:
                profile.status = status
                if isinstance(profile, MentorProfile):
                    profile.exclusion_reason = "Отзыв согласия на обработку персональных данных"
                save_audited(profile, actor)
        person.birth_date = None
        person.phone = ""
        person.email = ""
        person.parent_name = ""
        person.parent_phone = ""
        person.anonymized_at = timezone.now()
        save_audited(person, actor)
        # The audit history must not keep what the law requires to erase.
        person.history.update(birth_date=None, phone="", email="", parent_name="", parent_phone="")
    return consent


def _ensure_consent(person: Person):
    if not person.consents.filter(withdrawn_at__isnull=True).exists():
        raise ValidationError(NO_CONSENT)


@transaction.atomic
def mentor_profile_save(*, person: Person, actor, forms=None, **fields) -> MentorProfile:
    _ensure_consent(person)
    profile = getattr(person, "mentor_profile", None) or MentorProfile(person=person)
    for name, value in fields.items():
        setattr(profile, name, value)
    if profile.status == MentorProfile.Status.EXCLUDED and not profile.exclusion_reason.strip():
        raise ValidationError({"exclusion_reason": "Укажите причину исключения из базы."})
    save_audited(profile, actor)
    if forms is not None:
        profile.forms.set(forms)
    return profile


@transaction.atomic
def mentee_profile_save(*, person: Person, actor, categories=None, **fields) -> MenteeProfile:
    _ensure_consent(person)
    profile = getattr(person, "mentee_profile", None) or MenteeProfile(person=person)
    for name, value in fields.items():
        setattr(profile, name, value)
    save_audited(profile, actor)
    if categories is not None:
        profile.categories.set(categories)
    return profile
