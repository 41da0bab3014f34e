"""The curator reads the demo's closed campaigns: «до/после» of the school year, a campaign's results, who answered
what — with the figures the database holds."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_results_live(live_server):
    from mentoring_site.demo import load_everything

    load_everything()
    return live_server


def test_the_curator_reads_the_dynamics_and_a_campaigns_results(demo_results_live, page, console_errors):
    from monitoring.dynamics import dynamics
    from monitoring.models import Campaign
    from monitoring.selectors import campaign_counts
    from organizations.models import Organization

    zhukovka = Organization.objects.get(slug="zhukovka")
    expected = dynamics(zhukovka, school_year=2026)
    first = expected.whole.changes[0]
    campaign = Campaign.objects.get(organization=zhukovka, title="Входное анкетирование наставляемых")
    counts = campaign_counts(campaign)
    percent = round(100 * counts["responded"] / counts["total"])

    base = demo_results_live.url
    login(page, base, "curator")
    page.goto(f"{base}/monitoring/dynamics/")
    expect(page.get_by_role("heading", name="Динамика «до/после»")).to_be_visible()
    whole = page.locator("#whole")
    expect(whole.get_by_role("heading", name="Вся программа")).to_be_visible()
    row = whole.locator("tr").filter(has_text=first.label).first
    expect(row).to_contain_text(first.before_text)
    expect(row).to_contain_text(first.after_text)
    expect(row).to_contain_text(first.change_text)
    expect(row).to_contain_text(f"{first.rose} из {first.people} ({first.share_rose} %)")
    expect(page.get_by_role("heading", name="По парам и группам")).to_be_visible()
    expect(page.get_by_role("heading", name="Кузнецов Павел Игоревич — Белова Анна Дмитриевна")).to_be_visible()

    page.get_by_role("link", name="Входное анкетирование наставляемых").click()
    expect(page.get_by_role("heading", name="Итоги: Входное анкетирование наставляемых")).to_be_visible()
    expect(page.locator("#rate-text")).to_have_text(
        f"Ответили {counts['responded']} из {counts['total']} ({percent} %)"
    )
    confidence = page.locator(".result-question").filter(has_text="Насколько Вы уверены в своих силах")
    expect(confidence.locator(".question-mean")).to_contain_text("из 10")

    page.get_by_role("link", name="Кто что ответил").click()
    page.get_by_role("link", name="Белова Анна Дмитриевна").click()
    expect(page.get_by_text("наставник Кузнецов Павел Игоревич")).to_be_visible()
    expect(page.get_by_text("Насколько Вы уверены в своих силах в учёбе (работе)?")).to_be_visible()
    assert not console_errors
