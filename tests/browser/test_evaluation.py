"""Issue 14 end to end: the curator scores the nine indicators, the director approves, both download the
справка, the municipal coordinator sees the organization's new level."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCORES = [2, 1, 1, 2, 1, 2, 1, 1, 1]  # 12: допустимый уровень


@pytest.fixture
def whole_demo(live_server):
    from mentoring_site.demo import load_everything

    load_everything()
    # the demo's own 2026/2027 evaluation of the Гимназия (waiting for the director): the test scores it anew
    from monitoring.models import Evaluation

    Evaluation.objects.filter(organization__slug="zhukovka", school_year=2026).delete()
    return live_server


def _download_report(page, base):
    link = page.get_by_role("link", name="Справка (PDF)")
    response = page.request.get(base + link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def test_scored_approved_reported_and_seen_by_the_coordinator(whole_demo, page, console_errors):
    base = whole_demo.url
    login(page, base, "curator")
    page.get_by_role("button", name="Мониторинг").click()
    page.get_by_role("list", name="Мониторинг").get_by_role("link", name="Оценка эффективности").click()
    expect(page.get_by_text("16 из 18 — оптимальный уровень")).to_be_visible()  # the demo's 2025/2026
    page.get_by_role("link", name="Начать оценку").click()
    page.get_by_label("Учебный год").select_option(label="2026/2027")
    page.get_by_role("button", name="Начать оценку").click()
    expect(page.get_by_text("Оценка за 2026/2027 учебный год начата")).to_be_visible()
    for number, score in enumerate(SCORES[:8], start=1):
        page.locator(f'[name="score_{number}"][value="{score}"]').check()
    page.locator('[name="comment_3"]').fill("Онлайн-встречи пока редки.")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Баллы сохранены.")).to_be_visible()
    page.get_by_role("button", name="На утверждение").click()
    expect(page.get_by_text("Поставьте баллы по всем девяти показателям: не оценены № 9.")).to_be_visible()
    page.get_by_role("link", name="Поставить баллы").click()
    expect(page.locator('[name="comment_3"]')).to_have_value("Онлайн-встречи пока редки.")
    page.locator(f'[name="score_9"][value="{SCORES[8]}"]').check()
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("12 из 18 — допустимый уровень").first).to_be_visible()
    page.get_by_role("button", name="На утверждение").click()
    expect(page.get_by_text("Оценка отправлена директору на утверждение.")).to_be_visible()
    _download_report(page, base)
    logout(page)

    login(page, base, "director")
    page.get_by_role("link", name="Рассмотреть и утвердить").first.click()
    page.get_by_role("button", name="Утвердить").click()
    expect(page.get_by_text("Оценка утверждена: 12 из 18 баллов, допустимый уровень.")).to_be_visible()
    expect(page.get_by_role("link", name="Поставить баллы")).to_have_count(0)  # read-only now
    _download_report(page, base)
    logout(page)

    login(page, base, "coordinator")
    page.get_by_role("link", name="Организации и уровни").click()
    row = page.get_by_role("row").filter(has_text="Гимназия")
    expect(row).to_contain_text("12 из 18 — допустимый уровень")
    expect(row).to_contain_text("2026/2027 уч. год")
    assert not console_errors
