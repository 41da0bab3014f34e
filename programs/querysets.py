"""Read vocabulary of the programs app: every query starts from the organization."""

from datetime import date
from typing import Self

from organizations.querysets import TenantQuerySet

from .choices import ActivityStatus, DocumentStatus


class ApprovableQuerySet(TenantQuerySet):
    """Documents that go through approval: programmes, roadmaps, local acts."""

    def current(self) -> Self:
        """Not replaced by a newer version."""
        return self.exclude(status=DocumentStatus.ARCHIVED)

    def approved(self) -> Self:
        return self.filter(status=DocumentStatus.APPROVED)


class ProgrammeQuerySet(ApprovableQuerySet):
    pass


class RoadmapQuerySet(ApprovableQuerySet):
    pass


class ProgrammeRowQuerySet(TenantQuerySet):
    organization_lookup = "programme__organization"


class SectionQuerySet(TenantQuerySet):
    organization_lookup = "roadmap__organization"


class ActivityQuerySet(TenantQuerySet):
    organization_lookup = "section__roadmap__organization"

    def overdue(self, today: date) -> Self:
        """Past their date and not done, in roadmaps in force (approved and not replaced): a fresh
        draft whose template dates have passed is not «просрочено», it is to be corrected."""
        return self.filter(due_date__lt=today, section__roadmap__status=DocumentStatus.APPROVED).exclude(
            status=ActivityStatus.DONE
        )
