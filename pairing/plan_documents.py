"""The printable individual plan: «Персонализированная программа наставничества» or «Карта
индивидуального образовательного маршрута педагога», with its grif. It names a pupil: never published,
and not offered as an appendix of an order (plans are approved on their own)."""

from datetime import date
from typing import Any

from mentoring_site.names import signature_name
from mentoring_site.printing import Printable, PrintOption
from organizations.models import Organization

from .models import IndividualPlan, MentorshipMember
from .plans import expected_grif


def _options(organization: Organization) -> list[PrintOption]:
    return []


def plan_context(organization: Organization, object_id: int | None, on: date) -> dict[str, Any] | None:
    plan = (
        IndividualPlan.objects.for_organization(organization)
        .select_related("mentorship__mentor__person", "mentorship__form", "mentorship__role_model", "mentee__person")
        .filter(pk=object_id)
        .first()
    )
    if plan is None:
        return None
    mentorship = plan.mentorship
    if plan.mentee_id:
        mentees = [plan.mentee]
    else:
        members = MentorshipMember.objects.filter(mentorship=mentorship).select_related("mentee__person")
        members = members.filter(left_on__isnull=True) if mentorship.is_current else members.filter(left_with_pair=True)
        mentees = [m.mentee for m in members]
    mentor = mentorship.mentor.person
    start = mentorship.school_year
    return {
        "organization": organization,
        "plan": plan,
        "mentorship": mentorship,
        "mentees": mentees,
        "items": list(plan.items.all()),
        "school_year": f"{start}/{start + 1}",
        "approved": plan.status == IndividualPlan.Status.APPROVED,
        "draft_grif": expected_grif(plan),
        "mentor_signature": signature_name(mentor.last_name, mentor.first_name, mentor.patronymic),
    }


PLAN = Printable(
    key="pairing.plan",
    label="Индивидуальный план наставляемого",
    template="pairing/plans/plan_body.html",
    orientation="landscape",
    options=_options,
    context=plan_context,
    public=False,
    model=IndividualPlan,
    unavailable="план удалён",
)
