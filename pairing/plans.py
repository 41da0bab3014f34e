"""Individual plans of pairs: «Персонализированная программа наставничества» and, for a teacher,
«Карта индивидуального образовательного маршрута педагога» (ИОМ, seed 003 2.6).

Deficits or requests → goals → tasks → activities with dates, status and evidence → results.
The rules:
- only the pair's mentor drafts a plan, sends it for approval and marks its activities;
- a plan of a pair that ended (finished, terminated, cancelled) is read-only;
- an activity's date lies within the pair's work: not before its start, not after its end (or
  planned end);
- the curator approves a personal plan (the director may as well), the director approves an ИОМ;
  nobody approves a plan of their own pair (a curator who mentors sends theirs to the director);
- an approved plan is read-only except the activities' status and evidence and the results, which
  the mentor fills in without losing the approval.
Every write is atomic and audited.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from typing_extensions import Unpack

from mentoring_site.audit import delete_audited, save_audited
from mentoring_site.models import User
from mentoring_site.names import signature_name
from mentoring_site.text import text_lines
from organizations.models import Membership
from organizations.roles import Role
from organizations.services import ensure_allowed
from participants.models import MenteeProfile, Person

from .models import IndividualPlan, Mentorship, MentorshipMember, PlanItem

# A plan runs from September to May: a few dozen rows. The bound keeps a forged row count from
# building thousands of forms (Django's own cap is 2,000).
MAX_PLAN_ROWS = 100
# Who is a teacher's (employee's) mentee: their plan is an ИОМ.
STAFF_KINDS = frozenset({Person.Kind.TEACHER, Person.Kind.STAFF})
CURATOR_POSITION = "Куратор программы наставничества"

ONLY_MENTOR = "План составляет и ведёт только наставник этой пары (группы)."
READ_ONLY_PAIR = "Работа пары окончена: её план только для чтения."


def kind_for(mentees: list[MenteeProfile]) -> str:
    """An ИОМ for a teacher's or employee's plan, a personal programme for a pupil's (or a mixed group)."""
    if mentees and all(m.person.kind in STAFF_KINDS for m in mentees):
        return IndividualPlan.Kind.ROUTE
    return IndividualPlan.Kind.PERSONAL


def is_mentor(mentorship: Mentorship, user: Any) -> bool:
    return bool(user.is_authenticated) and mentorship.mentor.person.user_id == user.pk


def plans_visible_to(user: Any, organization: Any) -> QuerySet[IndividualPlan]:
    """Managers see every plan of the organization; a mentor the plans of their pairs; a mentee the plan
    of their pair (in a group: the group's plan and their own, never another mentee's)."""
    plans = IndividualPlan.objects.visible_to(user, organization)
    if not user.is_authenticated or Membership.objects.grants(user, organization, "pairs.view"):
        return plans
    return plans.filter(
        Q(mentorship__mentor__person__user=user) | Q(mentee__isnull=True) | Q(mentee__person__user=user)
    )


# --- Dates ---------------------------------------------------------------------------------------------------


def period_end(mentorship: Mentorship) -> tuple[date | None, str]:
    """The last day of the pair's work and how to name it: its end, else its planned end."""
    if mentorship.ended_on:
        return mentorship.ended_on, "окончания работы пары"
    if mentorship.planned_end_on:
        return mentorship.planned_end_on, "планового окончания работы пары"
    return None, ""


def due_error(mentorship: Mentorship, due_on: date | None) -> str | None:
    """Why an activity cannot be dated ``due_on`` in this pair, or None."""
    if due_on is None:
        return None
    if due_on < mentorship.started_on:
        return f"срок {due_on:%d.%m.%Y} раньше начала работы пары ({mentorship.started_on:%d.%m.%Y})."
    end, name = period_end(mentorship)
    if end is not None and due_on > end:
        return f"срок {due_on:%d.%m.%Y} позже {name} ({end:%d.%m.%Y})."
    return None


# --- The template rows of a new plan --------------------------------------------------------------------------


@dataclass(frozen=True)
class Prefill:
    kind: str
    deficits: str
    goals: str
    expected_results: str
    rows: list[dict[str, Any]]


