from .access import Role


def current_context(request):
    """The organization switcher and the role labels shown in the top bar."""
    memberships = getattr(request, "memberships", None) or ()
    contexts = getattr(request, "available_contexts", None) or ()
    roles = getattr(request, "roles", frozenset())
    return {
        "current_organization": getattr(request, "organization", None),
        "current_municipality": getattr(request, "municipality", None),
        "current_roles": [Role(r).label for r in Role if r in roles],
        "current_context_key": getattr(request, "context_key", ""),
        "available_contexts": contexts,
        "has_memberships": bool(memberships),
        "Role": Role,
        "roles": roles,
    }
