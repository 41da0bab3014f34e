"""Reads of the pairing app: who is in a working pair, pairs of a user, capacity of mentors."""

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest

from organizations.models import Organization
from participants.models import MenteeProfile, MentorProfile

from .models import Mentorship, MentorshipMember, MentorshipQuerySet

CURRENT_MEMBER = Q(left_on__isnull=True, mentorship__status__in=Mentorship.CURRENT)


# The target model asks for a meeting at least every two weeks.
IDLE_DAYS = 14


def idle_q(today: date) -> Q:
    """Pairs fixed by an order or working, begun over ``IDLE_DAYS`` ago, with no held meeting in the
    last ``IDLE_DAYS`` days (``Mentorship.last_meeting_on`` is kept by the meeting services)."""
    since = today - timedelta(days=IDLE_DAYS)
    return (
        Q(status__in=(Mentorship.Status.FIXED, Mentorship.Status.ACTIVE))
        & Q(started_on__lte=since)
        & (Q(last_meeting_on__isnull=True) | Q(last_meeting_on__lt=since))
    )


def paired_mentor_ids() -> QuerySet[Mentorship, dict[str, Any]]:
    return Mentorship.objects.current().values("mentor_id")


def paired_mentee_ids() -> QuerySet[MentorshipMember, dict[str, Any]]:
    return MentorshipMember.objects.filter(CURRENT_MEMBER).values("mentee_id")


def current_members(*, at_the_end: bool = False, viewer: tuple[Any, Any] | None = None) -> Prefetch:
    """Prefetch (``current_members``) of a pair's mentees now, with their person.

    ``at_the_end``: for a closed pair, those who were in it when it ended (lists for managers).
    Pages of mentors and mentees use the default: a closed pair shows nobody's data.
    ``viewer`` (user, organization): only the members that user may see (``MentorshipMember.visible_to``:
    a mentor the mentees of their own pairs, a mentee themselves) — never loaded, not only not shown.
    """
    members = Q(left_on__isnull=True)
    if at_the_end:
        members |= Q(left_with_pair=True)
    queryset = MentorshipMember.objects.all() if viewer is None else MentorshipMember.objects.visible_to(*viewer)
    return Prefetch("members", queryset.filter(members).select_related("mentee__person"), to_attr="current_members")


def with_mentee_count(queryset: QuerySet[Mentorship]) -> QuerySet[Mentorship]:
    """``mentees_now`` on each pair: how many mentees it has now (a count, no names), for «Пара»/«Группа»."""
    return queryset.annotate(mentees_now=Count("members", filter=Q(members__left_on__isnull=True), distinct=True))


def mentorships_of(request: HttpRequest, queryset: MentorshipQuerySet) -> list[Mentorship]:
    """The user's own pairs out of ``queryset`` (already scoped to the organization), each marked
    ``as_mentor``: whether the user is its mentor (else a mentee of it)."""
    mentorships = list(queryset.of_user(request.user))
    for mentorship in mentorships:
        mentorship.as_mentor = mentorship.mentor.person.user_id == request.user.pk
    return mentorships


def mentors_with_load(organization: Organization) -> QuerySet[MentorProfile]:
    """Mentor profiles of the organization with ``load``: mentees in their working pairs and groups."""
    load = (
        MentorshipMember.objects.filter(CURRENT_MEMBER, mentorship__mentor=OuterRef("pk"))
        .order_by()
        .values("mentorship__mentor")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return MentorProfile.objects.filter(person__organization=organization).annotate(
        load=Coalesce(Subquery(load, output_field=IntegerField()), Value(0))
    )


def mentor_load(mentor: MentorProfile, exclude_mentorship: Mentorship | None = None) -> int:
    members = MentorshipMember.objects.filter(CURRENT_MEMBER, mentorship__mentor=mentor)
    if exclude_mentorship is not None and exclude_mentorship.pk:
        members = members.exclude(mentorship=exclude_mentorship)
    return members.count()


def mentees_in_base(organization: Organization) -> QuerySet[MenteeProfile]:
    return MenteeProfile.objects.filter(person__organization=organization, status=MenteeProfile.Status.ACTIVE)


class _Count(Subquery):
    """``(SELECT COUNT(*) FROM (subquery))``: several counts in one SQL query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


def pair_counts(organization: Organization) -> dict[str, int]:
    """Pairs at work (fixed by an order or working), still forming, and closed (finished or ended early; a
    cancelled pair never worked), and mentees in the base without a pair: one query."""
    mentorships = Mentorship.objects.filter(organization=organization).order_by().values("pk")
    alone = mentees_in_base(organization).exclude(pk__in=paired_mentee_ids()).order_by().values("pk")
    status = Mentorship.Status
    return (
        Organization.objects.filter(pk=organization.pk)
        .annotate(
            active=_Count(mentorships.filter(status__in=(status.FIXED, status.ACTIVE))),
            forming=_Count(mentorships.filter(status=status.FORMING)),
            closed=_Count(mentorships.filter(status__in=(status.FINISHED, status.TERMINATED))),
            without_pair=_Count(alone),
        )
        .values("active", "forming", "closed", "without_pair")
        .get()
    )
