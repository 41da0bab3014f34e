"""Reads of the pairing app: who is in a working pair, pairs of a user, capacity of mentors."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce

from participants.models import MenteeProfile, MentorProfile

from .models import Mentorship, MentorshipMember

ACTIVE_MEMBER = Q(left_on__isnull=True, mentorship__status=Mentorship.Status.ACTIVE)


def paired_mentor_ids():
    return Mentorship.objects.active().values("mentor_id")


def paired_mentee_ids():
    return MentorshipMember.objects.filter(ACTIVE_MEMBER).values("mentee_id")


def current_members():
    """Prefetch of the current mentees of a pair, with their person."""
    return Prefetch(
        "members",
        MentorshipMember.objects.filter(left_on__isnull=True).select_related("mentee__person"),
        to_attr="current_members",
    )


def with_mentee_count(queryset):
    return queryset.annotate(n_mentees=Count("members", filter=Q(members__left_on__isnull=True), distinct=True))


def mentors_with_load(organization):
    """Mentor profiles of the organization with ``load``: mentees in their working pairs and groups."""
    load = (
        MentorshipMember.objects.filter(ACTIVE_MEMBER, mentorship__mentor=OuterRef("pk"))
        .order_by()
        .values("mentorship__mentor")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return MentorProfile.objects.filter(person__organization=organization).annotate(
        load=Coalesce(Subquery(load, output_field=IntegerField()), Value(0))
    )


def mentor_load(mentor: MentorProfile, exclude_mentorship=None) -> int:
    members = MentorshipMember.objects.filter(ACTIVE_MEMBER, mentorship__mentor=mentor)
    if exclude_mentorship is not None and exclude_mentorship.pk:
        members = members.exclude(mentorship=exclude_mentorship)
    return members.count()


def mentees_in_base(organization):
    return MenteeProfile.objects.filter(person__organization=organization, status=MenteeProfile.Status.ACTIVE)
