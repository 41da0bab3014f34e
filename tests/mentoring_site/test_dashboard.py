import pytest
from django.urls import reverse

from organizations.roles import Role
from tests.factories import MembershipFactory, OrganizationFactory, ProgrammeFactory, member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_curator_sees_the_empty_state_with_the_next_step(client, curator):
    client.force_login(curator)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Программ наставничества пока нет." in html
    assert reverse("programs:programme-create") in html


def test_mentor_sees_the_empty_state_without_a_create_button(client, mentor):
    client.force_login(mentor)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Куратор программы ещё не создал её." in html
    assert reverse("programs:programme-create") not in html


def test_it_shows_the_organization_card_and_people_by_role(client, director, org):
    member(org, Role.MENTOR)
    member(org, Role.MENTOR)
    member(org, Role.MENTEE)
    client.force_login(director)
    response = client.get(reverse("dashboard"))
    html = response.content.decode()
    assert org.full_name in html
    counts = dict(response.context["panels"][1].context["role_counts"])
    assert counts == {"Администратор": 0, "Директор": 1, "Куратор": 0, "Наставник": 2, "Наставляемый": 1}
    assert "назначено 4 роли" in html


def test_people_by_role_is_hidden_from_mentees(client, mentee):
    client.force_login(mentee)
    assert "Участники по ролям" not in client.get(reverse("dashboard")).content.decode()


def test_it_lists_only_this_organizations_programmes(client, curator, org, other_org):
    ProgrammeFactory(organization=org, title="Наша программа")
    ProgrammeFactory(organization=other_org, title="Чужая программа")
    client.force_login(curator)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Наша программа" in html
    assert "Чужая программа" not in html


def test_coordinator_sees_aggregates_without_names(client, coordinator, org):
    mentor_user = member(org, Role.MENTOR, user__last_name="Уникальнова")
    ProgrammeFactory(organization=org)
    client.force_login(coordinator)
    response = client.get(reverse("dashboard"))
    html = response.content.decode()
    assert org.short_name in html
    assert mentor_user.last_name not in html
    row = response.context["panels"][0].context["organizations"][0]
    assert (row.n_mentors, row.n_programmes, row.n_approved) == (1, 1, 0)


def test_a_user_without_memberships_is_told_what_to_do(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    html = client.get(reverse("dashboard")).content.decode()
    assert "Вы пока не состоите ни в одной организации." in html


def test_the_dashboard_runs_a_constant_number_of_queries(client, director, org, django_assert_num_queries):
    client.force_login(director)
    with django_assert_num_queries(12):
        assert client.get(reverse("dashboard")).status_code == 200
    for i in range(30):
        ProgrammeFactory(organization=org, title=f"Программа {i}")
        member(org, Role.MENTOR)
    with django_assert_num_queries(12):
        assert client.get(reverse("dashboard")).status_code == 200


def test_coordinator_dashboard_queries_do_not_grow_with_organizations(
    client, coordinator, org, django_assert_num_queries
):
    client.force_login(coordinator)
    with django_assert_num_queries(4):
        assert client.get(reverse("dashboard")).status_code == 200
    for _ in range(20):
        other = OrganizationFactory(municipality=org.municipality)
        MembershipFactory(organization=other, role=Role.MENTOR)
        ProgrammeFactory(organization=other)
    with django_assert_num_queries(4):
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert len(response.context["panels"][0].context["organizations"]) == 21
