from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from organizations.roles import Role
from participants import services
from participants.models import MenteeCategory, MentorProfile, Person
from tests.factories import member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def years_ago(years: int, days: int = 10) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - timedelta(days=days)


def _person(org, curator, **fields):
    data = {"last_name": "иванова", "first_name": "мария", "patronymic": "петровна", "kind": Person.Kind.TEACHER}
    data.update(fields)
    return services.person_save(person=Person(organization=org), actor=curator, **data)


def test_the_base_page_says_why_and_saves_nothing(client, org, curator):
    person = _person(org, curator)
    client.force_login(curator)
    response = client.post(
        reverse("participants:mentor-edit", args=[person.pk]),
        {"status": "candidate", "can_help_with": "Методика", "max_mentees": 2},
    )
    assert "Нет действующего согласия на обработку персональных данных" in response.content.decode()
    assert not MentorProfile.objects.exists()


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


def test_a_name_given_as_initials_is_refused_and_the_form_keeps_it(client, curator):
    client.force_login(curator)
    response = client.post(
        reverse("participants:person-create"),
        {"kind": "teacher", "last_name": "Демина", "first_name": "Е.", "patronymic": "И.", "birth_date": "1970-01-01"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Напишите полностью («Елена», а не «Е.»)" in html and "Напишите полностью («Ивановна», а не «И.»)" in html
    assert 'value="Демина"' in html
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


@pytest.mark.parametrize(
    ("url", "queries"),
    [("participants:person-list", 5), ("participants:mentor-list", 8), ("participants:mentee-list", 8)],
)
def test_lists_run_a_constant_number_of_queries(client, org, curator, url, queries, django_assert_num_queries):
    client.force_login(curator)
    category = MenteeCategory.objects.first()

    def add(i):
        person = _person(org, curator, last_name=f"Участников{i}")
        services.consent_record(person=person, actor=curator, given_on=date(2026, 9, 1), signed_by="self")
        services.mentee_profile_save(person=person, actor=curator, categories=[category], requests="Запрос")
        services.mentor_profile_save(person=person, actor=curator, can_help_with="Опыт")

    add(0)
    with django_assert_num_queries(queries):
        assert client.get(reverse(url)).status_code == 200
    for i in range(1, 31):
        add(i)
    with django_assert_num_queries(queries):
        assert client.get(reverse(url)).status_code == 200


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


def _unhyphenated(text: str) -> str:
    """PDF text with the line-end hyphens of a justified paragraph joined back («пред- ставителем»)."""
    import re

    return re.sub(r"(?<=[а-яё])[-\u2010] (?=[а-яё])", "", " ".join(text.split()))


def test_the_consent_form_prints_with_the_persons_name(client, org, curator, tmp_path):
    import subprocess

    person = _person(org, curator, kind=Person.Kind.STUDENT, birth_date=years_ago(15), parent_name="Иванов Пётр Ильич")
    client.force_login(curator)
    path = tmp_path / "consent.pdf"
    path.write_bytes(client.get(reverse("participants:consent-pdf", args=[person.pk])).content)
    text = _unhyphenated(subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True).stdout)
    assert "Согласие на обработку персональных данных" in text
    assert "Иванов Пётр Ильич" in text  # the representative signs in the nominative
    assert "являясь законным представителем Ивановой Марии Петровны" in text  # the child: genitive
    assert f"даю согласие {org.full_name_dative} (оператор" in text
    assert f"Директору {org.short_name_genitive}" in text
    assert "моего ребёнка:" in text and " :" not in text
    assert "152-ФЗ" in text


def test_the_consent_form_holds_what_152_fz_article_9_part_4_requires(client, org, curator, tmp_path):
    import subprocess

    org.address = "Брянская область, г. Жуковка, ул. Ленина, д. 1"
    org.save()
    person = _person(org, curator, kind=Person.Kind.STUDENT, birth_date=years_ago(12), parent_name="Иванов Пётр Ильич")
    client.force_login(curator)
    path = tmp_path / "consent.pdf"
    path.write_bytes(client.get(reverse("participants:consent-pdf", args=[person.pk])).content)
    text = _unhyphenated(subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True).stdout)
    # 1–2: the subject's and the representative's identity document and address (lines to fill by hand)
    assert text.count("Документ, удостоверяющий личность") == 2 and text.count("Адрес регистрации") == 2
    assert "Документ, подтверждающий полномочия законного представителя" in text
    # 3: the operator's name and address
    assert f"даю согласие {org.full_name_dative} (оператор; адрес: Брянская область, г. Жуковка" in text
    # 4–9: the purpose, the list of data, the actions and ways, the term, how to withdraw, the signature
    for item in (
        "Цель обработки:",
        "Перечень персональных данных:",
        "Действия с персональными данными:",
        "Способы обработки:",
        "Срок действия согласия:",
        "Порядок отзыва:",
        "Родитель (законный представитель) Иванов Пётр Ильич",
    ):
        assert item in text, item


def test_the_dashboard_shows_the_bases(client, org, director):
    _person(org, director, last_name="Безсогласия")
    member(org, Role.CURATOR)
    client.force_login(director)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Базы наставников и наставляемых" in html
    assert "Без согласия на обработку ПДн: 1" in html


