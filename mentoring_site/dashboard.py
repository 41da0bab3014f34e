"""The dashboard at ``/`` is assembled from panels that the apps register.

An app registers its panels in its ``AppConfig.ready()`` (by importing its ``dashboard``
module); the dashboard view only asks this registry which panels the current user gets, so
it never imports or knows the apps. A panel names the action of the permission table that the
user needs for it; ``request.can(action)`` answers (the organizations middleware sets it).

    @register_panel(order=20, permission="roadmaps.overdue")
    def overdue_activities(request) -> PanelContent | None:
        ...

The inbox («Ждут вашего решения», first on the page) is assembled the same way: an app registers
what awaits the user's decision with ``@register_inbox(permission=…)`` (documents to approve, orders
to sign), and the dashboard shows one list of them, oldest first.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
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


@dataclass(frozen=True)
class InboxItem:
    """One thing awaiting the user's decision: «Дорожная карта … — утвердить», since when."""

    what: str  # «Программа наставничества», «Приказ № 17-О от 20.11.2026»
    title: str
    url: str
    action: str  # the verb on the button: «Утвердить», «Подписать»
    since: datetime | None
    by: str = ""  # who sent it, as a full name


InboxFunc = Callable[[HttpRequest], list[InboxItem]]

_registry: dict[str, Panel] = {}
_inbox: dict[str, tuple[str, InboxFunc]] = {}


def register_panel(*, order: int, permission: str) -> Callable[[PanelFunc], PanelFunc]:
    """Register ``func(request) -> PanelContent | None`` for users allowed ``permission``."""

    def decorator(func: PanelFunc) -> PanelFunc:
        key = f"{func.__module__}.{func.__qualname__}"
        _registry[key] = Panel(func=func, order=order, permission=permission)
        return func

    return decorator


def register_inbox(*, permission: str) -> Callable[[InboxFunc], InboxFunc]:
    """Register ``func(request) -> list[InboxItem]`` for users allowed ``permission``."""

    def decorator(func: InboxFunc) -> InboxFunc:
        _inbox[f"{func.__module__}.{func.__qualname__}"] = (permission, func)
        return func

    return decorator


def _inbox_panel(request: HttpRequest) -> PanelContent | None:
    """None for a user who decides nothing; an empty list says «nothing awaits you»."""
    sources = [func for permission, func in _inbox.values() if request.can(permission)]  # type: ignore[attr-defined]
    if not sources:
        return None
    items = [item for func in sources for item in func(request)]
    items.sort(key=lambda item: item.since.timestamp() if item.since else float("inf"))
    return PanelContent(template="dashboard/inbox.html", context={"items": items})


def panels_for(request: HttpRequest) -> list[PanelContent]:
    can = getattr(request, "can", None)
    if can is None:
        return []
    inbox = _inbox_panel(request)
    result = [inbox] if inbox else []
    for panel in sorted(_registry.values(), key=lambda p: p.order):
        if can(panel.permission):
            content = panel.func(request)
            if content is not None:
                result.append(content)
    return result
