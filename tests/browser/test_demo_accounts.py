import re

import pytest
from playwright.sync_api import expect

from organizations.models import Organization
from tests.browser.conftest import login, logout
from tests.factories import ProgrammeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACCOUNTS = {
    "admin": ("Гимназия «Жуковка»", "Администратор"),
    "director": ("Гимназия «Жуковка»", "Директор"),
    "curator": ("Гимназия «Жуковка»", "Куратор, Наставник"),
    "mentor": ("Гимназия «Жуковка»", "Наставник"),
    "mentee": ("Гимназия «Жуковка»", "Наставляемый"),
    "coordinator": ("Демонстрационный муниципальный округ", "Муниципальный координатор"),
    "director2": ("МБОУ «СОШ ст. Старица»", "Директор"),
    "curator2": ("МБОУ «СОШ ст. Старица»", "Куратор"),
    "mentor2": ("МБОУ «СОШ ст. Старица»", "Наставник"),
}


def test_each_demo_account_logs_in_sees_its_dashboard_and_logs_out(demo_live, page, console_errors):
    for username, (heading, role) in ACCOUNTS.items():
        login(page, demo_live.url, username)
        expect(page).to_have_url(f"{demo_live.url}/")
        expect(page).to_have_title("Главная · Наставник")
        expect(page.locator("h1")).to_have_text(heading)
        expect(page.get_by_text(f"Ваша роль: {role}")).to_be_visible()
        assert page.locator("html").get_attribute("lang") == "ru"
        logout(page)
        expect(page).to_have_url(re.compile(r"/accounts/login/$"))
        expect(page.get_by_role("heading", name="Вход")).to_be_visible()
    assert console_errors == []


def test_curator2_cannot_open_an_object_of_zhukovka(demo_live, page):
    programme = ProgrammeFactory(organization=Organization.objects.get(slug="zhukovka"), title="Программа Жуковки")
    login(page, demo_live.url, "curator2")
    response = page.goto(f"{demo_live.url}/programs/{programme.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Страница не найдена")).to_be_visible()
    expect(page.get_by_text("Программа Жуковки")).to_have_count(0)


def test_a_wrong_password_is_explained_in_russian_and_five_lock_the_account(demo_live, page):
    for _ in range(4):
        login(page, demo_live.url, "mentor", "неверный")
        expect(page.get_by_text("Неверный логин (e-mail) или пароль")).to_be_visible()
    login(page, demo_live.url, "mentor", "неверный")
    expect(page.get_by_role("heading", name="Вход временно заблокирован")).to_be_visible()
    expect(page.get_by_text("заблокирована на 15 минут")).to_be_visible()


def test_admin_switches_to_the_second_organization(demo_live, page):
    login(page, demo_live.url, "admin")
    expect(page.locator("h1")).to_have_text("Гимназия «Жуковка»")
    page.locator("#orgSwitcher").click()
    page.get_by_role("button", name=re.compile("МБОУ «СОШ ст. Старица»")).click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_have_text("МБОУ «СОШ ст. Старица»")
    expect(page.get_by_text("Вы работаете в: МБОУ «СОШ ст. Старица».")).to_be_visible()


def test_curator_creates_a_programme_from_the_empty_dashboard(demo_live, page):
    login(page, demo_live.url, "curator")
    page.get_by_role("link", name="Создать программу").click()
    page.locator("#id_title").fill("Программа наставничества Гимназии «Жуковка» на 2026/2027 учебный год")
    page.locator("#id_framework").select_option(label="Целевая модель наставничества обучающихся")
    page.locator("#id_curator").select_option(label="Лебедева Марина Олеговна")
    page.get_by_role("button", name="Создать и перейти к разделам").click()
    expect(page.get_by_text("Программа создана. Заполните её разделы по шагам.")).to_be_visible()
    page.goto(f"{demo_live.url}/")
    expect(
        page.get_by_role("link", name="Программа наставничества Гимназии «Жуковка» на 2026/2027 учебный год")
    ).to_be_visible()


def test_the_dashboard_fits_a_phone(demo_live, page):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, demo_live.url, "director")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    page.get_by_role("button", name="Открыть меню").click()
    page.get_by_role("button", name="Ещё").click()
    expect(page.get_by_role("link", name="Доступ к ПДн")).to_be_visible()
