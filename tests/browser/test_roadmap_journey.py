import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_curator_builds_a_roadmap_director_approves_public_page_shows_it(demo_live, page, console_errors):
    base = demo_live.url
    # The curator creates a roadmap from the standard template and sends it for approval.
    login(page, base, "curator")
    page.get_by_role("link", name="Дорожные карты").click()
    page.get_by_role("link", name="Новая дорожная карта").click()
    page.get_by_label("Стандартный шаблон: семь этапов целевой модели").check()
    page.locator("#id_title").fill("Дорожная карта реализации целевой модели наставничества на 2026–2027 гг.")
    page.get_by_role("button", name="Создать").click()
    expect(page.get_by_text("Дорожная карта создана.")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Этап 7. Завершение наставничества"))).to_be_visible()
    page.get_by_role("button", name="На согласование").click()
    expect(page.get_by_text("Документ отправлен директору на согласование.")).to_be_visible()
    roadmap_url = page.url
    logout(page)

    # The director approves it with the basis and downloads the PDF.
    login(page, base, "director")
    page.goto(roadmap_url)
    page.locator("#id_approval_basis").fill("Протокол педсовета № 1 от 28.08.2026")
    page.get_by_role("button", name="Утвердить").click()
    expect(page.get_by_text("Документ утверждён. Теперь он только для чтения.")).to_be_visible()
    with page.expect_download() as download_info:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; a.download = ''; "
            "document.body.appendChild(a); a.click(); }",
            roadmap_url.rstrip("/") + ".pdf",
        )
    pdf = download_info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    logout(page)

    # Anyone sees it on the organization's public page.
    page.goto(f"{base}/o/zhukovka/nastavnichestvo/")
    expect(page.get_by_role("heading", name="Наставничество")).to_be_visible()
    link = page.get_by_role(
        "link", name=re.compile("Дорожная карта реализации целевой модели наставничества на 2026–2027")
    )
    expect(link).to_be_visible()
    assert console_errors == []
