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
        # Flags for the top bar, computed once (cheaper than role look-ups in the template).
        "nav_manager": bool(roles & {Role.ADMIN, Role.DIRECTOR, Role.CURATOR}),
        "nav_pd_access": bool(roles & {Role.ADMIN, Role.DIRECTOR}),
        "nav_admin": bool(roles & {Role.ADMIN}) or getattr(getattr(request, "user", None), "is_superuser", False),
    }
