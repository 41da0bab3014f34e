from dataclasses import dataclass

from mentoring_site.access import Role

from .models import Membership, Municipality, Organization

SESSION_KEY = "context"


@dataclass(frozen=True)
class WorkContext:
    """Where the user works now: an organization, or a municipality for a coordinator."""

    key: str
    title: str
    organization: Organization | None
    municipality: Municipality | None
    roles: frozenset


def contexts_for(memberships) -> list[WorkContext]:
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

    One query per request: the user's active memberships with their organizations.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.memberships = []
        request.available_contexts = []
        request.organization = None
        request.municipality = None
        request.roles = frozenset()
        request.context_key = ""
        if request.user.is_authenticated:
            memberships = list(
                Membership.objects.active().filter(user=request.user).select_related("organization", "municipality")
            )
            contexts = contexts_for(memberships)
            request.memberships = memberships
            request.available_contexts = contexts
            if contexts:
                chosen = next((c for c in contexts if c.key == request.session.get(SESSION_KEY)), contexts[0])
                request.organization = chosen.organization
                request.municipality = chosen.municipality
                request.roles = chosen.roles
                request.context_key = chosen.key
        return self.get_response(request)
