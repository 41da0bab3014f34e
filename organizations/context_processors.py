from django.http import HttpRequest

from .roles import Role


def current_context(request: HttpRequest) -> dict[str, object]:
    """The organization switcher and the role labels shown in the top bar."""
    roles = getattr(request, "roles", frozenset())
    return {
        "current_organization": getattr(request, "organization", None),
        "current_municipality": getattr(request, "municipality", None),
        "current_roles": [Role(r).label for r in Role if r in roles],
        "current_context_key": getattr(request, "context_key", ""),
        "available_contexts": getattr(request, "available_contexts", None) or (),
        "has_memberships": bool(getattr(request, "memberships", None)),
    }
