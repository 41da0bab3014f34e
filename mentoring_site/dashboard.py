"""The dashboard at ``/`` is assembled from panels that the apps register.

An app registers its panels in its ``AppConfig.ready()`` (by importing its ``dashboard``
module); the dashboard view only asks this registry which panels the current user gets, so
it never imports or knows the apps. A panel names the action of the permission table that the
user needs for it; ``request.can(action)`` answers (the organizations middleware sets it).

    @register_panel(order=20, permission="roadmaps.overdue")
    def overdue_activities(request) -> PanelContent | None:
        ...
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

PanelFunc = Callable[[HttpRequest], "PanelContent | None"]


@dataclass(frozen=True)
class PanelContent:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    width: str = "col-12"  # Bootstrap column classes of the panel's card


@dataclass(frozen=True)
class Panel:
    func: PanelFunc
    order: int
    permission: str


_registry: dict[str, Panel] = {}


def register_panel(*, order: int, permission: str) -> Callable[[PanelFunc], PanelFunc]:
    """Register ``func(request) -> PanelContent | None`` for users allowed ``permission``."""

    def decorator(func: PanelFunc) -> PanelFunc:
        key = f"{func.__module__}.{func.__qualname__}"
        _registry[key] = Panel(func=func, order=order, permission=permission)
        return func

    return decorator


def panels_for(request: HttpRequest) -> list[PanelContent]:
    can = getattr(request, "can", None)
    if can is None:
        return []
    result = []
    for panel in sorted(_registry.values(), key=lambda p: p.order):
        if can(panel.permission):
            content = panel.func(request)
            if content is not None:
                result.append(content)
    return result
