"""The pages of «Подбор»: the «без пары» list, a mentee's candidates, «Подобрать всем» (edit, drop,
accept), the settings and the preferences; the mentee's card and the prefilled pair form."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.roles import Role
from pairing import matching
from pairing.models import MatchingCriterion, Mentorship, Preference
from tests.factories import OrganizationFactory, member
from tests.pairing.helpers import make_pair, teacher_form
from tests.pairing.test_matching import mentee_with, mentor_with

pytestmark = pytest.mark.usefixtures("frozen_today")


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_pages_keep_a_constant_number_of_queries(client, org, curator):
    client.force_login(curator)

    def grow(start, count):
        for i in range(start, start + count):
            mentee_with(org, curator, f"Наставляемая{i}", requests="ИКТ на уроках\nДисциплина")
            mentor_with(org, curator, f"Наставник{i}", subjects="физика", competences="Цифровые инструменты")

    grow(0, 2)
    matching.criteria(org)  # the defaults are written on the first visit: count the visits after it
    first = mentee_with(org, curator, "Первая", requests="ИКТ")
    Preference.objects.create(organization=org, person=first.person, preferred=first.person, school_year=2026)
    urls = [
        reverse("pairing:matching"),
        reverse("pairing:matching-candidates", args=[first.pk]),
        f"{reverse('pairing:matching-all')}?form={teacher_form().pk}",
        reverse("pairing:matching-settings"),
        reverse("pairing:matching-preferences"),
    ]
    before = [_queries(client, url) for url in urls]
    grow(2, 12)
    after = [_queries(client, url) for url in urls]
    assert after == before
    assert max(before) <= 16


def test_the_unpaired_list_offers_matching_per_row_and_per_form(client, org, curator):
    alone = mentee_with(org, curator, "Одинокая", requests="ИКТ")
    paired = mentee_with(org, curator, "Занятая")
    make_pair(org, curator, mentor_with(org, curator, "Наставникова"), [paired])
    client.force_login(curator)
    html = client.get(reverse("pairing:matching")).content.decode()
    assert "Без пары: 1 наставляемый" in html
    assert reverse("pairing:matching-candidates", args=[alone.pk]) in html
    assert "Занятая" not in html
    assert f"{reverse('pairing:matching-all')}?form={teacher_form().pk}" in html
    # the pairs list leads here
    assert reverse("pairing:matching") in client.get(reverse("pairing:list")).content.decode()


def test_the_candidates_page_ranks_with_the_parts_and_opens_the_pair_form_prefilled(client, org, curator):
    mentee = mentee_with(org, curator, "Молодая", requests="ИКТ", position="Учитель физики")
    best = mentor_with(org, curator, "Физикова", subjects="физика", competences="цифровые инструменты")
    mentor_with(org, curator, "Другая", can_help_with="Школьный музей")
    client.force_login(curator)
    html = client.get(reverse("pairing:matching-candidates", args=[mentee.pk])).content.decode()
    assert "совпадает предмет «физика»: +3" in html
    assert "запрос «ИКТ» ↔ компетенция «цифровые инструменты» (тема «Цифровые технологии»): +2" in html
    assert html.index("Физикова") < html.index("Другая Анна")
    choose = f"{reverse('pairing:create')}?mentor={best.pk}&amp;mentees={mentee.pk}&amp;form={teacher_form().pk}"
    assert choose in html

    form_page = client.get(choose.replace("&amp;", "&")).content.decode()
    assert f'<option value="{best.pk}" selected' in form_page
    box = re.search(rf'<input type="checkbox"[^>]*name="mentees" value="{mentee.pk}"[^>]*>', form_page).group(0)
    assert "checked" in box
    assert "Чем может быть полезен" in form_page or "Компетенции:" in form_page
    assert "цифровые инструменты" in form_page and "ИКТ" in form_page  # both sides beside the form


def test_a_mentee_of_another_organization_is_not_found(client, org, curator):
    other = OrganizationFactory()
    stranger = mentee_with(other, member(other, Role.CURATOR), "Чужая")
    client.force_login(curator)
    assert client.get(reverse("pairing:matching-candidates", args=[stranger.pk])).status_code == 404


def test_the_mentees_card_leads_to_matching(client, org, curator):
    mentee = mentee_with(org, curator, "Молодая")
    client.force_login(curator)
    html = client.get(reverse("participants:person-detail", args=[mentee.person.pk])).content.decode()
    assert "Подобрать наставника" in html
    assert reverse("pairing:matching-candidates", args=[mentee.pk]) in html
    mentor = mentor_with(org, curator, "Наставникова")
    html = client.get(reverse("participants:person-detail", args=[mentor.person.pk])).content.decode()
    assert "Подобрать наставника" not in html


def _proposal_post(form, rows, **extra):
    data = {"form": form.pk, "started_on": "2026-11-23", "planned_end_on": "2027-05-31", "row": [], **extra}
    for mentee, mentor, keep in rows:
        data["row"].append(mentee.pk)
        data[f"mentor_{mentee.pk}"] = mentor.pk
        if keep:
            data[f"keep_{mentee.pk}"] = "on"
    return data


def test_match_all_edit_drop_and_accept(client, org, curator):
    first = mentee_with(org, curator, "Первая", requests="ИКТ")
    second = mentee_with(org, curator, "Вторая", requests="Лабораторные работы")
    third = mentee_with(org, curator, "Третья", requests="ИКТ")
    digital = mentor_with(org, curator, "Цифрова", competences="Цифровые инструменты", max_mentees=2)
    lab = mentor_with(org, curator, "Лабораторова", competences="Лабораторное оборудование", max_mentees=2)
    client.force_login(curator)
    url = reverse("pairing:matching-all")
    html = client.get(url, {"form": teacher_form().pk}).content.decode()
    assert "Предложение: 3 пары" in html
    assert html.count('type="checkbox"') == 3

    # the curator gives the second mentee the other mentor and drops the third
    response = client.post(
        url, _proposal_post(teacher_form(), [(first, digital, True), (second, digital, True), (third, digital, False)])
    )
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('pairing:list')}?status=forming"
    pairs = Mentorship.objects.filter(organization=org)
    assert {(p.mentor, p.members.get().mentee) for p in pairs} == {(digital, first), (digital, second)}
    assert {p.status for p in pairs} == {Mentorship.Status.FORMING}
    assert {p.started_on for p in pairs} == {date(2026, 11, 23)}
    assert lab  # offered, not chosen


def test_a_refused_proposal_saves_nothing_and_keeps_the_curators_table(client, org, curator):
    first = mentee_with(org, curator, "Первая")
    second = mentee_with(org, curator, "Вторая")
    third = mentee_with(org, curator, "Третья")
    one_place = mentor_with(org, curator, "Одноместова", max_mentees=1)
    other = mentor_with(org, curator, "Другова", max_mentees=2)
    client.force_login(curator)
    data = _proposal_post(teacher_form(), [(first, one_place, True), (second, one_place, True), (third, other, False)])
    response = client.post(reverse("pairing:matching-all"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Пары не сформированы" in html
    assert "будет 2 наставляемых, а наставник берёт не более 1" in html
    assert not Mentorship.objects.filter(organization=org).exists()
    # what the curator chose stays: the second row's mentor, the third row dropped
    assert "checked" in _keep_box(html, first) and "checked" not in _keep_box(html, third)
    row = html.split(f'name="mentor_{second.pk}"')[1].split("</select>")[0]
    assert f'<option value="{one_place.pk}" selected>' in row


def _keep_box(html, mentee):
    return re.search(rf'<input[^>]*name="keep_{mentee.pk}"[^>]*>', html, re.S).group(0)


def test_accepting_with_no_row_left_says_so(client, org, curator):
    first = mentee_with(org, curator, "Первая")
    mentor = mentor_with(org, curator, "Наставникова")
    client.force_login(curator)
    response = client.post(reverse("pairing:matching-all"), _proposal_post(teacher_form(), [(first, mentor, False)]))
    assert response.status_code == 200
    assert "В предложении не осталось ни одной пары." in response.content.decode()


def test_match_all_without_mentors_says_so(client, org, curator):
    mentee_with(org, curator, "Одинокая")
    client.force_login(curator)
    html = client.get(reverse("pairing:matching-all"), {"form": teacher_form().pk}).content.decode()
    assert "нет наставников в базе со свободными местами: подбирать не из кого" in html
    assert "Никто не подошёл: 1 наставляемый" in html
    assert "продолжить поиск наставника, в том числе вне организации" in html
    assert "психолого-педагогическая поддержка" in html


def test_settings_are_saved_and_bad_weights_refused(client, org, curator):
    client.force_login(curator)
    url = reverse("pairing:matching-settings")
    data = {f"weight_{k}": "2" for k in MatchingCriterion.Key.values}
    data["weight_subject"] = "11"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Вес не больше 10." in response.content.decode()
    assert 'value="11"' in response.content.decode()
    assert MatchingCriterion.objects.get(organization=org, key="subject").weight == 3
    data["weight_subject"] = "5"
    data["required_subject"] = "on"
    assert client.post(url, data).status_code == 302
    subject = MatchingCriterion.objects.get(organization=org, key="subject")
    assert (subject.weight, subject.required) == (5, True)
    assert MatchingCriterion.objects.get(organization=org, key="request").weight == 2


def test_preferences_are_recorded_refused_twice_and_deleted(client, org, curator):
    mentee = mentee_with(org, curator, "Молодая")
    mentor = mentor_with(org, curator, "Наставникова")
    client.force_login(curator)
    url = reverse("pairing:matching-preferences")
    data = {"person": mentee.person.pk, "preferred": mentor.person.pk}
    assert client.post(url, data).status_code == 302
    preference = Preference.objects.get(organization=org)
    assert (preference.school_year, preference.source, preference.rank) == (2026, "curator", 1)
    html = client.get(url).content.decode()
    assert "Молодая Анна Сергеевна" in html and "(наставляемый)" in html and "Записал куратор" in html
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Это предпочтение уже записано" in response.content.decode()
    response = client.post(url, {"person": mentee.person.pk, "preferred": mentee.person.pk})
    assert "Участник не может предпочесть сам себя." in response.content.decode()
    assert client.post(reverse("pairing:matching-preference-delete", args=[preference.pk])).status_code == 302
    assert not Preference.objects.exists()


def test_another_organizations_preference_cannot_be_deleted(client, org, curator):
    other = OrganizationFactory()
    other_curator = member(other, Role.CURATOR)
    stranger = Preference.objects.create(
        organization=other,
        person=mentee_with(other, other_curator, "Чужая").person,
        preferred=mentor_with(other, other_curator, "Чужой").person,
        school_year=2026,
    )
    client.force_login(curator)
    assert client.post(reverse("pairing:matching-preference-delete", args=[stranger.pk])).status_code == 404
    assert Preference.objects.filter(pk=stranger.pk).exists()
