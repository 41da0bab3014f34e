import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.participants.test_import import MESSY_STAFF, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_imports_staff_after_fixing_the_file(demo_live, page, tmp_path, console_errors):
    broken = [row[:] for row in MESSY_STAFF]
    broken[2][2] = "31.02.1980"
    bad_file = tmp_path / "staff-bad.xlsx"
    bad_file.write_bytes(xlsx(broken))
    good_file = tmp_path / "staff.xlsx"
    good_file.write_bytes(xlsx(MESSY_STAFF))

    login(page, demo_live.url, "admin")
    page.goto(f"{demo_live.url}/participants/")
    page.get_by_role("link", name="Импорт из Excel").click()
    page.locator("#id_file").set_input_files(str(bad_file))
    page.get_by_role("button", name="Проверить файл").click()
    expect(page.get_by_text("строка 5, столбец «Дата рождения»: 31.02.1980 — такой даты нет")).to_be_visible()
    expect(page.get_by_text("Ничего не сохранено.", exact=False)).to_be_visible()

    page.get_by_role("link", name="Загрузить исправленный файл").click()
    page.locator("#id_file").set_input_files(str(good_file))
    page.get_by_role("button", name="Проверить файл").click()
    expect(page.get_by_text("будет добавлено")).to_be_visible()
    page.get_by_role("button", name="Импортировать").click()
    expect(page.get_by_text("Импорт завершён: добавлено 3, обновлено 0.")).to_be_visible()
    page.locator("#id_q").fill("петрова")
    page.get_by_role("button", name="Показать").click()
    expect(page.get_by_role("link", name="Петрова Анна Сергеевна")).to_be_visible()
    assert console_errors == []
