"""Printable documents of the programs app: the programme, the roadmap, the working group.

Each is a :class:`mentoring_site.printing.Printable` (registered in ``ProgramsConfig.ready``): the
pages print them alone, and an order prints them inside its PDF as appendices.
"""

from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet

from mentoring_site.printing import Printable, PrintOption
from mentoring_site.text import text_lines
from organizations.models import Organization

from .models import Activity, Programme, Roadmap, RoadmapSection, RoleModel, WorkingGroupMember
from .reference_data import INDICATORS, LEVELS


def lines(text: str) -> list[str]:
    """Text with one item per line → the items (list markers «-», «•», «+» removed)."""
    return text_lines(text, strip_markers=True)


def with_programme_content(queryset: QuerySet[Programme]) -> QuerySet[Programme]:
    return queryset.select_related("curator", "organization").prefetch_related(
        "responsibilities",
        "stages",
        "participant_profiles",
        "forms",
        Prefetch("role_models", RoleModel.objects.select_related("form")),
    )


def with_roadmap_content(queryset: QuerySet[Roadmap]) -> QuerySet[Roadmap]:
    activities = Activity.objects.prefetch_related("responsible_users").order_by("order", "pk")
    sections = RoadmapSection.objects.select_related("stage").prefetch_related(Prefetch("activities", activities))
    return queryset.select_related("organization", "programme").prefetch_related(Prefetch("sections", sections))


def programme_sections(programme: Programme) -> dict[str, Any]:
    """Everything the programme page and its PDF print, in one place."""
    roadmaps = programme.roadmaps.current()
    if programme.is_locked:
        # An approved programme prints only an approved roadmap: a draft must not change it.
        roadmaps = roadmaps.approved()
    roadmap = (
        roadmaps.prefetch_related(Prefetch("sections", RoadmapSection.objects.prefetch_related("activities")))
        .order_by("-version")
        .first()
    )
    forms = [
        (form, [rm for rm in programme.role_models.all() if rm.form_id == form.pk]) for form in programme.forms.all()
    ]
    return {
        "legal_basis": lines(programme.legal_basis),
        "tasks": lines(programme.tasks),
        "expected_results": lines(programme.expected_results),
        "terms": lines(programme.terms),
        "mentee_base": lines(programme.mentee_base),
        "mentor_base": lines(programme.mentor_base),
        "incentives": lines(programme.incentives),
        "chosen_forms": forms,
        "indicators": INDICATORS,
        "levels": LEVELS,
        "roadmap": roadmap,
    }


def approvable_options(queryset: QuerySet[Any], *ordering: str) -> list[PrintOption]:
    """Current approvable documents (programmes, roadmaps, local acts) by their own titles, as an order
    lists its appendices; only an approved one may go into a signed order."""
    return [
        PrintOption(doc.pk, doc.title, doc.is_approved, "" if doc.is_approved else "не утверждён")
        for doc in queryset.current().order_by(*(ordering or ("-start_year", "-version")))
    ]


def programme_context(organization: Organization, object_id: int | None, on: date) -> dict[str, Any] | None:
    programme = with_programme_content(Programme.objects.for_organization(organization)).filter(pk=object_id).first()
    if programme is None:
        return None
    return {"programme": programme, "doc": programme, **programme_sections(programme)}


def roadmap_context(organization: Organization, object_id: int | None, on: date) -> dict[str, Any] | None:
    roadmap = with_roadmap_content(Roadmap.objects.for_organization(organization)).filter(pk=object_id).first()
    return None if roadmap is None else {"roadmap": roadmap, "doc": roadmap}


def working_group_context(organization: Organization, object_id: int | None, on: date) -> dict[str, Any] | None:
    members = list(WorkingGroupMember.objects.for_organization(organization).order_by("order", "pk"))
    return {"organization": organization, "members": members}


def _working_group_options(organization: Organization) -> list[PrintOption]:
    if not WorkingGroupMember.objects.for_organization(organization).exists():
        return []
    return [PrintOption(None, "Состав рабочей группы по внедрению целевой модели наставничества", True)]


PROGRAMME = Printable(
    key="programs.programme",
    label="Программа наставничества",
    template="programs/documents/programme_body.html",
    orientation="portrait",
    options=lambda organization: approvable_options(Programme.objects.for_organization(organization)),
    context=programme_context,
    public=True,
    model=Programme,
    unavailable="заменена новой версией или удалена",
)
ROADMAP = Printable(
    key="programs.roadmap",
    label="Дорожная карта",
    template="programs/documents/roadmap_body.html",
    orientation="landscape",
    options=lambda organization: approvable_options(Roadmap.objects.for_organization(organization)),
    context=roadmap_context,
    public=True,
    model=Roadmap,
    unavailable="заменена новой версией или удалена",
)
WORKING_GROUP = Printable(
    key="programs.working_group",
    label="Состав рабочей группы",
    template="programs/documents/working_group_body.html",
    orientation="portrait",
    options=_working_group_options,
    context=working_group_context,
    public=False,  # names and jobs of people, some of them not staff (parents, partners): never published
    unavailable="в рабочей группе никого нет",
)
PRINTABLES = (PROGRAMME, ROADMAP, WORKING_GROUP)
