"""Filling a questionnaire by a personal link (public, no account) and «Мои анкеты» (signed in)."""

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_POST

from mentoring_site.forms_flow import run_action
from mentoring_site.plural import ru_count
from organizations.access import requires
from pairing.models import Meeting

from . import fill_meetings, filling
from .fill_forms import Structure
from .filling import State
from .models import Recipient

REFUSAL_STATUS = {State.ANSWERED: 200, State.SCHEDULED: 200, State.CLOSED: 410, State.CONSENT: 403}


def _private(response: HttpResponse) -> HttpResponse:
    """The page may hold what the person typed: no copy in a browser or proxy cache, no search engine."""
    add_never_cache_headers(response)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _context(request: HttpRequest, recipient: Recipient, **extra: Any) -> dict[str, Any]:
    person = recipient.person
    own = request.user.is_authenticated and person.user_id == request.user.pk
    return {
        "recipient": recipient,
        "campaign": recipient.campaign,
        "questionnaire": recipient.campaign.questionnaire,
        "organization": recipient.campaign.organization,
        # the name is shown only to its owner, signed in: a link seen over a shoulder names nobody
        "own_name": person.full_name if own else "",
        **extra,
    }


def _refusal(request: HttpRequest, recipient: Recipient, state: str) -> HttpResponse:
    response = render(
        request, "monitoring/fill/refused.html", _context(request, recipient, state=state), status=REFUSAL_STATUS[state]
    )
    return _private(response)


def _throttled(request: HttpRequest) -> HttpResponse:
    return _private(render(request, "monitoring/fill/throttled.html", status=429))


@login_not_required
@require_http_methods(["GET", "POST"])
def fill_form(request: HttpRequest, token: str) -> HttpResponse:
    """The questionnaire of a personal link: «Сохранить черновик» keeps what was typed, «Отправить ответы»
    validates everything and records one response."""
    if filling.throttled(request, token, submitting=request.method == "POST"):
        return _throttled(request)
    recipient = filling.find_recipient(token)
    if recipient is None:
        raise Http404("Нет такой ссылки.")
    today = timezone.localdate()
    state = filling.link_state(recipient, today)
    if state != State.OPEN:
        return _refusal(request, recipient, state)
    filling.mark_opened(recipient)
    structure = Structure.load(recipient.campaign.questionnaire)
    saved = False
    if request.method == "POST":
        form = filling.build_form(recipient, structure, request.POST)
        try:
            if request.POST.get("action") == "draft":
                filling.save_draft(recipient, form, today)
                saved = True
            elif form.is_valid():
                filling.submit(recipient, form, today)
                return _private(redirect("fill:done", token=token))
        except filling.AlreadyAnswered:
            recipient.responded_at = Recipient.objects.values_list("responded_at", flat=True).get(pk=recipient.pk)
            return _refusal(request, recipient, State.ANSWERED)
        except filling.NotOpen as refused:
            return _refusal(request, recipient, refused.state)
    else:
        form = filling.build_form(recipient, structure)
    response = render(
        request,
        "monitoring/fill/form.html",
        _context(request, recipient, form=form, sections=form.sections(), saved=saved, errors=form.errors),
    )
    return _private(response)


@login_not_required
@require_http_methods(["GET"])
def fill_done(request: HttpRequest, token: str) -> HttpResponse:
    """«Спасибо»: after a submission (the link itself then says it was answered)."""
    if filling.throttled(request, token, submitting=False):
        return _throttled(request)
    recipient = filling.find_recipient(token)
    if recipient is None:
        raise Http404("Нет такой ссылки.")
    if not recipient.responded_at:
        return _private(redirect("fill:form", token=token))
    return _private(render(request, "monitoring/fill/done.html", _context(request, recipient)))


@requires("forms.own")
def my_forms(request: HttpRequest) -> HttpResponse:
    """«Мои анкеты»: the signed-in user's own links — open ones to fill and answered ones."""
    rows = filling.my_recipients(request.user, timezone.localdate())
    return render(request, "monitoring/fill/my_forms.html", rows)


@requires("meetings.record")
@require_POST
def meeting_feedback_request(request: HttpRequest, pk: int) -> HttpResponse:
    """«Попросить отзыв» on a held meeting of a pair the user may record meetings of."""
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user, request.organization), pk=pk)
    mentorship = meeting.mentorship
    return run_action(
        request,
        lambda: fill_meetings.request_feedback(meeting=meeting, actor=request.user, today=timezone.localdate()),
        success=lambda created: (
            "Отзыв запрошен: "
            + ru_count(len(created), "личная ссылка создана", "личные ссылки созданы", "личных ссылок создано")
            + ". Участники с учётной записью видят анкету в «Моих анкетах»."
        ),
        next_url=f"{mentorship.get_absolute_url()}#meeting-feedback",
    )
