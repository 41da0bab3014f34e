import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organizations.roles import Role
from programs import services
from programs.models import Activity, Roadmap, RoadmapSection
from tests.factories import approve, member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def roadmap(org, curator):
    return services.roadmap_create_from_template(organization=org, actor=curator, start_year=2026)


def test_curator_creates_a_roadmap_from_the_template(client, curator, org):
    client.force_login(curator)
    response = client.post(reverse("programs:roadmap-create"), {"source": "template", "start_year": 2026, "title": ""})
    roadmap = Roadmap.objects.get()
    assert response.status_code == 302
    assert roadmap.organization == org
    assert roadmap.sections.count() == 7


def test_copy_needs_a_roadmap_to_copy(client, curator):
    client.force_login(curator)
    response = client.post(reverse("programs:roadmap-create"), {"source": "copy", "start_year": 2026})
    assert "Выберите дорожную карту, которую нужно скопировать." in response.content.decode()
    assert not Roadmap.objects.exists()


def test_an_unknown_stage_is_refused_in_russian(client, curator, roadmap):
    client.force_login(curator)
    response = client.post(
        reverse("programs:section-create", args=[roadmap.pk]), {"number": "8.", "title": "Лишний этап", "stage": 99}
    )
    assert "Такого этапа целевой модели нет" in response.content.decode()
    assert roadmap.sections.count() == 7


