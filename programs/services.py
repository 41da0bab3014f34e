"""Writes of the programs app (HackSoft style: ``<entity>_<action>(*, ...)``, atomic, validated).

django-simple-history records every save with its author: the actor is passed explicitly as
``_history_user`` so that commands and services called outside a request are audited too. Role
re-checks read the one permission table (``Membership.objects.grants``).
"""

import re
from collections.abc import Iterable
from datetime import date
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from typing_extensions import Unpack

from mentoring_site.audit import delete_audited, save_audited
from mentoring_site.models import User
from organizations.models import Organization
from organizations.services import ensure_allowed, lock_organization

from .deadlines import parse_deadline
from .models import (
    Activity,
    ApprovableDocument,
    DocumentStatus,
    MentoringForm,
    ParticipantProfile,
    Programme,
    ProgrammeMechanism,
    ProgrammeResponsibility,
    ProgrammeStage,
    Roadmap,
    RoadmapSection,
    RoleModel,
    Stage,
    WorkingGroupMember,
)
from .reference_data import ROADMAP_TEMPLATE, ensure_reference_data

ROADMAP_EDITORS = "Дорожную карту меняет куратор или директор."
PROGRAMME_EDITORS = "Программу меняет куратор или директор."


# --- Approval of programmes, roadmaps and local acts ----------------------------------------------------


def document_ensure_editable(document: ApprovableDocument) -> None:
    if document.status == DocumentStatus.APPROVED:
        raise ValidationError("Документ утверждён и не редактируется. Чтобы внести изменения, создайте новую версию.")
    if document.status == DocumentStatus.ARCHIVED:
        raise ValidationError("Это старая версия документа: её нельзя изменить.")
    if document.status == DocumentStatus.REVIEW:
        raise ValidationError("Документ на согласовании у директора: дождитесь решения или попросите вернуть его.")


@transaction.atomic
def document_submit(*, document: ApprovableDocument, actor: User) -> ApprovableDocument:
    ensure_allowed(
        actor,
        document.organization,
        "approval.submit",
        "Отправить документ на согласование может куратор или директор.",
    )
    if document.status != DocumentStatus.DRAFT:
        raise ValidationError("На согласование отправляется только черновик.")
    document.status = DocumentStatus.REVIEW
    document.submitted_at = timezone.now()
    document.submitted_by = actor
    document.return_comment = ""
    return save_audited(document, actor)


@transaction.atomic
def document_approve(
    *,
    document: ApprovableDocument,
    actor: User,
    approval_date: date | None,
    approval_basis: str = "",
    approver_position: str = "",
    approver_name: str = "",
) -> ApprovableDocument:
    ensure_allowed(
        actor, document.organization, "approval.approve", "Утвердить документ может только директор организации."
    )
    if document.status != DocumentStatus.REVIEW:
        raise ValidationError("Утвердить можно только документ на согласовании: сначала его отправляет куратор.")
    organization = document.organization
    document.status = DocumentStatus.APPROVED
    document.approved_at = timezone.now()
    document.approved_by = actor
    document.approval_date = approval_date
    document.approval_basis = approval_basis
    document.approver_position = approver_position or organization.director_position
    document.approver_name = approver_name or actor.short_name
    document.return_comment = ""
    return save_audited(document, actor)


@transaction.atomic
def document_return(*, document: ApprovableDocument, actor: User, comment: str) -> ApprovableDocument:
    ensure_allowed(
        actor,
        document.organization,
        "approval.approve",
        "Вернуть документ на доработку может только директор организации.",
    )
    if document.status != DocumentStatus.REVIEW:
        raise ValidationError("Вернуть можно только документ на согласовании.")
    if not comment.strip():
        raise ValidationError({"comment": "Напишите, что нужно исправить."})
    document.status = DocumentStatus.DRAFT
    document.return_comment = comment.strip()
    return save_audited(document, actor)


def _copy(obj: Any, **overrides: Any) -> Any:
    """An unsaved copy of ``obj`` (a model instance) with ``overrides`` applied."""
    copy = type(obj).objects.get(pk=obj.pk)
    copy.pk = None
    copy.id = None
    copy._state.adding = True
    for name, value in overrides.items():
        setattr(copy, name, value)
    return copy


