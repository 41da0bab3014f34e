import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_people_live(live_server):
    from mentoring_site.demo import load_everything

    load_everything()
    return live_server


def test_curator_invites_a_mentee_who_sets_a_password_and_sees_the_pair(demo_people_live, page, console_errors):
    base = demo_people_live.url
    login(page, base, "curator")
    page.get_by_role("navigation", name="Главное меню").get_by_role("link", name="Участники").click()
    page.locator("#id_q").fill("тихонов")
    page.get_by_role("button", name="Показать").click()
    page.get_by_role("link", name="Тихонов Даниил Сергеевич").click()
    page.get_by_role("link", name="Пригласить по e-mail").click()
    page.get_by_label("E-mail").fill("не адрес")
    page.get_by_role("button", name="Отправить приглашение").click()
    expect(page.get_by_text("Введите правильный адрес электронной почты.")).to_be_visible()
    page.get_by_label("E-mail").fill("tikhonov.d@zhukovka.demo")
    page.get_by_role("button", name="Отправить приглашение").click()
    expect(page.get_by_text("приглашение отправляется на tikhonov.d@zhukovka.demo")).to_be_visible()
    expect(page.get_by_text("tikhonov.d (ещё не входил)")).to_be_visible()

    (letter,) = mail.outbox
    assert letter.to == ["tikhonov.d@zhukovka.demo"]
    link = re.search(r"(http://\S+/accounts/reset/\S+)", letter.body).group(1)
    logout(page)
    page.goto(link)
    page.locator("#id_new_password1").fill("Наставник-Тихонов-2026")
    page.locator("#id_new_password2").fill("Наставник-Тихонов-2026")
    page.get_by_role("button", name="Сохранить пароль").click()
    expect(page.get_by_role("heading", name="Пароль сохранён")).to_be_visible()

    login(page, base, "tikhonov.d", "Наставник-Тихонов-2026")
    page.get_by_role("link", name="Мои пары").click()
    expect(page.get_by_text("Мой наставник: Григорьев Артём Павлович")).to_be_visible()
    expect(page.get_by_text("Захарова")).to_have_count(0)  # the other child of the group stays hidden
    assert console_errors == []
