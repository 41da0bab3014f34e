"""Roadmaps: sections → activities, progress with evidence, PDF and XLSX."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from mentoring_site.files import file_response
from mentoring_site.forms_flow import confirm_page, run_action, save_form
from mentoring_site.history import history_page, parts_history_entries
from mentoring_site.pagination import int_param, paginate
from mentoring_site.pdf import pdf_response
from mentoring_site.printing import standalone_pdf
from mentoring_site.xlsx import export_response
from organizations.access import requires

from . import services
from .deadlines import current_school_year
from .documents import with_roadmap_content
from .exports import RoadmapExporter
from .forms import ActivityForm, ActivityReportForm, ApprovalForm, ReturnForm, RoadmapForm, RoadmapNewForm, SectionForm
from .models import Activity, Roadmap, RoadmapSection
from .selectors import overdue_activities_of


def _roadmaps(request: HttpRequest) -> Any:
    return Roadmap.objects.visible_to(request.user, request.organization)


def _section(request: HttpRequest, pk: int) -> RoadmapSection:
    sections = RoadmapSection.objects.visible_to(request.user, request.organization).select_related("roadmap")
    return get_object_or_404(sections, pk=pk)


def _activity(request: HttpRequest, pk: int) -> Activity:
    activities = Activity.objects.visible_to(request.user, request.organization)
    return get_object_or_404(activities.select_related("section__roadmap__organization"), pk=pk)


@requires("roadmaps.view")
def roadmap_list(request: HttpRequest) -> HttpResponse:
    roadmaps = _roadmaps(request).select_related("programme").order_by("-start_year", "-version")
    page = paginate(request, roadmaps, 20)
    return render(request, "programs/roadmap_list.html", {"page_obj": page, "roadmaps": page.object_list})


@requires("roadmaps.overdue")
def overdue_list(request: HttpRequest) -> HttpResponse:
    """Every overdue activity of the organization's roadmaps in force, each with its roadmap."""
    # Grouped by roadmap on the page ({% regroup %} joins neighbours only): by roadmap first, then by date.
    activities = (
        overdue_activities_of(request.organization)
        .select_related("section__roadmap")
        .order_by("section__roadmap__start_year", "section__roadmap_id", "due_date", "order")
    )
    page = paginate(request, activities, 50)
    return render(request, "programs/overdue_list.html", {"page_obj": page, "activities": page.object_list})


@requires("roadmaps.edit")
def roadmap_create(request: HttpRequest) -> HttpResponse:
    form = RoadmapNewForm(
        request.POST or None, organization=request.organization, initial={"start_year": current_school_year()}
    )

    def create(data: dict[str, Any]) -> Roadmap:
        if data["source"] == RoadmapNewForm.Source.COPY:
            source = data["copy_from"]
            return services.roadmap_copy_for_next_year(
                roadmap=source, actor=request.user, years=data["start_year"] - source.start_year
            )
        return services.roadmap_create_from_template(
            organization=request.organization, actor=request.user, start_year=data["start_year"], title=data["title"]
        )

    saved = save_form(request, form, create, success="Дорожная карта создана. Проверьте сроки и ответственных.")
    return saved or render(request, "programs/roadmap_new.html", {"form": form})


@requires("roadmaps.view")
def roadmap_detail(request: HttpRequest, pk: int) -> HttpResponse:
    roadmap = get_object_or_404(with_roadmap_content(_roadmaps(request)), pk=pk)
    today = timezone.localdate()
    sections = list(roadmap.sections.all())
    activities = [a for s in sections for a in s.activities.all()]
    return render(
        request,
        "programs/roadmap_detail.html",
        {
            "roadmap": roadmap,
            "sections": sections,
            "today": today,
            "overdue": sum(1 for a in activities if a.is_overdue(today)),
            "past_due": 0 if roadmap.is_approved else sum(1 for a in activities if a.is_past_due(today)),
            "total": len(activities),
            "done": sum(1 for a in activities if a.status == Activity.Status.DONE),
            "approval_form": ApprovalForm(initial=services.approval_initial(roadmap)),
            "return_form": ReturnForm(),
            "doc_type": "roadmap",
        },
    )


@requires("roadmaps.edit")
def roadmap_edit(request: HttpRequest, pk: int) -> HttpResponse:
    roadmap = get_object_or_404(_roadmaps(request), pk=pk)
    form = RoadmapForm(request.POST or None, instance=roadmap, organization=request.organization)
    if request.method == "GET" and not roadmap.is_editable:
        messages.warning(request, "Документ не в статусе черновика: сохранить изменения не получится.")
    saved = save_form(
        request,
        form,
        lambda data: services.roadmap_update(roadmap=roadmap, actor=request.user, **data),
        success="Изменения сохранены.",
    )
    return saved or render(request, "programs/roadmap_form.html", {"form": form, "roadmap": roadmap})


# --- Sections and activities --------------------------------------------------------------------------


