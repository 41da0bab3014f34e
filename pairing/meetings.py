"""Meetings of pairs and groups: writes (atomic, validated, audited) and the reads of the pages.

The mentor of a pair (or a manager: curator, director) records a held meeting or plans the next ones;
a planned one is later marked held with its outcome, or called off. The pair keeps the date of its
latest held meeting (``Mentorship.last_meeting_on``, recomputed on every change) for the 14-day flag
(``selectors.idle_q``); a pair fixed by an order begins to work («Работает») at a held meeting.

Also here: the mentor's choice of the contacts their mentees see, the daily reminder about idle pairs
and the personal iCalendar feed of planned meetings.
"""

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Max, Prefetch, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event
from typing_extensions import Unpack

from mentoring_site.audit import delete_audited, save_audited
from mentoring_site.models import User
from mentoring_site.plural import ru_count
from organizations.models import Membership
from participants.models import MenteeProfile, MentorProfile, Person

from .models import CalendarFeed, Meeting, Mentorship, MentorshipMember
from .selectors import IDLE_DAYS, idle_q

RECORDERS = "Встречи записывает наставник пары, куратор или директор."
CLOSED = "Пара завершена: встречи в ней уже не записываются и не меняются."
PRESENT_LIMIT = "Присутствовать могут только наставляемые, которые сейчас в паре."


# --- who may write -------------------------------------------------------------------------------------


def is_pair_mentor(user: Any, mentorship: Mentorship) -> bool:
    return bool(user.is_authenticated) and mentorship.mentor.person.user_id == user.pk


def may_record(user: Any, mentorship: Mentorship) -> bool:
    """The pair's mentor, or a curator or director of its organization."""
    if is_pair_mentor(user, mentorship):
        return True
    return Membership.objects.grants(user, mentorship.organization, "pairs.manage")


def _ensure_recorder(actor: User, mentorship: Mentorship) -> None:
    if not may_record(actor, mentorship):
        raise ValidationError(RECORDERS)
    if not mentorship.is_current:
        raise ValidationError(CLOSED)


def _locked_pair(pk: int) -> Mentorship:
    """The pair, locked (PostgreSQL) while its meetings change: its latest meeting is recomputed safely."""
    return Mentorship.objects.select_for_update(of=("self",)).select_related("mentor__person").get(pk=pk)


# --- meetings ------------------------------------------------------------------------------------------


class MeetingFields(TypedDict, total=False):
    kind: str
    date: date
    starts_at: Any  # datetime.time | None
    duration_minutes: int
    format: str
    place: str
    topic: str
    outcome: str


def _check(meeting: Meeting, present: Sequence[MenteeProfile], *, today: date, kept: int = 0) -> None:
    """``kept``: how many of those recorded present have left the pair since (their attendance stays)."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    mentorship = meeting.mentorship
    held = meeting.status == Meeting.Status.HELD
    if meeting.date < mentorship.started_on:
        add("date", f"Встреча не может быть раньше начала работы пары ({mentorship.started_on:%d.%m.%Y}).")
    elif mentorship.ended_on and meeting.date > mentorship.ended_on:
        add("date", f"Встреча не может быть позже окончания работы пары ({mentorship.ended_on:%d.%m.%Y}).")
    elif held and meeting.date > today:
        add("date", "Состоявшаяся встреча не может быть в будущем: запланируйте её.")
    elif held and meeting.date == today and meeting.starts_at:
        starts = timezone.make_aware(datetime.combine(meeting.date, meeting.starts_at))
        if starts > timezone.now():
            add("starts_at", "Встреча ещё не началась: запишите её после начала или запланируйте.")
    elif meeting.status == Meeting.Status.PLANNED and meeting.date < today:
        add("date", "Запланировать встречу можно только на сегодня или позже; прошедшую — запишите как состоявшуюся.")
    if not meeting.topic.strip():
        add("topic", "Укажите тему встречи.")
    if held:
        if not meeting.outcome.strip():
            add("outcome", "Запишите итог встречи.")
        allowed = set(present_choices(mentorship).values_list("pk", flat=True))
        if not present and not kept:
            add("present", "Отметьте, кто из наставляемых был на встрече.")
        elif any(mentee.pk not in allowed for mentee in present):
            add("present", PRESENT_LIMIT)
    if errors:
        raise ValidationError(errors)


def _refresh_pair(mentorship_id: int, actor: User, *, held_now: bool) -> Mentorship:
    """Recompute the pair's latest held meeting; a pair fixed by an order begins to work at a held one."""
    mentorship = Mentorship.objects.select_for_update().get(pk=mentorship_id)
    latest = mentorship.meetings.filter(status=Meeting.Status.HELD).aggregate(latest=Max("date"))["latest"]
    if held_now and mentorship.status == Mentorship.Status.FIXED:
        mentorship.status = Mentorship.Status.ACTIVE
        mentorship.last_meeting_on = latest
        save_audited(mentorship, actor, validate=False)
    elif mentorship.last_meeting_on != latest:
        # A cached figure derived from the (audited) meetings: no history row of its own.
        Mentorship.objects.filter(pk=mentorship.pk).update(last_meeting_on=latest)
        mentorship.last_meeting_on = latest
    return mentorship


