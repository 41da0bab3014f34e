"""Writes of the participants app: people, consents, the two bases. Atomic, validated, audited."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TypedDict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from typing_extensions import Unpack

from mentoring_site.audit import save_audited
from mentoring_site.models import User
from organizations.models import Membership, Organization
from organizations.roles import Role
from organizations.services import ensure_allowed, lock_organization
from programs.models import MentoringForm

from .models import Consent, MenteeCategory, MenteeProfile, MentorProfile, Person, search_key
from .normalize import PHONE_RULE, normalize_class, normalize_name, normalize_phone, phone_has_words
from .signals import consent_withdrawn

PEOPLE_EDITORS = "Сведения об участниках и базы ведут администратор, директор или куратор."
NO_CONSENT = "Нет действующего согласия на обработку персональных данных: сначала внесите согласие."


class PersonFields(TypedDict, total=False):
    kind: str
    last_name: str
    first_name: str
    patronymic: str
    birth_date: date | None
    position: str
    subjects: str
    experience_years: int | None
    qualification: str
    school_class: str
    employer: str
    phone: str
    email: str
    parent_name: str
    parent_phone: str
    name_genitive: str
    name_dative: str
    name_accusative: str
    name_instrumental: str


@transaction.atomic
def person_save(*, person: Person, actor: User, **fields: Unpack[PersonFields]) -> Person:
    ensure_allowed(actor, person.organization, "people.manage", PEOPLE_EDITORS)
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
    for name in ("phone", "parent_phone"):
        if phone_has_words(getattr(person, name)):
            raise ValidationError({name: f"Телефон — {PHONE_RULE}."})
    if person.birth_date and person.birth_date > timezone.localdate():
        raise ValidationError({"birth_date": "Дата рождения не может быть в будущем."})
    if person.kind == Person.Kind.STUDENT and person.is_minor and not person.parent_name:
        raise ValidationError({"parent_name": "Для несовершеннолетнего укажите родителя (законного представителя)."})
    if person.pk is None:
        # One creation at a time per organization, so that a double click or two curators cannot both pass
        # the duplicate check below (SQLite serialises writes anyway; PostgreSQL needs the row lock).
        lock_organization(person.organization_id)
    twin = probable_duplicate(person)
    if twin is not None:
        born = f", {twin.birth_date:%d.%m.%Y}" if twin.birth_date else ""
        raise ValidationError(
            f"Такой участник уже есть: {twin.full_name}{born}. Откройте его карточку, а не создавайте вторую.",
            code="duplicate",
            params={"pk": twin.pk},
        )
    return save_audited(person, actor)


def probable_duplicate(person: Person) -> Person | None:
    """Another card of the organization with the same ФИО and birth date (or both without a birth date)."""
    twins = Person.objects.filter(
        organization_id=person.organization_id, search_name=person.search_name, birth_date=person.birth_date
    )
    if person.pk is not None:
        twins = twins.exclude(pk=person.pk)
    return twins.order_by("pk").first()


def required_signature(person: Person, on: date | None = None) -> str:
    """Who signs the consent on the day ``on``: the person (18+), both (14–17), the parent (under 14)."""
    age = person.age(on)
    if age is None and person.kind == Person.Kind.STUDENT:
        return Consent.SignedBy.BOTH  # a pupil of unknown age: both sign (see consent_record)
    if age is None or age >= 18:
        return Consent.SignedBy.SELF
    if age >= 14:
        return Consent.SignedBy.BOTH
    return Consent.SignedBy.PARENT


class ConsentFields(TypedDict, total=False):
    given_on: date
    signed_by: str
    representative: str
    publication: bool
    scan: File | None


@transaction.atomic
def consent_record(*, person: Person, actor: User, **fields: Unpack[ConsentFields]) -> Consent:
    ensure_allowed(actor, person.organization, "people.manage", PEOPLE_EDITORS)
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
    list(Person.objects.select_for_update().filter(pk=person.pk).values_list("pk"))  # one at a time per person
    if person.consents.filter(given_on=consent.given_on, withdrawn_at__isnull=True).exists():
        raise ValidationError(f"Согласие от {consent.given_on:%d.%m.%Y} уже внесено: второе не нужно.")
    return save_audited(consent, actor)


@transaction.atomic
def consent_withdraw(*, consent: Consent, actor: User, on: date | None = None) -> Consent:
    """Withdrawal: the person leaves both bases and their contacts are erased (152-ФЗ ст. 9, 21);
    their name stays in the organization's signed documents."""
    ensure_allowed(actor, consent.person.organization, "people.manage", PEOPLE_EDITORS)
    if consent.withdrawn_at:
        raise ValidationError("Согласие уже отозвано.")
    consent.withdrawn_at = on or timezone.localdate()
    save_audited(consent, actor)
    person = consent.person
    if not person.has_valid_consent():
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
        _erase_consents_and_requests(person, actor)
        consent_withdrawn.send(sender=Person, person=person, actor=actor, on=consent.withdrawn_at)
    return consent


