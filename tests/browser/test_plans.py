import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_pair_without_plan(live_server):
    """The whole demo; the pair of `mentor` and `mentee` without its demo plan, to draw it up anew."""
    from mentoring_site.demo import load_everything
    from pairing.models import IndividualPlan

    load_everything()
    IndividualPlan.objects.filter(mentorship__mentor__person__user__username="mentor").delete()
    return live_server


def test_the_mentor_drafts_the_curator_approves_the_mentee_reads(demo_pair_without_plan, page, console_errors):
    base = demo_pair_without_plan.url
    login(page, base, "mentor")
    page.get_by_role("link", name="Мои пары", exact=True).first.click()
    page.get_by_role("link", name="Составить индивидуальный план").click()
    expect(page.get_by_role("heading", name="Новый индивидуальный план")).to_be_visible()
    # The template rows: the mentee's requests.
    expect(page.locator('[name="items-0-goal"]')).to_have_value("Организация учебного процесса в 7-х классах")
    expect(page.locator('[name="items-1-goal"]')).to_have_value("Работа с родителями")
    page.get_by_label("Вид плана").select_option(label="Персонализированная программа наставничества")
    page.locator('[name="items-0-task"]').fill("Освоить планирование урока")
    page.locator('[name="items-0-activity"]').fill("Совместное планирование трёх уроков")
    page.locator('[name="items-0-due_on"]').fill("2026-12-10")
    page.get_by_role("button", name="Добавить строку").click()
    page.locator('[name="items-3-goal"]').fill("Классное руководство")
    page.locator('[name="items-3-task"]').fill("Провести классный час")
    page.locator('[name="items-3-activity"]').fill("Классный час в 7А с наставником")
    page.locator('[name="items-3-due_on"]').fill("2027-06-20")  # after the pair's planned end
    page.get_by_role("button", name="Сохранить черновик").click()
    expect(page.get_by_text("позже планового окончания работы пары (31.05.2027)").first).to_be_visible()
    expect(page.locator('[name="items-3-activity"]')).to_have_value("Классный час в 7А с наставником")
    page.locator('[name="items-3-due_on"]').fill("2027-03-20")
    page.get_by_role("button", name="Сохранить черновик").click()
    expect(page.get_by_text("План сохранён.")).to_be_visible()
    expect(page.get_by_role("cell", name="Провести классный час")).to_be_visible()
    expect(page.get_by_role("cell", name="Работа с родителями")).to_have_count(0)  # an untouched template row
    page.get_by_role("button", name="На утверждение").click()
    expect(page.get_by_text("План отправлен на утверждение куратору.")).to_be_visible()
    logout(page)

    login(page, base, "curator")
    expect(page.get_by_role("heading", name="Индивидуальные планы на утверждении")).to_be_visible()
    page.get_by_role("link", name="Наставник Кузнецов Павел Игоревич").click()
    page.get_by_role("button", name="Утвердить").click()
    expect(page.get_by_text("План утверждён.")).to_be_visible()
    logout(page)

    login(page, base, "mentee")
    page.get_by_role("link", name="Мои пары", exact=True).first.click()
    page.get_by_role("link", name="Персонализированная программа наставничества").click()
    expect(page.get_by_role("cell", name="Освоить планирование урока")).to_be_visible()
    expect(page.get_by_role("cell", name="20.03.2027")).to_be_visible()
    expect(page.get_by_text("Утверждён", exact=False).first).to_be_visible()
    expect(page.get_by_role("button", name="На утверждение")).to_have_count(0)
    expect(page.get_by_role("link", name="Изменить")).to_have_count(0)
    assert console_errors == []


def test_a_plan_and_its_form_fit_a_phone(browser, demo_pair_without_plan):
    from pairing.models import IndividualPlan, Mentorship
    from tests.browser.test_phone_layout import OVERFLOW, PHONE

    base = demo_pair_without_plan.url
    in_review = IndividualPlan.objects.get(mentorship__mentor__person__last_name="Фролов")
    pair = Mentorship.objects.current().get(mentor__person__user__username="mentor")
    for username, path in (
        ("mentor2", f"/pairing/plans/{in_review.pk}/"),
        ("mentor", f"/pairing/{pair.pk}/plan/new/"),
        ("mentor", f"/pairing/{pair.pk}/"),
    ):
        context = browser.new_context(viewport=PHONE, locale="ru-RU")
        page = context.new_page()
        login(page, base, username)
        assert page.goto(f"{base}{path}").status == 200
        page.wait_for_load_state("networkidle")
        found = page.evaluate(OVERFLOW)
        assert found["scrollWidth"] <= found["innerWidth"] and found["wide"] == [], (path, found)
        context.close()