@transaction.atomic
def meeting_save(
    *,
    meeting: Meeting,
    actor: User,
    status: str,
    present: Iterable[MenteeProfile] = (),
    **fields: Unpack[MeetingFields],
) -> Meeting:
    """Record a held meeting or plan one (``status``), new or changed; marking a planned meeting held
    is a change of its status with the outcome and who was present."""
    mentorship = _locked_pair(meeting.mentorship_id)
    meeting.mentorship = mentorship
    _ensure_recorder(actor, mentorship)
    if status not in (Meeting.Status.HELD, Meeting.Status.PLANNED):
        raise ValidationError("Встречу можно записать как состоявшуюся или запланировать.")
    for name, value in fields.items():
        setattr(meeting, name, value.strip() if isinstance(value, str) else value)
    meeting.status = status
    chosen = list(present) if status == Meeting.Status.HELD else []
    if status == Meeting.Status.PLANNED:
        meeting.outcome = ""
    # A recorded attendance of a mentee who has left the pair since stays (the form no longer shows them).
    kept = (
        list(meeting.present.exclude(pk__in=present_choices(mentorship).values("pk")))
        if meeting.pk and status == Meeting.Status.HELD
        else []
    )
    _check(meeting, chosen, today=timezone.localdate(), kept=len(kept))
    if meeting.recorded_by_id is None or status == Meeting.Status.HELD:
        meeting.recorded_by = actor
    save_audited(meeting, actor)
    meeting.present.set([*chosen, *kept])
    _refresh_pair(mentorship.pk, actor, held_now=status == Meeting.Status.HELD)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor: User) -> Meeting:
    """Call a meeting off (a planned one, or one recorded as held by mistake); it stays in the list."""
    mentorship = _locked_pair(meeting.mentorship_id)
    _ensure_recorder(actor, mentorship)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("Встреча уже отменена.")
    meeting.status = Meeting.Status.CANCELLED
    save_audited(meeting, actor)
    _refresh_pair(mentorship.pk, actor, held_now=False)
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting, actor: User) -> Mentorship:
    mentorship = _locked_pair(meeting.mentorship_id)
    _ensure_recorder(actor, mentorship)
    delete_audited(meeting, actor)
    return _refresh_pair(mentorship.pk, actor, held_now=False)


# --- the mentor's contacts -----------------------------------------------------------------------------


@transaction.atomic
def mentor_contacts_save(*, profile: MentorProfile, actor: User, show_phone: bool, show_email: bool) -> MentorProfile:
    """What the mentor's mentees see of the mentor's contacts: the mentor decides it for themselves."""
    if profile.person.user_id != actor.pk:
        raise ValidationError("Что видят наставляемые, решает сам наставник.")
    profile.show_phone, profile.show_email = show_phone, show_email
    return save_audited(profile, actor)


@dataclass(frozen=True)
class Contacts:
    phone: str = ""
    email: str = ""


def contacts_for_mentees(mentor: MentorProfile) -> Contacts:
    """Only what the mentor chose to show (an empty choice shows nothing)."""
    person = mentor.person
    return Contacts(
        phone=person.phone if mentor.show_phone else "",
        email=person.email if mentor.show_email else "",
    )


# --- reads for the pages ------------------------------------------------------------------------------


def days_without_meeting(mentorship: Mentorship, today: date) -> int:
    return (today - (mentorship.last_meeting_on or mentorship.started_on)).days