_RESET_APPROVAL = {
    "status": DocumentStatus.DRAFT,
    "submitted_at": None,
    "submitted_by": None,
    "approved_at": None,
    "approved_by": None,
    "approval_date": None,
    "approval_basis": "",
    "approver_position": "",
    "approver_name": "",
    "return_comment": "",
}


@transaction.atomic
def document_new_version(*, document: ApprovableDocument, actor: User) -> ApprovableDocument:
    """A draft copy of an approved document; the approved one stays as it was, marked as replaced."""
    ensure_allowed(actor, document.organization, "approval.submit", "Новую версию создаёт куратор или директор.")
    if document.status != DocumentStatus.APPROVED:
        raise ValidationError("Новая версия создаётся из утверждённого документа; черновик можно править и так.")
    new = _copy(document, version=document.version + 1, previous_version=document, **_RESET_APPROVAL)
    save_audited(new, actor)
    if isinstance(document, Programme):
        new.forms.set(document.forms.all())
        new.role_models.set(document.role_models.all())
        for row in document.responsibilities.all():
            _copy(row, programme=new).save()
        for row in document.participant_profiles.all():
            _copy(row, programme=new).save()
        for row in document.stages.all():
            _copy(row, programme=new).save()
        for row in document.mechanism.all():
            _copy(row, programme=new).save()
    elif isinstance(document, Roadmap):
        _copy_roadmap_content(source=document, target=new, actor=actor)
    document.status = DocumentStatus.ARCHIVED
    save_audited(document, actor)
    return new


def _copy_roadmap_content(
    *, source: Roadmap, target: Roadmap, actor: User, shift_years: int = 0, keep_progress: bool = True
) -> None:
    for section in source.sections.all():
        activities = list(section.activities.all())
        section_copy = _copy(section, roadmap=target)
        if shift_years:
            section_copy.title = shift_years_in_text(section_copy.title, shift_years)
        save_audited(section_copy, actor)
        for activity in activities:
            users = list(activity.responsible_users.all())
            copy = _copy(activity, section=section_copy)
            if shift_years:
                copy.deadline = shift_years_in_text(copy.deadline, shift_years)
                copy.title = shift_years_in_text(copy.title, shift_years)
                copy.result = shift_years_in_text(copy.result, shift_years)
            if not keep_progress:
                copy.status = Activity.Status.PLANNED
                copy.evidence_file = ""
                copy.evidence_url = ""
            copy.due_date = parse_deadline(copy.deadline, target.start_year)
            save_audited(copy, actor)
            copy.responsible_users.set(users)


# --- Roadmap ---------------------------------------------------------------------------------------------

_YEAR_4 = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
_DATE_2 = re.compile(r"(\d{1,2}\.\d{1,2}\.)(\d{2})(?!\d)")


def shift_years_in_text(text: str, years: int) -> str:
    """«Август 2022 г.» → «Август 2023 г.», «До 01.10.23г» → «До 01.10.24г»."""
    text = _YEAR_4.sub(lambda m: str(int(m[1]) + years), text)
    return _DATE_2.sub(lambda m: f"{m[1]}{(int(m[2]) + years) % 100:02d}", text)


def _ensure_no_roadmap_for(organization: Organization, start_year: int) -> None:
    """One current roadmap a school year: a second one is refused, with the way to change the first."""
    existing = Roadmap.objects.for_organization(organization).current().filter(start_year=start_year).first()
    if existing is not None:
        raise ValidationError(
            {
                "start_year": f"Дорожная карта на {start_year}/{start_year + 1} учебный год уже есть: "
                f"«{existing.title}». Измените её (или создайте новую версию утверждённой), а не заводите вторую."
            }
        )


