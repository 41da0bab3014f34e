"""The working group pages (programs.group_views)."""

import pytest
from django.urls import reverse

from programs.models import WorkingGroupMember
from tests.factories import WorkingGroupMemberFactory

pytestmark = pytest.mark.django_db


def test_curator_adds_a_member_from_the_accounts(client, curator, mentor, org):
    client.force_login(curator)
    response = client.post(
        reverse("programs:working-group-add"),
        {"group_role": "member", "full_name": "", "position": "", "user": mentor.pk},
    )
    assert response.status_code == 302 and response["Location"] == reverse("programs:working-group")
    member = WorkingGroupMember.objects.get()
    assert (member.organization, member.full_name) == (org, mentor.full_name)
    assert member.history.first().history_user == curator


def test_a_member_without_a_name_re_renders_in_russian(client, curator):
    client.force_login(curator)
    response = client.post(reverse("programs:working-group-add"), {"group_role": "chair", "position": "Директор"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Укажите ФИО или выберите учётную запись." in html and "Директор" in html
    assert not WorkingGroupMember.objects.exists()


def test_an_account_of_another_organization_cannot_be_chosen(client, curator, outsider):
    client.force_login(curator)
    response = client.post(
        reverse("programs:working-group-add"), {"group_role": "member", "full_name": "", "user": outsider.pk}
    )
    assert response.status_code == 200
    assert not WorkingGroupMember.objects.exists()


def test_a_member_is_excluded_after_a_confirmation_page(client, curator, org):
    member = WorkingGroupMemberFactory(organization=org, full_name="Лебедева М.О.")
    client.force_login(curator)
    url = reverse("programs:working-group-delete", args=[member.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Исключить из рабочей группы: Лебедева М.О.?" in page.content.decode()
    assert WorkingGroupMember.objects.exists()  # asking changes nothing
    assert client.post(url).status_code == 302
    assert not WorkingGroupMember.objects.exists()


def test_mentors_see_the_group_but_do_not_change_it(client, mentor, org):
    member = WorkingGroupMemberFactory(organization=org, full_name="Лебедева М.О.")
    client.force_login(mentor)
    page = client.get(reverse("programs:working-group"))
    assert page.status_code == 200 and "Лебедева М.О." in page.content.decode()
    assert client.post(reverse("programs:working-group-delete", args=[member.pk])).status_code == 403
    assert WorkingGroupMember.objects.exists()


def test_another_organizations_member_is_404(client, outsider, org):
    member = WorkingGroupMemberFactory(organization=org)
    client.force_login(outsider)
    assert client.get(reverse("programs:working-group-edit", args=[member.pk])).status_code == 404
    assert client.post(reverse("programs:working-group-delete", args=[member.pk])).status_code == 404


def test_the_page_runs_a_constant_number_of_queries(client, curator, org, django_assert_num_queries):
    client.force_login(curator)
    WorkingGroupMemberFactory(organization=org)
    with django_assert_num_queries(4):
        assert client.get(reverse("programs:working-group")).status_code == 200
    WorkingGroupMemberFactory.create_batch(30, organization=org)
    with django_assert_num_queries(4):
        assert client.get(reverse("programs:working-group")).status_code == 200


def test_a_double_click_adds_a_member_once(client, curator, org):
    client.force_login(curator)
    data = {"group_role": "member", "full_name": "Лебедева М.О.", "position": "Учитель"}
    assert client.post(reverse("programs:working-group-add"), data).status_code == 302
    again = client.post(reverse("programs:working-group-add"), data)
    assert again.status_code == 200
    assert "Лебедева М.О. уже в рабочей группе." in again.content.decode()
    assert WorkingGroupMember.objects.count() == 1
