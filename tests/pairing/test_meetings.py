"""Meetings: the services' rules, the pair's latest meeting and status, the pages, the 14-day flag and the
reminder, the mentee's view and the mentor's contacts."""

import re
from datetime import date, time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from organizations.roles import Role
from pairing import meetings
from pairing.models import Meeting, Mentorship
from pairing.selectors import idle_q
from participants.models import Person
from tests.factories import member
from tests.pairing.helpers import at_work, errors_of, make_mentee, make_mentor, make_pair

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

TODAY = date(2026, 11, 20)  # tests/conftest.py: frozen_today


def _fixed(pair):
    """As if the director signed the pairs order."""
    Mentorship.objects.filter(pk=pair.pk).update(
        status=Mentorship.Status.FIXED, order_number="16/5-О", order_date=date(2026, 10, 1)
    )
    pair.refresh_from_db()
    return pair


@pytest.fixture
def people(org, curator):
    mentor_user, mentee_user = member(org, Role.MENTOR), member(org, Role.MENTEE)
    mentor = make_mentor(org, curator, user=mentor_user, email="mentor@school.test", phone="+7 900 111-22-33")
    first = make_mentee(org, curator, "Первая", user=mentee_user)
    second = make_mentee(org, curator, "Вторая", first_name="Вера")
    pair = make_pair(org, curator, mentor, [first, second])
    return {
        "mentor_user": mentor_user,
        "mentee_user": mentee_user,
        "mentor": mentor,
        "pair": pair,
        "mentees": [first, second],
    }


def _held(pair, actor, on, present, **fields):
    data = {"kind": Meeting.Kind.REGULAR, "date": on, "topic": "Разбор урока", "outcome": "Договорились о плане"}
    data.update(fields)
    return meetings.meeting_save(
        meeting=Meeting(mentorship=pair), actor=actor, status=Meeting.Status.HELD, present=present, **data
    )


def _planned(pair, actor, on, **fields):
    data = {"kind": Meeting.Kind.REGULAR, "date": on, "starts_at": time(15, 0), "topic": "Следующая встреча"}
    data.update(fields)
    return meetings.meeting_save(meeting=Meeting(mentorship=pair), actor=actor, status=Meeting.Status.PLANNED, **data)


# --- services ------------------------------------------------------------------------------------------


def test_a_held_meeting_moves_the_pair_to_work_and_is_its_latest(people):
    pair = _fixed(people["pair"])
    meeting = _held(pair, people["mentor_user"], date(2026, 11, 10), people["mentees"][:1])
    pair.refresh_from_db()
    assert pair.status == Mentorship.Status.ACTIVE and pair.last_meeting_on == date(2026, 11, 10)
    assert list(meeting.present.all()) == people["mentees"][:1] and meeting.recorded_by == people["mentor_user"]
    # audited: the pair's history names the mentor who began its work
    last = pair.history.order_by("-history_id").first()
    assert last.status == Mentorship.Status.ACTIVE and last.history_user == people["mentor_user"]
    assert meeting.history.exclude(history_user=people["mentor_user"]).count() == 0


def test_last_meeting_is_recomputed_on_edit_cancel_and_delete(people):
    pair, mentor = people["pair"], people["mentor_user"]
    early = _held(pair, mentor, date(2026, 10, 1), people["mentees"])
    late = _held(pair, mentor, date(2026, 11, 1), people["mentees"])
    pair.refresh_from_db()
    assert pair.last_meeting_on == date(2026, 11, 1)
    meetings.meeting_save(
        meeting=late, actor=mentor, status=Meeting.Status.HELD, present=people["mentees"], date=date(2026, 9, 20)
    )
    pair.refresh_from_db()
    assert pair.last_meeting_on == date(2026, 10, 1)
    meetings.meeting_cancel(meeting=early, actor=mentor)
    pair.refresh_from_db()
    assert pair.last_meeting_on == date(2026, 9, 20)
    meetings.meeting_delete(meeting=Meeting.objects.get(pk=late.pk), actor=mentor)
    pair.refresh_from_db()
    assert pair.last_meeting_on is None