def _erase_consents_and_requests(person: Person, actor: User) -> None:
    """After the last consent is withdrawn: the representative's name and the scans of every consent, the
    mentee's categories (ОВЗ, трудная жизненная ситуация…), requests and expected results go too — from
    the rows and from their history. Left: the name and the consent dates, which signed documents need."""
    for consent in person.consents.all():
        if consent.scan:
            # The file goes once the erasure is committed: a rolled-back withdrawal keeps its scan.
            transaction.on_commit(partial(consent.scan.storage.delete, consent.scan.name))
        consent.representative = ""
        consent.scan = ""
        save_audited(consent, actor)
    Consent.history.filter(person_id=person.pk).update(representative="", scan="")
    profile = MenteeProfile.objects.filter(person=person).first()
    if profile is not None:
        profile.categories.clear()
        profile.requests = ""
        profile.expected_results = ""
        save_audited(profile, actor)
        profile.history.update(requests="", expected_results="")


def _ensure_consent(person: Person) -> None:
    if not person.has_valid_consent():
        raise ValidationError(NO_CONSENT)


class MentorProfileFields(TypedDict, total=False):
    status: str
    exclusion_reason: str
    competences: str
    can_help_with: str
    max_mentees: int
    interview_date: date | None
    interview_result: str
    training_course: str
    training_hours: int | None
    certificate_number: str
    certificate_date: date | None


@transaction.atomic
def mentor_profile_save(
    *,
    person: Person,
    actor: User,
    forms: Iterable[MentoringForm] | None = None,
    **fields: Unpack[MentorProfileFields],
) -> MentorProfile:
    ensure_allowed(actor, person.organization, "people.manage", PEOPLE_EDITORS)
    _ensure_consent(person)
    profile = getattr(person, "mentor_profile", None) or MentorProfile(person=person)
    for name, value in fields.items():
        setattr(profile, name, value)
    if profile.status == MentorProfile.Status.EXCLUDED and not profile.exclusion_reason.strip():
        raise ValidationError({"exclusion_reason": "Укажите причину исключения из базы."})
    if forms is not None:
        forms = list(forms)
        kind = person.get_kind_display().lower()
        held = set(profile.forms.values_list("pk", flat=True)) if profile.pk else set()
        added = [f for f in forms if f.pk not in held]  # a form the mentor already works in stays his
        refusals = [f"{person.full_name} ({kind}) {r}" for f in added if (r := f.refuses("mentor", person.kind))]
        if refusals:
            raise ValidationError({"forms": refusals})
    save_audited(profile, actor)
    if forms is not None:
        profile.forms.set(forms)
    return profile


class MenteeProfileFields(TypedDict, total=False):
    status: str
    requests: str
    expected_results: str
    source: str


@transaction.atomic
def mentee_profile_save(
    *,
    person: Person,
    actor: User,
    categories: Iterable[MenteeCategory] | None = None,
    **fields: Unpack[MenteeProfileFields],
) -> MenteeProfile:
    ensure_allowed(actor, person.organization, "people.manage", PEOPLE_EDITORS)
    _ensure_consent(person)
    profile = getattr(person, "mentee_profile", None) or MenteeProfile(person=person)
    for name, value in fields.items():
        setattr(profile, name, value)
    save_audited(profile, actor)
    if categories is not None:
        profile.categories.set(categories)
    return profile


