"""The pair's lifecycle in the browser: the curator checks a pair in «Формируется» on the pairs board and
sends it to the pairs order; the director signs the order; the pair is «Закреплена приказом от … № …»."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def whole_demo_live(live_server):
    from mentoring_site.demo import load_everything

    load_everything()
    return live_server


def test_the_curator_sends_pairs_to_the_order_and_the_director_signs_it(whole_demo_live, page, console_errors):
    from django.contrib.auth import get_user_model

    from organizations.models import Organization
    from pairing.demo import STARTED_ON, _profile
    from pairing.models import Mentorship
    from pairing.services import mentorship_save
    from participants.models import MenteeProfile, MentorProfile
    from programs.models import MentoringForm

    staritsa = Organization.objects.get(slug="staritsa")
    pair = mentorship_save(  # formed after the school's signed pairs order: it waits for the next one
        mentorship=Mentorship(organization=staritsa),
        actor=get_user_model().objects.get(username="curator2"),
        mentor=_profile(MentorProfile, staritsa, "Фролов Игорь Александрович"),
        mentees=[_profile(MenteeProfile, staritsa, "Лаптева Ирина Геннадьевна")],
        form=MentoringForm.objects.get(organization=None, name="Учитель – учитель"),
        started_on=STARTED_ON,
        goal="Обмен опытом",
    )
    base = whole_demo_live.url
    login(page, base, "curator2")
    page.goto(f"{base}/pairing/board/")
    forming = page.get_by_role("region", name="Формируется")
    expect(forming.locator(f'[data-pair="{pair.pk}"]')).to_contain_text("Лаптева Ирина Геннадьевна")
    expect(page.get_by_role("region", name="Закреплена приказом")).to_contain_text("Ковалёва Наталья Ивановна")
    forming.get_by_label("Отметить: Фролов Игорь Александрович").check()
    page.get_by_role("button", name="В приказ о закреплении").click()
    expect(page.get_by_text("Пары включены в проект приказа о закреплении")).to_be_visible()
    expect(page.get_by_text("Назначить наставниками Фролова Игоря Александровича, учителя математики.")).to_be_visible()
    order_url = page.url
    page.get_by_role("button", name="На подпись").click()
    page.wait_for_load_state("networkidle")
    logout(page)

    login(page, base, "director2")
    page.goto(order_url)
    page.get_by_role("button", name="Подписать").click()
    page.wait_for_load_state("networkidle")
    page.goto(f"{base}/pairing/{pair.pk}/")
    expect(page.get_by_text(re.compile(r"Закреплена приказом от \d\d\.\d\d\.\d{4} № \S+")).first).to_be_visible()
    expect(page.get_by_text("наставник и наставляемые меняются только новым приказом")).to_be_visible()
    assert console_errors == []
