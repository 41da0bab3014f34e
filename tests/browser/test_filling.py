"""A pupil fills a questionnaire by a personal link on a phone: a conditional question, a draft, the answers."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from monitoring.models import Campaign, Response
from tests.monitoring.filling_kit import make_kit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_a_pupil_fills_the_form_on_a_phone_saves_a_draft_and_sends_it(live_server, page, console_errors):
    kit = make_kit()
    today = timezone.localdate()
    Campaign.objects.filter(pk=kit.campaign.pk).update(
        opens_on=today - timedelta(days=1), closes_on=today + timedelta(days=7)
    )
    url = live_server.url + kit.url
    page.goto(url)
    expect(page.get_by_role("heading", name="Входная анкета 8А")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone

    why = page.locator(f"#question-{kit.why.pk}")
    expect(why).to_be_hidden()  # shown only after «Да»
    page.get_by_text("7", exact=True).first.click()
    page.locator(f"label[for=q{kit.yes_no.pk}-yes]").click()
    expect(why).to_be_visible()
    page.get_by_label("Ответ").first.fill("Олимпиада по математике")
    page.get_by_text("Математика", exact=True).click()
    page.get_by_role("button", name="Сохранить черновик").click()
    expect(page.get_by_text("Черновик сохранён")).to_be_visible()

    page.goto(url)
    expect(page.get_by_text("Восстановлен сохранённый черновик")).to_be_visible()
    expect(why).to_be_visible()
    expect(page.locator(f"#q{kit.why.pk}")).to_have_value("Олимпиада по математике")
    expect(page.locator(f"#q{kit.scale.pk}-7")).to_be_checked()

    page.get_by_role("button", name="Отправить ответы").click()
    expect(page.get_by_text("Оцените каждое утверждение.")).to_be_visible()  # the matrix is required
    expect(page.locator(f"#q{kit.why.pk}")).to_have_value("Олимпиада по математике")
    matrix = page.locator(f"#question-{kit.matrix.pk}")
    matrix.locator(f"label[for=q{kit.matrix.pk}-goals-4]").click()
    matrix.locator(f"label[for=q{kit.matrix.pk}-schedule-5]").click()
    page.get_by_role("button", name="Отправить ответы").click()
    expect(page.get_by_role("heading", name="Спасибо! Ответы отправлены")).to_be_visible()
    assert Response.objects.filter(campaign=kit.campaign).count() == 1

    page.goto(url)
    expect(page.get_by_role("heading", name="Вы уже ответили на эту анкету")).to_be_visible()
    assert not console_errors
