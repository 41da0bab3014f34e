"""The one permission table (organizations.permissions): views, templates, panels and services read it."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from organizations.models import Membership
from organizations.permissions import PERMISSIONS, actions_for, allows, roles_for
from organizations.roles import MANAGING_ROLES, Role

pytestmark = pytest.mark.django_db


def test_each_action_names_its_roles():
    assert roles_for("orders.sign") == {Role.DIRECTOR}
    assert roles_for("pairs.manage") == {Role.CURATOR, Role.DIRECTOR}
    assert roles_for("people.manage") == MANAGING_ROLES
    assert roles_for("municipality.view") == {Role.COORDINATOR}
    assert all(roles and roles <= set(Role) for roles in PERMISSIONS.values())


def test_an_unknown_action_is_a_programming_error():
    with pytest.raises(KeyError, match="Unknown action 'orders.burn'"):
        allows({Role.DIRECTOR}, "orders.burn")


def test_a_mentor_may_see_own_pairs_but_not_manage_people():
    assert allows({Role.MENTOR}, "pairs.own")
    assert not allows({Role.MENTOR}, "people.manage")
    assert "orders.view" not in actions_for({Role.MENTOR, Role.MENTEE})
    assert "orders.sign" in actions_for({Role.DIRECTOR})


def test_templates_ask_the_same_table():
    request = RequestFactory().get("/")
    request.roles = frozenset({Role.CURATOR})
    template = Template(
        '{% if request|can:"pairs.manage" %}да{% endif %}|{% if request|can:"orders.sign" %}да{% endif %}'
    )
    assert template.render(Context({"request": request})) == "да|"


def test_services_re_check_the_actor_in_the_database(org, director, curator, other_org):
    assert Membership.objects.grants(director, org, "orders.sign")
    assert not Membership.objects.grants(curator, org, "orders.sign")
    assert not Membership.objects.grants(director, other_org, "orders.sign")  # not their organization
    Membership.objects.filter(user=director).update(is_active=False)
    assert not Membership.objects.grants(director, org, "orders.sign")  # a role that ended grants nothing
