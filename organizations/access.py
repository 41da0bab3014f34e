"""How a view names the action it needs, checked against the one permission table.

The current organization and the user's roles in it are put on the request by
``organizations.middleware.CurrentOrganizationMiddleware``: ``request.organization``,
``request.municipality`` (coordinator context), ``request.roles`` and ``request.can(action)``.
A view declares its action in one line (pretix's ``permission = "…"``); object lookups go through
``Model.objects.visible_to(...)``, so another organization's object is a 404 by construction.
The role is checked before the HTTP method: a wrong role gets 403 on POST and on GET alike.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from .permissions import allows

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponseBase])


def check_permission(request: HttpRequest, action: str) -> None:
    """Raise 403 unless the user's roles in the current context grant ``action``."""
    if not allows(getattr(request, "roles", ()), action):
        raise PermissionDenied  # the 403 page says why in general words; a specific refusal names its reason


def requires(action: str) -> Callable[[ViewFunc], ViewFunc]:
    """Function-based views: ``@requires("pairs.manage")``, above ``@require_POST``."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            check_permission(request, action)
            return view(request, *args, **kwargs)

        wrapper.permission = action  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator


class PermissionRequiredMixin:
    """Class-based views: ``permission = "programmes.edit"``."""

    permission: str = ""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        check_permission(request, self.permission)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class OrganizationObjectMixin(PermissionRequiredMixin):
    """Generic views over a tenant model: only rows of the current organization are found."""

    model: Any

    def get_queryset(self) -> Any:
        request: Any = self.request  # type: ignore[attr-defined]
        return self.model.objects.visible_to(request.user, request.organization)
