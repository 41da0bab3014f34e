"""Issue 13 end to end: the curator starts a campaign linked to a roadmap activity; a pupil opens the personal
link on a phone, fills and sends it; the curator sees the response rate change and the summary; closing the
campaign marks the activity done with the summary as its evidence."""

from datetime import date

import pytest
from playwright.sync_api import expect

from monitoring.campaigns import activities_for_campaigns
from monitoring.models import Campaign, Question, Questionnaire
from organizations.models import Organization
from participants.models import Consent, Person
from programs.models import Activity
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def whole_demo(live_server):
    from mentoring_site.demo import load_everything

    load_everything()
    return live_server


def test_campaign_phone_answer_rate_summary_and_the_activity_done(whole_demo, page, browser, console_errors):
    base = whole_demo.url
    zhukovka = Organization.objects.get(slug="zhukovka")
    for index in range(3):
        pupil = Person.objects.create(
            organization=zhukovka,
            kind=Person.Kind.STUDENT,
            last_name=f"Семёнова{index}",
            first_name="Ольга",
            school_class="5Д",
            birth_date=date(2015, 2, 1 + index),  # 11 years: a parent's consent is needed, and given
            parent_name="Семёнова Ирина Петровна",
        )
        Consent.objects.create(person=pupil, given_on=date(2026, 9, 1), signed_by=Consent.SignedBy.PARENT)
    activity = activities_for_campaigns(zhukovka).filter(title__startswith="Анкетирование участников").first()
    assert activity is not None and activity.status != Activity.Status.DONE

    login(page, base, "curator")
    page.goto(f"{base}/monitoring/campaigns/new/")
    page.locator("#id_questionnaire").select_option(label="Анкета наставляемого (входная) (стандартная)")
    page.get_by_label("Название").fill("Входная анкета 5Д")
    page.locator("#id_activity").select_option(str(activity.pk))
    page.get_by_label("5Д", exact=True).check()
    page.get_by_role("button", name="Создать и разослать").click()
    expect(page.locator("h1")).to_have_text("Входная анкета 5Д")
    expect(page.locator("#response-rate")).to_contain_text("ответили 0 из 3 (0 %)")

    # A pupil scans the QR code of her slip: the personal link on a phone, no account.
    campaign = Campaign.objects.get(title="Входная анкета 5Д")
    recipient = campaign.recipients.get(person__last_name="Семёнова0")
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="ru-RU")
    pupil_page = phone.new_page()
    pupil_page.goto(base + recipient.get_absolute_url())
    expect(pupil_page.get_by_role("heading", name="Анкета наставляемого (входная)")).to_be_visible()
    assert pupil_page.evaluate("document.documentElement.scrollWidth") <= 390
    questionnaire = Questionnaire.objects.get(pk=campaign.questionnaire_id)
    for question in Question.objects.filter(questionnaire=questionnaire, required=True):
        if question.kind == Question.Kind.SCALE:
            pupil_page.locator(f"label[for=q{question.pk}-8]").click()
        elif question.kind == Question.Kind.YES_NO:
            pupil_page.locator(f"label[for=q{question.pk}-no]").click()
    pupil_page.get_by_role("button", name="Отправить ответы").click()
    expect(pupil_page.get_by_role("heading", name="Спасибо! Ответы отправлены")).to_be_visible()
    phone.close()

    page.reload()
    expect(page.locator("#response-rate")).to_contain_text("ответили 1 из 3 (33 %)")
    page.get_by_role("link", name="Итоги и ответы").click()
    expect(page.get_by_text("ответили 1 из 3").first).to_be_visible()
    expect(page.get_by_text("8,0").first).to_be_visible()  # the mean of a scale, computed in the database

    page.get_by_role("link", name="Входная анкета 5Д").click()
    page.get_by_role("link", name="Завершить досрочно").click()
    page.get_by_role("button", name="Завершить").click()
    expect(page.get_by_text("Анкетирование завершено. Ответили 1 из 3").first).to_be_visible()
    activity.refresh_from_db()
    campaign.refresh_from_db()
    assert activity.status == Activity.Status.DONE and campaign.get_absolute_url() in activity.evidence_url
    assert campaign.summary.startswith("Ответили 1 из 3")
    assert console_errors == []
