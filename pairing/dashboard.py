"""Panels of the pairing app: pairs at a glance for managers, «Мои пары» for participants, and the
pairs section of a person's card."""

from django.db.models import Q

from mentoring_site.dashboard import PanelContent, register_panel
from participants.card import register_card_section

from .models import Mentorship, MentorshipMember
from .selectors import current_members, mentorships_of, pair_counts


@register_panel(order=45, permission="pairs.view")
def pairs(request):
    return PanelContent(
        template="pairing/panels/pairs.html", context={"counts": pair_counts(request.organization)}, width="col-lg-6"
    )


@register_panel(order=15, permission="pairs.participate")
def my_pairs(request):
    visible = Mentorship.objects.visible_to(request.user, request.organization)
    mentorships = mentorships_of(request, visible.current().select_related("mentor__person", "form"))[:5]
    if not mentorships and request.can("pairs.view"):
        return None  # a curator who also mentors: the panel only once they have a pair
    return PanelContent(
        template="pairing/panels/my_pairs.html", context={"my_mentorships": mentorships}, width="col-lg-6"
    )


@register_card_section(order=10)
def person_pairs(request, person):
    """On a person's card (managers only): the pairs where they are the mentor or a mentee."""
    as_mentee = MentorshipMember.objects.filter(mentee__person=person).values("mentorship_id")
    mentorships = list(
        Mentorship.objects.filter(organization=request.organization)
        .filter(Q(mentor__person=person) | Q(pk__in=as_mentee))
        .select_related("mentor__person", "form")
        .prefetch_related(current_members(at_the_end=True))
        .current_first()
    )
    return PanelContent(
        template="pairing/panels/person_pairs.html",
        context={"mentorships": mentorships, "person": person},
        width="col-12",
    )
