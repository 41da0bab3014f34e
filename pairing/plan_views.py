"""Individual plans of pairs: the mentor drafts, sends for approval and marks progress; the curator (an
ИОМ: the director) approves or returns; the mentee reads. A plan names a pupil: never public."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentoring_site.forms_flow import run_action, save_form
from mentoring_site.history import history_page, parts_history_entries
from mentoring_site.pdf import pdf_response
from mentoring_site.printing import standalone_pdf
from organizations.access import requires

from . import plans
from .models import IndividualPlan, Mentorship, MentorshipMember, PlanItem
from .plan_forms import PlanForm, ProgressForm, ReturnForm, item_formset


def _plan_url(plan: IndividualPlan) -> str:
    return reverse("pairing:plan-detail", kwargs={"pk": plan.pk})


def _plan(request: HttpRequest, pk: int) -> IndividualPlan:
    return get_object_or_404(
        plans.plans_visible_to(request.user, request.organization).select_related(
            "mentorship__mentor__person", "mentorship__organization", "mentorship__form", "mentee__person"
        ),
        pk=pk,
    )


def _own_open_pair(request: HttpRequest, mentorship: Mentorship) -> None:
    """Only the pair's mentor writes its plan, and only while the pair works (403 with the reason)."""
    if not plans.is_mentor(mentorship, request.user):
        raise PermissionDenied(plans.ONLY_MENTOR)
    if not mentorship.is_current:
        raise PermissionDenied(plans.READ_ONLY_PAIR)


def _draft_page(request, plan, form, formset, *, template_rows=0):
    context = {
        "plan": plan,
        "mentorship": plan.mentorship,
        "form": form,
        "formset": formset,
        "formsets": [(formset, "Мероприятия плана")],
        "formsets_have_errors": formset.is_bound and bool(formset.total_error_count()),
        "template_rows": template_rows,
        "period_end": plans.period_end(plan.mentorship)[0],
    }
    return render(request, "pairing/plans/plan_form.html", context)


def _save_draft(request, plan, form, formset):
    def save(data: dict[str, Any]) -> IndividualPlan:
        return plans.plan_save(plan=plan, actor=request.user, items=formset.rows(), **data)

    return save_form(
        request,
        form,
        save,
        formsets=[formset],
        success=lambda saved: "План сохранён. Когда он готов, отправьте его на утверждение.",
        next_url=_plan_url,
    )


@requires("pairs.participate")
def plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A new plan of a pair, or of one mentee of a group (``?mentee=``), from the mentees' requests."""
    mentorship = get_object_or_404(
        Mentorship.objects.visible_to(request.user, request.organization).select_related("mentor__person"), pk=pk
    )
    _own_open_pair(request, mentorship)
    members = list(
        MentorshipMember.objects.filter(mentorship=mentorship, left_on__isnull=True).select_related("mentee__person")
    )
    mentee = None
    if request.GET.get("mentee"):
        mentee = next((m.mentee for m in members if str(m.mentee_id) == request.GET["mentee"]), None)
        if mentee is None:
            raise Http404("Этого наставляемого нет в паре (группе).")
    existing = IndividualPlan.objects.filter(mentorship=mentorship, mentee=mentee).first()
    if existing is not None:
        messages.info(request, "План уже составлен.")
        return redirect(_plan_url(existing))
    plan = IndividualPlan(mentorship=mentorship, mentee=mentee)
    start = plans.prefill(mentorship, [mentee] if mentee else [m.mentee for m in members])
    initial = {
        "kind": start.kind,
        "deficits": start.deficits,
        "goals": start.goals,
        "expected_results": start.expected_results,
    }
    form = PlanForm(request.POST or None, instance=plan, initial=initial)
    formset = item_formset(plan, request.POST or None, template_rows=start.rows)
    saved = _save_draft(request, plan, form, formset)
    return saved or _draft_page(request, plan, form, formset, template_rows=len(start.rows))


