"""Read-only queries: aggregates computed in the database, and the lists that documents print."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from mentoring_site.access import MANAGING_ROLES, ORGANIZATION_ROLES, Role

from .models import Activity, DocumentStatus, Membership, Organization, Programme


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
            n_overdue=Coalesce(
                Subquery(
                    Activity.objects.filter(
                        section__roadmap__organization=OuterRef("pk"), due_date__lt=timezone.localdate()
                    )
                    .exclude(section__roadmap__status=DocumentStatus.ARCHIVED)
                    .exclude(status=Activity.Status.DONE)
                    .values("section__roadmap__organization")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            ),
        )
        .order_by("short_name")
    )


# What each role may see of the personal data, as printed in the list of persons with access.
PD_ACCESS_SCOPE = {
    Role.ADMIN: "Все персональные данные организации (учётные записи, импорт списков)",
    Role.DIRECTOR: "Все персональные данные организации",
    Role.CURATOR: "Базы наставников и наставляемых, пары и группы, анкеты, мониторинг",
    Role.MENTOR: "Данные своих наставляемых",
}


@dataclass
class PersonalDataAccessRow:
    full_name: str
    email: str
    positions: list[str]
    roles: list[str]
    scopes: list[str]
    since: date


def personal_data_access_rows(organization) -> list[PersonalDataAccessRow]:
    """One row per person with access to the organization's personal data (ПП РФ № 1119), in one query."""
    memberships = (
        Membership.objects.for_organization(organization)
        .active()
        .filter(role__in=MANAGING_ROLES | {Role.MENTOR})
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__patronymic", "user_id", "role")
    )
    rows: dict[int, PersonalDataAccessRow] = {}
    order = list(Role)
    for m in sorted(memberships, key=lambda m: (m.user.last_name, m.user.first_name, m.user_id, order.index(m.role))):
        row = rows.get(m.user_id)
        if row is None:
            row = rows[m.user_id] = PersonalDataAccessRow(
                full_name=m.user.full_name, email=m.user.email, positions=[], roles=[], scopes=[], since=m.since
            )
        if m.position and m.position not in row.positions:
            row.positions.append(m.position)
        row.roles.append(m.get_role_display())
        row.scopes.append(PD_ACCESS_SCOPE[m.role])
        row.since = min(row.since, m.since)
    return list(rows.values())


def overdue_activities_of(organization, today=None):
    """Activities of the organization's current roadmaps that are past due and not done."""
    today = today or timezone.localdate()
    return (
        Activity.objects.filter(
            section__roadmap__organization=organization,
            due_date__lt=today,
        )
        .exclude(section__roadmap__status=DocumentStatus.ARCHIVED)
        .exclude(status=Activity.Status.DONE)
        .order_by("due_date", "section__roadmap_id", "order")
    )
