"""Meetings of pairs and groups, the 14-day flag, the mentor's contacts and the calendar feed.

The pair's mentor (and a curator or director) records and plans meetings; the pair's mentees read them.
A pair that another mentor leads is not found (404); a mentee who asks to write gets 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from mentoring_site.dashboard import PanelContent, register_panel
from mentoring_site.forms_flow import confirm_page, run_action, save_form
from organizations.access import requires
from participants.models import MentorProfile

from . import meetings
from .meeting_forms import ContactsForm, MeetingForm
from .models import Meeting, Mentorship, MentorshipMember

# --- meetings ------------------------------------------------------------------------------------------


def _pair_for_writing(request: HttpRequest, pk: int) -> Mentorship:
    """A pair the user may see (else 404) and record meetings of (else 403), not ended."""
    mentorship = get_object_or_404(
        Mentorship.objects.visible_to(request.user, request.organization).select_related(
            "mentor__person", "organization"
        ),
        pk=pk,
    )
    if not (meetings.is_pair_mentor(request.user, mentorship) or request.can("pairs.manage")):
        raise PermissionDenied(meetings.RECORDERS)
    if not mentorship.is_current:
        raise PermissionDenied(meetings.CLOSED)
    return mentorship


def _meeting_for_writing(request: HttpRequest, pk: int) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user, request.organization).select_related(
            "mentorship__mentor__person", "mentorship__organization"
        ),
        pk=pk,
    )
    _pair_for_writing(request, meeting.mentorship_id)
    return meeting


def _meeting_page(request, mentorship, meeting, status, *, title, success):
    form = MeetingForm(request.POST or None, instance=meeting, mentorship=mentorship, status=status)
    saved = save_form(
        request,
        form,
        lambda data: meetings.meeting_save(
            meeting=meeting,
            actor=request.user,
            status=status,
            present=data.pop("present", []),
            **data,
        ),
        success=success,
        next_url=lambda m: f"{mentorship.get_absolute_url()}#meetings",
    )
    return saved or render(
        request,
        "pairing/meetings/meeting_form.html",
        {"form": form, "mentorship": mentorship, "meeting": meeting, "title": title, "status": status},
    )


@requires("meetings.record")
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    """«Записать встречу»: a meeting that was held."""
    mentorship = _pair_for_writing(request, pk)
    meeting = Meeting(mentorship=mentorship, status=Meeting.Status.HELD)
    return _meeting_page(
        request, mentorship, meeting, Meeting.Status.HELD, title="Записать встречу", success="Встреча записана."
    )


@requires("meetings.record")
def meeting_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """«Запланировать»: a meeting ahead."""
    mentorship = _pair_for_writing(request, pk)
    meeting = Meeting(mentorship=mentorship, status=Meeting.Status.PLANNED)
    return _meeting_page(
        request,
        mentorship,
        meeting,
        Meeting.Status.PLANNED,
        title="Запланировать встречу",
        success="Встреча запланирована.",
    )


@requires("meetings.record")
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_writing(request, pk)
    if meeting.status == Meeting.Status.CANCELLED:
        raise PermissionDenied("Встреча отменена: её нельзя изменить, можно удалить или запланировать новую.")
    title = "Изменить встречу" if meeting.status == Meeting.Status.HELD else "Изменить запланированную встречу"
    return _meeting_page(
        request, meeting.mentorship, meeting, meeting.status, title=title, success="Изменения сохранены."
    )


@requires("meetings.record")
def meeting_held(request: HttpRequest, pk: int) -> HttpResponse:
    """A planned meeting took place: its outcome and who was present."""
    meeting = _meeting_for_writing(request, pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise PermissionDenied("Отметить состоявшейся можно только запланированную встречу.")
    return _meeting_page(
        request,
        meeting.mentorship,
        meeting,
        Meeting.Status.HELD,
        title="Встреча состоялась",
        success="Встреча отмечена как состоявшаяся.",
    )


@requires("meetings.record")
@require_POST
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_writing(request, pk)
    return run_action(
        request,
        lambda: meetings.meeting_cancel(meeting=meeting, actor=request.user),
        success="Встреча отменена.",
        next_url=f"{meeting.mentorship.get_absolute_url()}#meetings",
    )


@requires("meetings.record")
def meeting_delete(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_writing(request, pk)
    back = f"{meeting.mentorship.get_absolute_url()}#meetings"
    if request.method != "POST":
        losses = [f"{meeting.get_kind_display()} {meeting.date:%d.%m.%Y}: {meeting.topic}"]
        if meeting.outcome:
            losses.append("итог встречи и отметки о присутствии")
        return confirm_page(
            request,
            title="Удалить встречу?",
            warning="Встреча исчезнет из журнала пары. Если встреча просто не состоялась, лучше отменить её.",
            losses=losses,
            confirm="Удалить",
            cancel_url=back,
        )
    return run_action(
        request,
        lambda: meetings.meeting_delete(meeting=meeting, actor=request.user),
        success="Встреча удалена.",
        next_url=back,
    )


@requires("pairs.view")
def idle_list(request: HttpRequest) -> HttpResponse:
    """Pairs without a meeting for over 14 days (the managers' list)."""
    today = timezone.localdate()
    pairs = list(meetings.idle_pairs(request.organization, today))
    members = MentorshipMember.objects.filter(mentorship__in=pairs, left_on__isnull=True).select_related(
        "mentee__person"
    )
    names: dict[int, list[str]] = {}
    for member in members:
        names.setdefault(member.mentorship_id, []).append(member.mentee.person.full_name)
    rows = [
        {
            "mentorship": m,
            "mentees": names.get(m.pk, []),
            "idle_label": meetings.idle_label(m, today),
        }
        for m in pairs
    ]
    return render(request, "pairing/meetings/idle_list.html", {"rows": rows, "days": meetings.IDLE_DAYS})


# --- the mentor's contacts -----------------------------------------------------------------------------


@requires("mentor.contacts")
def my_contacts(request: HttpRequest) -> HttpResponse:
    """«Что видят мои наставляемые»: the mentor shows or hides their phone and e-mail."""
    profile = get_object_or_404(
        MentorProfile.objects.select_related("person__user"),
        person__user=request.user,
        person__organization=request.organization,
    )
    form = ContactsForm(request.POST or None, instance=profile)
    saved = save_form(
        request,
        form,
        lambda data: meetings.mentor_contacts_save(profile=profile, actor=request.user, **data),
        success="Сохранено: наставляемые видят то, что вы выбрали.",
        next_url="pairing:my",
    )
    contacts = meetings.contacts_for_mentees(profile)
    person = profile.person
    return saved or render(
        request,
        "pairing/meetings/contacts_form.html",
        {
            "form": form,
            "phone": person.phone,
            "email": person.email,
            "contacts": contacts,
        },
    )


# --- the calendar feed ---------------------------------------------------------------------------------


@requires("pairs.participate")
def calendar_page(request: HttpRequest) -> HttpResponse:
    feed = meetings.active_feed(request.user)
    url = request.build_absolute_uri(reverse("pairing:calendar-feed", kwargs={"token": feed.token})) if feed else ""
    return render(
        request,
        "pairing/meetings/calendar.html",
        {
            "feed": feed,
            "feed_url": url,
            "webcal_url": url.replace("https://", "webcal://").replace("http://", "webcal://") if url else "",
            "participant": meetings.feed_owner_is_participant(request.user),
        },
    )


@requires("pairs.participate")
@require_POST
def calendar_create(request: HttpRequest) -> HttpResponse:
    had = meetings.active_feed(request.user) is not None
    meetings.calendar_feed_create(user=request.user)
    messages.success(
        request,
        "Создана новая ссылка; старая больше не работает — замените её в календаре."
        if had
        else "Ссылка на календарь создана.",
    )
    return redirect("pairing:calendar")


@requires("pairs.participate")
@require_POST
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    if meetings.calendar_feed_revoke(user=request.user):
        messages.success(request, "Календарь отключён: ссылка больше не работает.")
    else:
        messages.info(request, "Календарь уже отключён.")
    return redirect("pairing:calendar")


@login_not_required
@never_cache
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself, for calendar applications (no login: the secret address is the key).
    An unknown or revoked address gets the same 404 as any missing page."""
    feed = meetings.feed_by_token(token)
    if feed is None:
        raise Http404
    body = meetings.calendar_ics(feed, host=request.get_host().split(":")[0] or "nastavnik")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="nastavnik.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


# --- dashboard panels ----------------------------------------------------------------------------------


@register_panel(order=46, permission="pairs.view")
def idle_pairs_panel(request):
    """For the curator and the director: pairs without a meeting for over 14 days."""
    today = timezone.localdate()
    idle = meetings.idle_pairs(request.organization, today)
    rows = [{"mentorship": m, "idle_label": meetings.idle_label(m, today)} for m in idle[:5]]
    count = len(rows) if len(rows) < 5 else idle.count()
    return PanelContent(
        template="pairing/meetings/panels/idle_pairs.html",
        context={"count": count, "rows": rows, "days": meetings.IDLE_DAYS},
        width="col-lg-6",
    )


@register_panel(order=16, permission="pairs.participate")
def my_meetings_panel(request):
    """For a mentor and a mentee: the next planned meetings; for a mentor, their pairs with the flag."""
    today = timezone.localdate()
    own = Mentorship.objects.visible_to(request.user, request.organization).of_user(request.user).current()
    led = list(own.filter(mentor__person__user=request.user).values_list("pk", flat=True))
    upcoming = meetings.upcoming(request.user, request.organization, today)
    flagged = meetings.idle_ids(led, today)
    if not led and not upcoming and not own.exists():
        return None
    return PanelContent(
        template="pairing/meetings/panels/my_meetings.html",
        context={"upcoming": upcoming, "idle_count": len(flagged), "mentor": bool(led), "days": meetings.IDLE_DAYS},
        width="col-lg-6",
    )
