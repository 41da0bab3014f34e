"""On a phone (390 × 844, touch) the curator finds mentees by typing in the picker and taps them."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def school_with_many_mentees(live_server):
    """The demo plus three more teachers in the base of mentees: ten to pick from, so the search box shows."""
    from django.contrib.auth import get_user_model

    from mentoring_site.demo import load_everything
    from organizations.models import Organization
    from tests.pairing.helpers import make_mentee

    load_everything()
    org = Organization.objects.get(slug="zhukovka")
    curator = get_user_model().objects.get(username="curator")
    for last_name in ["Ёлкина", "Алексеева", "Борисова"]:
        make_mentee(org, curator, last_name, position="Учитель")
    return live_server


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="ru-RU", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page, errors
    context.close()


def test_the_curator_searches_taps_and_saves_a_mentee_on_a_phone(school_with_many_mentees, phone):
    from pairing.models import Mentorship

    page, console_errors = phone
    base = school_with_many_mentees.url
    login(page, base, "curator")
    page.goto(f"{base}/pairing/new/")
    mentees = page.get_by_role("group", name="Наставляемые")
    rows = mentees.locator("label.picker-option")
    expect(rows).to_have_count(10)
    status = mentees.locator("[data-picker-status]")
    expect(status).to_have_text("Выбрано: 0")

    search = page.get_by_role("searchbox", name="Найти в списке «Наставляемые»")
    search.tap()
    search.press_sequentially("МЕЛЬН")  # any case, part of the surname
    melnikov = page.get_by_text("Мельников Кирилл Алексеевич — Учитель истории")
    expect(melnikov).to_be_visible()
    expect(page.get_by_text("Белова Анна Дмитриевна", exact=False)).to_be_hidden()
    expect(rows.locator("visible=true")).to_have_count(1)
    expect(status).to_have_text("Выбрано: 0 · найдено 1 из 10")
    melnikov.tap()  # the name, not only the little box, checks the row
    expect(page.get_by_role("checkbox", name="Мельников Кирилл Алексеевич — Учитель истории")).to_be_checked()
    expect(status).to_have_text("Выбрано: 1 · найдено 1 из 10")

    search.fill("елкин")  # «е» finds «Ёлкина»
    expect(page.get_by_text("Ёлкина Анна Сергеевна — Учитель")).to_be_visible()
    expect(melnikov).to_be_hidden()
    expect(status).to_have_text("Выбрано: 1 · найдено 1 из 10")
    search.fill("нет такого")
    expect(page.get_by_text("Ничего не нашлось: сотрите часть запроса.")).to_be_visible()

    # The form is refused (no form of mentoring chosen): the tapped row stays checked.
    page.get_by_label("Наставник").select_option(
        label="Лебедева Марина Олеговна — Заместитель директора по УВР (наставляемых 0 из 2)"
    )
    page.get_by_role("button", name="Сохранить").tap()
    expect(page.get_by_text("Исправьте ошибки в форме.")).to_be_visible()
    expect(page.get_by_role("checkbox", name="Мельников Кирилл Алексеевич — Учитель истории")).to_be_checked()
    expect(mentees.locator("[data-picker-status]")).to_have_text("Выбрано: 1")

    page.get_by_label("Форма наставничества").select_option(label="«Учитель – учитель»")
    page.get_by_role("button", name="Сохранить").tap()
    expect(page.get_by_text("Пара (группа) сформирована.")).to_be_visible()
    pair = Mentorship.objects.current().get(mentor__person__last_name="Лебедева")  # the demo has her cancelled one too
    assert [m.mentee.person.full_name for m in pair.members.all()] == ["Мельников Кирилл Алексеевич"]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    assert console_errors == []


def test_a_refused_picker_with_a_search_box_gets_the_cursor(school_with_many_mentees, phone):
    """No mentee checked: the first error is the picker, whose first input is its search box, hidden
    until picker.js shows it. The cursor goes to the first checkbox instead of nowhere."""
    page, console_errors = phone
    base = school_with_many_mentees.url
    login(page, base, "curator")
    page.goto(f"{base}/pairing/new/")
    page.get_by_label("Наставник").select_option(
        label="Лебедева Марина Олеговна — Заместитель директора по УВР (наставляемых 0 из 2)"
    )
    page.get_by_label("Форма наставничества").select_option(label="«Учитель – учитель»")
    page.get_by_role("button", name="Сохранить").tap()
    expect(page.get_by_text("Исправьте ошибки в форме.")).to_be_visible()
    mentees = page.get_by_role("group", name="Наставляемые")
    expect(mentees.get_by_role("checkbox").first).to_be_focused()
    assert console_errors == []