def idle_label(mentorship: Mentorship, today: date) -> str:
    """«нет встреч 17 дней» (since the last held meeting, or since the start of the work)."""
    return f"нет встреч {ru_count(days_without_meeting(mentorship, today), 'день', 'дня', 'дней')}"


def idle_ids(mentorship_ids: Iterable[int], today: date) -> set[int]:
    """Which of these pairs carry the 14-day flag: one query, the flag's one definition (``idle_q``)."""
    ids = list(mentorship_ids)
    if not ids:
        return set()
    return set(Mentorship.objects.filter(idle_q(today), pk__in=ids).values_list("pk", flat=True))


@dataclass
class MeetingRow:
    """A meeting as a page shows it to one viewer (plain values; who was present as the viewer may see it)."""

    meeting: Meeting
    present: list[str] = field(default_factory=list)  # full names: the pair's mentor and managers only
    present_count: int = 0
    me_present: bool | None = None  # a mentee viewer: were they there


@dataclass
class PairMeetings:
    mentorship: Mentorship
    held: list[MeetingRow]
    planned: list[MeetingRow]
    cancelled: list[MeetingRow]
    idle: bool
    idle_label: str
    can_record: bool
    as_mentee: bool
    contacts: Contacts | None
    member_count: int = 0


def _viewer_mentee_ids(user: Any) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(MenteeProfile.objects.filter(person__user=user).values_list("pk", flat=True))


def _rows(
    meetings: Iterable[Meeting], *, names: bool, mine: set[int], shown: set[int] | None = None
) -> list[MeetingRow]:
    """``names``: the viewer sees who was present by name — all of them (``shown`` is ``None``: managers)
    or only the mentees in ``shown`` (the pair's mentor: those now in the pair, as everywhere else)."""
    rows = []
    for meeting in meetings:
        attended: list[MenteeProfile] = meeting.present_list  # type: ignore[attr-defined]
        row = MeetingRow(meeting=meeting, present_count=len(attended))
        if names:
            row.present = [m.person.full_name for m in attended if shown is None or m.pk in shown]
        elif meeting.status == Meeting.Status.HELD:
            row.me_present = any(m.pk in mine for m in attended)
        rows.append(row)
    return rows


def _shown_mentees(mentorships: list[Mentorship]) -> set[int]:
    """The mentees whose names the pairs' mentor (not a manager) may read: those now in the pairs — what
    ``MentorshipMember.visible_to`` gives a mentor (a mentee leaves with the pair when it ends). Pairs read
    with ``selectors.current_members(viewer=…)`` («Мои пары») carry them already; otherwise one query."""
    if all(hasattr(m, "current_members") for m in mentorships):
        return {member.mentee_id for m in mentorships for member in m.current_members}
    return set(
        MentorshipMember.objects.filter(mentorship__in=[m.pk for m in mentorships], left_on__isnull=True).values_list(
            "mentee_id", flat=True
        )
    )


def _present_prefetch(names: bool) -> Prefetch:
    """Who was present: with their names for the mentor and managers; a mentee's page loads only the ids
    (others' names are never read, not only not shown)."""
    profiles = MenteeProfile.objects.select_related("person") if names else MenteeProfile.objects.only("pk")
    return Prefetch("present", profiles, to_attr="present_list")


def pair_meetings(request: HttpRequest, mentorship: Mentorship, *, held_limit: int | None = None) -> PairMeetings:
    """The «Встречи» section of a pair's page: held, planned and cancelled meetings, the flag, the buttons.

    Constant queries: the meetings (one), who was present (one), the flag (one), the viewer's profiles."""
    today = timezone.localdate()
    user: Any = request.user
    manager = request.can("pairs.view")  # type: ignore[attr-defined]
    mentor_view = is_pair_mentor(user, mentorship)
    names = manager or mentor_view
    meetings = list(
        # The pair was found through ``Mentorship.visible_to``: all its meetings are the viewer's to read
        # (``Meeting.visible_to`` is the same rule), so no second visibility subquery.
        Meeting.objects.filter(mentorship=mentorship)
        .prefetch_related(_present_prefetch(names))
        .order_by("-date", "-starts_at", "-pk")
    )
    mine = set() if names else _viewer_mentee_ids(user)
    shown = _shown_mentees([mentorship]) if mentor_view and not manager else None
    rows = _rows(meetings, names=names, mine=mine, shown=shown)
    held = [r for r in rows if r.meeting.status == Meeting.Status.HELD]
    planned = sorted(
        (r for r in rows if r.meeting.status == Meeting.Status.PLANNED),
        key=lambda r: (r.meeting.date, r.meeting.starts_at or datetime.min.time()),
    )
    return PairMeetings(
        mentorship=mentorship,
        held=held[:held_limit] if held_limit else held,
        planned=planned,
        cancelled=[r for r in rows if r.meeting.status == Meeting.Status.CANCELLED],
        idle=bool(idle_ids([mentorship.pk], today)),
        idle_label=idle_label(mentorship, today),
        can_record=mentorship.is_current and (mentor_view or request.can("pairs.manage")),  # type: ignore[attr-defined]
        as_mentee=not names,
        contacts=None if names else contacts_for_mentees(mentorship.mentor),
    )