@requires("roadmaps.edit")
def section_form(request: HttpRequest, roadmap_pk: int | None = None, pk: int | None = None) -> HttpResponse:
    if pk is not None:
        section = _section(request, pk)
        roadmap = section.roadmap
    else:
        roadmap = get_object_or_404(_roadmaps(request), pk=roadmap_pk)
        section = RoadmapSection(roadmap=roadmap)
    form = SectionForm(request.POST or None, instance=section)
    saved = save_form(
        request,
        form,
        lambda data: services.section_save(section=section, actor=request.user, **data),
        success="Раздел сохранён.",
        next_url=roadmap,
    )
    return saved or render(
        request, "programs/section_form.html", {"form": form, "roadmap": roadmap, "section": section}
    )


@requires("roadmaps.edit")
@require_http_methods(["GET", "POST"])
def section_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the section and every activity that go with it; POST: delete."""
    section = _section(request, pk)
    if request.method == "GET":
        activities = [f"{a.number} {a.title[:120]}".strip() for a in section.activities.all()]
        return confirm_page(
            request,
            title=f"Удалить раздел «{section}»?",
            warning=f"Вместе с разделом удаляются его мероприятия ({len(activities)}), их отметки и подтверждения:",
            losses=activities,
            confirm="Удалить раздел со всеми мероприятиями",
            cancel_url=reverse("programs:section-edit", args=[section.pk]),
        )
    return run_action(
        request,
        lambda: services.section_delete(section=section, actor=request.user),
        success="Раздел удалён вместе с его мероприятиями.",
        next_url=section.roadmap,
    )


@requires("roadmaps.edit")
def activity_form(request: HttpRequest, roadmap_pk: int | None = None, pk: int | None = None) -> HttpResponse:
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

    def save(data: dict[str, Any]) -> Activity:
        saved_activity = services.activity_save(activity=activity, actor=request.user, **data)
        if saved_activity.deadline and saved_activity.due_date is None:
            messages.info(request, f"Срок «{saved_activity.deadline}» сохранён как текст: дату из него вывести нельзя.")
        return saved_activity

    saved = save_form(
        request,
        form,
        save,
        success="Мероприятие сохранено.",
        next_url=lambda a: f"{roadmap.get_absolute_url()}#activity-{a.pk}",
    )
    return saved or render(
        request, "programs/activity_form.html", {"form": form, "roadmap": roadmap, "activity": activity}
    )


@requires("roadmaps.edit")
@require_http_methods(["GET", "POST"])
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what goes with the activity; POST: delete."""
    activity = _activity(request, pk)
    if request.method == "GET":
        return confirm_page(
            request,
            title=f"Удалить мероприятие «{activity}»?",
            warning="Удаляются мероприятие, его отметка о выполнении и подтверждающий файл или ссылка.",
            losses=[],
            confirm="Удалить мероприятие",
            cancel_url=reverse("programs:activity-edit", args=[activity.pk]),
        )
    return run_action(
        request,
        lambda: services.activity_delete(activity=activity, actor=request.user),
        success="Мероприятие удалено.",
        next_url=activity.section.roadmap,
    )


@requires("roadmaps.edit")
def activity_report(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    roadmap = activity.section.roadmap
    form = ActivityReportForm(request.POST or None, request.FILES or None, instance=activity)
    saved = save_form(
        request,
        form,
        lambda data: services.activity_report(
            activity=activity,
            actor=request.user,
            status=data["status"],
            evidence_file=data["evidence_file"] if "evidence_file" in request.FILES else None,
            evidence_url=data["evidence_url"],
        ),
        success="Отметка о выполнении сохранена.",
        next_url=f"{roadmap.get_absolute_url()}#activity-{activity.pk}",
    )
    return saved or render(
        request, "programs/activity_report.html", {"form": form, "roadmap": roadmap, "activity": activity}
    )


@requires("roadmaps.evidence")
def activity_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """Evidence files may hold personal data (a base of mentees): managing roles only."""
    return file_response(_activity(request, pk).evidence_file)


# --- Documents ------------------------------------------------------------------------------------------


@requires("roadmaps.view")
def roadmap_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    roadmap = get_object_or_404(_roadmaps(request), pk=pk)
    pdf = standalone_pdf(
        "programs.roadmap", request.organization, roadmap.pk, timezone.localdate(), title=roadmap.title
    )
    if pdf is None:
        raise Http404("Нет такой дорожной карты.")
    return pdf_response(pdf, f"Дорожная карта {roadmap.school_year}.pdf")


@requires("roadmaps.view")
def roadmap_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return export_response(RoadmapExporter(get_object_or_404(with_roadmap_content(_roadmaps(request)), pk=pk)))


@requires("history.view")
def roadmap_history(request: HttpRequest, pk: int) -> HttpResponse:
    """The roadmap's own changes and those of its sections and activities (deleted ones included)."""
    roadmap = get_object_or_404(_roadmaps(request), pk=pk)
    sections = RoadmapSection.history.filter(roadmap_id=roadmap.pk)
    activities = Activity.history.filter(section_id__in=sections.values("id"))
    extra = parts_history_entries(sections, label="Раздел {number} {title}") + parts_history_entries(
        activities, label="Мероприятие {number} {title}"
    )
    return history_page(request, roadmap, extra=extra)