@pytest.mark.parametrize(
    ("status", "on", "message"),
    [
        (Meeting.Status.HELD, date(2026, 11, 21), "не может быть в будущем"),
        (Meeting.Status.HELD, date(2026, 9, 14), "раньше начала работы пары (15.09.2026)"),
        (Meeting.Status.PLANNED, date(2026, 11, 19), "только на сегодня или позже"),
    ],
)
def test_dates_out_of_the_rules_are_refused_and_nothing_is_saved(people, status, on, message):
    pair = people["pair"]
    with pytest.raises(ValidationError) as error:
        meetings.meeting_save(
            meeting=Meeting(mentorship=pair),
            actor=people["mentor_user"],
            status=status,
            present=people["mentees"],
            kind=Meeting.Kind.REGULAR,
            date=on,
            topic="Тема",
            outcome="Итог",
        )
    assert message in errors_of(error.value)
    assert not Meeting.objects.exists()
    pair.refresh_from_db()
    assert pair.last_meeting_on is None


def test_a_held_meeting_needs_its_outcome_and_who_was_present_from_the_pair(org, curator, people):
    stranger = make_mentee(org, curator, "Чужая")
    with pytest.raises(ValidationError) as error:
        _held(people["pair"], people["mentor_user"], TODAY, [], outcome="")
    assert "Запишите итог встречи." in errors_of(error.value)
    assert "Отметьте, кто из наставляемых был на встрече." in errors_of(error.value)
    with pytest.raises(ValidationError) as error:
        _held(people["pair"], people["mentor_user"], TODAY, [people["mentees"][0], stranger])
    assert meetings.PRESENT_LIMIT in errors_of(error.value)
    assert not Meeting.objects.exists()


def test_an_ended_pair_takes_no_meetings(people, curator):
    from pairing.services import mentorship_close

    pair = at_work(people["pair"])
    mentorship_close(mentorship=pair, actor=curator, status=Mentorship.Status.FINISHED, ended_on=TODAY, end_reason="")
    with pytest.raises(ValidationError) as error:
        _held(pair, people["mentor_user"], TODAY, [])
    assert errors_of(error.value) == meetings.CLOSED


def test_a_meeting_lasts_from_5_minutes_to_10_hours(people):
    with pytest.raises(ValidationError) as error:
        _planned(people["pair"], people["mentor_user"], TODAY, duration_minutes=3)
    assert "Встреча длится не меньше 5 минут." in errors_of(error.value)
    assert not Meeting.objects.exists()


def test_only_the_pairs_mentor_and_managers_record(org, curator, director, people):
    other_mentor_user = member(org, Role.MENTOR)
    make_mentor(org, curator, "Другой", user=other_mentor_user)
    for intruder in (other_mentor_user, people["mentee_user"], member(org, Role.ADMIN)):
        with pytest.raises(ValidationError) as error:
            _planned(people["pair"], intruder, TODAY)
        assert errors_of(error.value) == meetings.RECORDERS
    assert _planned(people["pair"], director, TODAY).recorded_by == director
    assert _planned(people["pair"], curator, TODAY).pk


def test_a_planned_meeting_is_marked_held_later(people):
    mentor = people["mentor_user"]
    meeting = _planned(people["pair"], mentor, TODAY + timedelta(days=2))
    assert meeting.present.count() == 0 and meeting.outcome == ""
    with freeze_time("2026-11-23 18:00:00+03:00"):
        meetings.meeting_save(
            meeting=meeting, actor=mentor, status=Meeting.Status.HELD, present=people["mentees"], outcome="Провели"
        )
    meeting.refresh_from_db()
    people["pair"].refresh_from_db()
    assert meeting.status == Meeting.Status.HELD and people["pair"].last_meeting_on == date(2026, 11, 22)


def test_a_planned_meeting_cannot_be_marked_held_before_it_happens(people):
    meeting = _planned(people["pair"], people["mentor_user"], TODAY + timedelta(days=2))
    with pytest.raises(ValidationError) as error:
        meetings.meeting_save(
            meeting=meeting,
            actor=people["mentor_user"],
            status=Meeting.Status.HELD,
            present=people["mentees"],
            outcome="x",
        )
    assert "не может быть в будущем" in errors_of(error.value)
    assert Meeting.objects.get().status == Meeting.Status.PLANNED


# --- the 14-day flag -----------------------------------------------------------------------------------


def test_the_flag_follows_the_days_since_the_last_held_meeting(people):
    pair = _fixed(people["pair"])

    def flagged():
        return Mentorship.objects.filter(idle_q(timezone.localdate()), pk=pair.pk).exists()

    assert flagged()  # begun 15.09, never met
    _held(pair, people["mentor_user"], date(2026, 11, 6), people["mentees"])
    assert not flagged()  # 14 days ago: not yet
    with freeze_time("2026-11-21 10:00:00+03:00"):
        assert flagged()  # 15 days
        pair.refresh_from_db()
        assert meetings.idle_label(pair, timezone.localdate()) == "нет встреч 15 дней"
    with freeze_time("2026-11-19 10:00:00+03:00"):
        assert not flagged()


