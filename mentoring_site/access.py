"""Roles and access checks shared by every app.

The current organization and the user's roles in it are put on the request by
``programs.middleware.CurrentOrganizationMiddleware``: ``request.organization``,
``request.municipality`` (coordinator context), ``request.roles`` and ``request.memberships``.
Views declare who may use them with one attribute (``allowed_roles``); object lookups go
through ``Model.objects.visible_to(...)`` / the current organization, so another
organization's object is a 404 by construction.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Администратор"
    DIRECTOR = "director", "Директор"
    CURATOR = "curator", "Куратор"
    MENTOR = "mentor", "Наставник"
    MENTEE = "mentee", "Наставляемый"
    COORDINATOR = "coordinator", "Муниципальный координатор"


ORGANIZATION_ROLES = frozenset({Role.ADMIN, Role.DIRECTOR, Role.CURATOR, Role.MENTOR, Role.MENTEE})
# Roles that see everything of their organization, personal data included.
MANAGING_ROLES = frozenset({Role.ADMIN, Role.DIRECTOR, Role.CURATOR})
ALL_ROLES = frozenset(Role)


def user_roles(request) -> frozenset:
    return frozenset(getattr(request, "roles", ()))


def check_roles(request, allowed_roles) -> None:
    """Raise 403 unless the user holds one of ``allowed_roles`` in the current context."""
    if not user_roles(request) & frozenset(allowed_roles):
        raise PermissionDenied("Недостаточно прав для этой страницы.")


class RoleRequiredMixin:
    """Class-based views: ``allowed_roles = {Role.CURATOR, Role.DIRECTOR}``."""

    allowed_roles: frozenset = frozenset()

    def dispatch(self, request, *args, **kwargs):
        check_roles(request, self.allowed_roles)
        return super().dispatch(request, *args, **kwargs)


def role_required(*allowed_roles):
    """Function-based views: ``@role_required(Role.ADMIN, Role.DIRECTOR)``."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            check_roles(request, allowed_roles)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


class OrganizationObjectMixin(RoleRequiredMixin):
    """Generic views over a tenant model: only rows of the current organization are found.

    Another organization's object is therefore a 404, whatever the role.
    """

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user, self.request.organization)