# --- Accounts: inviting a person by e-mail ---------------------------------------------------------------

INVITABLE_ROLES = (Role.MENTOR, Role.MENTEE)


def _free_username(email: str) -> str:
    base = re.sub(r"[^a-z0-9._-]", "", email.split("@")[0].lower())[:120] or "user"
    users = get_user_model().objects
    username, n = base, 1
    while users.filter(username__iexact=username).exists():
        n += 1
        username = f"{base}{n}"
    return username


@dataclass
class Invitation:
    user: User
    set_password: bool  # an account nobody has used yet: the letter carries a link to set the password
    email: str


@transaction.atomic
def person_invite(*, person: Person, actor: User, role: str, email: str) -> Invitation:
    """Give a mentor or mentee an account: a new one, or the existing account with that e-mail.

    Only the mentor and mentee roles are given this way; staff roles are given by the administrator.
    The letter is sent by :func:`send_invitation` once this has committed.
    """
    ensure_allowed(actor, person.organization, "people.manage", PEOPLE_EDITORS)
    if role not in INVITABLE_ROLES:
        raise ValidationError({"role": "Приглашением дают только роль наставника или наставляемого."})
    _ensure_consent(person)
    email = (email or "").strip().lower()
    if not email:
        raise ValidationError({"email": "Укажите e-mail, на который придёт приглашение."})
    users = get_user_model().objects
    user = person.user
    if user is not None:
        if user.last_login is not None:
            raise ValidationError(f"У участника уже есть учётная запись «{user.username}», и он ею пользуется.")
        if user.email.lower() != email:
            # The letter goes only to the account's own address: changing it here would hand the
            # account to whoever owns the typed one.
            raise ValidationError(
                {
                    "email": f"У участника уже есть учётная запись с адресом {user.email or '(без адреса)'}: "
                    "приглашение уходит только на него. Адрес учётной записи меняет администратор."
                }
            )
    else:
        user = users.filter(email__iexact=email).first()
        staff_roles = user is not None and (
            user.memberships.filter(is_active=True).exclude(role__in=INVITABLE_ROLES).exists()
        )
        if user is not None and (user.is_staff or user.is_superuser or staff_roles):
            message = "Этот адрес принадлежит служебной учётной записи: свяжите её с участником через администратора."
            raise ValidationError({"email": message})
        if user is not None and Person.objects.filter(organization=person.organization, user=user).exists():
            raise ValidationError({"email": "Учётная запись с этим e-mail уже связана с другим участником."})
    if user is None:
        user = users.model(
            username=_free_username(email),
            email=email,
            last_name=person.last_name,
            first_name=person.first_name,
            patronymic=person.patronymic,
        )
        user.set_unusable_password()
        save_audited(user, actor)
    membership = Membership.objects.filter(user=user, organization=person.organization, role=role).first()
    if membership is None:
        save_audited(Membership(user=user, organization=person.organization, role=role), actor)
    elif not membership.is_active:
        membership.is_active = True
        save_audited(membership, actor)
    person.user = user
    person.email = user.email
    save_audited(person, actor)
    # A set-password link for an account nobody has used yet; a login link otherwise. Both go to the
    # account's own address (equal to the typed one, checked above).
    return Invitation(user=user, set_password=user.last_login is None, email=user.email)


def send_invitation(invitation: Invitation, *, organization: Organization, base_url: str) -> None:
    """The letter: a link to set the password (a token valid for PASSWORD_RESET_TIMEOUT), or to log in."""
    user = invitation.user
    context = {
        "user": user,
        "organization": organization,
        "login_url": f"{base_url}{reverse('login')}",
        "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    if invitation.set_password:
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        context["set_password_url"] = f"{base_url}{reverse('password_reset_confirm', args=[uid, token])}"
    send_mail(
        subject=f"Приглашение в «Наставник»: {organization.short_name}",
        message=render_to_string("participants/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )
