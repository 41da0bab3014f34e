"""Tenant querysets: every row of a tenant-owned model is reached through its organization.

``organization_lookup`` names the path from a row to its organization («organization»,
«roadmap__organization», «pk» for the organization itself); the Django admin scoping reads the
same attribute, so a model says once how it belongs to an organization.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Self

from django.apps import apps
from django.db import models

from .permissions import roles_for
from .roles import ORGANIZATION_ROLES

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from .models import Organization

    AnyUser = AbstractBaseUser | AnonymousUser


class TenantQuerySet(models.QuerySet):
    organization_lookup = "organization"

    def for_organization(self, organization: Organization | None) -> Self:
        if organization is None:
            return self.none()
        return self.filter(**{self.organization_lookup: organization})

    def for_organizations(self, organization_ids: Iterable[int] | models.QuerySet[Any, Any]) -> Self:
        return self.filter(**{f"{self.organization_lookup}__in": organization_ids})

    def visible_to(self, user: AnyUser, organization: Organization | None = None) -> Self:
        """Rows of the organizations where ``user`` has an organization role.

        With ``organization`` (the current one from the request), only that organization's rows,
        and none at all when the user is not a member of it.
        """
        if not user.is_authenticated:
            return self.none()
        organization_ids = _organization_ids(user, ORGANIZATION_ROLES)
        if organization is None:
            return self.for_organizations(organization_ids)
        organization_id = getattr(organization, "pk", organization)  # an id fits "pk" lookups too
        if isinstance(organization_ids, list):  # known from the request: one filter, or nothing to find
            if organization_id not in organization_ids:
                return self.none()
            return self.filter(**{self.organization_lookup: organization_id})
        return self.filter(
            **{f"{self.organization_lookup}__in": organization_ids, self.organization_lookup: organization_id}
        )

    def _manages(self, user: AbstractBaseUser, organization: Organization | None, action: str) -> bool:
        """Do the memberships the request has read show that ``user`` holds, in ``organization``, a role that
        grants ``action``? Then every row of ``visible_to(user, organization)`` is theirs to see, and a
        role-aware ``visible_to`` needs no filter of its own. False when unknown (no request, no organization)."""
        if organization is None:
            return False
        organization_ids = _organization_ids(user, roles_for(action))
        return isinstance(organization_ids, list) and getattr(organization, "pk", organization) in organization_ids

    def _managed_by(self, user: AbstractBaseUser, action: str) -> models.Q:
        """Rows of the organizations where ``user`` holds a role that grants ``action`` (for role-aware
        ``visible_to`` methods of higher apps: managers see all, the others a part). ``user`` is
        signed in: those methods return early for an anonymous one."""
        return models.Q(**{f"{self.organization_lookup}__in": _organization_ids(user, roles_for(action))})


# The request's active memberships, as CurrentOrganizationMiddleware has just read them, kept on the request's
# user object (as Django's ModelBackend keeps ``_perm_cache`` there for the request).
_MEMBERSHIPS = "_active_memberships"


def remember_memberships(user: AbstractBaseUser, memberships: Iterable[Any]) -> None:
    """Called by the middleware with the user's active memberships it has read for the request (the same rows
    the request's roles, and so every view's permission, come from): ``visible_to()`` then filters by their
    organization ids, a list, instead of a subquery on memberships. The rows found are the same; compiling the
    subqueries cost about a millisecond on every list page (two per query, twice: the count and the page)."""
    setattr(user, _MEMBERSHIPS, tuple((m.organization_id, m.role) for m in memberships))


def _organization_ids(user: AbstractBaseUser, roles: Iterable[str]) -> list[int] | models.QuerySet[Any, Any]:
    """The organizations where ``user`` holds one of ``roles`` now: from the memberships the request has read,
    or else (commands, services, tests without a request) a subquery, not a list."""
    known = getattr(user, _MEMBERSHIPS, None)
    if known is not None:
        wanted = frozenset(roles)
        return sorted({organization for organization, role in known if organization and role in wanted})
    membership = apps.get_model("organizations", "Membership")  # this app's own model: no import cycle
    return membership.objects.filter(user_id=user.pk, role__in=roles, is_active=True).values("organization_id")


class ReferenceQuerySet(models.QuerySet):
    """Reference rows that are standard (no organization) or an organization's own: forms, role models."""

    def available_to(self, organization: Organization | None) -> Self:
        return self.filter(models.Q(organization__isnull=True) | models.Q(organization=organization))


class OrganizationQuerySet(TenantQuerySet):
    organization_lookup = "pk"


class MembershipQuerySet(TenantQuerySet):
    def active(self) -> Self:
        return self.filter(is_active=True)

    def grants(self, user: AnyUser, organization: Organization | None, action: str) -> bool:
        """Does ``user`` hold, in ``organization``, a role that the permission table allows ``action``?

        Services call it to re-check the actor: a command or a test has no request."""
        if organization is None or not user.is_authenticated:
            return False
        if getattr(user, "is_superuser", False):
            return True  # the installation's administrator (Django admin, commands)
        return self.active().filter(user_id=user.pk, organization=organization, role__in=roles_for(action)).exists()