def test_a_double_click_on_a_new_person_makes_one_card_and_points_to_it(client, org, curator):
    client.force_login(curator)
    data = {"kind": "teacher", "last_name": "Ёлкина", "first_name": "Анна", "birth_date": "1990-05-05"}
    first = client.post(reverse("participants:person-create"), data)
    assert first.status_code == 302
    again = client.post(reverse("participants:person-create"), {**data, "last_name": "елкина"})
    assert again.status_code == 200
    html = again.content.decode()
    existing = Person.objects.get()
    assert "Такой участник уже есть: Ёлкина Анна, 05.05.1990" in html
    assert existing.get_absolute_url() in html
    assert Person.objects.count() == 1


def test_withdrawing_a_consent_asks_first_and_says_what_is_erased(client, org, curator):
    person = _person(org, curator)
    consent = services.consent_record(person=person, actor=curator, given_on=date(2026, 9, 1), signed_by="self")
    client.force_login(curator)
    url = reverse("participants:consent-withdraw", args=[consent.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Отзыв нельзя отменить" in html and "сканы согласий" in html
    consent.refresh_from_db()
    assert consent.withdrawn_at is None  # asking changes nothing
    assert client.post(url).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_a_teacher_is_refused_as_a_mentor_in_the_pupils_form(client, org, curator):
    from programs.models import MentoringForm

    person = _person(org, curator, last_name="Физиков", first_name="Пётр", patronymic="Ильич")
    services.consent_record(person=person, actor=curator, given_on=date(2026, 9, 1), signed_by="self")
    pupils = MentoringForm.objects.get(organization=None, name="Ученик – ученик")
    client.force_login(curator)
    response = client.post(
        reverse("participants:mentor-edit", args=[person.pk]),
        {"status": "active", "forms": [pupils.pk], "max_mentees": 2, "can_help_with": "Олимпиадная физика"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Физиков Пётр Ильич (педагог) не может быть наставником в форме «Ученик – ученик»" in html
    assert "Олимпиадная физика" in html  # what was typed stays
    assert not MentorProfile.objects.filter(person=person).exists()


def test_the_list_shows_each_persons_kind_place_consent_and_bases(client, org, curator):
    teacher = _person(org, curator, last_name="Аксёнова", position="Учитель физики")
    services.consent_record(person=teacher, actor=curator, given_on=date(2026, 9, 1), signed_by="self")
    services.mentor_profile_save(person=teacher, actor=curator, can_help_with="Опыт", status="active")
    pupil = _person(org, curator, last_name="Борисов", kind=Person.Kind.STUDENT, school_class="9А")
    client.force_login(curator)
    rows = client.get(reverse("participants:person-list")).context["rows"]
    assert rows == [
        {
            "url": reverse("participants:person-detail", args=[teacher.pk]),
            "name": "Аксёнова Мария Петровна",
            "kind": "Педагог",
            "place": "Учитель физики",
            "consent": True,
            "mentor": "в базе",
            "mentee": "",
        },
        {
            "url": reverse("participants:person-detail", args=[pupil.pk]),
            "name": "Борисов Мария Петровна",
            "kind": "Обучающийся",
            "place": "9А",
            "consent": False,
            "mentor": "",
            "mentee": "",
        },
    ]


def test_the_list_asks_for_memberships_once_a_request(client, org, other_org, curator):
    """The count and the page filter by the organizations the middleware has just read the user's roles in,
    not by subqueries on memberships of their own; the rows are the same: the organization's only."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _person(org, curator, last_name="Своя")
    stranger = member(other_org, Role.CURATOR)
    _person(other_org, stranger, last_name="Чужая")
    client.force_login(curator)
    with CaptureQueriesContext(connection) as queries:
        rows = client.get(reverse("participants:person-list")).context["rows"]
    assert [row["name"].split()[0] for row in rows] == ["Своя"]
    assert len([q for q in queries.captured_queries if "organizations_membership" in q["sql"]]) == 1


def test_the_person_filter_builds_its_form_class_once():
    from participants.filters import PersonFilter

    empty, bound = PersonFilter(None, queryset=Person.objects.none()), PersonFilter({"kind": "student"})
    assert type(empty.form) is type(bound.form)
    assert empty.form.fields["kind"] is not bound.form.fields["kind"]  # each form still has its own fields
    assert bound.form.is_valid() and bound.form.cleaned_data["kind"] == "student"
    assert list(bound.qs) == []


def test_the_base_list_pdf_never_hyphenates_a_name():
    from django.template.loader import render_to_string

    html = render_to_string(
        "participants/documents/base_list.html",
        {
            "title": "База",
            "headers": ["ФИО", "Дата"],
            "rows": [["Константинопольская Марина", date(2026, 9, 1)]],
            "name_column": 1,
        },
    )
    assert '<td class="nohy">Константинопольская Марина</td>' in html  # the whole column of names
    assert "01.09.2026" in html or "1 сентября 2026" in html  # a date is still formatted by the template
