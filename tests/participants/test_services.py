from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from participants import services
from participants.models import Consent, MenteeCategory, MenteeProfile, MentorProfile, Person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def years_ago(years: int, days: int = 10) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - timedelta(days=days)


def _person(org, curator, **fields):
    data = {"last_name": "иванова", "first_name": "мария", "patronymic": "петровна", "kind": Person.Kind.TEACHER}
    data.update(fields)
    return services.person_save(person=Person(organization=org), actor=curator, **data)


def test_a_person_is_saved_normalised_and_audited(org, curator):
    person = _person(org, curator, school_class="9 «а»", phone="89123456789")
    assert (person.full_name, person.school_class, person.phone) == (
        "Иванова Мария Петровна",
        "9А",
        "+7 (912) 345-67-89",
    )
    assert person.history.get().history_user == curator


def test_a_minor_needs_a_legal_representative(org, curator):
    with pytest.raises(ValidationError, match="укажите родителя"):
        _person(org, curator, kind=Person.Kind.STUDENT, birth_date=years_ago(12))
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("age", "signed_by"),
    [
        (30, Consent.SignedBy.SELF),
        (18, Consent.SignedBy.SELF),
        (15, Consent.SignedBy.BOTH),
        (12, Consent.SignedBy.PARENT),
    ],
)
def test_who_signs_the_consent(org, curator, age, signed_by):
    person = _person(org, curator, kind=Person.Kind.STUDENT, birth_date=years_ago(age), parent_name="Иванов И.И.")
    assert services.required_signature(person) == signed_by
    wrong = Consent.SignedBy.SELF if signed_by != Consent.SignedBy.SELF else Consent.SignedBy.PARENT
    with pytest.raises(ValidationError, match="согласие подписывает"):
        services.consent_record(person=person, actor=curator, given_on=timezone.localdate(), signed_by=wrong)
    consent = services.consent_record(
        person=person, actor=curator, given_on=timezone.localdate(), signed_by=signed_by, representative="Иванов И.И."
    )
    assert consent.is_valid


def test_nobody_enters_a_base_without_consent(org, curator):
    person = _person(org, curator)
    with pytest.raises(ValidationError, match="Нет действующего согласия"):
        services.mentor_profile_save(person=person, actor=curator, can_help_with="Методика")
    with pytest.raises(ValidationError, match="Нет действующего согласия"):
        services.mentee_profile_save(person=person, actor=curator, requests="Адаптация")
    assert not MentorProfile.objects.exists() and not MenteeProfile.objects.exists()


def test_withdrawal_removes_from_bases_and_erases_contacts(org, curator):
    person = _person(org, curator, birth_date=date(1990, 5, 5), phone="89120000000", email="m@example.org")
    consent = services.consent_record(person=person, actor=curator, given_on=date(2026, 9, 1), signed_by="self")
    services.mentor_profile_save(person=person, actor=curator, can_help_with="Методика", status="active")
    services.mentee_profile_save(
        person=person, actor=curator, categories=[MenteeCategory.objects.first()], requests="Адаптация"
    )
    services.consent_withdraw(consent=consent, actor=curator)
    person.refresh_from_db()
    assert person.mentor_profile.status == MentorProfile.Status.EXCLUDED
    assert person.mentee_profile.status == MenteeProfile.Status.EXCLUDED
    assert (person.birth_date, person.phone, person.email) == (None, "", "")
    assert person.full_name == "Иванова Мария Петровна"  # kept in the organization's documents
    assert person.anonymized_at is not None
    with pytest.raises(ValidationError, match="уже отозвано"):
        services.consent_withdraw(consent=consent, actor=curator)


def test_a_mentor_cannot_be_excluded_without_a_reason(org, curator):
    person = _person(org, curator)
    services.consent_record(person=person, actor=curator, given_on=date(2026, 9, 1), signed_by="self")
    with pytest.raises(ValidationError, match="причину исключения"):
        services.mentor_profile_save(person=person, actor=curator, status=MentorProfile.Status.EXCLUDED)


