"""The request's charset and caching of private pages (mentoring_site.middleware), the refused-access log."""

import logging
from urllib.parse import quote

import pytest
from django.urls import reverse

from participants.models import Person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("charset", ["koi8-r", "windows-1251", "utf-16", "x-no-such-charset", '"cp866"'])
def test_a_form_in_another_charset_gets_a_russian_400_and_saves_nothing(client, curator, charset):
    client.force_login(curator)
    body = (
        "last_name=" + quote("Иванова".encode("koi8-r")) + "&first_name=" + quote("Мария".encode("koi8-r"))
    ).encode()
    response = client.generic(
        "POST",
        reverse("participants:person-create"),
        data=body,
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code == 400
    assert "сайт принимает только UTF-8" in response.content.decode()
    assert not Person.objects.exists()


def test_a_utf8_form_is_read_as_before(client, curator):
    client.force_login(curator)
    response = client.generic(
        "POST",
        reverse("participants:person-create"),
        data="kind=teacher&last_name=Иванова&first_name=Мария".encode(),
        content_type="application/x-www-form-urlencoded; charset=UTF-8",
    )
    assert response.status_code == 302
    assert Person.objects.get().last_name == "Иванова"


@pytest.mark.parametrize("name", ["participants:person-list", "participants:base-export", "dashboard"])
def test_pages_of_a_signed_in_user_are_never_cached(client, curator, name):
    client.force_login(curator)
    kwargs = {"base": "mentors", "fmt": "xlsx"} if name == "participants:base-export" else None
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_public_page_may_be_cached(client, org):
    response = client.get(reverse("public:page", kwargs={"slug": org.slug}))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_refused_access_is_one_line_in_the_log(client, mentor, org, caplog):
    client.force_login(mentor)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(reverse("participants:person-list")).status_code == 403
    handler_filter = __import__("mentoring_site.logging", fromlist=["RefusedAccessFilter"]).RefusedAccessFilter()
    records = [r for r in caplog.records if getattr(r, "status_code", None) == 403]
    assert records
    record = records[-1]
    assert handler_filter.filter(record)
    assert record.exc_info is None
    assert record.getMessage() == f"refused: user={mentor.username} organization={org.slug} GET /participants/"
