import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _form(org, **overrides):
    data = {
        "full_name": org.full_name,
        "short_name": org.short_name,
        "kind": org.kind,
        "address": "",
        "director_name": org.director_name,
        "director_position": org.director_position,
        "phone": "",
        "email": "",
        "website": "",
    }
    data.update(overrides)
    return data


def test_director_updates_the_organization_and_it_is_audited(client, director, org):
    client.force_login(director)
    response = client.post(reverse("organizations:edit"), _form(org, address="ст. Старица, ул. Школьная, 1"))
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.address == "ст. Старица, ул. Школьная, 1"
    history = client.get(reverse("organizations:history")).content.decode()
    assert "ул. Школьная" in history
    assert director.full_name in history


def test_a_bad_email_re_renders_with_a_russian_message(client, director, org):
    client.force_login(director)
    response = client.post(reverse("organizations:edit"), _form(org, email="не-почта", address="Новый адрес"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Введите правильный адрес электронной почты." in html
    assert "Новый адрес" in html
    org.refresh_from_db()
    assert org.address == ""


def test_curator_may_not_edit_the_organization(client, curator, org):
    client.force_login(curator)
    assert client.post(reverse("organizations:edit"), _form(org, address="x")).status_code == 403
    org.refresh_from_db()
    assert org.address == ""


def test_the_organization_page_shows_its_own_organization_only(client, curator, org, other_org):
    client.force_login(curator)
    html = client.get(reverse("organizations:detail")).content.decode()
    assert org.full_name in html
    assert other_org.full_name not in html
