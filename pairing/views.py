"""Pairs and groups. The curator and the director form them; a mentor and a mentee see their own
pairs, and of the other side only what the work needs: never birth dates, parents or phones."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from mentoring_site.forms_flow import save_form
from mentoring_site.history import history_page
from mentoring_site.links import pk_url
from mentoring_site.pagination import paginate, query_without_page
from mentoring_site.xlsx import export_response
from organizations.access import requires

from . import matching_views, meetings, plans, services
from .board_views import detail_section
from .exports import MentorshipExporter
from .filters import CURRENT, MentorshipFilter
from .forms import CloseForm, MentorshipForm
from .lifecycle import fixed_message
from .models import Mentorship, MentorshipMember
from .sections import pair_sections
from .selectors import current_members, mentorships_of, with_mentee_count

PER_PAGE = 50


def _mentorships(request: HttpRequest) -> Any:
    return Mentorship.objects.visible_to(request.user, request.organization)


def _filtered(request):
    """The managers' list and its Excel file: current pairs unless asked («Все» sends status=)."""
    data = request.GET.copy()
    data.setdefault("status", CURRENT)
    queryset = (
        _mentorships(request)
        .select_related("mentor__person", "form", "role_model")
        .prefetch_related(current_members(at_the_end=True))
    )
    return MentorshipFilter(data, queryset=queryset, organization=request.organization)


# What a row of the list shows: the rest of a pair, its mentor's card and their person stays in the database.
LIST_FIELDS = (
    "organization_id", "mentor_id", "form_id", "role_model_id", "status", "started_on", "ended_on",
    "planned_end_on", "order_date", "order_number",
    "mentor__person_id", "mentor__person__last_name", "mentor__person__first_name", "mentor__person__patronymic",
    "form__name", "role_model__name",
)  # fmt: skip


@requires("pairs.view")
def mentorship_list(request):
    filterset = _filtered(request)
    page = paginate(request, filterset.qs.only(*LIST_FIELDS).order_by("-started_on", "-pk"), PER_PAGE)
    detail_url = pk_url("pairing:detail")
    rows = [  # plain dicts: the cheapest lookups for the template
        {
            "url": detail_url(m.pk),
            "mentor": m.mentor.person.full_name,
            "kind": m.kind_label,
            "mentees": [(x.mentee.person.full_name, x.mentee.person.school_class) for x in m.current_members],
            "form": m.form.name,
            "role_model": str(m.role_model) if m.role_model else "",
            "started_on": m.started_on,
            "ended_on": m.ended_on,
            "planned_end_on": m.planned_end_on,
            "badge": m.status_badge,
            "status_label": m.status_label,
        }
        for m in page.object_list
    ]
    return render(
        request,
        "pairing/mentorship_list.html",
        {"filter": filterset, "page_obj": page, "rows": rows, "query": query_without_page(request)},
    )


@requires("pairs.view")
def mentorship_export(request: HttpRequest) -> HttpResponse:
    """The list as Excel, with the same filters (working pairs unless asked)."""
    return export_response(MentorshipExporter(request.organization, _filtered(request).qs))


def _editable(request, pk):
    return get_object_or_404(
        _mentorships(request).select_related("mentor__person").prefetch_related(current_members()), pk=pk
    )


@requires("pairs.manage")
def mentorship_form(request, pk=None):
    mentorship = _editable(request, pk) if pk else Mentorship(organization=request.organization)
    if pk and not mentorship.is_current:
        raise PermissionDenied("Пара завершена: её состав уже не меняется.")
    if pk and mentorship.is_fixed_by_order:
        messages.error(request, fixed_message(mentorship))
        return redirect(mentorship)
    initial = {} if pk else matching_views.pair_form_initial(request)  # opened from «Подбор»
    form = MentorshipForm(request.POST or None, instance=mentorship, organization=request.organization, initial=initial)
    saved = save_form(
        request,
        form,
        lambda data: services.mentorship_save(
            mentorship=mentorship, actor=request.user, mentees=data.pop("mentees"), **data
        ),
        success="Изменения сохранены." if pk else "Пара (группа) сформирована.",
    )
    context = {"form": form, "mentorship": mentorship, **matching_views.pair_form_sides(form)}
    return saved or render(request, "pairing/mentorship_form.html", context)


@requires("pairs.manage")
def mentorship_close(request, pk):
    mentorship = _editable(request, pk)
    if not mentorship.is_current:
        raise PermissionDenied("Пара уже завершена.")
    if mentorship.status == Mentorship.Status.FORMING:
        return redirect("pairing:cancel", pk=mentorship.pk)  # being formed: cancelled, not finished
    initial = {"ended_on": timezone.localdate(), "status": Mentorship.Status.FINISHED, "final_meeting": True}
    if request.GET.get("status") == Mentorship.Status.TERMINATED:
        initial.update(status=Mentorship.Status.TERMINATED, final_meeting=False)
    form = CloseForm(request.POST or None, initial=initial)
    saved = save_form(
        request,
        form,
        lambda data: services.mentorship_close(mentorship=mentorship, actor=request.user, **data),
        success="Работа пары завершена.",
    )
    return saved or render(
        request,
        "pairing/mentorship_close.html",
        {"form": form, "mentorship": mentorship, **detail_section(request, mentorship)},
    )


@requires("pairs.own")
def mentorship_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Managers see the whole pair; its mentor and mentees see it with the other side's work data only
    (what each may see is the querysets' ``visible_to``)."""
    mentorship = get_object_or_404(
        with_mentee_count(_mentorships(request)).select_related("mentor__person", "form", "role_model", "organization"),
        pk=pk,
    )
    members = (
        MentorshipMember.objects.visible_to(request.user, request.organization)
        .filter(mentorship=mentorship)
        .select_related("mentee__person")
        .order_by("left_on", "mentee__person__last_name")
    )
    return render(
        request,
        "pairing/mentorship_detail.html",
        {
            "mentorship": mentorship,
            "members": members,
            "manager": request.can("pairs.view"),
            **plans.pair_section(request, mentorship),
            **detail_section(request, mentorship),
            "extra_sections": pair_sections(request, mentorship),
        }
        | meetings.detail_context(request, mentorship),
    )


@requires("history.view")
def mentorship_history(request, pk):
    return history_page(request, get_object_or_404(_mentorships(request), pk=pk))


@requires("pairs.own")
def my_mentorships(request):
    """«Мои пары»: where the user is the mentor or a mentee."""
    mentorships = mentorships_of(
        request,
        with_mentee_count(_mentorships(request))
        .select_related("mentor__person", "form", "role_model")
        .prefetch_related(current_members(viewer=(request.user, request.organization)))
        .current_first(),
    )
    mentorships = meetings.with_meetings(request, plans.attach_plans(request, mentorships))
    return render(request, "pairing/my_mentorships.html", {"mentorships": mentorships})
