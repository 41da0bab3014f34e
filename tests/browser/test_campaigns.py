"""The curator sends a questionnaire to a class, watches the letters go out after the worker runs, and
downloads the slip sheet for the pupils without e-mail."""

from datetime import date

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from monitoring.models import Campaign, Recipient
from monitoring.reference import ensure_standard_questionnaires
from organizations.models import Organization
from participants.models import Consent, Person
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _run_worker():
    """The real worker, until no task is due (the reminder and the closing wait for their dates)."""
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0")


def test_the_curator_sends_a_questionnaire_to_a_class_and_downloads_the_slips(
    demo_live, page, console_errors, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    zhukovka = Organization.objects.get(slug="zhukovka")
    for index, email in enumerate(["pupil0@example.org", "pupil1@example.org", "", ""]):
        pupil = Person.objects.create(
            organization=zhukovka,
            kind=Person.Kind.STUDENT,
            last_name=f"Ученикова{index}",
            first_name="Анна",
            school_class="6Г",
            email=email,
            birth_date=date(2014, 3, 1),
        )
        Consent.objects.create(person=pupil, given_on=date(2026, 9, 1), signed_by=Consent.SignedBy.BOTH)
    Person.objects.create(organization=zhukovka, last_name="Безсогласия", first_name="Пётр", school_class="6Г")
    ensure_standard_questionnaires()  # the data migration's rows, gone if a transactional test flushed them

    login(page, demo_live.url, "curator")
    page.goto(f"{demo_live.url}/monitoring/campaigns/new/")
    page.locator("#id_questionnaire").select_option(label="Анкета наставляемого (входная) (стандартная)")
    page.get_by_label("Название").fill("Входная анкета 6Г")
    page.get_by_label("6Г", exact=True).check()
    page.get_by_role("button", name="Посчитать получателей").click()
    count = page.locator("#audience-count")
    expect(count).to_contain_text("Получат личную ссылку: 4 человека.")
    expect(count).to_contain_text("по электронной почте — 2")
    expect(count).to_contain_text("нет действующего согласия на обработку персональных данных — 1")
    page.get_by_role("button", name="Создать и разослать").click()

    expect(page.locator("h1")).to_have_text("Входная анкета 6Г")
    expect(page.locator("#job-invitations")).to_contain_text("отправлено 0 из 2")
    _run_worker()
    page.reload()
    expect(page.locator("#job-invitations")).to_contain_text("отправлено 2 из 2")
    expect(page.locator("#response-rate")).to_contain_text("ответили 0 из 4 (0 %)")

    page.get_by_role("button", name="Листки с QR-кодами").click()
    expect(page.locator("#job-slips")).to_contain_text("готово 0 из 2")
    _run_worker()
    page.reload()
    with page.expect_download() as download:
        page.get_by_role("link", name="скачать PDF").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    campaign = Campaign.objects.get(title="Входная анкета 6Г")
    assert Recipient.objects.filter(campaign=campaign, sent_at__isnull=False).count() == 2
    assert console_errors == []
