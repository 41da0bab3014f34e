import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_people_live(live_server):
    from datetime import date

    from mentoring_site.demo import load_everything
    from pairing.models import Mentorship

    load_everything()
    # The demo pair of `mentor` and `mentee`, fixed by the pairs order (as the director's signature does).
    Mentorship.objects.filter(mentor__person__user__username="mentor", status__in=Mentorship.CURRENT).update(
        status=Mentorship.Status.FIXED, order_number="16/5-О", order_date=date(2026, 10, 1)
    )
    return live_server


def test_the_mentor_records_a_meeting_of_an_idle_pair_and_the_mentee_sees_it(demo_people_live, page, console_errors):
    base = demo_people_live.url
    login(page, base, "mentor")
    expect(page.get_by_text("ваша пара или группа без встреч больше 14 дней")).to_be_visible()
    page.get_by_role("link", name="Мои пары").first.click()
    card = page.locator("section.card").filter(has_text="Я — наставник")
    expect(card.locator("[data-flag=idle]")).to_have_text(re.compile(r"нет встреч \d+ дн"))

    card.get_by_role("link", name="Записать встречу").click()
    expect(page.get_by_role("heading", name="Записать встречу")).to_be_visible()
    expect(page.get_by_label("Белова Анна Дмитриевна — Учитель английского языка")).to_be_checked()
    page.get_by_label("Тема").fill("Разбор открытого урока в 7Б")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Исправьте ошибки в форме.")).to_be_visible()
    expect(page.get_by_text("Запишите итог встречи.")).to_be_visible()
    expect(page.get_by_label("Тема")).to_have_value("Разбор открытого урока в 7Б")

    page.get_by_label("Итог встречи").fill("Договорились о приёмах работы с шумным классом.")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Встреча записана.")).to_be_visible()
    meetings = page.locator("#meetings")
    expect(meetings.get_by_text("Разбор открытого урока в 7Б")).to_be_visible()
    expect(meetings.locator("[data-flag=idle]")).to_have_count(0)
    expect(page.get_by_text("Работает", exact=True)).to_be_visible()

    page.goto(f"{base}/pairing/my/")
    expect(page.locator("[data-flag=idle]")).to_have_count(0)
    logout(page)

    login(page, base, "mentee")
    page.get_by_role("link", name="Мои пары").first.click()
    expect(page.get_by_text("Разбор открытого урока в 7Б")).to_be_visible()
    expect(page.get_by_text("Связаться с наставником:")).to_be_visible()
    page.get_by_role("link", name="Все встречи").click()
    expect(page.get_by_text("Договорились о приёмах работы с шумным классом.")).to_be_visible()
    expect(page.get_by_role("link", name="Записать встречу")).to_have_count(0)
    assert console_errors == []
