import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_people_live(live_server):
    from mentoring_site.demo import load_everything

    load_everything()
    return live_server


def test_curator_forms_a_pair_and_the_mentor_sees_it(demo_people_live, page, console_errors):
    base = demo_people_live.url
    login(page, base, "curator")
    page.get_by_role("link", name="Пары", exact=True).click()
    page.get_by_role("link", name="Наставляемые без пары").click()
    expect(page.get_by_role("link", name="Мельников Кирилл Алексеевич")).to_be_visible()
    expect(page.get_by_role("link", name="Белова Анна Дмитриевна")).to_have_count(0)

    page.goto(f"{base}/pairing/")
    page.get_by_role("link", name="Сформировать пару").click()
    page.get_by_label("Наставник").select_option(
        label="Лебедева Марина Олеговна — Заместитель директора по УВР (наставляемых 0 из 2)"
    )
    page.get_by_label("Форма наставничества").select_option(label="«Учитель – учитель»")
    page.get_by_label("Цель и задачи").fill("Освоение электронного журнала и рабочих программ")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Исправьте ошибки в форме.")).to_be_visible()
    expect(page.get_by_label("Цель и задачи")).to_have_value("Освоение электронного журнала и рабочих программ")

    page.get_by_label("Мельников Кирилл Алексеевич — Учитель истории").check()
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Пара (группа) сформирована.")).to_be_visible()
    expect(page.get_by_role("heading", name="Пара: наставник Лебедева Марина Олеговна")).to_be_visible()
    expect(page.get_by_text("Электронный журнал и цифровые образовательные ресурсы")).to_be_visible()

    page.get_by_role("link", name="Наставник", exact=True).first.click()
    expect(page.get_by_text("Я — наставник (Учитель – учитель)")).to_be_visible()
    page.get_by_role("link", name="Все пары").click()
    expect(page.get_by_text("Мельников Кирилл Алексеевич")).to_be_visible()
    assert console_errors == []