@transaction.atomic
def roadmap_create_from_template(
    *, organization: Organization, actor: User, start_year: int, title: str = "", programme: Programme | None = None
) -> Roadmap:
    """A new roadmap with the seven stages of the target model and their standard activities."""
    ensure_allowed(actor, organization, "roadmaps.edit", ROADMAP_EDITORS)
    _ensure_no_roadmap_for(organization, start_year)
    roadmap = Roadmap(
        organization=organization,
        programme=programme,
        start_year=start_year,
        layout=Roadmap.Layout.ACTIVITY_RESULT,
        framework=programme.framework if programme else Roadmap.Framework.STUDENTS,
        title=title or f"Дорожная карта реализации целевой модели наставничества на {start_year}–{start_year + 1} гг.",
    )
    save_audited(roadmap, actor)
    ensure_reference_data()
    stages = {stage.number: stage for stage in Stage.objects.all()}
    for order, (number, activities) in enumerate(ROADMAP_TEMPLATE, start=1):
        stage = stages[number]
        section = save_audited(
            RoadmapSection(
                roadmap=roadmap, stage=stage, number=f"Этап {number}.", title=stage.title, task=stage.task, order=order
            ),
            actor,
        )
        for index, (text, responsible, deadline, result) in enumerate(activities, start=1):
            save_audited(
                Activity(
                    section=section,
                    number=f"{number}.{index}.",
                    title=text,
                    responsible=responsible,
                    deadline=deadline,
                    due_date=parse_deadline(deadline, start_year),
                    result=result,
                    order=index,
                ),
                actor,
            )
    return roadmap


@transaction.atomic
def roadmap_copy_for_next_year(*, roadmap: Roadmap, actor: User, years: int = 1) -> Roadmap:
    """Last year's roadmap as this year's draft: dates shifted a year, progress cleared."""
    ensure_allowed(actor, roadmap.organization, "roadmaps.edit", ROADMAP_EDITORS)
    _ensure_no_roadmap_for(roadmap.organization, roadmap.start_year + years)
    new = _copy(
        roadmap,
        start_year=roadmap.start_year + years,
        title=shift_years_in_text(roadmap.title, years),
        introduction=shift_years_in_text(roadmap.introduction, years),
        version=1,
        previous_version=None,
        **_RESET_APPROVAL,
    )
    save_audited(new, actor)
    _copy_roadmap_content(source=roadmap, target=new, actor=actor, shift_years=years, keep_progress=False)
    return new


class RoadmapFields(TypedDict, total=False):
    title: str
    start_year: int
    layout: str
    framework: str
    programme: Programme | None
    introduction: str
    signed_by_name: str


@transaction.atomic
def roadmap_update(*, roadmap: Roadmap, actor: User, **fields: Unpack[RoadmapFields]) -> Roadmap:
    """Change a draft roadmap (only the fields given); a new school year re-derives every due date."""
    ensure_allowed(actor, roadmap.organization, "roadmaps.edit", ROADMAP_EDITORS)
    document_ensure_editable(roadmap)
    year_changed = "start_year" in fields and fields["start_year"] != roadmap.start_year
    for name, value in fields.items():
        setattr(roadmap, name, value)
    save_audited(roadmap, actor)
    if year_changed:
        for activity in Activity.objects.filter(section__roadmap=roadmap):
            activity.due_date = parse_deadline(activity.deadline, roadmap.start_year)
            save_audited(activity, actor)
    return roadmap


class SectionFields(TypedDict, total=False):
    title: str
    number: str
    stage: Stage | None
    task: str
    order: int


@transaction.atomic
def section_save(*, section: RoadmapSection, actor: User, **fields: Unpack[SectionFields]) -> RoadmapSection:
    ensure_allowed(actor, section.roadmap.organization, "roadmaps.edit", ROADMAP_EDITORS)
    document_ensure_editable(section.roadmap)
    for name, value in fields.items():
        setattr(section, name, value)
    if section.pk is None and not section.order:
        section.order = section.roadmap.sections.count() + 1
    return save_audited(section, actor)


@transaction.atomic
def section_delete(*, section: RoadmapSection, actor: User) -> None:
    ensure_allowed(actor, section.roadmap.organization, "roadmaps.edit", ROADMAP_EDITORS)
    document_ensure_editable(section.roadmap)
    for activity in section.activities.all():
        delete_audited(activity, actor)
    delete_audited(section, actor)


class ActivityFields(TypedDict, total=False):
    section: RoadmapSection
    title: str
    number: str
    content: str
    responsible: str
    deadline: str
    result: str
    order: int


