"""Roadmaps: sections → activities, progress with evidence, approval, PDF and XLSX."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentoring_site.access import MANAGING_ROLES, ORGANIZATION_ROLES, Role, role_required
from mentoring_site.documents import pdf_response, render_pdf
from mentoring_site.files import file_response
from mentoring_site.forms_flow import apply_validation_error
from mentoring_site.history import history_page
from mentoring_site.pagination import paginate
from mentoring_site.xlsx import write_xlsx, xlsx_response

from . import services
from .forms import ActivityForm, ActivityReportForm, ApprovalForm, ReturnForm, RoadmapForm, RoadmapNewForm, SectionForm
from .models import Activity, Roadmap, RoadmapSection
from .views import current_school_year_start, int_param

EDIT_ROLES = (Role.CURATOR, Role.DIRECTOR)


def _roadmaps(request):
    return Roadmap.objects.visible_to(request.user, request.organization)


def roadmap_with_content(queryset, pk):
    activities = Activity.objects.prefetch_related("responsible_users").order_by("order", "pk")
    sections = RoadmapSection.objects.select_related("stage").prefetch_related(Prefetch("activities", activities))
    return get_object_or_404(
        queryset.select_related("organization", "programme").prefetch_related(Prefetch("sections", sections)), pk=pk
    )


@role_required(*ORGANIZATION_ROLES)
def roadmap_list(request):
    roadmaps = _roadmaps(request).select_related("programme").order_by("-start_year", "-version")
    page = paginate(request, roadmaps, 20)
    return render(
        request,
        "programs/roadmap_list.html",
        {"page_obj": page, "roadmaps": page.object_list, "can_edit": bool(request.roles & set(EDIT_ROLES))},
    )


@role_required(*EDIT_ROLES)
def roadmap_create(request):
    form = RoadmapNewForm(
        request.POST or None, organization=request.organization, initial={"start_year": current_school_year_start()}
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["source"] == "copy":
                    source = data["copy_from"]
                    roadmap = services.roadmap_copy_for_next_year(
                        roadmap=source, actor=request.user, years=data["start_year"] - source.start_year
                    )
                else:
                    roadmap = services.roadmap_create_from_template(
                        organization=request.organization,
                        actor=request.user,
                        start_year=data["start_year"],
                        title=data["title"],
                    )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "Дорожная карта создана. Проверьте сроки и ответственных.")
                return redirect(roadmap)
        messages.error(request, "Исправьте ошибки в форме.")
    return render(request, "programs/roadmap_new.html", {"form": form})


@role_required(*ORGANIZATION_ROLES)
def roadmap_detail(request, pk):
    roadmap = roadmap_with_content(_roadmaps(request), pk)
    today = timezone.localdate()
    sections = list(roadmap.sections.all())
    overdue = sum(1 for s in sections for a in s.activities.all() if a.is_overdue(today))
    total = sum(len(s.activities.all()) for s in sections)
    done = sum(1 for s in sections for a in s.activities.all() if a.status == Activity.Status.DONE)
    return render(
        request,
        "programs/roadmap_detail.html",
        {
            "roadmap": roadmap,
            "sections": sections,
            "today": today,
            "overdue": overdue,
            "total": total,
            "done": done,
            "can_edit": bool(request.roles & set(EDIT_ROLES)),
            "can_approve": Role.DIRECTOR in request.roles,
            "can_see_history": bool(request.roles & {Role.ADMIN, Role.DIRECTOR}),
            "can_see_evidence": bool(request.roles & MANAGING_ROLES),
            "approval_form": ApprovalForm(initial=_approval_initial(request, roadmap)),
            "return_form": ReturnForm(),
            "doc_type": "roadmap",
        },
    )


def _approval_initial(request, document):
    organization = document.organization
    return {
        "approval_date": timezone.localdate(),
        "approver_position": organization.director_position,
        "approver_name": services.organization_director_short_name(organization),
    }


@role_required(*EDIT_ROLES)
def roadmap_edit(request, pk):
    roadmap = get_object_or_404(_roadmaps(request), pk=pk)
    form = RoadmapForm(request.POST or None, instance=roadmap, organization=request.organization)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.roadmap_update(roadmap=roadmap, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "Изменения сохранены.")
                return redirect(roadmap)
        messages.error(request, "Исправьте ошибки в форме.")
    elif not roadmap.is_editable:
        messages.warning(request, "Документ не в статусе черновика: сохранить изменения не получится.")
    return render(request, "programs/roadmap_form.html", {"form": form, "roadmap": roadmap})


# --- Sections and activities --------------------------------------------------------------------------


@role_required(*EDIT_ROLES)
def section_form(request, roadmap_pk=None, pk=None):
    if pk is not None:
        section = get_object_or_404(
            RoadmapSection.objects.filter(roadmap__in=_roadmaps(request)).select_related("roadmap"), pk=pk
        )
        roadmap = section.roadmap
    else:
        roadmap = get_object_or_404(_roadmaps(request), pk=roadmap_pk)
        section = RoadmapSection(roadmap=roadmap)
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.section_save(section=section, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "Раздел сохранён.")
                return redirect(roadmap)
        messages.error(request, "Исправьте ошибки в форме.")
    return render(request, "programs/section_form.html", {"form": form, "roadmap": roadmap, "section": section})


@require_POST
@role_required(*EDIT_ROLES)
def section_delete(request, pk):
    section = get_object_or_404(
        RoadmapSection.objects.filter(roadmap__in=_roadmaps(request)).select_related("roadmap"), pk=pk
    )
    try:
        services.section_delete(section=section, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Раздел удалён вместе с его мероприятиями.")
    return redirect(section.roadmap)


def _activity(request, pk):
    return get_object_or_404(
        Activity.objects.filter(section__roadmap__in=_roadmaps(request)).select_related(
            "section__roadmap__organization"
        ),
        pk=pk,
    )


@role_required(*EDIT_ROLES)
def activity_form(request, roadmap_pk=None, pk=None):
    if pk is not None:
        activity = _activity(request, pk)
        roadmap = activity.section.roadmap
    else:
        roadmap = get_object_or_404(_roadmaps(request), pk=roadmap_pk)
        activity = Activity()
        if not roadmap.sections.exists():
            messages.error(request, "Сначала добавьте раздел (этап) дорожной карты.")
            return redirect(roadmap)
    initial = {}
    section = int_param(request.GET.get("section"))
    if pk is None and section is not None:
        initial["section"] = section
    form = ActivityForm(request.POST or None, instance=activity, roadmap=roadmap, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            users = data.pop("responsible_users")
            section = data.pop("section")
            activity.section = section
            try:
                services.activity_save(activity=activity, actor=request.user, responsible_users=users, **data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                if activity.deadline and activity.due_date is None:
                    messages.info(
                        request, f"Срок «{activity.deadline}» сохранён как текст: дату из него вывести нельзя."
                    )
                messages.success(request, "Мероприятие сохранено.")
                return redirect(f"{roadmap.get_absolute_url()}#activity-{activity.pk}")
        messages.error(request, "Исправьте ошибки в форме.")
    return render(request, "programs/activity_form.html", {"form": form, "roadmap": roadmap, "activity": activity})


@require_POST
@role_required(*EDIT_ROLES)
def activity_delete(request, pk):
    activity = _activity(request, pk)
    roadmap = activity.section.roadmap
    try:
        services.activity_delete(activity=activity, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Мероприятие удалено.")
    return redirect(roadmap)


@role_required(*EDIT_ROLES)
def activity_report(request, pk):
    activity = _activity(request, pk)
    roadmap = activity.section.roadmap
    form = ActivityReportForm(request.POST or None, request.FILES or None, instance=activity)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.activity_report(
                    activity=activity,
                    actor=request.user,
                    status=form.cleaned_data["status"],
                    evidence_file=form.cleaned_data["evidence_file"] if "evidence_file" in request.FILES else None,
                    evidence_url=form.cleaned_data["evidence_url"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "Отметка о выполнении сохранена.")
                return redirect(f"{roadmap.get_absolute_url()}#activity-{activity.pk}")
        messages.error(request, "Исправьте ошибки в форме.")
    return render(request, "programs/activity_report.html", {"form": form, "roadmap": roadmap, "activity": activity})


@role_required(*MANAGING_ROLES)
def activity_evidence(request, pk):
    """Evidence files may hold personal data (a base of mentees): managing roles only."""
    activity = _activity(request, pk)
    return file_response(activity.evidence_file)


# --- Documents ------------------------------------------------------------------------------------------


@role_required(*ORGANIZATION_ROLES)
def roadmap_pdf(request, pk):
    roadmap = roadmap_with_content(_roadmaps(request), pk)
    return pdf_response(roadmap_pdf_bytes(roadmap), f"Дорожная карта {roadmap.school_year}.pdf")


def roadmap_pdf_bytes(roadmap) -> bytes:
    appendix = roadmap.appendix_of.select_related("order").filter(order__status="signed").first()
    return render_pdf("programs/documents/roadmap.html", {"roadmap": roadmap, "appendix": appendix})


@role_required(*ORGANIZATION_ROLES)
def roadmap_xlsx(request, pk):
    roadmap = roadmap_with_content(_roadmaps(request), pk)
    rows = []
    for section in roadmap.sections.all():
        rows.append((section.number, section.title, "", "", "", "", "", ""))
        for a in section.activities.all():
            rows.append(
                (
                    a.number,
                    a.title + (f"\n{a.content}" if a.content else ""),
                    a.responsible,
                    a.deadline,
                    a.due_date,
                    a.result,
                    a.get_status_display(),
                    "просрочено" if a.is_overdue() else "",
                )
            )
    content = write_xlsx(
        title="Дорожная карта",
        caption=f"{roadmap.title} — {roadmap.organization.short_name}",
        headers=["№", "Мероприятие", "Ответственные", "Срок", "Срок (дата)", "Результат", "Статус", "Просрочено"],
        rows=rows,
    )
    return xlsx_response(content, f"Дорожная карта {roadmap.school_year}.xlsx")


@role_required(Role.ADMIN, Role.DIRECTOR)
def roadmap_history(request, pk):
    return history_page(request, get_object_or_404(_roadmaps(request), pk=pk))
