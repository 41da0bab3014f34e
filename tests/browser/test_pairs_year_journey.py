"""Stages 5–6 end to end in the real pages over the whole demo of Гимназия «Жуковка»: the curator runs
«Подобрать всем», changes one row and accepts; the director signs the pairs order waiting for her, and
the new pairs go to the next order, which she signs too; the mentor records a meeting of his pair that
has not met for over 14 days, and the flag goes; the mentee sees the meeting."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def whole_demo_live(live_server):
    from mentoring_site.demo import load_everything

    load_everything()
    return live_server


def _sign_the_pairs_order_in_review(page, base):
    page.goto(f"{base}/")
    page.get_by_role("link", name=re.compile("О закреплении наставнических пар")).first.click()
    page.get_by_role("button", name="Подписать").click()
    expect(page.get_by_text("Подписан", exact=True).first).to_be_visible()


def test_a_pairs_year_from_matching_to_the_first_meeting(whole_demo_live, page, console_errors):
    from pairing.models import Mentorship

    base = whole_demo_live.url

    # The curator matches every mentee of «Учитель – учитель» without a pair and changes one row.
    login(page, base, "curator")
    page.goto(f"{base}/pairing/matching/all/")
    page.get_by_label("Форма наставничества").select_option(label="Учитель – учитель")
    page.get_by_role("button", name="Подобрать").click()
    page.get_by_label("Наставник для Журавлёва Ольга Петровна").select_option(label="Кузнецов Павел Игоревич — 0,5")
    page.get_by_label("Включить пару с Сидоров Никита Андреевич").uncheck()
    page.get_by_role("button", name="Принять предложение").click()
    expect(page.get_by_text("Сформировано: 2 пары в статусе «Формируется».")).to_be_visible()
    new_pair = Mentorship.objects.current().get(members__mentee__person__last_name="Журавлёва")
    assert (new_pair.mentor.person.last_name, new_pair.status) == ("Кузнецов", Mentorship.Status.FORMING)
    logout(page)

    # The director signs the order on this year's first pairs, waiting for her since the demo.
    login(page, base, "director")
    _sign_the_pairs_order_in_review(page, base)
    logout(page)
    idle = Mentorship.objects.current().get(members__mentee__person__last_name="Белова")
    assert idle.status == Mentorship.Status.FIXED

    # The curator sends the new pair to the next pairs order and passes it for signature.
    login(page, base, "curator")
    page.goto(f"{base}/pairing/board/")
    forming = page.get_by_role("region", name="Формируется")
    forming.locator(f'[data-pair="{new_pair.pk}"]').get_by_role("checkbox").check()
    page.get_by_role("button", name="В приказ о закреплении").click()
    expect(page.get_by_text("Пары включены в проект приказа о закреплении")).to_be_visible()
    expect(page.get_by_text(re.compile("Назначить наставниками Кузнецова Павла Игоревича"))).to_be_visible()
    page.get_by_role("button", name="На подпись").click()
    page.wait_for_load_state("networkidle")
    logout(page)

    login(page, base, "director")
    _sign_the_pairs_order_in_review(page, base)
    page.goto(f"{base}{new_pair.get_absolute_url()}")
    expect(page.get_by_text(re.compile(r"Закреплена приказом от \d\d\.\d\d\.\d{4} № \S+")).first).to_be_visible()
    logout(page)

    # The mentor's fixed pair has not met for over 14 days: he records a meeting, and the flag goes.
    login(page, base, "mentor")
    page.get_by_role("link", name="Мои пары").first.click()
    card = page.locator("section.card").filter(has_text="Белова Анна Дмитриевна")
    expect(card.locator("[data-flag=idle]")).to_have_text(re.compile(r"нет встреч \d+ дн"))
    card.get_by_role("link", name="Записать встречу").click()
    page.get_by_label("Тема").fill("Разбор открытого урока в 7Б")
    page.get_by_label("Итог встречи").fill("Договорились о приёмах работы с шумным классом.")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Встреча записана.")).to_be_visible()
    expect(page.get_by_text("Работает", exact=True)).to_be_visible()
    page.goto(f"{base}/pairing/my/")
    card = page.locator("section.card").filter(has_text="Белова Анна Дмитриевна")
    expect(card.locator("[data-flag=idle]")).to_have_count(0)
    logout(page)

    # The mentee sees the meeting under «Мои пары».
    login(page, base, "mentee")
    page.get_by_role("link", name="Мои пары").first.click()
    expect(page.get_by_text("Разбор открытого урока в 7Б")).to_be_visible()
    assert console_errors == []