@transaction.atomic
def activity_save(
    *,
    activity: Activity,
    actor: User,
    responsible_users: Iterable[Any] | None = None,
    **fields: Unpack[ActivityFields],
) -> Activity:
    """Create or edit an activity (only the fields given); the due date is derived from the deadline text."""
    for name, value in fields.items():
        setattr(activity, name, value)
    roadmap = activity.section.roadmap
    ensure_allowed(actor, roadmap.organization, "roadmaps.edit", ROADMAP_EDITORS)
    document_ensure_editable(roadmap)
    if not (activity.title or "").strip():
        raise ValidationError({"title": "Опишите мероприятие."})
    if activity.pk is None and not activity.order:
        activity.order = activity.section.activities.count() + 1
    if activity.pk is None and not activity.number.strip():
        activity.number = _next_activity_number(activity.section)
    _ensure_real_dates(activity.deadline)
    activity.due_date = parse_deadline(activity.deadline, roadmap.start_year)
    save_audited(activity, actor)
    if responsible_users is not None:
        activity.responsible_users.set(responsible_users)
    return activity


_NUMBERED = re.compile(r"^\s*(\d+)\.(\d+)\.?\s*$")
_DOTTED_DATE = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})(?!\d)")


def _next_activity_number(section: RoadmapSection) -> str:
    """«3.5.» after «3.4.»: the section's numbering goes on; a section without numbered rows starts it."""
    numbers = [_NUMBERED.match(a.number) for a in section.activities.all()]
    numbered = [(int(m[1]), int(m[2])) for m in numbers if m]
    if numbered:
        major = max(numbered)[0]
        return f"{major}.{max(n for mj, n in numbered if mj == major) + 1}."
    stage = section.stage.number if section.stage_id and section.stage else section.order
    return f"{stage}.{section.activities.count() + 1}."


def _ensure_real_dates(deadline: str) -> None:
    """«до 32.13.2026» is refused: every date written in a deadline must exist."""
    for day, month, year in _DOTTED_DATE.findall(deadline or ""):
        full_year = int(year) + 2000 if len(year) == 2 else int(year)
        try:
            date(full_year, int(month), int(day))
        except ValueError:
            raise ValidationError({"deadline": f"Даты {day}.{month}.{year} нет в календаре."}) from None


@transaction.atomic
def activity_report(
    *,
    activity: Activity,
    actor: User,
    status: str,
    evidence_file: File | None = None,
    evidence_url: str | None = None,
) -> Activity:
    """Progress of an activity (status and evidence) is recorded on an approved roadmap too."""
    ensure_allowed(actor, activity.section.roadmap.organization, "roadmaps.edit", ROADMAP_EDITORS)
    if activity.section.roadmap.status == DocumentStatus.ARCHIVED:
        raise ValidationError("Это старая версия дорожной карты: отмечайте выполнение в действующей.")
    activity.status = status
    if evidence_file is not None:
        activity.evidence_file = evidence_file
    if evidence_url is not None:
        activity.evidence_url = evidence_url
    return save_audited(activity, actor)


@transaction.atomic
def activity_delete(*, activity: Activity, actor: User) -> None:
    ensure_allowed(actor, activity.section.roadmap.organization, "roadmaps.edit", ROADMAP_EDITORS)
    document_ensure_editable(activity.section.roadmap)
    delete_audited(activity, actor)


# --- Programme ----------------------------------------------------------------------------------------------


class ProgrammeTexts(TypedDict, total=False):
    """The text sections of a programme (``Programme.TEXT_SECTIONS``), as keyword arguments."""

    legal_basis: str
    introduction: str
    goal: str
    tasks: str
    expected_results: str
    terms: str
    staffing: str
    mentee_base: str
    mentor_base: str
    bases_note: str
    forms_description: str
    monitoring: str
    monitoring_results: str
    mentor_criteria: str
    incentives: str


def _programme_fields(programme: Programme, values: dict[str, Any]) -> None:
    for name in ("title", "framework", "start_year", "period", "curator", *Programme.TEXT_SECTIONS):
        if name in values:
            setattr(programme, name, values[name])