def detail_context(request: HttpRequest, mentorship: Mentorship) -> dict[str, Any]:
    """What the pair's page needs for its «Встречи» section."""
    return {"meetings": pair_meetings(request, mentorship)}


RECENT_HELD = 3


def with_meetings(request: HttpRequest, mentorships: list[Mentorship]) -> list[Mentorship]:
    """«Мои пары»: on each pair ``meeting_info`` — its planned meetings, the last held ones, the flag and,
    for a mentee, the mentor's contacts as the mentor chose. Constant queries for any number of pairs."""
    today = timezone.localdate()
    user: Any = request.user
    if not mentorships:
        return mentorships
    flagged = idle_ids([m.pk for m in mentorships], today)
    mentor_pairs = [m for m in mentorships if getattr(m, "as_mentor", False)]
    mentee_pairs = [m for m in mentorships if not getattr(m, "as_mentor", False)]
    # The user's own pairs (``Mentorship.visible_to`` and ``of_user``): their meetings are the user's to read.
    visible = Meeting.objects.all()
    mine = _viewer_mentee_ids(user) if mentee_pairs else set()
    for group, names in ((mentor_pairs, True), (mentee_pairs, False)):
        if not group:
            continue
        by_pair: dict[int, list[Meeting]] = {m.pk: [] for m in group}
        pks = [m.pk for m in group]
        planned = visible.filter(mentorship_id__in=pks, status=Meeting.Status.PLANNED, date__gte=today).order_by(
            "date", "starts_at", "pk"
        )
        held = visible.filter(mentorship_id__in=pks, status=Meeting.Status.HELD)
        # The latest few held meetings of each pair: one query (a window over the pairs).
        recent = (
            held.annotate(
                n=Window(RowNumber(), partition_by=[F("mentorship_id")], order_by=[F("date").desc(), F("pk").desc()])
            )
            .filter(n__lte=RECENT_HELD)
            .order_by("-date", "-pk")
        )
        present = _present_prefetch(names)
        for meeting in (*planned.prefetch_related(present), *recent.prefetch_related(present)):
            by_pair[meeting.mentorship_id].append(meeting)
        shown = None
        if names and not request.can("pairs.view"):  # type: ignore[attr-defined]
            shown = _shown_mentees(group)
        for mentorship in group:
            rows = _rows(by_pair[mentorship.pk], names=names, mine=mine, shown=shown)
            mentorship.meeting_info = PairMeetings(  # type: ignore[attr-defined]
                mentorship=mentorship,
                held=[r for r in rows if r.meeting.status == Meeting.Status.HELD],
                planned=[r for r in rows if r.meeting.status == Meeting.Status.PLANNED],
                cancelled=[],
                idle=mentorship.pk in flagged,
                idle_label=idle_label(mentorship, today),
                can_record=names and mentorship.is_current,
                as_mentee=not names,
                contacts=None if names else contacts_for_mentees(mentorship.mentor),
            )
    return mentorships


def idle_pairs(organization: Any, today: date) -> QuerySet[Mentorship]:
    """The organization's pairs with the 14-day flag, the longest idle first."""
    return (
        Mentorship.objects.filter(idle_q(today), organization=organization)
        .select_related("mentor__person", "form")
        .order_by("last_meeting_on", "started_on", "pk")
    )


def upcoming(user: Any, organization: Any, today: date, limit: int = 5) -> list[Meeting]:
    """The user's next planned meetings (of their own pairs not ended)."""
    own = Mentorship.objects.of_user(user).current().filter(organization=organization).values("pk")
    return list(
        Meeting.objects.filter(mentorship__in=own, status=Meeting.Status.PLANNED, date__gte=today)
        .select_related("mentorship__mentor__person")
        .order_by("date", "starts_at", "pk")[:limit]
    )


