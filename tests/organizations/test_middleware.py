import pytest
from django.urls import reverse

from organizations.roles import Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher_of_two(org, other_org):
    """A curator in one school who is also a mentor in another."""
    user = MembershipFactory(organization=org, role=Role.CURATOR).user
    MembershipFactory(user=user, organization=other_org, role=Role.MENTOR)
    return user


def test_it_lists_every_organization_of_the_user_in_the_top_bar(client, teacher_of_two, org, other_org):
    client.force_login(teacher_of_two)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Сменить организацию" in html
    assert org.short_name in html and other_org.short_name in html


def test_it_switches_the_organization_and_the_roles(client, teacher_of_two, other_org):
    client.force_login(teacher_of_two)
    response = client.post(reverse("organizations:switch"), {"context": f"o{other_org.pk}"})
    assert response.status_code == 302
    page = client.get(reverse("dashboard"))
    assert page.context["current_organization"] == other_org
    assert page.wsgi_request.roles == frozenset({Role.MENTOR})
    assert page.context["current_roles"] == ["Наставник"]
    # As a mentor there, creating a programme is not allowed.
    assert client.get(reverse("programs:programme-create")).status_code == 403


def test_it_refuses_an_organization_the_user_is_not_in(client, curator, other_org):
    client.force_login(curator)
    response = client.post(reverse("organizations:switch"), {"context": f"o{other_org.pk}"}, follow=True)
    assert "Такой организации нет среди ваших." in response.content.decode()
    assert response.context["current_organization"] != other_org


def test_it_refuses_garbage(client, curator):
    client.force_login(curator)
    response = client.post(reverse("organizations:switch"), {"context": "x" * 500}, follow=True)
    assert response.status_code == 200
    assert "Такой организации нет среди ваших." in response.content.decode()


def test_it_is_post_only(client, curator):
    client.force_login(curator)
    assert client.get(reverse("organizations:switch")).status_code == 405


def test_a_single_organization_shows_no_switcher(client, curator):
    client.force_login(curator)
    assert "Сменить организацию" not in client.get(reverse("dashboard")).content.decode()


def test_a_deactivated_membership_gives_no_access(client, curator, org):
    membership = curator.memberships.get()
    membership.is_active = False
    membership.save()
    client.force_login(curator)
    assert client.get(reverse("programs:programme-list")).status_code == 403


def test_visible_to_finds_the_same_rows_from_the_memberships_the_request_has_read(
    teacher_of_two, org, other_org, curator, mentor, outsider, django_assert_max_num_queries
):
    """The middleware hands its memberships to visible_to() (no subquery on memberships, which cost ~1 ms to
    compile on every list page, and no role filter at all for a manager of the organization); for every
    role the rows are those the subqueries find."""
    from django.contrib.auth import get_user_model

    from organizations.models import Membership, Organization
    from organizations.querysets import remember_memberships
    from participants.models import Consent, Person

    people = [
        Person.objects.create(organization=org, last_name=f"Своя{user.pk}", first_name="Анна", user=user)
        for user in (teacher_of_two, curator, mentor, outsider)
    ]
    people.append(Person.objects.create(organization=other_org, last_name="Другая", first_name="Анна"))
    for person in people:
        Consent.objects.create(person=person, given_on="2026-09-01")
    user_model = get_user_model()
    for user in (teacher_of_two, curator, mentor, outsider):
        for organization in (None, org, other_org):
            plain = user_model.objects.get(pk=user.pk)
            expected = (
                set(Person.objects.visible_to(plain, organization)),
                set(Consent.objects.visible_to(plain, organization)),
                set(Organization.objects.visible_to(plain, organization)),
            )
            read = user_model.objects.get(pk=user.pk)
            remember_memberships(read, Membership.objects.active().filter(user=read))
            with django_assert_max_num_queries(3) as queries:
                found = (
                    set(Person.objects.visible_to(read, organization)),
                    set(Consent.objects.visible_to(read, organization)),
                    set(Organization.objects.visible_to(read, organization)),
                )
            assert found == expected, (user, organization)
            assert not any("organizations_membership" in q["sql"] for q in queries.captured_queries)