def test_withdrawal_erases_the_history_too(org, curator):
    person = _person(org, curator, birth_date=date(1990, 5, 5), phone="89120000000")
    consent = services.consent_record(person=person, actor=curator, given_on=date(2026, 9, 1), signed_by="self")
    services.consent_withdraw(consent=consent, actor=curator)
    assert not person.history.exclude(birth_date=None).exists()
    assert not person.history.exclude(phone="").exists()


def test_who_signs_is_decided_on_the_consent_date(org, curator):
    born = years_ago(14, days=-30)  # turns 14 in a month: was 13 a year ago
    person = _person(org, curator, kind=Person.Kind.STUDENT, birth_date=born, parent_name="Иванов И.И.")
    a_year_ago = timezone.localdate() - timedelta(days=365)
    consent = services.consent_record(
        person=person, actor=curator, given_on=a_year_ago, signed_by="parent", representative="Иванов И.И."
    )
    assert consent.is_valid


def test_a_pupil_without_a_birth_date_cannot_sign_a_consent(org, curator):
    person = _person(org, curator, kind=Person.Kind.STUDENT, parent_name="Иванов И.И.")
    with pytest.raises(ValidationError, match="Укажите дату рождения обучающегося"):
        services.consent_record(person=person, actor=curator, given_on=date(2026, 9, 1), signed_by="self")


def test_withdrawal_erases_a_minors_representative_scans_categories_and_requests(
    org, curator, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    pupil = _person(
        org, curator, kind=Person.Kind.STUDENT, birth_date=years_ago(12), parent_name="Родителева Ольга Ивановна"
    )
    consent = services.consent_record(
        person=pupil, actor=curator, given_on=date(2026, 9, 1), signed_by="parent", representative="Родителева О.И."
    )
    consent.scan.save("soglasie.pdf", ContentFile(b"%PDF-1.4 scan"), save=True)
    scan_path = consent.scan.path
    sensitive = MenteeCategory.objects.filter(audience=MenteeCategory.Audience.STUDENTS).first()
    services.mentee_profile_save(person=pupil, actor=curator, categories=[sensitive], requests="Трудности в семье")
    with django_capture_on_commit_callbacks(execute=False) as erasures:
        services.consent_withdraw(consent=consent, actor=curator)
    assert Path(scan_path).exists()  # until the withdrawal is committed: a rolled-back one keeps the scan
    for erase in erasures:
        erase()
    consent.refresh_from_db()
    assert (consent.representative, consent.scan.name) == ("", "")
    assert not Path(scan_path).exists()
    assert not consent.history.exclude(representative="").exists()
    profile = MenteeProfile.objects.get(person=pupil)
    assert not profile.categories.exists()
    assert profile.requests == "" and not profile.history.exclude(requests="").exists()
    assert consent.given_on == date(2026, 9, 1) and pupil.full_name  # what signed documents need stays


def test_the_same_consent_is_not_recorded_twice(org, curator):
    person = _person(org, curator)
    services.consent_record(person=person, actor=curator, given_on=date(2026, 9, 1), signed_by="self")
    with pytest.raises(ValidationError, match="Согласие от 01.09.2026 уже внесено"):
        services.consent_record(person=person, actor=curator, given_on=date(2026, 9, 1), signed_by="self")
    assert person.consents.count() == 1


@pytest.mark.parametrize("phone", ["звоните после 5", "8912abc4567"])
def test_a_phone_with_words_is_refused(org, curator, phone):
    with pytest.raises(ValidationError, match="Телефон — только цифры"):
        _person(org, curator, phone=phone)
    assert not Person.objects.exists()


def test_a_phone_with_an_extension_is_kept(org, curator):
    assert _person(org, curator, phone="+7 (4822) 55-66-77 доб. 12").phone == "+7 (4822) 55-66-77 доб. 12"


def test_a_mentor_takes_at_least_one_mentee(org, curator):
    person = _person(org, curator)
    services.consent_record(person=person, actor=curator, given_on=date(2026, 9, 1), signed_by="self")
    with pytest.raises(ValidationError, match="хотя бы одного наставляемого"):
        services.mentor_profile_save(person=person, actor=curator, max_mentees=0)
