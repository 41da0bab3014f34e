"""The справка of a large programme in the browser: the curator asks for it, the real worker makes it while
the page follows its progress by itself, then she downloads the PDF."""

import subprocess

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from monitoring import evaluation as services
from monitoring import report_jobs
from organizations.models import Organization
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_curator_gets_the_report_of_a_large_programme_from_the_worker(
    demo_live, page, console_errors, settings, tmp_path
):
    zhukovka = Organization.objects.get(slug="zhukovka")
    curator = get_user_model().objects.get(username="curator")
    evaluation = services.evaluation_create(programme=None, organization=zhukovka, school_year=2026, actor=curator)
    participants = report_jobs.participant_count(evaluation)
    settings.REPORT_BACKGROUND_FROM = participants - 1  # the demo school counts as a large programme
    base = demo_live.url
    login(page, base, "curator")
    page.goto(base + evaluation.get_absolute_url())
    page.get_by_role("link", name="Справка (PDF)").click()
    expect(page.get_by_role("heading", name="Справка ещё не формировалась")).to_be_visible()
    expect(page.get_by_text("формируется в фоне")).to_be_visible()
    page.get_by_role("button", name="Сформировать справку").click()
    expect(page.get_by_text("Справка формируется: страница обновится сама")).to_be_visible()
    expect(page.get_by_role("heading", name="Справка в очереди")).to_be_visible()

    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0")
    expect(page.get_by_role("heading", name="Справка готова")).to_be_visible(timeout=10_000)  # reloaded by itself
    link = page.get_by_role("link", name="Скачать справку (PDF)")
    response = page.request.get(base + link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(response.body())
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Информационная справка по итогам мониторинга программы наставничества" in " ".join(text.split())
    assert console_errors == []