def _unique(lines: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for line in lines:
        seen.setdefault(line, None)
    return list(seen)


def prefill(mentorship: Mentorship, mentees: list[MenteeProfile]) -> Prefill:
    """What a new plan starts from: the mentees' requests as its deficits and as one template row each
    (the row's goal; the mentor writes the task, the activity and its date), their expected results,
    the pair's goal."""
    requests = _unique([line for mentee in mentees for line in mentee.request_list])
    expected = _unique([line for mentee in mentees for line in text_lines(mentee.expected_results)])
    return Prefill(
        kind=kind_for(mentees),
        deficits="\n".join(requests),
        goals=mentorship.goal.strip(),
        expected_results="\n".join(expected),
        rows=[{"goal": request[:500]} for request in requests][:MAX_PLAN_ROWS],
    )


# --- Checks ---------------------------------------------------------------------------------------------------


def _locked_pair(mentorship_id: int) -> Mentorship:
    return Mentorship.objects.select_for_update().select_related("mentor__person", "organization").get(pk=mentorship_id)


def _ensure_mentor(mentorship: Mentorship, actor: User) -> None:
    if not is_mentor(mentorship, actor):
        raise ValidationError(ONLY_MENTOR)


def _ensure_open(mentorship: Mentorship) -> None:
    if not mentorship.is_current:
        raise ValidationError(READ_ONLY_PAIR)


def _item_errors(mentorship: Mentorship, items: list[dict[str, Any]]) -> list[str]:
    if len(items) > MAX_PLAN_ROWS:
        return [f"В плане может быть не больше {MAX_PLAN_ROWS} строк."]
    errors = []
    for number, item in enumerate(items, start=1):
        if not (item.get("task") or "").strip():
            errors.append(f"Строка {number}: укажите задачу.")
        if not (item.get("activity") or "").strip():
            errors.append(f"Строка {number}: укажите мероприятие.")
        if problem := due_error(mentorship, item.get("due_on")):
            errors.append(f"Строка {number}: {problem}")
    return errors


# --- Writes ---------------------------------------------------------------------------------------------------


class PlanFields(TypedDict, total=False):
    kind: str
    deficits: str
    goals: str
    expected_results: str


ITEM_FIELDS = ("goal", "task", "activity", "due_on")


@transaction.atomic
def plan_save(
    *, plan: IndividualPlan, actor: User, items: list[dict[str, Any]], **fields: Unpack[PlanFields]
) -> IndividualPlan:
    """Create or change a draft plan with its rows (the rows replace the old ones, in the given order)."""
    mentorship = _locked_pair(plan.mentorship_id)
    _ensure_mentor(mentorship, actor)
    _ensure_open(mentorship)
    if plan.pk:
        stored = IndividualPlan.objects.select_for_update().get(pk=plan.pk)
        if stored.status != IndividualPlan.Status.DRAFT:
            raise ValidationError(
                "План на утверждении: изменить его можно, когда его вернут на доработку."
                if stored.status == IndividualPlan.Status.REVIEW
                else "План утверждён: в нём отмечают только выполнение мероприятий и результаты."
            )
    else:
        if (
            plan.mentee_id is not None
            and not MentorshipMember.objects.filter(
                mentorship=mentorship, mentee_id=plan.mentee_id, left_on__isnull=True
            ).exists()
        ):
            raise ValidationError("Этого наставляемого нет в паре (группе).")
        if IndividualPlan.objects.filter(mentorship=mentorship, mentee_id=plan.mentee_id).exists():
            raise ValidationError("У этой пары уже есть такой план: откройте его.")
    for name, value in fields.items():
        setattr(plan, name, value.strip() if isinstance(value, str) else value)
    errors = _item_errors(mentorship, items)
    if errors:
        raise ValidationError({"items": errors})
    save_audited(plan, actor)
    for old in plan.items.all():
        delete_audited(old, actor)
    for number, item in enumerate(items, start=1):
        row = PlanItem(plan=plan, order=number, **{name: item.get(name) for name in ITEM_FIELDS})
        row.goal, row.task, row.activity = (row.goal or "").strip(), row.task.strip(), row.activity.strip()
        save_audited(row, actor)
    return plan


def _locked_plan(plan: IndividualPlan) -> tuple[IndividualPlan, Mentorship]:
    mentorship = _locked_pair(plan.mentorship_id)
    stored = IndividualPlan.objects.select_for_update().get(pk=plan.pk)
    stored.mentorship = mentorship
    return stored, mentorship


@transaction.atomic
def plan_submit(*, plan: IndividualPlan, actor: User) -> IndividualPlan:
    """«На утверждение»: the draft goes to the curator (an ИОМ to the director)."""
    plan, mentorship = _locked_plan(plan)
    _ensure_mentor(mentorship, actor)
    _ensure_open(mentorship)
    if plan.status != IndividualPlan.Status.DRAFT:
        raise ValidationError(
            "План уже отправлен на утверждение." if plan.status == "review" else "План уже утверждён."
        )
    items = list(plan.items.values(*ITEM_FIELDS))
    if not items:
        raise ValidationError("В плане нет ни одного мероприятия: добавьте их и отправьте снова.")
    errors = _item_errors(mentorship, items)  # the pair's dates may have changed since the draft
    if errors:
        raise ValidationError(errors)
    plan.status, plan.return_comment = IndividualPlan.Status.REVIEW, ""
    return save_audited(plan, actor)


def approver_rule(plan: IndividualPlan) -> tuple[str, str]:
    """The action of the permission table that approves ``plan`` and who that is, in Russian."""
    if plan.kind == IndividualPlan.Kind.ROUTE:
        return "approval.approve", "Карту индивидуального образовательного маршрута педагога утверждает директор."
    return "pairs.manage", "Персонализированную программу наставничества утверждает куратор или директор."


def may_decide(plan: IndividualPlan, user: Any, organization: Any) -> bool:
    """May ``user`` approve or return ``plan`` (its pair loaded with the mentor)?"""
    action, _who = approver_rule(plan)
    return Membership.objects.grants(user, organization, action) and not is_mentor(plan.mentorship, user)


def _ensure_decider(plan: IndividualPlan, mentorship: Mentorship, actor: User) -> None:
    action, who = approver_rule(plan)
    ensure_allowed(actor, mentorship.organization, action, who)
    if is_mentor(mentorship, actor):
        raise ValidationError(f"Наставник не утверждает план своей пары. {who}")
    if plan.status != IndividualPlan.Status.REVIEW:
        raise ValidationError("План не отправлен на утверждение.")


def _grif(organization: Any, actor: User) -> tuple[str, str]:
    """The position and «И.О. Фамилия» of «УТВЕРЖДАЮ»: the director as the organization names them, a
    curator by their position in the organization."""
    name = actor.short_name
    memberships = {m.role: m for m in Membership.objects.active().filter(user=actor, organization=organization)}
    if Role.DIRECTOR in memberships:
        return organization.director_position, name
    curator = memberships.get(Role.CURATOR)
    return (curator.position if curator and curator.position else CURATOR_POSITION), name


def expected_grif(plan: IndividualPlan) -> tuple[str, str]:
    """The grif of a draft («ПРОЕКТ»): who is to approve it. An ИОМ: the director; a personal plan: a
    curator other than the mentor, else the director."""
    mentorship = plan.mentorship
    organization = mentorship.organization
    if plan.kind == IndividualPlan.Kind.PERSONAL:
        curator = (
            Membership.objects.active()
            .filter(organization=organization, role=Role.CURATOR)
            .exclude(user_id=mentorship.mentor.person.user_id)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if curator is not None:
            user = curator.user
            return curator.position or CURATOR_POSITION, signature_name(
                user.last_name, user.first_name, user.patronymic
            )
    return organization.director_position, organization.director_signature


@transaction.atomic
def plan_approve(*, plan: IndividualPlan, actor: User) -> IndividualPlan:
    plan, mentorship = _locked_plan(plan)
    _ensure_decider(plan, mentorship, actor)
    _ensure_open(mentorship)
    plan.status = IndividualPlan.Status.APPROVED
    plan.approved_by, plan.approved_on = actor, timezone.localdate()
    plan.approver_position, plan.approver_name = _grif(mentorship.organization, actor)
    plan.return_comment = ""
    return save_audited(plan, actor)


@transaction.atomic
def plan_return(*, plan: IndividualPlan, actor: User, comment: str) -> IndividualPlan:
    """Back to the mentor's draft with what to correct."""
    plan, mentorship = _locked_plan(plan)
    _ensure_decider(plan, mentorship, actor)
    if not comment.strip():
        raise ValidationError("Напишите, что исправить в плане.")
    plan.status, plan.return_comment = IndividualPlan.Status.DRAFT, comment.strip()
    return save_audited(plan, actor)


@transaction.atomic
def plan_progress(
    *, plan: IndividualPlan, actor: User, items: dict[int, tuple[str, str]], results: str
) -> IndividualPlan:
    """The mentor marks activities of an approved plan done or not done, with evidence, and writes the
    results: the plan stays approved. ``items``: item id → (status, evidence)."""
    plan, mentorship = _locked_plan(plan)
    _ensure_mentor(mentorship, actor)
    _ensure_open(mentorship)
    if plan.status != IndividualPlan.Status.APPROVED:
        raise ValidationError("Выполнение отмечают в утверждённом плане.")
    for number, row in enumerate(plan.items.all(), start=1):
        if row.pk not in items:
            continue
        status, evidence = items[row.pk][0], items[row.pk][1].strip()
        if status not in PlanItem.Status.values:  # inside the transaction: the rows marked before roll back
            raise ValidationError(f"Строка {number}: выберите «Запланировано», «Выполнено» или «Не выполнено».")
        if (status, evidence) != (row.status, row.evidence):
            row.status, row.evidence = status, evidence
            save_audited(row, actor)
    if plan.results != results.strip():
        plan.results = results.strip()
        save_audited(plan, actor)
    return plan


# --- Reads ----------------------------------------------------------------------------------------------------


def awaiting(organization: Any) -> QuerySet[IndividualPlan]:
    """Plans sent for approval, oldest first, with their pair's mentor (the sender)."""
    return (
        IndividualPlan.objects.for_organization(organization)
        .filter(status=IndividualPlan.Status.REVIEW)
        .select_related("mentorship__mentor__person", "mentee__person")
        .order_by("updated_at", "pk")
    )


def mentor_is_curator(organization: Any) -> Exists:
    """The plan's mentor is a curator of ``organization``: their personal plans go to the director."""
    return Exists(
        Membership.objects.active().filter(
            organization=organization, role=Role.CURATOR, user_id=OuterRef("mentorship__mentor__person__user_id")
        )
    )


def pair_section(request: Any, mentorship: Mentorship) -> dict[str, Any]:
    """The plans on a pair's page: those the user may see; for its mentor, what to draw up next (the
    plan of the pair or group, and in a group a plan for each mentee who has none)."""
    user, organization = request.user, request.organization
    shown = list(plans_visible_to(user, organization).filter(mentorship=mentorship).select_related("mentee__person"))
    mine = is_mentor(mentorship, user) and mentorship.is_current
    to_draw: list[MenteeProfile] = []
    if mine:
        members = MentorshipMember.objects.filter(mentorship=mentorship, left_on__isnull=True)
        having = {p.mentee_id for p in shown}
        to_draw = [m.mentee for m in members.select_related("mentee__person") if m.mentee_id not in having]
    return {
        "pair_plans": shown,
        "plan_new_whole": mine and not any(p.mentee_id is None for p in shown),
        "plan_new_for": to_draw if len(to_draw) > 1 or any(p.mentee_id for p in shown) else [],
    }


def attach_plans(request: Any, mentorships: list[Mentorship]) -> list[Mentorship]:
    """«Мои пары»: each pair gets ``shown_plans`` (the plans the user may see), in one query."""
    by_pair: dict[int, list[IndividualPlan]] = {m.pk: [] for m in mentorships}
    if mentorships:
        rows = plans_visible_to(request.user, request.organization).filter(mentorship__in=list(by_pair))
        for plan in rows.select_related("mentee__person").order_by("pk"):
            by_pair[plan.mentorship_id].append(plan)
    for mentorship in mentorships:
        mentorship.shown_plans = by_pair[mentorship.pk]  # type: ignore[attr-defined]
    return mentorships