def test_a_pair_still_forming_is_not_flagged(people):
    assert not Mentorship.objects.filter(idle_q(TODAY), pk=people["pair"].pk).exists()


# --- the reminder --------------------------------------------------------------------------------------


def test_the_reminder_goes_once_per_idle_spell(people):
    pair = _fixed(people["pair"])
    _held(pair, people["mentor_user"], date(2026, 10, 1), people["mentees"])
    call_command("remind_idle_pairs", base_url="https://nastavnik.test")
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.to == [people["mentor_user"].email]  # the account's address, as for its login letters
    assert "нет встреч 50 дней: последняя состоялась 01.10.2026" in letter.body
    assert f"https://nastavnik.test/pairing/{pair.pk}/" in letter.body
    assert "Вера" in letter.body and "Вторая" not in letter.body  # mentees by first name only
    call_command("remind_idle_pairs", base_url="https://nastavnik.test")  # the same day again
    with freeze_time("2026-11-27 08:00:00+03:00"):
        call_command("remind_idle_pairs", base_url="https://nastavnik.test")  # the same spell
    assert len(mail.outbox) == 1
    pair.refresh_from_db()
    assert pair.reminded_on == TODAY
    # a meeting starts a new spell: a letter again once it, too, is over 14 days old
    _held(pair, people["mentor_user"], date(2026, 11, 19), people["mentees"])
    with freeze_time("2026-12-03 08:00:00+03:00"):
        call_command("remind_idle_pairs", base_url="https://nastavnik.test")
        assert len(mail.outbox) == 1  # 14 days: not idle yet
    with freeze_time("2026-12-04 08:00:00+03:00"):
        call_command("remind_idle_pairs", base_url="https://nastavnik.test")
        call_command("remind_idle_pairs", base_url="https://nastavnik.test")
    assert len(mail.outbox) == 2


def test_a_meeting_recorded_late_still_starts_a_new_spell(people):
    pair = _fixed(people["pair"])
    call_command("remind_idle_pairs", base_url="https://nastavnik.test")  # never met: reminded 20.11
    assert len(mail.outbox) == 1
    with freeze_time("2026-11-25 10:00:00+03:00"):
        _held(pair, people["mentor_user"], date(2026, 11, 18), people["mentees"])  # held before the reminder
    with freeze_time("2026-12-03 08:00:00+03:00"):
        call_command("remind_idle_pairs", base_url="https://nastavnik.test")
    assert len(mail.outbox) == 2


def test_the_reminder_needs_the_site_address(people):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Укажите адрес сайта"):
        call_command("remind_idle_pairs", base_url="")


# --- pages ---------------------------------------------------------------------------------------------


def test_the_mentor_records_a_meeting_on_the_page_and_the_flag_goes(client, people):
    pair = _fixed(people["pair"])
    client.force_login(people["mentor_user"])
    page = client.get(pair.get_absolute_url()).content.decode()
    assert "нет встреч 66 дней" in page and "Записать встречу" in page
    form = client.get(reverse("pairing:meeting-create", kwargs={"pk": pair.pk})).content.decode()
    assert 'value="2026-11-20"' in form  # today
    assert len(re.findall(r'name="present" value="\d+"[^>]*checked', form)) == 2  # everybody ticked
    response = client.post(
        reverse("pairing:meeting-create", kwargs={"pk": pair.pk}),
        {
            "kind": Meeting.Kind.REGULAR,
            "date": "2026-11-19",
            "starts_at": "15:00",
            "duration_minutes": "45",
            "format": Meeting.Format.IN_PERSON,
            "place": "Кабинет 214",
            "topic": "Разбор урока",
            "outcome": "Договорились",
            "present": [people["mentees"][0].pk],
        },
    )
    assert response.status_code == 302 and response["Location"] == f"{pair.get_absolute_url()}#meetings"
    page = client.get(pair.get_absolute_url()).content.decode()
    assert "нет встреч" not in page and "Разбор урока" in page and "Работает" in page


