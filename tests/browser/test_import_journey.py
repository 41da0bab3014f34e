import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.participants.test_import import MESSY_STAFF, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check(page, path, kind="staff"):
    page.locator("#id_kind").select_option(kind)
    page.locator("#id_file").set_input_files(str(path))
    page.get_by_role("button", name="Проверить файл").click()


def test_admin_imports_staff_after_fixing_the_file(demo_live, page, tmp_path, console_errors):
    broken = [row[:] for row in MESSY_STAFF]
    broken[2][2] = "31.02.1980"
    broken[2][4] = "много"
    bad_file = tmp_path / "staff-bad.xlsx"
    bad_file.write_bytes(xlsx(broken))
    good_file = tmp_path / "staff.xlsx"
    good_file.write_bytes(xlsx(MESSY_STAFF))

    login(page, demo_live.url, "admin")
    page.goto(f"{demo_live.url}/participants/")
    page.get_by_role("link", name="Импорт из Excel").click()
    _check(page, bad_file)
    expect(page.get_by_text("строка 5, столбец «Дата рождения»: 31.02.1980 — такой даты нет")).to_be_visible()
    expect(page.get_by_text("строка 5, столбец «Стаж»: много — нужно число лет от 0 до 70")).to_be_visible()
    expect(page.get_by_text("Ничего не сохранено.", exact=False)).to_be_visible()

    page.get_by_role("link", name="Загрузить исправленный файл").click()
    _check(page, good_file)
    expect(page.get_by_text("будет добавлено")).to_be_visible()
    new_rows = page.get_by_role("table", name="Будут добавлены")
    petrova = new_rows.get_by_role("row").filter(has_text="Петрова Анна Сергеевна")
    for value in ("4", "14.03.1985", "Учитель математики", "12", "высшая", "+7 (912) 345-67-89"):
        expect(petrova.get_by_role("cell", name=value, exact=True)).to_be_visible()
    expect(new_rows.get_by_role("row")).to_have_count(4)  # the header and three people
    page.get_by_role("button", name="Импортировать").click()
    expect(page.get_by_text("Импорт завершён: добавлено 3, обновлено 0.")).to_be_visible()
    page.locator("#id_q").fill("петрова")
    page.get_by_role("button", name="Показать").click()
    expect(page.get_by_role("link", name="Петрова Анна Сергеевна")).to_be_visible()

    # The same file again: nothing would change, so there is nothing to press.
    page.goto(f"{demo_live.url}/participants/import/")
    _check(page, good_file)
    expect(page.get_by_role("button", name="Импортировать")).to_be_disabled()
    expect(page.get_by_text("Импортировать нечего: все люди из файла уже есть в базе")).to_be_visible()
    assert console_errors == []


def test_a_pupils_list_checked_as_staff_is_caught_and_previewed_on_a_phone(demo_live, page, console_errors):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, demo_live.url, "curator")
    page.goto(f"{demo_live.url}/participants/import/")
    _check(page, "fixtures/import/students_zhukovka.xlsx", kind="staff")
    expect(page.get_by_text("Похоже, в файле обучающиеся, а не сотрудники", exact=False)).to_be_visible()
    page.get_by_role("button", name="Проверить этот же файл как список обучающихся").click()
    expect(page.get_by_text("students_zhukovka.xlsx · Обучающиеся")).to_be_visible()
    # Stacked rows: every value on screen beside its column's name, nothing to scroll sideways.
    row = page.get_by_role("table", name="Будут добавлены").get_by_role("row").filter(has_text="Тихонов Даниил")
    expect(row.get_by_role("cell", name="Дата рождения 03.08.2012", exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = row.get_by_role("cell", name="Родитель Тихонова Ольга Николаевна", exact=True).bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390
    assert console_errors == []
