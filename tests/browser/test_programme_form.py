import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_programme_is_filled_step_by_step_its_tables_grow_and_an_error_is_focused(demo_live, page, console_errors):
    from programs.models import Programme

    base = demo_live.url
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, base, "curator")
    page.goto(f"{base}/programs/new/")
    page.locator("#id_title").fill("Программа наставничества «Шаг за шагом»")
    page.get_by_role("button", name="Создать и перейти к разделам").click()
    expect(page.get_by_text("Программа создана. Заполните её разделы по шагам.")).to_be_visible()
    expect(page.get_by_role("heading", name="1. Пояснительная записка")).to_be_visible()
    programme = Programme.objects.get(title="Программа наставничества «Шаг за шагом»")

    page.get_by_role("link", name="2. Структура управления").click()
    rows = page.locator("[data-formset=responsibilities] [data-rows] > .row")
    expect(rows).to_have_count(1)
    page.get_by_role("button", name="Добавить строку").click()
    page.get_by_role("button", name="Добавить строку").click()
    expect(rows).to_have_count(3)
    for i, who in enumerate(["Директор", "Куратор"]):
        page.locator(f"#id_responsibilities-{i}-directions").fill(f"Направление {i + 1}")
        page.locator(f"#id_responsibilities-{i}-responsible").fill(who)
    page.locator("#id_responsibilities-2-deadline").fill("")  # the third row stays empty
    page.get_by_role("button", name="Сохранить", exact=True).click()
    expect(page.get_by_text("Раздел «2. Структура управления» сохранён.")).to_be_visible()
    assert list(programme.responsibilities.values_list("responsible", flat=True)) == ["Директор", "Куратор"]

    # A refused step: the summary links the field, and the cursor is already in it.
    page.get_by_role("link", name="Общие сведения").click()
    page.locator("#id_period").fill("2026–2029 гг.")
    page.locator("#id_start_year").fill("1900")
    page.get_by_role("button", name="Сохранить", exact=True).click()
    error = "Учебный год (начало): Убедитесь, что это значение больше либо равно 2019."
    expect(page.locator("#form-errors")).to_contain_text(error)
    expect(page.locator("#id_start_year")).to_be_focused()
    expect(page.locator("#id_period")).to_have_value("2026–2029 гг.")
    # What the refused form holds is not saved yet: leaving the page asks first.
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.locator("#id_period").click()  # the browser asks only on a page the user has touched
    page.get_by_role("link", name="3. Этапы реализации").click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    expect(page.locator("#id_period")).to_have_value("2026–2029 гг.")
    assert not console_errors