# --- the reminder --------------------------------------------------------------------------------------


@dataclass
class ReminderRun:
    sent: list[Mentorship] = field(default_factory=list)
    without_address: list[Mentorship] = field(default_factory=list)
    failed: list[Mentorship] = field(default_factory=list)


def spell_start(mentorship: Mentorship) -> date:
    """The first day of the pair's current idle spell (``idle_q``: no held meeting for over ``IDLE_DAYS``)."""
    if mentorship.last_meeting_on:
        return mentorship.last_meeting_on + timedelta(days=IDLE_DAYS + 1)
    return mentorship.started_on + timedelta(days=IDLE_DAYS)


def _mentor_address(mentorship: Mentorship) -> str:
    person = mentorship.mentor.person
    if person.user_id and person.user and person.user.is_active and person.user.email:
        return person.user.email
    return person.email


def remind_idle_pairs(*, today: date, base_url: str) -> ReminderRun:
    """One letter to the mentor of each idle pair per idle spell (``Mentorship.reminded_on``): a second
    run the same day, or any day of the same spell, sends nothing; a held meeting starts a new spell."""
    run = ReminderRun()
    candidates = Mentorship.objects.filter(idle_q(today)).select_related("mentor__person__user", "organization")
    for candidate in candidates:
        if candidate.reminded_on and candidate.reminded_on >= spell_start(candidate):
            continue
        try:
            sent = _remind_one(candidate.pk, today=today, base_url=base_url)
        except OSError:  # the mail server refused: nothing is marked, the next run tries again
            run.failed.append(candidate)
            continue
        if isinstance(sent, Mentorship):
            run.sent.append(sent)
        elif sent is False:
            run.without_address.append(candidate)
    return run


@transaction.atomic
def _remind_one(pk: int, *, today: date, base_url: str) -> Mentorship | bool | None:
    """Locked and read again (two runs at once send one letter): the pair reminded, ``False`` when its
    mentor has no e-mail address, ``None`` when it needs no reminder any more. A failed letter raises
    ``OSError`` and rolls the mark back."""
    mentorship = (
        Mentorship.objects.select_for_update(of=("self",))
        .filter(idle_q(today), pk=pk)
        .select_related("mentor__person__user", "organization")
        .first()
    )
    if mentorship is None or (mentorship.reminded_on and mentorship.reminded_on >= spell_start(mentorship)):
        return None
    address = _mentor_address(mentorship)
    if not address:
        return False
    mentorship.reminded_on = today
    save_audited(mentorship, None, validate=False)
    _send_reminder(mentorship, address=address, today=today, base_url=base_url)
    return mentorship


def _send_reminder(mentorship: Mentorship, *, address: str, today: date, base_url: str) -> None:
    members = list(
        MentorshipMember.objects.filter(mentorship=mentorship, left_on__isnull=True).select_related("mentee__person")
    )
    context = {
        "mentorship": mentorship,
        "mentor": mentorship.mentor.person,
        "mentees": [m.mentee.person for m in members],
        "days": ru_count(days_without_meeting(mentorship, today), "день", "дня", "дней"),
        "last_meeting_on": mentorship.last_meeting_on,
        "pair_url": f"{base_url}{mentorship.get_absolute_url()}",
        "record_url": f"{base_url}{reverse('pairing:meeting-create', kwargs={'pk': mentorship.pk})}",
        "organization": mentorship.organization,
    }
    send_mail(
        subject="Напоминание: у пары нет встреч больше двух недель",
        message=render_to_string("pairing/meetings/email/idle_reminder.txt", context),
        from_email=None,
        recipient_list=[address],
    )


# --- the calendar feed ---------------------------------------------------------------------------------


def active_feed(user: Any) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).order_by("-created_at").first()


