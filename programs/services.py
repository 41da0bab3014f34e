"""Writes of the programs app (HackSoft style: ``<entity>_<action>(*, ...)``, atomic, validated).

django-simple-history records every save with its author: the actor is passed explicitly as
``_history_user`` so that commands and services called outside a request are audited too.
"""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from mentoring_site.access import Role
from mentoring_site.audit import save_audited

from .deadlines import parse_deadline
from .models import (
    Activity,
    DocumentStatus,
    LocalAct,
    Membership,
    Order,
    Organization,
    Programme,
    Roadmap,
    RoadmapSection,
    Stage,
)
from .reference_data import ROADMAP_TEMPLATE, ensure_reference_data


def _has_role(user, organization, *roles) -> bool:
    return Membership.objects.filter(user=user, organization=organization, role__in=roles, is_active=True).exists()


# --- Organization --------------------------------------------------------------------------------


@transaction.atomic
def organization_update(*, organization: Organization, actor, **fields) -> Organization:
    for name, value in fields.items():
        setattr(organization, name, value)
    return save_audited(organization, actor)


# --- Approval of programmes, roadmaps and local acts ----------------------------------------------------


def document_ensure_editable(document) -> None:
    if document.status == DocumentStatus.APPROVED:
        raise ValidationError("Документ утверждён и не редактируется. Чтобы внести изменения, создайте новую версию.")
    if document.status == DocumentStatus.ARCHIVED:
        raise ValidationError("Это старая версия документа: её нельзя изменить.")
    if document.status == DocumentStatus.REVIEW:
        raise ValidationError("Документ на согласовании у директора: дождитесь решения или попросите вернуть его.")


@transaction.atomic
def document_submit(*, document, actor):
    if not _has_role(actor, document.organization, Role.CURATOR, Role.DIRECTOR):
        raise ValidationError("Отправить документ на согласование может куратор или директор.")
    if document.status != DocumentStatus.DRAFT:
        raise ValidationError("На согласование отправляется только черновик.")
    document.status = DocumentStatus.REVIEW
    document.submitted_at = timezone.now()
    document.submitted_by = actor
    document.return_comment = ""
    return save_audited(document, actor)


@transaction.atomic
def document_approve(*, document, actor, approval_date, approval_basis="", approver_position="", approver_name=""):
    if not _has_role(actor, document.organization, Role.DIRECTOR):
        raise ValidationError("Утвердить документ может только директор организации.")
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
def document_return(*, document, actor, comment: str):
    if not _has_role(actor, document.organization, Role.DIRECTOR):
        raise ValidationError("Вернуть документ на доработку может только директор организации.")
    if document.status != DocumentStatus.REVIEW:
        raise ValidationError("Вернуть можно только документ на согласовании.")
    if not comment.strip():
        raise ValidationError({"comment": "Напишите, что нужно исправить."})
    document.status = DocumentStatus.DRAFT
    document.return_comment = comment.strip()
    return save_audited(document, actor)


def _copy(obj, **overrides):
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
def document_new_version(*, document, actor):
    """A draft copy of an approved document; the approved one stays as it was, marked as replaced."""
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
    elif isinstance(document, Roadmap):
        _copy_roadmap_content(source=document, target=new, actor=actor)
    document.status = DocumentStatus.ARCHIVED
    save_audited(document, actor)
    return new


def _copy_roadmap_content(*, source: Roadmap, target: Roadmap, actor, shift_years: int = 0, keep_progress=True):
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


