"""The personal iCalendar feed of planned meetings: parsed back with ``icalendar``; revoked or unknown → 404."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from organizations.roles import Role
from pairing import meetings
from pairing.models import CalendarFeed, Meeting
from participants.models import MentorProfile, Person
from tests.factories import member
from tests.pairing.helpers import make_pair, make_person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

TODAY = date(2026, 11, 20)


def _pupil(org, actor, last_name, first_name, school_class, born, user=None):
    from participants import services as people
    from participants.services import required_signature

    person = make_person(
        org,
        actor,
        last_name,
        consent=False,
        user=user,
        kind=Person.Kind.STUDENT,
        first_name=first_name,
        patronymic="Сергеевич",
        school_class=school_class,
        birth_date=born,
        parent_name="Родителева Римма Романовна",
    )
    given_on = date(2026, 9, 1)
    people.consent_record(
        person=person,
        actor=actor,
        given_on=given_on,
        signed_by=required_signature(person, given_on),
        representative="Родителева Римма Романовна",
    )
    return person


@pytest.fixture
def group(org, curator):
    """A pupil mentoring two younger pupils (minors): what the feed may say of them."""
    from participants import services as people
    from programs.models import MentoringForm

    pupils = MentoringForm.objects.get(organization=None, name="Ученик – ученик")
    mentor_user, mentee_user = member(org, Role.MENTOR), member(org, Role.MENTEE)
    mentor = people.mentor_profile_save(
        person=_pupil(org, curator, "Старшеклассник", "Артём", "11А", date(2009, 5, 21), user=mentor_user),
        actor=curator,
        forms=[pupils],
        status=MentorProfile.Status.ACTIVE,
        max_mentees=2,
        can_help_with="Математика",
    )
    mentees = [
        people.mentee_profile_save(person=person, actor=curator, requests="Математика")
        for person in (
            _pupil(org, curator, "Тихонов", "Даниил", "8А", date(2012, 5, 1), user=mentee_user),
            _pupil(org, curator, "Захарова", "Виктория", "7В", date(2013, 2, 1)),
        )
    ]
    pair = make_pair(org, curator, mentor, mentees, form=pupils)
    return {"pair": pair, "mentor_user": mentor_user, "mentee_user": mentee_user}


def _plan(pair, actor, on, topic, **fields):
    data = {"kind": Meeting.Kind.REGULAR, "date": on, "starts_at": time(15, 30), "topic": topic}
    data.update(fields)
    return meetings.meeting_save(meeting=Meeting(mentorship=pair), actor=actor, status=Meeting.Status.PLANNED, **data)


def _parse(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_the_feed_lists_planned_meetings_and_parses_back(client, group):
    pair, mentor = group["pair"], group["mentor_user"]
    planned = _plan(pair, mentor, TODAY + timedelta(days=3), "Дроби", place="Кабинет 21", duration_minutes=50)
    _plan(pair, mentor, TODAY + timedelta(days=5), "Без времени", starts_at=None)
    meetings.meeting_save(
        meeting=Meeting(mentorship=pair),
        actor=mentor,
        status=Meeting.Status.HELD,
        present=[m.mentee for m in pair.members.all()],
        kind=Meeting.Kind.REGULAR,
        date=TODAY,
        topic="Уже была",
        outcome="Провели",
    )
    feed = meetings.calendar_feed_create(user=mentor)
    url = reverse("pairing:calendar-feed", kwargs={"token": feed.token})
    client.logout()  # calendar applications do not log in
    calendar = _parse(client.get(url))
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Встреча наставника: Дроби", "Встреча наставника: Без времени"}
    event = events["Встреча наставника: Дроби"]
    assert str(event["UID"]) == f"meeting-{planned.pk}@testserver"
    assert event.decoded("DTSTART") == datetime(2026, 11, 23, 12, 30, tzinfo=UTC)  # 15:30 in Moscow
    assert event.decoded("DURATION") == timedelta(minutes=50)
    assert str(event["LOCATION"]) == "Кабинет 21"
    assert events["Встреча наставника: Без времени"].decoded("DTSTART") == date(2026, 11, 25)
    # the same UID on the next fetch: calendar applications update the event instead of duplicating it
    again = {str(e["UID"]) for e in _parse(client.get(url)).walk("VEVENT")}
    assert again == {str(e["UID"]) for e in events.values()}


def _feed_text(client, user):
    feed = meetings.calendar_feed_create(user=user)
    body = client.get(reverse("pairing:calendar-feed", kwargs={"token": feed.token})).content.decode()
    return body.replace("\r\n ", "")  # unfold the long lines


def test_no_personal_data_of_minors_beyond_first_name_and_class(client, group):
    _plan(group["pair"], group["mentor_user"], TODAY + timedelta(days=1), "Дроби")
    mentors = _feed_text(client, group["mentor_user"])
    assert "Даниил 8А" in mentors and "Виктория 7В" in mentors and "Артём 11А" in mentors
    mentees = _feed_text(client, group["mentee_user"])  # a mentee with an account has a feed too
    assert "Встреча наставника: Дроби" in mentees and "Артём 11А" in mentees
    assert "Виктория" not in mentees  # nor another child of the group
    for text in (mentors, mentees):
        for secret in ("Тихонов", "Захарова", "Старшеклассник", "Родителева", "Сергеевич", "2012"):
            assert secret not in text


def test_a_cancelled_meeting_is_sent_cancelled_and_a_later_pair_change_applies(client, group):
    meeting = _plan(group["pair"], group["mentor_user"], TODAY + timedelta(days=1), "Отменится")
    feed = meetings.calendar_feed_create(user=group["mentor_user"])
    meetings.meeting_cancel(meeting=meeting, actor=group["mentor_user"])
    calendar = _parse(client.get(reverse("pairing:calendar-feed", kwargs={"token": feed.token})))
    [event] = calendar.walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"


def test_a_revoked_or_unknown_address_is_a_404_like_any_other(client, group):
    first = meetings.calendar_feed_create(user=group["mentor_user"])
    second = meetings.calendar_feed_create(user=group["mentor_user"])  # «Создать новую ссылку»
    assert first.token != second.token and len(second.token) >= 40
    old = client.get(reverse("pairing:calendar-feed", kwargs={"token": first.token}))
    unknown = client.get(reverse("pairing:calendar-feed", kwargs={"token": "x" * 43}))
    assert old.status_code == unknown.status_code == 404
    assert old.content == unknown.content
    assert client.get(reverse("pairing:calendar-feed", kwargs={"token": second.token})).status_code == 200
    meetings.calendar_feed_revoke(user=group["mentor_user"])  # «Отключить»
    assert client.get(reverse("pairing:calendar-feed", kwargs={"token": second.token})).status_code == 404
    assert not CalendarFeed.objects.filter(revoked_at__isnull=True).exists()


def test_the_calendar_page_creates_renews_and_disables_the_address(client, group):
    client.force_login(group["mentor_user"])
    page = client.get(reverse("pairing:calendar")).content.decode()
    assert "Календарь не подключён." in page
    client.post(reverse("pairing:calendar-create"))
    feed = CalendarFeed.objects.get(revoked_at__isnull=True)
    page = client.get(reverse("pairing:calendar")).content.decode()
    assert f"http://testserver/pairing/calendar/{feed.token}.ics" in page and "Outlook" in page
    client.post(reverse("pairing:calendar-create"))
    renewed = CalendarFeed.objects.get(revoked_at__isnull=True)
    assert renewed.token != feed.token
    client.post(reverse("pairing:calendar-revoke"))
    assert not CalendarFeed.objects.filter(revoked_at__isnull=True).exists()
    assert "Календарь не подключён." in client.get(reverse("pairing:calendar")).content.decode()


def test_a_mentor_who_left_the_organization_has_an_empty_feed(client, group):
    from organizations.models import Membership

    _plan(group["pair"], group["mentor_user"], TODAY + timedelta(days=1), "Дроби")
    feed = meetings.calendar_feed_create(user=group["mentor_user"])
    Membership.objects.filter(user=group["mentor_user"]).update(is_active=False)
    calendar = _parse(client.get(reverse("pairing:calendar-feed", kwargs={"token": feed.token})))
    assert calendar.walk("VEVENT") == []