@transaction.atomic
def calendar_feed_create(*, user: User) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    calendar_feed_revoke(user=user)
    feed = CalendarFeed(user=user, token=secrets.token_urlsafe(32))
    return save_audited(feed, user)


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> int:
    now = timezone.now()
    feeds = list(CalendarFeed.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
    for feed in feeds:
        feed.revoked_at = now
        save_audited(feed, user)
    return len(feeds)


def feed_by_token(token: str) -> CalendarFeed | None:
    """The feed of a token that works: not revoked, its user active. Anything else: ``None`` (a 404)."""
    if not token or len(token) > 64:
        return None
    return (
        CalendarFeed.objects.filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .select_related("user")
        .first()
    )


FEED_PAST_DAYS = 30  # planned meetings recently passed and cancelled ones stay a while (clients update)


def _feed_name(person: Person) -> str:
    """Adults by full name; a pupil (or anyone who may be a minor) only by first name and class."""
    if person.kind == Person.Kind.TEACHER and not person.is_minor:
        return person.full_name
    return " ".join(part for part in (person.first_name, person.school_class) if part)


def feed_meetings(user: Any, today: date) -> list[Meeting]:
    """Planned (and recently cancelled) meetings of the user's pairs not ended, in the organizations where
    the user still holds a role."""
    organizations = Membership.objects.filter(user=user, is_active=True, organization__isnull=False).values(
        "organization_id"
    )
    own = Mentorship.objects.of_user(user).current().filter(organization__in=organizations).values("pk")
    return list(
        Meeting.objects.filter(
            mentorship__in=own,
            status__in=(Meeting.Status.PLANNED, Meeting.Status.CANCELLED),
            date__gte=today - timedelta(days=FEED_PAST_DAYS),
        )
        .select_related("mentorship__mentor__person", "mentorship__organization")
        .prefetch_related(
            Prefetch(
                "mentorship__members",
                MentorshipMember.objects.filter(left_on__isnull=True).select_related("mentee__person"),
                to_attr="current_members",
            )
        )
        .order_by("date", "starts_at", "pk")
    )


def calendar_ics(feed: CalendarFeed, *, host: str = "nastavnik") -> bytes:
    """The feed as iCalendar (RFC 5545): a stable UID per meeting, DTSTART in UTC, DURATION, SUMMARY,
    LOCATION. Of a pupil only the first name and class appear."""
    today = timezone.localdate()
    calendar = Calendar()
    calendar.add("prodid", "-//Наставник//Встречи наставника//RU")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Встречи наставника")
    calendar.add("x-wr-timezone", str(timezone.get_default_timezone()))
    stamp = timezone.now().replace(microsecond=0)
    for meeting in feed_meetings(feed.user, today):
        mentorship = meeting.mentorship
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("last-modified", meeting.updated_at.replace(microsecond=0))
        event.add("summary", f"Встреча наставника: {meeting.topic}")
        if meeting.starts_at:
            starts = timezone.make_aware(datetime.combine(meeting.date, meeting.starts_at))
            event.add("dtstart", starts.astimezone(UTC).replace(microsecond=0))
            event.add("duration", timedelta(minutes=meeting.duration_minutes))
        else:
            event.add("dtstart", meeting.date)
            event.add("duration", timedelta(days=1))
        if meeting.place:
            event.add("location", meeting.place)
        # The pair's mentor sees their mentees (first name and class); a mentee's feed names no other child.
        as_mentor = mentorship.mentor.person.user_id == feed.user_id
        people = [m.mentee.person for m in mentorship.current_members] if as_mentor else []
        description = [
            f"{meeting.get_kind_display()}, {meeting.get_format_display().lower()}, "
            f"{ru_count(meeting.duration_minutes, 'минута', 'минуты', 'минут')}.",
            f"Наставник: {_feed_name(mentorship.mentor.person)}.",
        ]
        if people:
            label = "Наставляемый" if len(people) == 1 else "Наставляемые"
            description.append(f"{label}: {', '.join(_feed_name(p) for p in people)}.")
        description.append(mentorship.organization.short_name)
        event.add("description", "\n".join(description))
        event.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED")
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    return calendar.to_ical()


def feed_owner_is_participant(user: Any) -> bool:
    """Whether the user is a mentor or mentee of some pair (the calendar page says so when not)."""
    return Mentorship.objects.of_user(user).current().exists()


def present_choices(mentorship: Mentorship) -> QuerySet[MenteeProfile]:
    """Who may be marked present: the pair's current mentees (a mentee who has left is not shown to the
    mentor any more; their attendance already recorded is kept by ``meeting_save``)."""
    current = MentorshipMember.objects.filter(mentorship=mentorship, left_on__isnull=True).values("mentee_id")
    return (
        MenteeProfile.objects.filter(pk__in=current)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "pk")
    )