@requires("pairs.own")
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    mentorship = plan.mentorship
    mine = plans.is_mentor(mentorship, request.user)
    if plan.mentee_id:
        mentees = [plan.mentee.person.full_name]
    else:  # those of the pair the user may see (a mentee of a group: only themselves)
        members = MentorshipMember.objects.visible_to(request.user, request.organization).filter(
            mentorship=mentorship, left_on__isnull=True
        )
        mentees = [m.mentee.person.full_name for m in members.select_related("mentee__person")]
    context = {
        "mentees": mentees,
        "plan": plan,
        "mentorship": mentorship,
        "items": list(plan.items.all()),
        "mine": mine,
        "open": mentorship.is_current,
        "may_decide": plan.status == IndividualPlan.Status.REVIEW
        and plans.may_decide(plan, request.user, request.organization),
        "approver": plans.approver_rule(plan)[1],
        "return_form": ReturnForm(),
        "manager": request.can("pairs.view"),  # type: ignore[attr-defined]
    }
    return render(request, "pairing/plans/plan_detail.html", context)


@requires("pairs.participate")
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft: the whole plan. An approved plan: the marks of its rows and the results."""
    plan = _plan(request, pk)
    _own_open_pair(request, plan.mentorship)
    if plan.status == IndividualPlan.Status.REVIEW:
        messages.warning(request, "План на утверждении: изменить его можно, когда его вернут на доработку.")
        return redirect(_plan_url(plan))
    if plan.status == IndividualPlan.Status.APPROVED:
        return _progress(request, plan)
    form = PlanForm(request.POST or None, instance=plan)
    formset = item_formset(plan, request.POST or None)
    return _save_draft(request, plan, form, formset) or _draft_page(request, plan, form, formset)


def _progress(request: HttpRequest, plan: IndividualPlan) -> HttpResponse:
    items = list(plan.items.all())
    form = ProgressForm(request.POST or None, items=items, initial={"results": plan.results})
    saved = save_form(
        request,
        form,
        lambda data: plans.plan_progress(plan=plan, actor=request.user, items=form.marks(), results=data["results"]),
        success="Отметки о выполнении сохранены. План остаётся утверждённым.",
        next_url=_plan_url,
    )
    return saved or render(
        request, "pairing/plans/plan_progress.html", {"plan": plan, "mentorship": plan.mentorship, "form": form}
    )


@requires("pairs.participate")
@require_POST
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    if not plans.is_mentor(plan.mentorship, request.user):
        raise PermissionDenied(plans.ONLY_MENTOR)
    who = "директору" if plan.kind == IndividualPlan.Kind.ROUTE else "куратору"
    return run_action(
        request,
        lambda: plans.plan_submit(plan=plan, actor=request.user),
        success=f"План отправлен на утверждение {who}.",
        next_url=_plan_url(plan),
    )


def _decider_plan(request: HttpRequest, pk: int) -> IndividualPlan:
    plan = _plan(request, pk)
    if not plans.may_decide(plan, request.user, request.organization):
        raise PermissionDenied(plans.approver_rule(plan)[1])
    return plan


@requires("pairs.manage")
@require_POST
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _decider_plan(request, pk)
    return run_action(
        request,
        lambda: plans.plan_approve(plan=plan, actor=request.user),
        success="План утверждён. Наставник отмечает в нём выполнение мероприятий.",
        next_url=_plan_url(plan),
    )


@requires("pairs.manage")
@require_POST
def plan_return(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _decider_plan(request, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Не возвращено: напишите, что исправить в плане (до 2000 знаков).")
        return redirect(_plan_url(plan))
    return run_action(
        request,
        lambda: plans.plan_return(plan=plan, actor=request.user, comment=form.cleaned_data["comment"]),
        success="План возвращён наставнику на доработку с замечаниями.",
        next_url=_plan_url(plan),
    )


@requires("pairs.own")
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    pdf = standalone_pdf(
        "pairing.plan", request.organization, plan.pk, timezone.localdate(), title=plan.get_kind_display()
    )
    if pdf is None:
        raise Http404("Нет такого плана.")
    return pdf_response(pdf, f"{plan.get_kind_display()}.pdf")


@requires("history.view")
def plan_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Who drafted, sent, approved or returned the plan (with the comment), and every change of its rows."""
    plan = _plan(request, pk)
    rows = parts_history_entries(PlanItem.history.filter(plan_id=plan.pk), label="Строка {order}: {task}")
    return history_page(request, plan, back_url=_plan_url(plan), extra=rows)
