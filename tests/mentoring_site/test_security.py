import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_posts_without_a_csrf_token_are_refused(curator, org):
    client = Client(enforce_csrf_checks=True)
    client.force_login(curator)
    response = client.post(reverse("programs:programme-create"), {"title": "Программа", "start_year": 2026})
    assert response.status_code == 403
    assert "Форма устарела" in response.content.decode()
    assert not org.programmes.exists()


def test_posts_with_the_csrf_token_from_the_page_go_through(curator, org):
    client = Client(enforce_csrf_checks=True)
    client.force_login(curator)
    page = client.get(reverse("programs:programme-create"))
    token = page.context["csrf_token"]
    response = client.post(
        reverse("programs:programme-create"),
        {"csrfmiddlewaretoken": str(token), "title": "Программа", "framework": "students", "start_year": 2026},
    )
    assert response.status_code == 302
    assert org.programmes.count() == 1


def test_a_refusal_says_why_in_russian(client, curator, mentor, org):
    """A PermissionDenied with our reason shows it; a wrong role sees the general text, not the code's words."""
    from pairing.models import Mentorship
    from tests.factories import MentorshipFactory

    pair = MentorshipFactory(organization=org, status=Mentorship.Status.ACTIVE)
    client.force_login(curator)
    response = client.get(reverse("pairing:cancel", args=[pair.pk]))
    page = response.content.decode()
    assert response.status_code == 403
    assert "Отменить можно только пару в статусе «Формируется»." in page and "У вашей роли нет прав" not in page
    client.force_login(mentor)
    page = client.get(reverse("pairing:cancel", args=[pair.pk])).content.decode()
    assert "У вашей роли нет прав на эту страницу" in page and 'id="refusal-reason"' not in page


def test_login_post_needs_csrf_too(curator):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": curator.username, "password": "x"})
    assert response.status_code == 403


def test_pages_carry_a_strict_content_security_policy(client, curator):
    client.force_login(curator)
    policy = client.get(reverse("dashboard"))["Content-Security-Policy"]
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "default-src 'self'" in policy
    assert "http" not in policy  # no third-party origins


def test_pages_cannot_be_framed(client, curator):
    client.force_login(curator)
    assert client.get(reverse("dashboard"))["X-Frame-Options"] == "DENY"


def test_no_page_loads_anything_from_a_cdn(client, curator):
    client.force_login(curator)
    html = client.get(reverse("dashboard")).content.decode()
    assert "cdn" not in html.lower()
    assert "https://" not in html


def test_another_organizations_programme_is_a_404_even_for_its_curator_role(client, outsider, org):
    programme = ProgrammeFactory(organization=org)
    client.force_login(outsider)
    response = client.get(programme.get_absolute_url())
    assert response.status_code == 404
    assert programme.title not in response.content.decode()


def test_production_settings_pass_check_deploy():
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k not in {"DATABASE_URL", "PYTEST_VERSION"}
    }
    env.update(
        {
            "DJANGO_DEBUG": "off",
            "DJANGO_TESTING": "off",
            "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": "nastavnik.example.org",
            "DATABASE_URL": "sqlite:////tmp/nastavnik-deploy-check.sqlite3",
        }
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "PYTEST_VERSION"}
    env.update({"DJANGO_DEBUG": "off", "DJANGO_TESTING": "off"})
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
