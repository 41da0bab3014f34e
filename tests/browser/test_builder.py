"""The curator copies a standard questionnaire, adds a matrix question and a conditional one, and sees them in the
preview as a respondent will."""

import re

import pytest
from playwright.sync_api import expect

from monitoring import models
from monitoring.reference import load_standard_questionnaires
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def standards(db):
    """The reference data of the migration (a transactional test flushes it)."""
    load_standard_questionnaires(
        {name: getattr(models, name) for name in ("Questionnaire", "Section", "Question", "Option")}
    )


def test_curator_copies_a_standard_questionnaire_and_adds_a_matrix_and_a_conditional_question(
    demo_live, standards, page, console_errors
):
    login(page, demo_live.url, "curator")
    page.goto(f"{demo_live.url}/monitoring/questionnaires/")
    expect(page.get_by_role("heading", name="Стандартные анкеты целевой модели")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Анкета наставляемого (входная)")
    row.get_by_role("button", name="Создать копию для организации").click()
    expect(page.get_by_text("Копия для организации создана")).to_be_visible()
    expect(page.get_by_role("link", name="Настройки анкеты")).to_be_visible()
    copy_url = page.url

    # a matrix: three statements on a 1–5 scale (the third row added with «Добавить вариант»)
    section = page.locator("section.preview-section").filter(has=page.get_by_role("heading", name="Ожидания"))
    section.locator("summary").click()
    section.get_by_role("link", name="Матрица (несколько утверждений на одной шкале)").click()
    expect(page.get_by_role("heading", name="Новый вопрос")).to_be_visible()
    expect(page.locator("[data-options-legend]")).to_have_text(
        "Утверждения матрицы (строки, каждую оценивают по шкале)"
    )
    page.get_by_label("Вопрос*").fill("Насколько Вы согласны с утверждениями?")
    page.get_by_label("Шкала: от").fill("1")
    page.get_by_label("Шкала: до").fill("5")
    page.get_by_label("Подпись начала шкалы").fill("не согласен")
    page.get_by_label("Подпись конца шкалы").fill("полностью согласен")
    options = page.get_by_placeholder("Текст варианта")
    options.nth(0).fill("Мне понятны цели")
    options.nth(1).fill("Встречи проходят регулярно")
    options.nth(2).fill("Я вижу результат")
    page.get_by_role("button", name="Добавить вариант").click()
    options.nth(3).fill("Я порекомендую программу другу")
    page.get_by_role("button", name="Сохранить вопрос").click()
    expect(page.get_by_text("Вопрос сохранён.")).to_be_visible()
    matrix = page.locator(".preview-question").filter(has_text="Насколько Вы согласны с утверждениями?")
    expect(matrix.get_by_role("rowheader")).to_have_text(
        ["Мне понятны цели", "Встречи проходят регулярно", "Я вижу результат", "Я порекомендую программу другу"]
    )
    expect(matrix.get_by_role("columnheader")).to_have_count(6)  # the statements' column and 1…5
    expect(matrix).to_contain_text("1 — не согласен, 5 — полностью согласен")

    # a short answer shown only when the first question was answered «Да»; the scale is hidden for it
    section.locator("summary").click()
    section.get_by_role("link", name="Короткий ответ").click()
    expect(page.locator("fieldset").filter(has_text="Шкала")).to_be_hidden()
    page.get_by_label("Вопрос*").fill("Какую программу Вы проходили?")
    page.get_by_label("Обязательный вопрос").uncheck()
    page.get_by_label("Показывать, только если выбран ответ").select_option(
        label="«Сталкивались ли Вы раньше с программой наставничества?» — Да"
    )
    page.get_by_role("button", name="Сохранить вопрос").click()
    expect(page).to_have_url(re.compile(re.escape(copy_url) + r"#question-\d+$"))
    conditional = page.locator(".preview-question").filter(has_text="Какую программу Вы проходили?")
    expect(conditional).to_contain_text(
        "Показывается, если на вопрос «Сталкивались ли Вы раньше с программой наставничества?» ответили «Да»"
    )
    expect(conditional).to_contain_text("необязательный")

    # the standard original is unchanged and still offers only the copy
    page.goto(f"{demo_live.url}/monitoring/questionnaires/")
    standard_row = page.get_by_role("row").filter(has_text="Анкета наставляемого (входная)").last
    standard_row.get_by_role("link").click()
    expect(page.get_by_text("Какую программу Вы проходили?")).to_have_count(0)
    expect(page.get_by_role("link", name="Настройки анкеты")).to_have_count(0)
    assert console_errors == []
