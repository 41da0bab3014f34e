"""Read-only aggregates, computed in the database."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from mentoring_site.access import ORGANIZATION_ROLES, Role

from .models import Membership, Organization, Programme


def role_counts(organization) -> list[tuple[str, int]]:
    """People by role of the organization, counted in the database."""
    rows = (
        Membership.objects.for_organization(organization)
        .active()
        .values("role")
        .annotate(n=Count("user", distinct=True))
    )
    counts = {row["role"]: row["n"] for row in rows}
    return [(Role(role).label, counts.get(role, 0)) for role in Role if role in ORGANIZATION_ROLES]


def municipality_aggregates(municipality):
    """Organizations of the municipality with counts only: no personal data leaves the database."""
    def membership_count(role):
        return Coalesce(
            Subquery(
                Membership.objects.filter(organization=OuterRef("pk"), role=role, is_active=True)
                .values("organization")
                .annotate(n=Count("user", distinct=True))
                .values("n")
            ),
            0,
        )

    def programme_count(status=None):
        qs = Programme.objects.filter(organization=OuterRef("pk"))
        if status:
            qs = qs.filter(status=status)
        return Coalesce(Subquery(qs.values("organization").annotate(n=Count("pk")).values("n")), 0)

    return (
        Organization.objects.filter(municipality=municipality)
        .annotate(
            n_mentors=membership_count(Role.MENTOR),
            n_mentees=membership_count(Role.MENTEE),
            n_curators=membership_count(Role.CURATOR),
            n_programmes=programme_count(),
            n_approved=programme_count(Programme.Status.APPROVED),
        )
        .order_by("short_name")
    )

