"""The curator runs «Подобрать всем», changes one row's mentor, drops another, accepts: the pairs
exist in «Формируется». Real pages in Chromium over the whole demo."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_people_live(live_server):
    from mentoring_site.demo import load_everything

    load_everything()
    return live_server


def _row(page, mentee):
    return page.locator("tr", has_text=mentee)


def test_curator_matches_everybody_edits_the_proposal_and_accepts(demo_people_live, page, console_errors):
    from pairing.models import Mentorship, MentorshipMember

    base = demo_people_live.url
    login(page, base, "curator")
    page.get_by_role("link", name="Пары", exact=True).click()
    page.get_by_role("link", name="Подбор").click()
    expect(page.get_by_role("heading", name="Подбор наставников")).to_be_visible()
    expect(page.get_by_role("link", name="Журавлёва Ольга Петровна")).to_be_visible()

    # one mentee's candidates, explained
    _row(page, "Мельников Кирилл Алексеевич").get_by_role("link", name="Подобрать").click()
    expect(page.get_by_text("совпадает предмет «история»: +3")).to_be_visible()
    expect(page.get_by_text("предпочёл этого наставника после общей встречи: +2")).to_be_visible()
    page.get_by_role("link", name="Подбор", exact=True).click()

    page.get_by_role("link", name="Подобрать всем").first.click()
    page.get_by_label("Форма наставничества").select_option(label="Учитель – учитель")
    page.get_by_role("button", name="Подобрать").click()
    expect(page.get_by_role("heading", name="Предложение: 3 пары")).to_be_visible()
    melnikov = _row(page, "Мельников Кирилл Алексеевич")
    expect(melnikov.get_by_text("совпадает предмет «история»: +3")).to_be_visible()

    # Журавлёва goes to Кузнецов instead of Лебедева; Сидоров is dropped
    page.get_by_label("Наставник для Журавлёва Ольга Петровна").select_option(label="Кузнецов Павел Игоревич — 0,5")
    page.get_by_label("Включить пару с Сидоров Никита Андреевич").uncheck()
    page.get_by_role("button", name="Принять предложение").click()
    expect(page.get_by_text("Сформировано: 2 пары в статусе «Формируется».")).to_be_visible()

    proposed = ["Журавлёва", "Мельников", "Сидоров"]
    made = {
        (m.mentorship.mentor.person.last_name, m.mentee.person.last_name, m.mentorship.status)
        for m in MentorshipMember.objects.filter(
            mentee__person__last_name__in=proposed, mentorship__status__in=Mentorship.CURRENT
        )  # the demo also holds last year's and a cancelled pair of these people
    }
    forming = Mentorship.Status.FORMING
    assert made == {("Кузнецов", "Журавлёва", forming), ("Лебедева", "Мельников", forming)}
    expect(page.get_by_text("Журавлёва Ольга Петровна")).to_be_visible()
    assert console_errors == []
