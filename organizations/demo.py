"""The demo organizations, accounts and roles built from the seed documents (``fixtures/demo/organizations.json``).

``load_demo`` is idempotent: a second run finds every row in place and changes nothing, so no
audit-history rows are added either. Never used in production (the command refuses).
"""

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Membership, Municipality, Organization
from .roles import Role

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "organizations.json"
DEMO_SINCE = date(2025, 9, 1)


def upsert(model: Any, lookup: dict[str, Any], values: dict[str, Any]) -> tuple[Any, bool]:
    """Create the row, or update only the fields that differ (so history records real changes)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        return obj, True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean()
        obj.save()
    return obj, False


def _user(data: dict[str, Any], password: str) -> Any:
    user_model = get_user_model()
    values = {
        "last_name": data["last_name"],
        "first_name": data["first_name"],
        "patronymic": data.get("patronymic", ""),
        "email": data.get("email", ""),
        "is_active": True,
    }
    user = user_model.objects.filter(username=data["username"]).first()
    if user is None:
        user = user_model(username=data["username"], **values)
        user.set_password(password)
        user.full_clean()
        user.save()
        return user
    changed = [name for name, value in values.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, values[name])
    if changed:
        user.save()
    return user


def _membership(
    user: Any, *, role: Role, position: str, organization: Organization | None = None, municipality: Any = None
) -> Membership:
    lookup = {"user": user, "role": role}
    if organization is not None:
        lookup["organization"] = organization
    else:
        lookup["municipality"] = municipality
    return upsert(Membership, lookup, {"position": position, "since": DEMO_SINCE, "is_active": True})[0]


@transaction.atomic
def load_demo(*, data_file: Path = DEMO_FILE) -> int:
    """The municipality, the five organizations, their accounts and roles; returns the number of accounts."""
    data = json.loads(data_file.read_text(encoding="utf-8"))
    password = data["password"]
    municipality, _ = upsert(
        Municipality, {"name": data["municipality"]["name"]}, {"region": data["municipality"]["region"]}
    )
    users = {}
    organizations = {}
    for org in data["organizations"]:
        organization, _ = upsert(
            Organization,
            {"slug": org["slug"]},
            {
                "full_name": org["full_name"],
                "short_name": org["short_name"],
                "kind": org["kind"],
                "address": org["address"],
                "director_name": org["director_name"],
                "director_position": org["director_position"],
                "municipality": municipality,
            },
        )
        organizations[org["slug"]] = organization
        for person in org["people"]:
            user = _user(person, password)
            users[person["username"]] = user
            for role in person["roles"]:
                _membership(user, role=Role(role), position=person.get("position", ""), organization=organization)
    for person in data["coordinators"]:
        user = _user(person, password)
        users[person["username"]] = user
        _membership(user, role=Role.COORDINATOR, position=person["position"], municipality=municipality)
    for extra in data.get("extra_memberships", []):
        _membership(
            users[extra["username"]],
            role=Role(extra["role"]),
            position=extra["position"],
            organization=organizations[extra["organization"]],
        )
    return len(users)