@transaction.atomic
def programme_create(
    *,
    organization: Organization,
    actor: User,
    title: str,
    start_year: int,
    framework: str = Programme.Framework.STUDENTS,
    period: str = "",
    curator: Any = None,
    forms: Iterable[MentoringForm] | None = None,
    role_models: Iterable[RoleModel] | None = None,
    **text_sections: Unpack[ProgrammeTexts],
) -> Programme:
    """A draft programme; ``text_sections`` are only the names in ``Programme.TEXT_SECTIONS``."""
    ensure_allowed(actor, organization, "programmes.edit", PROGRAMME_EDITORS)
    programme = Programme(organization=organization)
    _programme_fields(
        programme,
        {"title": title, "framework": framework, "start_year": start_year, "period": period, "curator": curator}
        | dict(text_sections),
    )
    save_audited(programme, actor)
    if forms is not None:
        programme.forms.set(forms)
    if role_models is not None:
        programme.role_models.set(role_models)
    return programme


class ProgrammeMain(TypedDict, total=False):
    """The general part of a programme (the first step of its form)."""

    title: str
    start_year: int
    framework: str
    period: str
    curator: Any


class ProgrammeFields(ProgrammeMain, ProgrammeTexts, total=False):
    pass


@transaction.atomic
def programme_update(
    *,
    programme: Programme,
    actor: User,
    forms: Iterable[MentoringForm] | None = None,
    role_models: Iterable[RoleModel] | None = None,
    **fields: Unpack[ProgrammeFields],
) -> Programme:
    """Change what is given and leave the rest: the programme form saves one step at a time."""
    ensure_allowed(actor, programme.organization, "programmes.edit", PROGRAMME_EDITORS)
    document_ensure_editable(programme)
    _programme_fields(programme, dict(fields))
    save_audited(programme, actor)
    if forms is not None:
        programme.forms.set(forms)
    if role_models is not None:
        programme.role_models.set(role_models)
    return programme


ProgrammeRow = ProgrammeResponsibility | ProgrammeStage | ParticipantProfile | ProgrammeMechanism
ROW_MODELS: dict[str, type[ProgrammeRow]] = {
    "responsibilities": ProgrammeResponsibility,
    "stages": ProgrammeStage,
    "participant_profiles": ParticipantProfile,
    "mechanism": ProgrammeMechanism,
}


@transaction.atomic
def programme_set_rows(*, programme: Programme, actor: User, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Replace the table rows of a programme (management structure, stages, participants, mechanism)."""
    ensure_allowed(actor, programme.organization, "programmes.edit", PROGRAMME_EDITORS)
    document_ensure_editable(programme)
    for relation, items in rows.items():
        model = ROW_MODELS[relation]
        for old in getattr(programme, relation).all():
            delete_audited(old, actor)
        for order, item in enumerate(items, start=1):
            item = {k: v for k, v in item.items() if k not in {"id", "DELETE", "programme"}}
            item["order"] = item.get("order") or order
            save_audited(model(programme=programme, **item), actor)


# --- Working group --------------------------------------------------------------------------------------------


class WorkingGroupMemberFields(TypedDict, total=False):
    group_role: str
    full_name: str
    position: str
    user: User | None
    order: int


@transaction.atomic
def working_group_member_save(
    *, member: WorkingGroupMember, actor: User, **fields: Unpack[WorkingGroupMemberFields]
) -> WorkingGroupMember:
    ensure_allowed(
        actor, member.organization, "working_group.edit", "Состав рабочей группы меняет куратор или директор."
    )
    for name, value in fields.items():
        setattr(member, name, value)
    member.full_name = member.full_name.strip() or (member.user.full_name if member.user else "")
    if not member.full_name:
        raise ValidationError({"full_name": "Укажите ФИО или выберите учётную запись."})
    lock_organization(member.organization_id)
    same = WorkingGroupMember.objects.filter(organization_id=member.organization_id, full_name=member.full_name)
    if same.exclude(pk=member.pk).exists():
        raise ValidationError({"full_name": f"{member.full_name} уже в рабочей группе."})
    return save_audited(member, actor)


@transaction.atomic
def working_group_member_delete(*, member: WorkingGroupMember, actor: User) -> None:
    ensure_allowed(
        actor, member.organization, "working_group.edit", "Состав рабочей группы меняет куратор или директор."
    )
    delete_audited(member, actor)


def approval_initial(document: ApprovableDocument, on: date | None = None) -> dict[str, Any]:
    """What the director's approval form suggests: today, the director's position and name."""
    organization = document.organization
    return {
        "approval_date": on or timezone.localdate(),
        "approver_position": organization.director_position,
        "approver_name": organization.director_signature,
    }
