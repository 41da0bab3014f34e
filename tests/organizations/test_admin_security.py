"""The Django admin of an organization administrator stays inside their organizations."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from organizations.models import Membership, Organization
from organizations.roles import Role
from programs.models import Programme
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(demo, client):
    users = get_user_model().objects
    client.force_login(users.get(username="admin"))  # administrator of Жуковка and Старица
    return {
        "client": client,
        "stranger": users.get(username="molokova"),  # director of ООШ №11
        "other_programme": ProgrammeFactory(organization=Organization.objects.get(slug="oosh-11"), title="Чужая"),
    }


def test_history_of_another_organizations_user_is_not_found(world):
    client, stranger = world["client"], world["stranger"]
    assert client.get(reverse("admin:mentoring_site_user_history", args=[stranger.pk])).status_code == 404
    record = stranger.history.first()
    url = reverse("admin:mentoring_site_user_simple_history", args=[stranger.pk, record.history_id])
    assert client.get(url).status_code == 404


def test_reverting_from_the_history_is_refused(world):
    client, stranger = world["client"], world["stranger"]
    record = stranger.history.first()
    url = reverse("admin:mentoring_site_user_simple_history", args=[stranger.pk, record.history_id])
    response = client.post(url, {"username": "molokova", "email": "evil@example.org"})
    assert response.status_code == 403
    stranger.refresh_from_db()
    assert stranger.email != "evil@example.org"


def test_history_of_another_organizations_programme_is_not_found(world):
    programme = world["other_programme"]
    url = reverse("admin:programs_programme_history", args=[programme.pk])
    assert world["client"].get(url).status_code == 404


def test_a_membership_cannot_be_given_to_a_user_of_another_organization(world):
    zhukovka = Organization.objects.get(slug="zhukovka")
    response = world["client"].post(
        reverse("admin:organizations_membership_add"),
        {"user": world["stranger"].pk, "organization": zhukovka.pk, "role": Role.MENTEE, "since": "2026-09-01"},
    )
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert not Membership.objects.filter(user=world["stranger"], organization=zhukovka).exists()


def test_a_programme_curator_must_be_a_member(world):
    zhukovka = Organization.objects.get(slug="zhukovka")
    response = world["client"].post(
        reverse("admin:programs_programme_add"),
        {
            "organization": zhukovka.pk,
            "title": "Программа",
            "framework": "students",
            "start_year": 2026,
            "version": 1,
            "curator": world["stranger"].pk,
        },
    )
    assert response.status_code == 200
    assert not Programme.objects.filter(title="Программа").exists()


def test_someone_who_also_works_elsewhere_cannot_be_edited(world):
    """A Жуковка mentor who is also a director of ООШ №11: her account is not only ours to change."""
    shared = world["stranger"]
    Membership.objects.create(user=shared, organization=Organization.objects.get(slug="zhukovka"), role=Role.MENTOR)
    client = world["client"]
    assert client.get(reverse("admin:mentoring_site_user_change", args=[shared.pk])).status_code == 200  # view only
    response = client.post(reverse("admin:mentoring_site_user_change", args=[shared.pk]), {"email": "x@evil.org"})
    assert response.status_code == 403
    password = client.get(reverse("admin:auth_user_password_change", args=[shared.pk]))
    assert password.status_code == 403


def test_approval_fields_are_read_only_for_an_organization_admin(world):
    programme = ProgrammeFactory(organization=Organization.objects.get(slug="zhukovka"))
    form = world["client"].get(reverse("admin:programs_programme_change", args=[programme.pk])).context["adminform"]
    assert "status" not in form.form.fields
    assert "approved_by" not in form.form.fields


def test_filters_list_only_own_organizations(world):
    html = world["client"].get(reverse("admin:organizations_membership_changelist")).content.decode()
    assert "МБОУ-ООШ №11" not in html
    assert "Гимназия «Жуковка»" in html


def test_odd_ids_are_404_not_500(world):
    client = world["client"]
    assert client.get("/admin/mentoring_site/user/abc/history/").status_code == 404
    assert client.get("/admin/programs/programme/1/history/abc/").status_code == 404
    assert client.get(reverse("admin:organizations_membership_add") + "?user=abc").status_code == 200


def test_the_admin_history_page_is_in_russian(world):
    mentor = get_user_model().objects.get(username="mentor")
    html = world["client"].get(reverse("admin:mentoring_site_user_history", args=[mentor.pk])).content.decode()
    assert "Изменения" in html
    assert "Changes" not in html
    assert "Historical" not in html


def test_organization_admins_log_in_through_the_one_login_page(client, demo):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    client.post(reverse("login") + "?next=/admin/", {"username": "admin", "password": "demo-2026"})
    assert client.get(reverse("admin:index")).status_code == 200


def test_approved_documents_are_read_only_in_the_admin(world):
    from programs import services
    from tests.factories import approve

    zhukovka = Organization.objects.get(slug="zhukovka")
    curator = get_user_model().objects.get(username="curator")
    roadmap = services.roadmap_create_from_template(organization=zhukovka, actor=curator, start_year=2026)
    approve(roadmap, get_user_model().objects.get(username="director"))
    activity = roadmap.sections.first().activities.first()
    client = world["client"]
    response = client.post(
        reverse("admin:programs_activity_change", args=[activity.pk]),
        {"section": activity.section_id, "title": "Переписано в админке", "status": "done", "order": 1},
    )
    assert response.status_code == 403
    assert client.post(reverse("admin:programs_roadmap_delete", args=[roadmap.pk]), {"post": "yes"}).status_code == 403
    activity.refresh_from_db()
    assert activity.title != "Переписано в админке"
    # A draft stays editable.
    draft = services.roadmap_create_from_template(organization=zhukovka, actor=curator, start_year=2027)
    url = reverse("admin:programs_activity_change", args=[draft.sections.first().activities.first().pk])
    assert "adminform" in client.get(url).context and client.get(url).context["has_change_permission"]
