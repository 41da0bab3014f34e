"""The demo on a 390 × 844 phone: no page is wider than the screen, no list hides a column behind
horizontal scrolling, and a 150-letter surname wraps instead of widening the page."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LONG_SURNAME = "Длиннофамильная" * 10  # one word, 150 letters

# What sticks out of the screen: the page itself, or anything in <main> whose right edge lies beyond the
# viewport — a column that a scrolling table wrapper hides is found here too.
OVERFLOW = """() => {
  const width = window.innerWidth;
  const wide = [];
  for (const el of document.querySelectorAll('main *')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.height > 0 && box.right > width + 0.5) {
      const text = (el.textContent || '').trim().slice(0, 50);
      wide.push(`${el.tagName.toLowerCase()} «${text}» ends at ${Math.round(box.right)}`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide: wide.slice(0, 5)};
}"""


@pytest.fixture
def demo_people_live(live_server):
    from mentoring_site.demo import load_everything

    load_everything()
    return live_server


@pytest.fixture
def long_surname():
    """The mentor of a working pair of «Гимназия «Жуковка»», its mentee and a working-group member get
    a 150-letter surname; returns the pair."""
    from organizations.models import Organization
    from pairing.models import Mentorship
    from participants.models import search_key
    from programs.models import WorkingGroupMember

    organization = Organization.objects.get(slug="zhukovka")
    pair = Mentorship.objects.filter(organization=organization).order_by("pk").first()
    people = [pair.mentor.person] + [member.mentee.person for member in pair.members.all()]
    for person in people:
        person.last_name = LONG_SURNAME
        person.search_name = search_key(person.last_name, person.first_name, person.patronymic)
        person.save()
    WorkingGroupMember.objects.create(
        organization=organization,
        group_role=WorkingGroupMember._meta.get_field("group_role").choices[0][0],
        full_name=f"{LONG_SURNAME} Анна Сергеевна",
        position="Учитель русского языка",
    )
    return pair


@pytest.fixture
def phone(browser, demo_people_live):
    """Open a phone-sized browser tab logged in as the given demo user."""
    contexts = []

    def open_as(username):
        context = browser.new_context(viewport=PHONE, locale="ru-RU")
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.console_errors = errors
        login(page, demo_people_live.url, username)
        return page

    yield open_as
    for context in contexts:
        context.close()


def open_page(page, base, path):
    response = page.goto(f"{base}{path}")
    assert response.status == 200, path
    page.wait_for_load_state("networkidle")


def assert_fits_now(page):
    found = page.evaluate(OVERFLOW)
    assert found["scrollWidth"] <= found["innerWidth"], (page.url, found)
    assert found["wide"] == [], (page.url, found)


def assert_fits(page, base, path):
    open_page(page, base, path)
    assert_fits_now(page)


def assert_within_screen(locator):
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box


def test_a_roadmap_activity_shows_its_deadline_status_and_mark_button_on_a_phone(phone, demo_people_live):
    from programs.models import Activity, Roadmap

    roadmap = Roadmap.objects.filter(organization__slug="zhukovka").order_by("-start_year").first()
    activity = (
        Activity.objects.filter(section__roadmap=roadmap, due_date__isnull=False)
        .exclude(result="")
        .order_by("section__order", "order", "pk")
        .first()
    )
    page = phone("curator")
    open_page(page, demo_people_live.url, roadmap.get_absolute_url())

    row = page.locator(f"#activity-{activity.pk}")
    assert_within_screen(row.get_by_text(activity.due_date.strftime("%d.%m.%Y")))
    assert_within_screen(row.locator(".badge"))
    assert_within_screen(row.get_by_role("link", name="Отметить"))
    assert_fits_now(page)

    # Who is responsible and the result are folded under «Подробнее» and open on a tap.
    result = row.get_by_text(activity.result.splitlines()[0].strip())
    expect(result).to_be_hidden()
    row.get_by_text("Подробнее").click()
    assert_within_screen(result)

    row.get_by_role("link", name="Отметить").click()
    expect(page.get_by_role("heading", name=activity.title.splitlines()[0].strip()[:20])).to_be_visible()
    assert page.console_errors == []


def test_lists_fit_a_phone_even_with_a_150_letter_surname(phone, demo_people_live, long_surname):
    from documents.models import LocalAct, Order

    base = demo_people_live.url
    pair = long_surname
    person = pair.mentor.person
    page = phone("curator")
    for path in (
        "/",
        "/participants/",
        "/participants/mentors/",
        "/participants/mentees/",
        "/pairing/",
        "/documents/",
        "/documents/acts/",
        "/programs/",
        "/programs/roadmaps/",
        "/programs/working-group/",
        f"/participants/{person.pk}/",
        f"/participants/{person.pk}/edit/",
        f"/pairing/{pair.pk}/",
        Order.objects.filter(organization=pair.organization).first().get_absolute_url(),
        LocalAct.objects.filter(organization=pair.organization).first().get_absolute_url(),
    ):
        assert_fits(page, base, path)

    # The key columns are on the screen, not behind a horizontal scroll.
    page.goto(f"{base}/participants/")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=f"{LONG_SURNAME} {person.first_name}"))
    assert_within_screen(row.get_by_role("link"))
    assert_within_screen(row.get_by_text("есть"))
    assert_within_screen(row.get_by_text("наставник: в базе"))
    page.goto(f"{base}/pairing/")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=f"{LONG_SURNAME} {person.first_name}"))
    assert_within_screen(row.get_by_text(pair.status_label))
    mentee = pair.members.first().mentee.person
    assert_within_screen(row.get_by_text(f"{LONG_SURNAME} {mentee.first_name}"))
    page.goto(f"{base}/participants/mentors/")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=f"{LONG_SURNAME} {person.first_name}"))
    assert_within_screen(row.get_by_text("В базе"))
    assert page.console_errors == []


def test_the_coordinator_overview_and_the_directors_pages_fit_a_phone(phone, demo_people_live, long_surname):
    from programs.models import Programme, Roadmap

    base = demo_people_live.url
    page = phone("coordinator")
    for path in ("/", "/programs/municipality/"):
        assert_fits(page, base, path)
    row = page.get_by_role("row").filter(has_text="Гимназия «Жуковка»")
    assert_within_screen(row.locator("td").last)  # «Просрочено мероприятий», the last column

    page = phone("director")
    roadmap = Roadmap.objects.filter(organization__slug="zhukovka").order_by("-start_year").first()
    for path in (
        "/",
        "/organizations/personal-data-access/",
        f"/participants/{long_surname.mentor.person.pk}/history/",
        f"/pairing/{long_surname.pk}/history/",
        f"/programs/roadmaps/{roadmap.pk}/history/",
    ):
        assert_fits(page, base, path)

    page = phone("director2")
    programme = Programme.objects.get(organization__slug="staritsa")
    assert_fits(page, base, programme.get_absolute_url())
    assert_fits(page, base, "/programs/")

    page = phone("mentor")
    for path in ("/", "/pairing/my/", "/participants/me/"):
        assert_fits(page, base, path)


# Words of the links and badges beside a card's heading that the browser split across two lines.
SPLIT_WORDS = """() => {
  const split = [];
  for (const el of document.querySelectorAll('.card-header > a, .card-header > .badge, .card-header > .btn')) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) split.push(word[0]);
      }
    }
  }
  return split;
}"""


def test_the_links_beside_a_panels_heading_keep_their_words_whole_on_a_phone(phone, demo_people_live):
    """«Участники» beside «Базы наставников и наставляемых» was cut as «Участник / и»: the headings may break
    anywhere (a 150-letter title must wrap), the short links and badges beside them may not."""
    for user in ("director", "curator"):
        page = phone(user)
        open_page(page, demo_people_live.url, "/")
        assert page.evaluate(SPLIT_WORDS) == [], user
        assert_fits_now(page)
