"""Printable documents of the programs app: the programme, the roadmap, the working group.

Each is a :class:`mentoring_site.printing.Printable` (registered in ``ProgramsConfig.ready``): the
pages print them alone, and an order prints them inside its PDF as appendices.
"""

import re
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet

from mentoring_site.printing import Printable, PrintOption
from mentoring_site.text import TextBlock, text_blocks
from organizations.models import Organization

from .models import Activity, Programme, Roadmap, RoadmapSection, RoleModel, WorkingGroupMember
from .reference_data import INDICATORS, LEVELS


def with_programme_content(queryset: QuerySet[Programme]) -> QuerySet[Programme]:
    return queryset.select_related("curator", "organization").prefetch_related(
        "responsibilities",
        "stages",
        "participant_profiles",
        "mechanism",
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
    interaction = [(form, role_models) for form, role_models in forms if role_models]
    names = ", ".join(f"«{form.name}»" for form, _ in forms)
    goal = programme.goal.strip()
    return {
        "introduction": text_blocks(programme.introduction),
        "legal_basis": text_blocks(programme.legal_basis, list_text=True),
        "goal": text_blocks(goal),
        # A goal typed without its opening words («Цель: …») is printed under the word «Цель».
        "goal_label": bool(goal) and not goal.startswith(("Цел", "Программа")),
        "tasks": _with_lead(text_blocks(programme.tasks, list_text=True), "Задачи:"),
        "expected_results": _with_lead(
            text_blocks(programme.expected_results, list_text=True), "Ожидаемые результаты:"
        ),
        "terms": _terms(programme.terms),
        "staffing": text_blocks(programme.staffing),
        "mentee_base": _with_lead(
            text_blocks(programme.mentee_base, list_text=True), "База наставляемых формируется из:"
        ),
        "mentor_base": _with_lead(
            text_blocks(programme.mentor_base, list_text=True), "База наставников формируется из:"
        ),
        "bases_note": text_blocks(programme.bases_note),
        "forms_description": text_blocks(programme.forms_description),
        "monitoring": text_blocks(programme.monitoring),
        "monitoring_results": text_blocks(programme.monitoring_results),
        "mentor_criteria": text_blocks(programme.mentor_criteria),
        "incentives": text_blocks(programme.incentives, list_text=True),
        "chosen_forms": forms,
        "forms_sentence": (
            f"Программа предусматривает форму наставничества {names}."
            if len(forms) == 1
            else f"Программа предусматривает формы наставничества: {names}."
        ),
        # «Формы взаимодействия наставников и наставляемых»: the role models, under their form's name
        # only when there are several forms to tell apart.
        "interaction_forms": interaction,
        "interaction_by_form": len(interaction) > 1,
        "indicators": INDICATORS,
        "levels": LEVELS,
        "roadmap": roadmap,
    }


def _with_lead(blocks: list[TextBlock], default: str) -> list[TextBlock]:
    """A typed list under its own lead-in («Задачи Программы:») or, when it has none, under ``default``."""
    if blocks and blocks[0].kind != "lead":
        return [TextBlock("lead", default), *blocks]
    return blocks


_DEFINITION = re.compile(r"\S\s[–—-]\s\S")


def _terms(text: str) -> list[TextBlock]:
    """«Термин – определение» paragraphs, under the school's own opening sentence («В Программе
    используются следующие понятия и термины.») or under «Понятия и термины:»."""
    blocks = text_blocks(text)
    if not blocks:
        return blocks
    first = blocks[0]
    if first.kind in {"paragraph", "heading"} and not _DEFINITION.search(first.text):
        return [TextBlock("lead", first.text), *blocks[1:]]
    return _with_lead(blocks, "Понятия и термины:")


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


def working_group_title(organization: Organization) -> str:
    """The title seed 002 gives the list («Состав рабочей группы, осуществляющей … в МБОУ Сов-Дарская ООШ»)."""
    return (
        "Состав рабочей группы, осуществляющей организационную, методическую и аналитическую деятельность "
        f"по внедрению целевой модели наставничества в {organization.in_case('prepositional')}"
    )


def working_group_context(organization: Organization, object_id: int | None, on: date) -> dict[str, Any] | None:
    members = list(WorkingGroupMember.objects.for_organization(organization).order_by("order", "pk"))
    return {"organization": organization, "members": members, "title": working_group_title(organization)}


def _working_group_options(organization: Organization) -> list[PrintOption]:
    if not WorkingGroupMember.objects.for_organization(organization).exists():
        return []
    return [PrintOption(None, working_group_title(organization), True)]


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
