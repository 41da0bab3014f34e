"""Writes of the organizations app (``<entity>_<action>(*, …)``, atomic, validated, audited)."""

import re
from typing import TypedDict

from django.db import transaction
from typing_extensions import Unpack

from mentoring_site.audit import save_audited
from mentoring_site.models import User

from .models import Organization


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


@transaction.atomic
def organization_update(
    *, organization: Organization, actor: User, **fields: Unpack[OrganizationFields]
) -> Organization:
    """Change the organization's card (only the fields given)."""
    for name, value in fields.items():
        setattr(organization, name, value)
    return save_audited(organization, actor)


def director_short_name(organization: Organization) -> str:
    """«Демина Е.И.» → «Е.И. Демина», as under a signature."""
    name = organization.director_name.strip()
    match = re.fullmatch(r"(\S+)\s+((?:\S\.\s?){1,2})", name)
    if match:
        return f"{match[2].replace(' ', '')} {match[1]}"
    return name
