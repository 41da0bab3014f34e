"""Plans sent for approval on the dashboard (registered in ``PairingConfig.ready``).

The director's «Ждут вашего решения» holds the ИОМ of teachers and the personal plans of pairs whose
mentor is a curator (a curator does not approve their own pair's plan); a curator's dashboard gets a
panel of the personal plans of other mentors, shown while there are any."""

from typing import Any

from django.http import HttpRequest

from mentoring_site.dashboard import InboxItem, PanelContent, register_inbox, register_panel
from mentoring_site.links import pk_url
from organizations.roles import Role

from .models import IndividualPlan
from .plans import awaiting, mentor_is_curator


def _awaiting_others(request: Any) -> Any:
    return awaiting(request.organization).exclude(mentorship__mentor__person__user=request.user)


def _title(plan: IndividualPlan) -> str:
    mentor = plan.mentorship.mentor.person.full_name
    return f"Наставник {mentor}" + (f", наставляемый {plan.mentee.person.full_name}" if plan.mentee else "")


@register_inbox(permission="approval.approve")
def plans_for_the_director(request: HttpRequest) -> list[InboxItem]:
    if request.organization is None:  # type: ignore[attr-defined]
        return []
    plans = _awaiting_others(request).annotate(by_curator=mentor_is_curator(request.organization))  # type: ignore[attr-defined]
    url = pk_url("pairing:plan-detail")
    return [
        InboxItem(
            what=plan.get_kind_display(),
            title=_title(plan),
            url=url(plan.pk),
            action="Рассмотреть и утвердить",
            since=plan.updated_at,
            by=plan.mentorship.mentor.person.full_name,
        )
        for plan in plans
        if plan.kind == IndividualPlan.Kind.ROUTE or plan.by_curator
    ]


@register_panel(order=20, permission="pairs.manage")
def plans_for_the_curator(request: HttpRequest) -> PanelContent | None:
    if Role.CURATOR not in request.roles:  # type: ignore[attr-defined]
        return None
    plans = list(_awaiting_others(request).filter(kind=IndividualPlan.Kind.PERSONAL))
    if not plans:
        return None
    url = pk_url("pairing:plan-detail")
    rows = [{"url": url(p.pk), "title": _title(p), "since": p.updated_at} for p in plans]
    return PanelContent(template="pairing/panels/plans_awaiting.html", context={"plans": rows}, width="col-lg-6")
