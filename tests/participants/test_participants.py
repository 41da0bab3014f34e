from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from organizations.roles import Role
from participants import services
from participants.models import Consent, MenteeCategory, MenteeProfile, MentorProfile, Person
from participants.normalize import normalize_class, normalize_name, normalize_phone
from tests.factories import member

pytestmark = pytest.mark.django_db


def years_ago(years: int, days: int = 10) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - timedelta(days=days)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("9 «А»", "9А"),
        ("9-а", "9А"),
        ("9 а", "9А"),
        ("9А", "9А"),
        (" 11 ", "11"),
        ("09б", "9Б"),
        ("группа ТО-21", "группа ТО-21"),
    ],
)
def test_class_names_are_normalised(typed, expected):
    assert normalize_class(typed) == expected


def test_names_and_phones_are_normalised():
    assert normalize_name("  соловьёва ") == "Соловьёва"
    assert normalize_name("римский-корсаков") == "Римский-Корсаков"
    assert normalize_phone("8 (912) 345 67 89") == "+7 (912) 345-67-89"
    assert normalize_phone("доб. 123") == "доб. 123"


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


def test_the_base_page_says_why_and_saves_nothing(client, org, curator):
    person = _person(org, curator)
    client.force_login(curator)
    response = client.post(
        reverse("participants:mentor-edit", args=[person.pk]),
        {"status": "candidate", "can_help_with": "Методика", "max_mentees": 2},
    )
    assert "Нет действующего согласия на обработку персональных данных" in response.content.decode()
    assert not MentorProfile.objects.exists()


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


def test_mentors_and_mentees_see_no_personal_data_of_others(client, org, curator, mentor, mentee):
    other = _person(org, curator, birth_date=date(2001, 2, 3), phone="89120000000")
    for user in (mentor, mentee):
        client.force_login(user)
        assert client.get(reverse("participants:person-list")).status_code == 403
        assert client.get(reverse("participants:person-detail", args=[other.pk])).status_code == 403
        assert client.get(reverse("participants:mentee-list")).status_code == 403
        html = client.get(reverse("participants:my-record")).content.decode()
        assert other.full_name not in html
        assert "03.02.2001" not in html


def test_a_mentee_sees_their_own_record(client, org, curator, mentee):
    own = _person(org, curator, last_name="Белова", first_name="Анна", patronymic="", user=mentee)
    client.force_login(mentee)
    assert own.full_name in client.get(reverse("participants:my-record")).content.decode()


def test_another_organizations_person_is_404(client, org, curator, outsider):
    person = _person(org, curator)
    client.force_login(outsider)
    assert client.get(reverse("participants:person-detail", args=[person.pk])).status_code == 404
    assert client.post(reverse("participants:person-edit", args=[person.pk]), {"last_name": "X"}).status_code == 404


def test_the_person_form_keeps_what_was_typed(client, curator):
    client.force_login(curator)
    response = client.post(
        reverse("participants:person-create"),
        {"kind": "teacher", "last_name": "Петров", "first_name": "", "birth_date": "31.02.1980"},
    )
    html = response.content.decode()
    assert "Обязательное поле." in html
    assert "Петров" in html
    assert not Person.objects.exists()


def test_filters_search_and_consent(client, org, curator):
    with_consent = _person(org, curator, last_name="Ёлкина")
    services.consent_record(person=with_consent, actor=curator, given_on=date(2026, 9, 1), signed_by="self")
    _person(org, curator, last_name="Пахомов", first_name="Олег")
    client.force_login(curator)

    def names(query):
        rows = client.get(reverse("participants:person-list") + query).context["rows"]
        return [row["name"].split()[0] for row in rows]

    assert names("?consent=no") == ["Пахомов"]
    assert names("?consent=yes") == ["Ёлкина"]
    assert names("?q=ёлкин") == ["Ёлкина"]


def test_lists_run_a_constant_number_of_queries(client, org, curator):
    client.force_login(curator)
    category = MenteeCategory.objects.first()

    def add(i):
        person = _person(org, curator, last_name=f"Участников{i}")
        services.consent_record(person=person, actor=curator, given_on=date(2026, 9, 1), signed_by="self")
        services.mentee_profile_save(person=person, actor=curator, categories=[category], requests="Запрос")
        services.mentor_profile_save(person=person, actor=curator, can_help_with="Опыт")

    add(0)
    counts = {}
    for url in ("participants:person-list", "participants:mentor-list", "participants:mentee-list"):
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse(url))
        counts[url] = len(ctx)
    for i in range(1, 31):
        add(i)
    for url, few in counts.items():
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse(url))
        assert len(ctx) == few, url


def test_exports_neutralise_formulas(client, org, curator):
    person = _person(org, curator, last_name='=HYPERLINK("http://evil")')
    services.consent_record(person=person, actor=curator, given_on=date(2026, 9, 1), signed_by="self")
    services.mentor_profile_save(person=person, actor=curator, can_help_with="+1+1")
    client.force_login(curator)
    response = client.get(reverse("participants:base-export", args=["mentors", "xlsx"]))
    sheet = load_workbook(BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] in "=+"]
    assert cells and all(c.data_type == "s" for c in cells)
    pdf = client.get(reverse("participants:base-export", args=["mentees", "pdf"]))
    assert pdf.content.startswith(b"%PDF")
    assert client.get(reverse("participants:base-export", args=["mentors", "csv"])).status_code == 404


def test_the_consent_form_prints_with_the_persons_name(client, org, curator, tmp_path):
    import subprocess

    person = _person(org, curator, kind=Person.Kind.STUDENT, birth_date=years_ago(15), parent_name="Иванов Пётр Ильич")
    client.force_login(curator)
    path = tmp_path / "consent.pdf"
    path.write_bytes(client.get(reverse("participants:consent-pdf", args=[person.pk])).content)
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split())
    assert "Согласие на обработку персональных данных" in text
    assert "Иванов Пётр Ильич" in text and person.full_name in text
    assert "152-ФЗ" in text


def test_a_mentor_cannot_be_excluded_without_a_reason(org, curator):
    person = _person(org, curator)
    services.consent_record(person=person, actor=curator, given_on=date(2026, 9, 1), signed_by="self")
    with pytest.raises(ValidationError, match="причину исключения"):
        services.mentor_profile_save(person=person, actor=curator, status=MentorProfile.Status.EXCLUDED)


def test_the_dashboard_shows_the_bases(client, org, director):
    _person(org, director, last_name="Безсогласия")
    member(org, Role.CURATOR)
    client.force_login(director)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Базы наставников и наставляемых" in html
    assert "Без согласия на обработку ПДн: 1" in html


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
