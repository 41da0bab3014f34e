"""The dashboard at ``/`` is assembled from panels that the apps register.

An app registers its panels in its ``AppConfig.ready()`` (by importing its ``dashboard``
module); the dashboard view only asks this registry which panels the current user gets, so
it never imports or knows the apps.

    @register_panel(order=20, roles={Role.CURATOR, Role.DIRECTOR})
    def overdue_activities(request) -> PanelContent | None:
        ...
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from .access import user_roles


@dataclass(frozen=True)
class PanelContent:
    template: str
    context: dict = field(default_factory=dict)
    width: str = "col-12"  # Bootstrap column classes of the panel's card


@dataclass(frozen=True)
class Panel:
    func: Callable
    order: int
    roles: frozenset


_registry: dict[str, Panel] = {}


def register_panel(*, order: int, roles):
    """Register ``func(request) -> PanelContent | None`` for users holding any of ``roles``."""

    def decorator(func):
        key = f"{func.__module__}.{func.__qualname__}"
        _registry[key] = Panel(func=func, order=order, roles=frozenset(roles))
        return func

    return decorator


def panels_for(request) -> list[PanelContent]:
    roles = user_roles(request)
    result = []
    for panel in sorted(_registry.values(), key=lambda p: p.order):
        if panel.roles & roles:
            content = panel.func(request)
            if content is not None:
                result.append(content)
    return result
