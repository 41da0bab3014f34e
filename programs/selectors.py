"""Read-only queries: aggregates computed in the database."""

from datetime import date

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from organizations.models import Membership, Municipality, Organization
from organizations.roles import Role

from .models import Activity, Programme


def municipality_aggregates(municipality: Municipality) -> QuerySet[Organization]:
    """Organizations of the municipality with counts only: no personal data leaves the database."""

    def membership_count(role: Role) -> Coalesce:
        return Coalesce(
            Subquery(
                Membership.objects.filter(organization=OuterRef("pk"), role=role, is_active=True)
                .values("organization")
                .annotate(n=Count("user", distinct=True))
                .values("n")
            ),
            0,
        )

    def programme_count(status: str | None = None) -> Coalesce:
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
            n_overdue=Coalesce(
                Subquery(
                    Activity.objects.filter(section__roadmap__organization=OuterRef("pk"))
                    .overdue(timezone.localdate())
                    .values("section__roadmap__organization")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            ),
        )
        .order_by("short_name")
    )


def overdue_activities_of(organization: Organization, today: date | None = None) -> QuerySet[Activity]:
    """Activities of the organization's current roadmaps that are past due and not done."""
    return (
        Activity.objects.for_organization(organization)
        .overdue(today or timezone.localdate())
        .order_by("due_date", "section__roadmap_id", "order")
    )
