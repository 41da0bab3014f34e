"""Writes of the organizations app (``<entity>_<action>(*, …)``, atomic, validated, audited)."""

from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from typing_extensions import Unpack

from mentoring_site.audit import save_audited
from mentoring_site.models import User

from .models import Membership, Organization


def ensure_allowed(actor: User, organization: Organization, action: str, message: str) -> None:
    """A service re-checks its actor against the permission table (a command or a test has no request):
    ``message`` (Russian, for the user) unless ``actor`` holds a role in ``organization`` allowed ``action``."""
    if not Membership.objects.grants(actor, organization, action):
        raise ValidationError(message)


def lock_organization(organization_id: int) -> None:
    """Serialise creations within one organization (inside the caller's transaction): a double click or two
    people at once cannot both pass a duplicate check. SQLite serialises writes anyway; PostgreSQL needs it."""
    list(Organization.objects.select_for_update().filter(pk=organization_id).values_list("pk"))


class OrganizationFields(TypedDict, total=False):
    full_name: str
    short_name: str
    kind: str
    address: str
    director_name: str
    director_position: str
    phone: str
    email: str
    website: str
    full_name_genitive: str
    full_name_dative: str
    full_name_accusative: str
    full_name_instrumental: str
    full_name_prepositional: str
    short_name_genitive: str
    short_name_dative: str
    short_name_accusative: str
    short_name_instrumental: str
    short_name_prepositional: str
    director_name_genitive: str
    director_name_dative: str


@transaction.atomic
def organization_update(
    *, organization: Organization, actor: User, **fields: Unpack[OrganizationFields]
) -> Organization:
    """Change the organization's card (only the fields given)."""
    ensure_allowed(
        actor, organization, "organization.edit", "Сведения об организации меняет администратор или директор."
    )
    for name, value in fields.items():
        setattr(organization, name, value)
    return save_audited(organization, actor)


def account_unlock(*, organization: Organization, actor: User, user: User) -> None:
    """Lift a login lock of a member of the organization (the administrator, in the product)."""
    from axes.utils import reset

    ensure_allowed(actor, organization, "accounts.unlock", "Снять блокировку входа может администратор организации.")
    if not Membership.objects.filter(user=user, organization=organization, is_active=True).exists():
        raise ValidationError("Это не учётная запись вашей организации.")
    reset(username=user.get_username().lower())
