"""Dashboard panels of the pairing app: pairs at a glance for managers, «Мои пары» for participants."""

from django.db.models import Count, Q

from mentoring_site.access import MANAGING_ROLES, Role
from mentoring_site.dashboard import PanelContent, register_panel

from .models import Mentorship
from .selectors import mentees_in_base, paired_mentee_ids


@register_panel(order=45, roles=MANAGING_ROLES)
def pairs(request):
    organization = request.organization
    counts = Mentorship.objects.filter(organization=organization).aggregate(
        active=Count("pk", filter=Q(status=Mentorship.Status.ACTIVE)),
        closed=Count("pk", filter=~Q(status=Mentorship.Status.ACTIVE)),
    )
    without_pair = mentees_in_base(organization).exclude(pk__in=paired_mentee_ids()).count()
    return PanelContent(
        template="pairing/panels/pairs.html",
        context={"counts": counts, "without_pair": without_pair},
        width="col-lg-6",
    )


@register_panel(order=15, roles={Role.MENTOR, Role.MENTEE})
def my_pairs(request):
    mentorships = list(
        Mentorship.objects.visible_to(request.user, request.organization)
        .active()
        .of_user(request.user)
        .select_related("mentor__person", "form")[:5]
    )
    for mentorship in mentorships:
        mentorship.as_mentor = mentorship.mentor.person.user_id == request.user.pk
    return PanelContent(
        template="pairing/panels/my_pairs.html", context={"my_mentorships": mentorships}, width="col-lg-6"
    )