@transaction.atomic
def roadmap_create_from_template(
    *, organization: Organization, actor, start_year: int, title: str = "", programme: Programme | None = None
) -> Roadmap:
    """A new roadmap with the seven stages of the target model and their standard activities."""
    roadmap = Roadmap(
        organization=organization,
        programme=programme,
        start_year=start_year,
        layout=Roadmap.Layout.ACTIVITY_RESULT,
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
def roadmap_copy_for_next_year(*, roadmap: Roadmap, actor, years: int = 1) -> Roadmap:
    """Last year's roadmap as this year's draft: dates shifted a year, progress cleared."""
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


@transaction.atomic
def roadmap_update(*, roadmap: Roadmap, actor, **fields) -> Roadmap:
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


@transaction.atomic
def section_save(*, section: RoadmapSection, actor, **fields) -> RoadmapSection:
    document_ensure_editable(section.roadmap)
    for name, value in fields.items():
        setattr(section, name, value)
    if section.pk is None and not section.order:
        section.order = section.roadmap.sections.count() + 1
    return save_audited(section, actor)


@transaction.atomic
def section_delete(*, section: RoadmapSection, actor) -> None:
    document_ensure_editable(section.roadmap)
    section._history_user = actor
    for activity in section.activities.all():
        activity._history_user = actor
        activity.delete()
    section.delete()


@transaction.atomic
def activity_save(*, activity: Activity, actor, responsible_users=None, **fields) -> Activity:
    """Create or edit an activity; the due date is derived from the deadline text."""
    roadmap = activity.section.roadmap
    document_ensure_editable(roadmap)
    for name, value in fields.items():
        setattr(activity, name, value)
    if not (activity.title or "").strip():
        raise ValidationError({"title": "Опишите мероприятие."})
    if activity.pk is None and not activity.order:
        activity.order = activity.section.activities.count() + 1
    activity.due_date = parse_deadline(activity.deadline, roadmap.start_year)
    save_audited(activity, actor)
    if responsible_users is not None:
        activity.responsible_users.set(responsible_users)
    return activity


@transaction.atomic
def activity_report(*, activity: Activity, actor, status, evidence_file=None, evidence_url=None) -> Activity:
    """Progress of an activity (status and evidence) is recorded on an approved roadmap too."""
    if activity.section.roadmap.status == DocumentStatus.ARCHIVED:
        raise ValidationError("Это старая версия дорожной карты: отмечайте выполнение в действующей.")
    activity.status = status
    if evidence_file is not None:
        activity.evidence_file = evidence_file
    if evidence_url is not None:
        activity.evidence_url = evidence_url
    return save_audited(activity, actor)


@transaction.atomic
def activity_delete(*, activity: Activity, actor) -> None:
    document_ensure_editable(activity.section.roadmap)
    activity._history_user = actor
    activity.delete()


# --- Programme ----------------------------------------------------------------------------------------------


@transaction.atomic
def programme_create(*, organization: Organization, actor, forms=None, role_models=None, **fields) -> Programme:
    programme = save_audited(Programme(organization=organization, **fields), actor)
    if forms is not None:
        programme.forms.set(forms)
    if role_models is not None:
        programme.role_models.set(role_models)
    return programme


@transaction.atomic
def programme_update(*, programme: Programme, actor, forms=None, role_models=None, **fields) -> Programme:
    document_ensure_editable(programme)
    for name, value in fields.items():
        setattr(programme, name, value)
    save_audited(programme, actor)
    if forms is not None:
        programme.forms.set(forms)
    if role_models is not None:
        programme.role_models.set(role_models)
    return programme


ROW_MODELS = {
    "responsibilities": "ProgrammeResponsibility",
    "stages": "ProgrammeStage",
    "participant_profiles": "ParticipantProfile",
}


@transaction.atomic
def programme_set_rows(*, programme: Programme, actor, rows: dict[str, list[dict]]) -> None:
    """Replace the table rows of a programme (management structure, stages, participants)."""
    from django.apps import apps

    document_ensure_editable(programme)
    for relation, items in rows.items():
        model = apps.get_model("programs", ROW_MODELS[relation])
        for old in getattr(programme, relation).all():
            old._history_user = actor
            old.delete()
        for order, item in enumerate(items, start=1):
            item = {k: v for k, v in item.items() if k not in {"id", "DELETE", "programme"}}
            item["order"] = item.get("order") or order
            save_audited(model(programme=programme, **item), actor)


# --- Local acts ------------------------------------------------------------------------------------------------


@transaction.atomic
def local_act_save(*, act: LocalAct, actor, **fields) -> LocalAct:
    if act.pk is not None:
        document_ensure_editable(act)
    for name, value in fields.items():
        setattr(act, name, value)
    if not act.body.strip() and not act.file:
        raise ValidationError("Напишите текст акта или приложите файл.")
    return save_audited(act, actor)


# --- Orders --------------------------------------------------------------------------------------------------


def _order_save(order: Order, actor) -> Order:
    order.year = order.date.year
    order._history_user = actor
    order.full_clean()
    try:
        with transaction.atomic():
            order.save()
    except IntegrityError as error:  # a concurrent registration with the same number
        raise ValidationError({"number": "Приказ с таким номером в этом году уже зарегистрирован."}) from error
    return order


@transaction.atomic
def order_create(*, organization: Organization, actor, acquainted=None, appendices=(), **fields) -> Order:
    if not _has_role(actor, organization, Role.CURATOR, Role.DIRECTOR):
        raise ValidationError("Готовить приказы может куратор или директор.")
    order = Order(organization=organization, prepared_by=actor, **fields)
    if not order.signer_name:
        order.signer_name = organization_director_short_name(organization)
    _order_save(order, actor)
    if acquainted is not None:
        order.acquainted.set(acquainted)
    for number, document in enumerate(appendices, start=1):
        order_attach(order=order, document=document, number=number)
    return order


@transaction.atomic
def order_update(*, order: Order, actor, acquainted=None, **fields) -> Order:
    if not order.is_editable:
        raise ValidationError("Приказ уже на подписи или подписан: текст менять нельзя.")
    for name, value in fields.items():
        setattr(order, name, value)
    _order_save(order, actor)
    if acquainted is not None:
        order.acquainted.set(acquainted)
    return order


def order_attach(*, order: Order, document, number: int | None = None):
    from .models import OrderAppendix

    if document.organization_id != order.organization_id:
        raise ValidationError("Приложением может быть только документ этой же организации.")
    number = number or (order.appendices.count() + 1)
    field = {Programme: "programme", Roadmap: "roadmap", LocalAct: "local_act"}[type(document)]
    appendix = OrderAppendix(order=order, number=number, **{field: document})
    appendix.full_clean()
    appendix.save()
    return appendix


@transaction.atomic
def order_submit(*, order: Order, actor) -> Order:
    if order.status != Order.Status.DRAFT:
        raise ValidationError("На подпись отправляется только проект приказа.")
    if not _has_role(actor, order.organization, Role.CURATOR, Role.DIRECTOR):
        raise ValidationError("Отправить приказ на подпись может куратор или директор.")
    order.status = Order.Status.REVIEW
    return _order_save(order, actor)


@transaction.atomic
def order_return(*, order: Order, actor) -> Order:
    if not _has_role(actor, order.organization, Role.DIRECTOR):
        raise ValidationError("Вернуть приказ может только директор.")
    if order.status != Order.Status.REVIEW:
        raise ValidationError("Вернуть можно только приказ на подписи.")
    order.status = Order.Status.DRAFT
    return _order_save(order, actor)


@transaction.atomic
def order_sign(*, order: Order, actor) -> Order:
    if not _has_role(actor, order.organization, Role.DIRECTOR):
        raise ValidationError("Подписать приказ может только директор организации.")
    if order.status == Order.Status.SIGNED:
        raise ValidationError("Приказ уже подписан.")
    if order.status != Order.Status.REVIEW:
        raise ValidationError("Подписывается приказ, отправленный на подпись.")
    unapproved = [a.document.title for a in order.appendices.all() if a.document.status != DocumentStatus.APPROVED]
    if unapproved:
        raise ValidationError(
            "Сначала утвердите приложения к приказу: " + "; ".join(f"«{title}»" for title in unapproved) + "."
        )
    order.status = Order.Status.SIGNED
    order.signed_by = actor
    order.signed_at = timezone.now()
    return _order_save(order, actor)


def organization_director_short_name(organization: Organization) -> str:
    """«Демина Е.И.» → «Е.И. Демина», as under a signature."""
    name = organization.director_name.strip()
    match = re.fullmatch(r"(\S+)\s+((?:\S\.\s?){1,2})", name)
    if match:
        return f"{match[2].replace(' ', '')} {match[1]}"
    return name
