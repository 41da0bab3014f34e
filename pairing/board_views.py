"""The pair's lifecycle on pages: the pairs board with its bulk actions, cancelling a pair being formed,
best practices (cases) and incentives (nominations)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentoring_site.forms_flow import save_form
from organizations.access import requires
from participants.models import Consent
from programs.deadlines import current_school_year

from . import lifecycle
from .board import BoardFilter as BoardFilterForm
from .board import board, board_counts
from .forms import CancelForm, CaseForm, NominationForm, YearEndForm
from .models import IndividualPlan, Mentorship, Nomination
from .signals import pairs_to_order


def _pairs(request: HttpRequest) -> Any:
    return Mentorship.objects.visible_to(request.user, request.organization)


@requires("pairs.view")
def pairs_board(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filters = BoardFilterForm(request.GET or None, organization=request.organization)
    data = filters.cleaned_data if filters.is_valid() else {}
    return render(
        request,
        "pairing/life/board.html",
        {
            "filters": filters,
            "columns": board(request.organization, data, today, manage=request.can("pairs.manage")),
            "counts": board_counts(request.organization, today),
            "year_end": YearEndForm(initial={"ended_on": today}),
            "manage": request.can("pairs.manage"),
        },
    )


@requires("pairs.manage")
@require_POST
def board_action(request: HttpRequest) -> HttpResponse:
    """The board's bulk actions on the checked pairs: «В приказ о закреплении», «Завершить по окончании
    учебного года»."""
    chosen = list(_pairs(request).filter(pk__in=request.POST.getlist("pairs")))
    action = request.POST.get("action")
    try:
        if action == "order":
            with transaction.atomic():
                added = lifecycle.mentorships_to_order(
                    organization=request.organization, actor=request.user, mentorships=chosen
                )
                sent = pairs_to_order.send(Mentorship, organization=request.organization, actor=request.user)
                urls = [url for _, url in sent if url]
            messages.success(request, f"Пары включены в проект приказа о закреплении (новых: {added}).")
            return redirect(urls[0] if urls else "pairing:board")
        if action == "year_end":
            form = YearEndForm(request.POST)
            if not form.is_valid():
                raise ValidationError("Укажите дату окончания в формате ДД.ММ.ГГГГ.")
            closed = lifecycle.mentorships_close_year_end(
                organization=request.organization,
                actor=request.user,
                mentorships=chosen,
                ended_on=form.cleaned_data["ended_on"],
            )
            messages.success(request, f"Работа завершена по окончании учебного года (пар и групп: {closed}).")
            return redirect("pairing:board")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("pairing:board")
    messages.error(request, "Выберите действие.")
    return redirect("pairing:board")


@requires("pairs.manage")
def mentorship_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = get_object_or_404(_pairs(request).select_related("mentor__person"), pk=pk)
    if mentorship.status != Mentorship.Status.FORMING:
        raise PermissionDenied("Отменить можно только пару в статусе «Формируется».")
    form = CancelForm(request.POST or None)
    saved = save_form(
        request,
        form,
        lambda data: lifecycle.mentorship_cancel(mentorship=mentorship, actor=request.user, reason=data["reason"]),
        success="Пара отменена, её наставляемые снова без пары.",
    )
    return saved or render(request, "pairing/life/cancel.html", {"form": form, "mentorship": mentorship})


@requires("pairs.manage")
@require_POST
def mentorship_out_of_order(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = get_object_or_404(_pairs(request), pk=pk)
    try:
        lifecycle.mentorship_out_of_order(mentorship=mentorship, actor=request.user)
        messages.success(request, "Пара исключена из проекта приказа о закреплении.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(mentorship)


@requires("pairs.manage")
def mentorship_case(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = get_object_or_404(_pairs(request).select_related("mentor__person"), pk=pk)
    if mentorship.status != Mentorship.Status.FINISHED:
        raise PermissionDenied("Лучшей практикой отмечают только завершённую пару.")
    form = CaseForm(request.POST or None, instance=mentorship)
    saved = save_form(
        request,
        form,
        lambda data: lifecycle.mentorship_set_case(mentorship=mentorship, actor=request.user, **data),
        success="Сведения о лучшей практике сохранены.",
    )
    return saved or render(request, "pairing/life/case_form.html", {"form": form, "mentorship": mentorship})


def _publishable(person_ids: set[int]) -> set[int]:
    return set(
        Consent.objects.filter(person__in=person_ids, withdrawn_at__isnull=True, publication=True).values_list(
            "person_id", flat=True
        )
    )


def _described(person: Any, role: str) -> str:
    """«Наставник (учитель математики)», «наставляемый (8 класс)»: a participant without a name."""
    if person.school_class:
        digits = "".join(ch for ch in person.school_class if ch.isdigit())
        return f"{role} ({digits or person.school_class} класс)"
    return f"{role} ({person.position[:1].lower() + person.position[1:]})" if person.position else role


@requires("cases.view")
def case_list(request: HttpRequest) -> HttpResponse:
    """The база успешных практик of the organization: names only of those who consented to publication."""
    cases = list(
        Mentorship.objects.for_organization(request.organization)
        .filter(is_case=True, status=Mentorship.Status.FINISHED)
        .select_related("mentor__person", "form", "role_model")
        .prefetch_related("members__mentee__person")
        .order_by("-ended_on", "-pk")
    )
    people = {c.mentor.person_id for c in cases} | {m.mentee.person_id for c in cases for m in c.members.all()}
    public = _publishable(people)
    rows = []
    for case in cases:
        mentor = case.mentor.person
        mentees = [m.mentee.person for m in case.members.all() if m.left_with_pair]
        rows.append(
            {
                "case": case,
                "mentor": mentor.full_name if mentor.pk in public else _described(mentor, "Наставник"),
                "mentees": [p.full_name if p.pk in public else _described(p, "наставляемый") for p in mentees],
            }
        )
    return render(request, "pairing/life/case_list.html", {"rows": rows})


@requires("pairs.view")
def nomination_list(request: HttpRequest) -> HttpResponse:
    form = NominationForm(request.POST or None, organization=request.organization)
    if request.method == "POST":
        if not request.can("pairs.manage"):
            raise PermissionDenied("Представить наставника к поощрению может куратор или директор.")
        saved = save_form(
            request,
            form,
            lambda data: lifecycle.nomination_save(organization=request.organization, actor=request.user, **data),
            success="Наставник представлен к поощрению.",
            next_url=reverse("pairing:nominations"),
        )
        if saved:
            return saved
    nominations = (
        Nomination.objects.for_organization(request.organization)
        .select_related("mentor__person", "mentorship")
        .order_by("-school_year", "order_number", "kind", "pk")
    )
    return render(
        request,
        "pairing/life/nominations.html",
        {"form": form, "nominations": nominations, "school_year": current_school_year()},
    )


@requires("pairs.manage")
@require_POST
def nomination_delete(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_object_or_404(Nomination.objects.for_organization(request.organization), pk=pk)
    try:
        lifecycle.nomination_delete(nomination=nomination, actor=request.user)
        messages.success(request, "Представление к поощрению удалено.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("pairing:nominations")


def detail_section(request: HttpRequest, mentorship: Mentorship) -> dict[str, Any]:
    """What the pair's page shows of its lifecycle: the order that fixed it, completion, the case."""
    plans = IndividualPlan.objects.filter(mentorship=mentorship).values_list("goals", flat=True)
    goals = [line.strip() for text in plans for line in text.splitlines() if line.strip()]
    return {
        "life": {
            "goals": goals,
            "in_order": mentorship.status == Mentorship.Status.FORMING and mentorship.for_order,
        }
    }
