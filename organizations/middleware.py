"""The current organization (or a coordinator's municipality) and the user's roles in it."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from django.http import HttpRequest, HttpResponse

from .models import Membership, Municipality, Organization
from .permissions import allows
from .querysets import remember_memberships
from .roles import Role

SESSION_KEY = "context"


@dataclass(frozen=True)
class WorkContext:
    """Where the user works now: an organization, or a municipality for a coordinator."""

    key: str
    title: str
    organization: Organization | None
    municipality: Municipality | None
    roles: frozenset[Role]


def contexts_for(memberships: Iterable[Membership]) -> list[WorkContext]:
    by_key: dict[str, dict] = {}
    for m in memberships:
        if m.organization_id:
            key, title, org, mun = f"o{m.organization_id}", m.organization.short_name, m.organization, None
        else:
            key, title, org, mun = f"m{m.municipality_id}", m.municipality.name, None, m.municipality
        entry = by_key.setdefault(key, {"title": title, "organization": org, "municipality": mun, "roles": set()})
        entry["roles"].add(Role(m.role))
    return [
        WorkContext(
            key=k,
            title=v["title"],
            organization=v["organization"],
            municipality=v["municipality"],
            roles=frozenset(v["roles"]),
        )
        for k, v in sorted(by_key.items(), key=lambda kv: (kv[0][0] != "o", kv[1]["title"]))
    ]


class CurrentOrganizationMiddleware:
    """Puts the current organization and the user's roles in it on the request.

    One query per request: the user's active memberships with their organizations. ``visible_to()`` reuses
    them for the request (``querysets.remember_memberships``) instead of asking the database again.
    ``request.can(action)`` asks the permission table with the roles of the chosen context.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.memberships = []
        request.available_contexts = []
        request.organization = None
        request.municipality = None
        request.roles = frozenset()
        request.context_key = ""
        request.can = partial(allows, request.roles)
        if request.user.is_authenticated:
            memberships = list(
                Membership.objects.active()
                .filter(user=request.user)
                .select_related("organization__municipality", "municipality")
            )
            remember_memberships(request.user, memberships)
            contexts = contexts_for(memberships)
            request.memberships = memberships
            request.available_contexts = contexts
            if contexts:
                chosen = next((c for c in contexts if c.key == request.session.get(SESSION_KEY)), contexts[0])
                request.organization = chosen.organization
                request.municipality = chosen.municipality
                request.roles = chosen.roles
                request.context_key = chosen.key
        request.can = partial(allows, request.roles)
        return self.get_response(request)
