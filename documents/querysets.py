"""Read vocabulary of the documents app."""

from typing import Self

from organizations.querysets import TenantQuerySet
from programs.querysets import ApprovableQuerySet


class LocalActQuerySet(ApprovableQuerySet):
    pass


class OrderQuerySet(TenantQuerySet):
    def signed(self) -> Self:
        return self.filter(status=self.model.Status.SIGNED)


class AppendixQuerySet(TenantQuerySet):
    organization_lookup = "order__organization"
