"""Login locks seen and lifted by the organization's administrator (organizations.views.locked_accounts)."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _fail(client, username, times=5):
    for _ in range(times):
        client.post(reverse("login"), {"username": username, "password": "wrong"})
    client.logout()


def test_the_administrator_sees_a_locked_member_and_lifts_the_lock(client, admin_user, mentor, outsider):
    _fail(client, mentor.username)
    _fail(client, outsider.username)  # another organization's account: not shown here
    client.force_login(admin_user)
    page = client.get(reverse("organizations:locks"))
    assert page.status_code == 200
    assert [row.user for row in page.context["locked"]] == [mentor]
    response = client.post(reverse("organizations:unlock", args=[mentor.pk]), follow=True)
    assert "снова открыт" in response.content.decode()
    client.logout()
    assert client.post(reverse("login"), {"username": mentor.username, "password": PASSWORD}).status_code == 302


def test_another_organizations_account_cannot_be_unlocked(client, admin_user, outsider):
    _fail(client, outsider.username)
    client.force_login(admin_user)
    assert client.post(reverse("organizations:unlock", args=[outsider.pk])).status_code == 404
    client.logout()
    assert client.post(reverse("login"), {"username": outsider.username, "password": PASSWORD}).status_code == 429


def test_only_the_administrator_lifts_locks(client, director, mentor):
    client.force_login(director)
    assert client.get(reverse("organizations:locks")).status_code == 403
    assert client.post(reverse("organizations:unlock", args=[mentor.pk])).status_code == 403
