"""Dashboard panels of the pairing app: pairs at a glance for managers, «Мои пары» for participants."""

from mentoring_site.access import MANAGING_ROLES, Role
from mentoring_site.dashboard import PanelContent, register_panel

from .models import Mentorship
from .selectors import pair_counts


@register_panel(order=45, roles=MANAGING_ROLES)
def pairs(request):
    return PanelContent(
        template="pairing/panels/pairs.html", context={"counts": pair_counts(request.organization)}, width="col-lg-6"
    )


@register_panel(order=15, roles={Role.MENTOR, Role.MENTEE})
def my_pairs(request):
    mentorships = list(
        Mentorship.objects.visible_to(request.user, request.organization)
        .active()
        .of_user(request.user)
        .select_related("mentor__person", "form")[:5]
    )
    if not mentorships and request.roles & MANAGING_ROLES:
        return None  # a curator who also mentors: the panel only once they have a pair
    for mentorship in mentorships:
        mentorship.as_mentor = mentorship.mentor.person.user_id == request.user.pk
    return PanelContent(
        template="pairing/panels/my_pairs.html", context={"my_mentorships": mentorships}, width="col-lg-6"
    )
