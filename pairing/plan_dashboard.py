"""«Ждут вашего решения»: individual plans sent for approval (registered in ``PairingConfig.ready``).

The director gets the ИОМ of teachers and the personal plans of pairs whose mentor is a curator (a
curator does not approve their own pair's plan); a curator gets the personal plans of other mentors."""

from django.http import HttpRequest

from mentoring_site.dashboard import InboxItem, register_inbox
from mentoring_site.links import pk_url
from organizations.roles import Role

from .models import IndividualPlan
from .plans import awaiting, mentor_is_curator


@register_inbox(permission="pairs.manage")
def plans_to_approve(request: HttpRequest) -> list[InboxItem]:
    organization = request.organization  # type: ignore[attr-defined]
    if organization is None:
        return []
    roles = request.roles  # type: ignore[attr-defined]
    director, curator = Role.DIRECTOR in roles, Role.CURATOR in roles
    ROUTE, PERSONAL = IndividualPlan.Kind.ROUTE, IndividualPlan.Kind.PERSONAL
    plans = awaiting(organization).annotate(by_curator=mentor_is_curator(organization))
    plans = plans.exclude(mentorship__mentor__person__user=request.user)
    url = pk_url("pairing:plan-detail")
    items = []
    for plan in plans:
        mine = (
            (plan.kind == ROUTE and director)
            or (plan.kind == PERSONAL and curator)
            or (plan.kind == PERSONAL and director and plan.by_curator)
        )
        if not mine:
            continue
        whom = plan.mentee.person.full_name if plan.mentee else None
        mentor = plan.mentorship.mentor.person.full_name
        items.append(
            InboxItem(
                what=plan.get_kind_display(),
                title=f"Наставник {mentor}" + (f", наставляемый {whom}" if whom else ""),
                url=url(plan.pk),
                action="Рассмотреть и утвердить",
                since=plan.updated_at,
                by=mentor,
            )
        )
    return items