def test_an_empty_activity_re_renders_and_keeps_the_typed_values(client, curator, roadmap):
    client.force_login(curator)
    section = roadmap.sections.first()
    response = client.post(
        reverse("programs:activity-create", args=[roadmap.pk]),
        {"section": section.pk, "title": "", "deadline": "до 31 октября", "responsible": "Зам.по УВР"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Опишите мероприятие." in html
    assert "до 31 октября" in html and "Зам.по УВР" in html
    assert section.activities.count() == 5


def test_the_responsible_people_are_checkboxes_named_in_full_and_stay_checked_on_refusal(
    client, curator, director, roadmap
):
    director.first_name, director.patronymic = "Елена", "Ивановна"
    director.save()
    client.force_login(curator)
    url = reverse("programs:activity-create", args=[roadmap.pk])
    page = client.get(url).content.decode()
    assert "<select multiple" not in page and 'name="responsible_users"' in page
    assert f">{director.last_name} Елена Ивановна</span>" in page
    section = roadmap.sections.first()
    response = client.post(url, {"section": section.pk, "title": "", "responsible_users": [director.pk]})
    html = response.content.decode()
    assert response.status_code == 200 and "Опишите мероприятие." in html
    assert re.search(rf'value="{director.pk}" id="id_responsible_users_\d+" checked', html)
    assert not re.search(rf'value="{curator.pk}" id="id_responsible_users_\d+" checked', html)


def test_the_roadmap_names_the_responsible_people_in_full(client, curator, director, roadmap):
    activity = roadmap.sections.first().activities.first()
    activity.responsible_users.add(director)
    client.force_login(curator)
    html = client.get(roadmap.get_absolute_url()).content.decode()
    assert director.full_name in html and director.short_name not in html  # not by initials


def test_an_activity_with_an_unparseable_deadline_is_saved_with_a_note(client, curator, roadmap):
    client.force_login(curator)
    section = roadmap.sections.first()
    response = client.post(
        reverse("programs:activity-create", args=[roadmap.pk]),
        {"section": section.pk, "number": "1.6.", "title": "Семинар", "deadline": "По отдельным графикам"},
        follow=True,
    )
    assert "сохранён как текст" in response.content.decode()
    activity = section.activities.get(number="1.6.")
    assert (activity.deadline, activity.due_date) == ("По отдельным графикам", None)


def test_a_section_of_another_roadmap_cannot_be_chosen(client, curator, roadmap, org):
    other = services.roadmap_create_from_template(organization=org, actor=curator, start_year=2027)
    client.force_login(curator)
    response = client.post(
        reverse("programs:activity-create", args=[roadmap.pk]),
        {"section": other.sections.first().pk, "title": "Подмена раздела"},
    )
    assert response.status_code == 200
    assert not Activity.objects.filter(title="Подмена раздела").exists()


def test_editing_an_approved_roadmap_is_refused_with_a_message(client, curator, director, roadmap):
    approve(roadmap, director)
    client.force_login(curator)
    activity = roadmap.sections.first().activities.first()
    response = client.post(
        reverse("programs:activity-edit", args=[activity.pk]),
        {"section": activity.section_id, "title": "Изменено после утверждения"},
    )
    assert "Документ утверждён и не редактируется" in response.content.decode()
    activity.refresh_from_db()
    assert activity.title != "Изменено после утверждения"


def test_overdue_activities_are_highlighted(client, curator, director, org):
    old = services.roadmap_create_from_template(organization=org, actor=curator, start_year=2020)
    approve(old, director)
    client.force_login(curator)
    html = client.get(old.get_absolute_url()).content.decode()
    assert html.count('class="table-danger"') == Activity.objects.filter(section__roadmap=old).count()
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Просроченные мероприятия дорожной карты" in dashboard
    assert old.title in dashboard  # each item names its roadmap
    assert reverse("programs:overdue-list") in dashboard


def test_a_fresh_draft_is_not_overdue_but_asks_to_move_its_past_dates(client, curator, director, org):
    """Created on 20.11 from the template, its August–October activities have passed: that is a
    draft to correct, not «просрочено: 10» before anyone approved it."""
    fresh = services.roadmap_create_from_template(organization=org, actor=curator, start_year=2026)
    past = Activity.objects.filter(section__roadmap=fresh, due_date__lt=date(2026, 11, 20)).count()
    assert past > 0
    client.force_login(curator)
    html = client.get(fresh.get_absolute_url()).content.decode()
    assert "просрочено:" not in html and 'class="table-danger"' not in html
    assert f"У {past} мероприятий срок уже прошёл." in html and html.count('class="table-warning"') == past
    assert "Просроченных мероприятий нет." in client.get(reverse("dashboard")).content.decode()
    assert "Просроченных мероприятий нет." in client.get(reverse("programs:overdue-list")).content.decode()
    approve(fresh, director)
    html = client.get(fresh.get_absolute_url()).content.decode()
    assert f"просрочено: {past}" in html and "срок уже прошёл" not in html


def test_the_overdue_list_groups_every_overdue_activity_by_its_roadmap(
    client, curator, director, org, other_org, django_assert_max_num_queries
):
    for year in (2020, 2021):
        roadmap = services.roadmap_create_from_template(organization=org, actor=curator, start_year=year)
        approve(roadmap, director)
    foreign = services.roadmap_create_from_template(
        organization=other_org, actor=member(other_org, Role.CURATOR), start_year=2020
    )
    done = Activity.objects.filter(section__roadmap__organization=org).first()
    services.activity_report(activity=done, actor=curator, status="done")
    client.force_login(curator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("programs:overdue-list"))
    html = response.content.decode()
    overdue = Activity.objects.filter(section__roadmap__organization=org).exclude(pk=done.pk)
    assert f"Всего: {overdue.count()} мероприяти" in html
    assert html.count("Отметить") == min(overdue.count(), 50)
    assert "2020–2021" in html and "2021–2022" in html
    assert foreign.get_absolute_url() not in html


def test_the_overdue_list_shows_each_roadmap_once_when_their_dates_interleave(client, curator, director, org):
    """Two roadmaps in force whose overdue dates alternate (a deadline typed as «до 31.12.2025» in the
    older one, say): each roadmap gets one card, not one card per run of dates."""
    roadmaps = [
        services.roadmap_create_from_template(organization=org, actor=curator, start_year=year) for year in (2024, 2025)
    ]
    for roadmap in roadmaps:
        approve(roadmap, director)
    Activity.objects.filter(section__roadmap__in=roadmaps).update(due_date=None)
    for day in range(1, 5):  # 01.01 — the first roadmap, 02.01 — the second, 03.01 — the first…
        roadmap = roadmaps[(day - 1) % 2]
        activity = Activity.objects.filter(section__roadmap=roadmap, due_date=None).first()
        Activity.objects.filter(pk=activity.pk).update(due_date=date(2026, 1, day), status="planned")
    client.force_login(curator)
    html = client.get(reverse("programs:overdue-list")).content.decode()
    assert "Всего: 4 мероприятия" in html
    for roadmap in roadmaps:
        assert html.count(f'id="overdue-roadmap-{roadmap.pk}"') == 1


def test_evidence_is_uploaded_and_served_only_inside_the_organization(client, curator, outsider, roadmap):
    activity = roadmap.sections.first().activities.first()
    client.force_login(curator)
    upload = SimpleUploadedFile("protokol.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    client.post(
        reverse("programs:activity-report", args=[activity.pk]),
        {"status": "done", "evidence_file": upload, "evidence_url": ""},
    )
    activity.refresh_from_db()
    assert activity.status == "done"
    assert activity.evidence_file
    download = client.get(reverse("programs:activity-evidence", args=[activity.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"
    client.force_login(outsider)
    assert client.get(reverse("programs:activity-evidence", args=[activity.pk])).status_code == 404


def test_evidence_links_must_be_web_or_internal(client, curator, roadmap):
    activity = roadmap.sections.first().activities.first()
    client.force_login(curator)
    response = client.post(
        reverse("programs:activity-report", args=[activity.pk]),
        {"status": "done", "evidence_url": "javascript:alert(1)"},
    )
    assert "Ссылка должна начинаться с https://" in response.content.decode()
    activity.refresh_from_db()
    assert activity.evidence_url == ""


def test_the_roadmap_page_runs_a_constant_number_of_queries(client, curator, org, django_assert_num_queries):
    small = services.roadmap_create_from_template(organization=org, actor=curator, start_year=2026)
    big = services.roadmap_create_from_template(organization=org, actor=curator, start_year=2027)
    section = big.sections.first()
    for i in range(40):
        services.activity_save(
            activity=Activity(section=section), actor=curator, title=f"Мероприятие {i}", responsible_users=[curator]
        )
    RoadmapSection.objects.create(roadmap=big, number="8.", title="Дополнительный раздел")
    client.force_login(curator)
    with django_assert_num_queries(7):
        assert client.get(small.get_absolute_url()).status_code == 200
    with django_assert_num_queries(7):
        assert client.get(big.get_absolute_url()).status_code == 200


def test_the_roadmap_exports_to_xlsx(client, curator, roadmap):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(curator)
    response = client.get(reverse("programs:roadmap-xlsx", args=[roadmap.pk]))
    sheet = load_workbook(BytesIO(response.content)).active
    texts = [sheet.cell(row=r, column=2).value for r in range(1, sheet.max_row + 1)]
    for activity in Activity.objects.filter(section__roadmap=roadmap):
        assert activity.title in texts


def test_copying_into_a_later_year_shifts_by_the_difference(client, curator, org):
    old = services.roadmap_create_from_template(organization=org, actor=curator, start_year=2022)
    activity = old.sections.first().activities.first()
    services.activity_save(activity=activity, actor=curator, deadline="Август 2022 г.")
    client.force_login(curator)
    client.post(reverse("programs:roadmap-create"), {"source": "copy", "start_year": 2025, "copy_from": old.pk})
    new = Roadmap.objects.get(start_year=2025)
    copied = new.sections.first().activities.first()
    assert (copied.deadline, str(copied.due_date)) == ("Август 2025 г.", "2025-08-31")


def test_odd_numbers_in_the_query_string_are_ignored(client, curator, roadmap):
    client.force_login(curator)
    assert client.get(reverse("programs:activity-create", args=[roadmap.pk]) + "?section=²").status_code == 200
    assert client.get(reverse("documents:order-list") + "?year=²").status_code == 200


def test_control_characters_do_not_break_the_excel_export(client, curator, roadmap):
    activity = roadmap.sections.first().activities.first()
    services.activity_save(activity=activity, actor=curator, title="Плохой\x01символ")
    client.force_login(curator)
    response = client.get(reverse("programs:roadmap-xlsx", args=[roadmap.pk]))
    assert response.status_code == 200


def test_evidence_links_cannot_leave_the_site_by_a_backslash(client, curator, roadmap):
    activity = roadmap.sections.first().activities.first()
    client.force_login(curator)
    response = client.post(
        reverse("programs:activity-report", args=[activity.pk]), {"status": "done", "evidence_url": "/\\evil.example"}
    )
    assert "Ссылка должна начинаться" in response.content.decode()


def test_only_managing_roles_download_evidence(client, curator, mentee, roadmap):
    from django.core.files.base import ContentFile

    activity = roadmap.sections.first().activities.first()
    activity.evidence_file.save("baza.pdf", ContentFile(b"%PDF-1.4"), save=True)
    client.force_login(mentee)
    assert client.get(reverse("programs:activity-evidence", args=[activity.pk])).status_code == 403
    assert "baza.pdf" not in client.get(roadmap.get_absolute_url()).content.decode()


def test_an_html_file_is_refused_as_evidence(client, curator, roadmap):
    activity = roadmap.sections.first().activities.first()
    client.force_login(curator)
    upload = SimpleUploadedFile("evil.html", b"<script>alert(1)</script>", content_type="text/html")
    response = client.post(
        reverse("programs:activity-report", args=[activity.pk]), {"status": "done", "evidence_file": upload}
    )
    assert "Можно загрузить документ PDF" in response.content.decode()
    activity.refresh_from_db()
    assert not activity.evidence_file


def test_the_roadmap_history_shows_its_sections_and_activities(client, director, curator, roadmap):
    activity = roadmap.sections.first().activities.first()
    services.activity_save(activity=activity, actor=curator, deadline="до 15 сентября")
    section = roadmap.sections.last()
    services.section_delete(section=section, actor=curator)
    client.force_login(director)
    response = client.get(reverse("programs:roadmap-history", args=[roadmap.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Мероприятие {activity.number}" in html and "до 15 сентября" in html
    assert f"Раздел {section.number}" in html and "Удаление" in html


def test_deleting_a_section_asks_first_and_lists_its_activities(client, curator, roadmap):
    section = roadmap.sections.first()
    titles = [a.title for a in section.activities.all()]
    client.force_login(curator)
    url = reverse("programs:section-delete", args=[section.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert f"его мероприятия ({len(titles)})" in html
    assert titles[0][:60] in html
    assert RoadmapSection.objects.filter(pk=section.pk).exists()
    assert client.post(url).status_code == 302
    assert not RoadmapSection.objects.filter(pk=section.pk).exists()
