"""Reads of the organizations app: people by role, who has access to personal data."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, QuerySet

from .models import Membership, Organization
from .roles import ORGANIZATION_ROLES, Role


def role_counts(organization: Organization) -> list[tuple[str, int]]:
    """People by role of the organization, counted in the database."""
    rows = (
        Membership.objects.for_organization(organization)
        .active()
        .values("role")
        .annotate(n=Count("user", distinct=True))
    )
    counts = {row["role"]: row["n"] for row in rows}
    return [(Role(role).label, counts.get(role, 0)) for role in Role if role in ORGANIZATION_ROLES]


def organization_people(organization: Organization | None, roles: Iterable[str] = ORGANIZATION_ROLES) -> QuerySet:
    """Accounts holding any of ``roles`` in ``organization``, by surname (for choice fields)."""
    return (
        get_user_model()
        .objects.filter(
            memberships__organization=organization, memberships__role__in=roles, memberships__is_active=True
        )
        .distinct()
        .order_by("last_name", "first_name")
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


def personal_data_access_rows(organization: Organization) -> list[PersonalDataAccessRow]:
    """One row per person with access to the organization's personal data (ПП РФ № 1119), in one query."""
    memberships = (
        Membership.objects.for_organization(organization)
        .active()
        .filter(role__in=PD_ACCESS_SCOPE.keys())
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


@dataclass
class LockedAccount:
    user: Any
    failures: int
    last_attempt: datetime
    until: datetime


def locked_accounts(organization: Organization) -> list[LockedAccount]:
    """Members of the organization whose login is locked now (django-axes: failures in a row, by account)."""
    from axes.models import AccessAttempt
    from django.conf import settings
    from django.utils import timezone

    cooloff = settings.AXES_COOLOFF_TIME
    members = {user.username.lower(): user for user in organization_people(organization).filter(is_active=True)}
    attempts = AccessAttempt.objects.filter(
        username__in=members,
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=timezone.now() - cooloff,
    ).order_by("-attempt_time")
    return [
        LockedAccount(members[a.username], a.failures_since_start, a.attempt_time, a.attempt_time + cooloff)
        for a in attempts
    ]