def test_a_bad_meeting_form_keeps_what_was_typed(client, people):
    client.force_login(people["mentor_user"])
    response = client.post(
        reverse("pairing:meeting-create", kwargs={"pk": people["pair"].pk}),
        {
            "kind": Meeting.Kind.REGULAR,
            "date": "2026-12-01",
            "duration_minutes": "45",
            "format": Meeting.Format.ONLINE,
            "topic": "Тема, которую нельзя потерять",
            "outcome": "Итог, который нельзя потерять",
            "present": [people["mentees"][0].pk],
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "не может быть в будущем" in html
    assert "Тема, которую нельзя потерять" in html and "Итог, который нельзя потерять" in html
    assert not Meeting.objects.exists()


def test_deleting_a_meeting_asks_first(client, people):
    meeting = _held(people["pair"], people["mentor_user"], TODAY, people["mentees"])
    client.force_login(people["mentor_user"])
    url = reverse("pairing:meeting-delete", kwargs={"pk": meeting.pk})
    assert "Удалить встречу?" in client.get(url).content.decode()
    assert Meeting.objects.exists()
    client.post(url)
    assert not Meeting.objects.exists()
    people["pair"].refresh_from_db()
    assert people["pair"].last_meeting_on is None


def test_cancel_and_mark_held_on_the_pages(client, people):
    pair = people["pair"]
    planned = _planned(pair, people["mentor_user"], TODAY)
    other = _planned(pair, people["mentor_user"], TODAY + timedelta(days=1), topic="Отменится")
    client.force_login(people["mentor_user"])
    client.post(reverse("pairing:meeting-cancel", kwargs={"pk": other.pk}))
    other.refresh_from_db()
    assert other.status == Meeting.Status.CANCELLED
    response = client.post(
        reverse("pairing:meeting-held", kwargs={"pk": planned.pk}),
        {
            "kind": planned.kind,
            "date": "2026-11-20",
            "starts_at": "09:00",
            "duration_minutes": "45",
            "format": Meeting.Format.IN_PERSON,
            "topic": planned.topic,
            "outcome": "Провели",
            "present": [m.pk for m in people["mentees"]],
        },
    )
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.status == Meeting.Status.HELD and planned.present.count() == 2


def test_the_mentee_reads_the_meetings_and_sees_no_other_mentee(client, people, org, curator):
    pair = people["pair"]
    _held(pair, people["mentor_user"], date(2026, 11, 2), people["mentees"][1:])  # only the other one came
    _planned(pair, people["mentor_user"], TODAY + timedelta(days=3), topic="Подготовка к собранию")
    client.force_login(people["mentee_user"])
    for url in (pair.get_absolute_url(), reverse("pairing:my")):
        html = client.get(url).content.decode()
        assert "Подготовка к собранию" in html
        assert "Вторая" not in html and "Вера" not in html  # another mentee: not even the first name
        assert "Записать встречу" not in html and "нет встреч" not in html
    html = client.get(pair.get_absolute_url()).content.decode()
    assert "Вас не было на встрече" in html
    # the mentor's contacts: the e-mail by default, the phone only when the mentor allows it
    assert "mentor@school.test" in html and "+7 (900) 111-22-33" not in html
    meeting = Meeting.objects.filter(status=Meeting.Status.HELD).get()
    for name in ("meeting-edit", "meeting-delete", "meeting-held"):
        assert client.get(reverse(f"pairing:{name}", kwargs={"pk": meeting.pk})).status_code == 403
    assert client.post(reverse("pairing:meeting-cancel", kwargs={"pk": meeting.pk})).status_code == 403
    assert client.get(reverse("pairing:meeting-create", kwargs={"pk": pair.pk})).status_code == 403


def test_the_mentor_chooses_the_contacts_the_mentees_see(client, people):
    client.force_login(people["mentor_user"])
    url = reverse("pairing:my-contacts")
    assert "+7 (900) 111-22-33" in client.get(url).content.decode()
    response = client.post(url, {"show_phone": "on"})
    assert response.status_code == 302
    people["mentor"].refresh_from_db()
    assert people["mentor"].show_phone and not people["mentor"].show_email
    client.force_login(people["mentee_user"])
    html = client.get(reverse("pairing:my")).content.decode()
    assert "+7 (900) 111-22-33" in html and "mentor@school.test" not in html


def test_after_a_mentee_leaves_the_mentor_no_longer_reads_their_name(client, curator, people):
    from pairing.services import mentorship_save

    pair = people["pair"]
    _held(pair, people["mentor_user"], date(2026, 11, 2), people["mentees"])
    mentorship_save(mentorship=pair, actor=curator, mentees=people["mentees"][:1])  # «Вторая» leaves
    client.force_login(people["mentor_user"])
    for url in (pair.get_absolute_url(), reverse("pairing:my")):
        html = client.get(url).content.decode()
        assert "Первая Анна Сергеевна" in html and "Вторая" not in html
    meeting = Meeting.objects.get()
    form = client.get(reverse("pairing:meeting-edit", kwargs={"pk": meeting.pk})).content.decode()
    assert "Вторая" not in form
    # the mentor corrects the topic: the attendance of the one who left stays recorded
    meetings.meeting_save(
        meeting=meeting,
        actor=people["mentor_user"],
        status=Meeting.Status.HELD,
        present=people["mentees"][:1],
        topic="Исправлено",
    )
    assert set(meeting.present.all()) == set(people["mentees"])
    client.force_login(curator)  # managers see who was there
    assert "Вторая Вера Сергеевна" in client.get(pair.get_absolute_url()).content.decode()


def test_another_mentor_finds_no_meeting_of_this_pair(client, org, curator, people):
    other_user = member(org, Role.MENTOR)
    make_mentor(org, curator, "Другой", user=other_user)
    meeting = _held(people["pair"], people["mentor_user"], TODAY, people["mentees"])
    client.force_login(other_user)
    assert client.get(reverse("pairing:meeting-edit", kwargs={"pk": meeting.pk})).status_code == 404
    assert client.get(reverse("pairing:meeting-create", kwargs={"pk": people["pair"].pk})).status_code == 404


def test_the_managers_list_and_panel_of_idle_pairs(client, curator, people):
    pair = _fixed(people["pair"])
    client.force_login(curator)
    html = client.get(reverse("pairing:idle")).content.decode()
    assert "нет встреч 66 дней" in html and pair.mentor.person.full_name in html
    dashboard = client.get("/").content.decode()
    assert "Пары без встреч" in dashboard
    _held(pair, curator, TODAY, people["mentees"])
    assert "Все пары встречаются вовремя." in client.get(reverse("pairing:idle")).content.decode()


def test_the_mentors_dashboard_counts_their_idle_pairs(client, people):
    _fixed(people["pair"])
    client.force_login(people["mentor_user"])
    html = client.get("/").content.decode()
    assert re.search(r">1</a>\s*<div[^>]*>\s*ваша пара или группа без встреч больше 14 дней", html)


# --- query counts --------------------------------------------------------------------------------------


def _pairs_with_meetings(org, curator, mentor_user, n):
    mentor = Person.objects.get(user=mentor_user).mentor_profile
    mentor.max_mentees = 50
    mentor.save()
    for i in range(n):
        pair = make_pair(
            org, curator, mentor, [make_mentee(org, curator, f"Наставляемая{i}", user=member(org, Role.MENTEE))]
        )
        for day in range(5):
            _held(pair, mentor_user, date(2026, 10, 1) + timedelta(days=day), [pair.members.get().mentee])
        _planned(pair, mentor_user, TODAY + timedelta(days=i + 1))


def test_my_pairs_keep_constant_queries(client, org, curator, people, django_assert_max_num_queries):
    _held(people["pair"], people["mentor_user"], TODAY, people["mentees"])
    _planned(people["pair"], people["mentor_user"], TODAY + timedelta(days=1))
    client.force_login(people["mentor_user"])
    client.get(reverse("pairing:my"))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("pairing:my"))
    _pairs_with_meetings(org, curator, people["mentor_user"], 4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(reverse("pairing:my")).content.decode()
    assert html.count("Записать встречу") == 5


def test_the_pair_page_keeps_constant_queries(client, org, curator, people, django_assert_max_num_queries):
    pair = people["pair"]
    _held(pair, people["mentor_user"], TODAY, people["mentees"])
    client.force_login(people["mentor_user"])
    client.get(pair.get_absolute_url())
    with django_assert_max_num_queries(30) as few:
        client.get(pair.get_absolute_url())
    for day in range(10):
        _held(pair, people["mentor_user"], date(2026, 10, 1) + timedelta(days=day), people["mentees"])
        _planned(pair, people["mentor_user"], TODAY + timedelta(days=day))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(pair.get_absolute_url())


def test_the_reminders_links_default_to_the_sites_address(settings):
    from django.core.management import get_commands, load_command_class

    settings.SITE_URL = "https://nastavnik.school.example"
    command = load_command_class(get_commands()["remind_idle_pairs"], "remind_idle_pairs")
    assert command.create_parser("manage.py", "remind_idle_pairs").parse_args([]).base_url == settings.SITE_URL
