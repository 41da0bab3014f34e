from django.db import models

from mentoring_site.access import ORGANIZATION_ROLES


class TenantQuerySet(models.QuerySet):
    """Queryset of a model owned by an organization (``organization_lookup`` names the path)."""

    organization_lookup = "organization"

    def for_organization(self, organization):
        if organization is None:
            return self.none()
        return self.filter(**{self.organization_lookup: organization})

    def visible_to(self, user, organization=None):
        """Rows of the organizations where ``user`` has an organization role.

        With ``organization`` (the current one from the request), only that organization's rows,
        and none at all when the user is not a member of it.
        """
        if not user.is_authenticated:
            return self.none()
        org_ids = user.memberships.filter(role__in=ORGANIZATION_ROLES, is_active=True).values("organization_id")
        qs = self.filter(**{f"{self.organization_lookup}__in": org_ids})
        if organization is not None:
            qs = qs.filter(**{self.organization_lookup: organization})
        return qs


class ReferenceQuerySet(models.QuerySet):
    """Reference rows that are standard (no organization) or an organization's own: forms, role models."""

    def available_to(self, organization):
        return self.filter(models.Q(organization__isnull=True) | models.Q(organization=organization))


class OrganizationQuerySet(TenantQuerySet):
    organization_lookup = "pk"


class MembershipQuerySet(TenantQuerySet):
    def active(self):
        return self.filter(is_active=True)


class ProgrammeQuerySet(TenantQuerySet):
    pass


class RoadmapQuerySet(TenantQuerySet):
    pass
