"""Printable documents of every app, so that one app can print another's without importing it.

An app describes each document it can print (a roadmap, the list of pairs, a monitoring report)
with a :class:`Printable` in its ``documents.py`` and registers it in ``AppConfig.ready()``. The
orders of the documents app attach any of them as an appendix and print them inside the order's
PDF; a lower app never learns who prints it.

    register_printable(Printable(key="programs.roadmap", label="Дорожная карта", ...))
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, NamedTuple

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


class PrintOption(NamedTuple):
    """One thing of an organization that can be printed: a document (``object_id``) or a list (None)."""

    object_id: int | None
    title: str
    final: bool  # approved (or a list, always final): may go into a signed order
    why_not_final: str = ""


class AppendixRef(NamedTuple):
    """«Приложение 1 к приказу от 22.08.2022 № 16/1-О»: printed above the document's grif."""

    number: int
    order_date: date
    order_number: str


@dataclass(frozen=True)
class Printable:
    key: str  # «app.name»
    label: str  # «Дорожная карта», as in a list of appendices
    template: str  # the document's body (no <html>): used alone and inside an order
    orientation: Literal["portrait", "landscape"]
    options: Callable[[Any], list[PrintOption]]  # (organization) → what can be printed
    context: Callable[[Any, int | None, date], dict[str, Any] | None]  # (organization, object_id, on) → None: gone
    public: bool = False  # holds no personal data: an order with it may be published
    model: type | None = None  # the model of ``object_id`` (a roadmap), None for a list
    # Why an attached document is no longer among ``options`` («заменена новой версией или удалена»).
    unavailable: str = "документ удалён"


_printables: dict[str, Printable] = {}
_appendix_lookups: list[Callable[[str, int], AppendixRef | None]] = []


def register_printable(printable: Printable) -> Printable:
    _printables[printable.key] = printable
    return printable


def printable(key: str) -> Printable | None:
    return _printables.get(key)


def printables() -> list[Printable]:
    return sorted(_printables.values(), key=lambda p: p.label)


def printable_for(obj: Any) -> Printable | None:
    """The printable whose documents are rows of ``obj``'s model."""
    return next((p for p in _printables.values() if p.model is not None and isinstance(obj, p.model)), None)


def register_appendix_lookup(func: Callable[[str, int], AppendixRef | None]) -> None:
    """The app that keeps orders tells here whether a document is an appendix of a signed order."""
    if func not in _appendix_lookups:
        _appendix_lookups.append(func)


def appendix_of(key: str, object_id: int) -> AppendixRef | None:
    for lookup in _appendix_lookups:
        found = lookup(key, object_id)
        if found is not None:
            return found
    return None


def render_body(
    key: str, organization: Any, object_id: int | None, on: date, *, context: dict[str, Any] | None = None, **extra: Any
) -> SafeString | None:
    """The body of a printable as HTML, or None when its document is gone (deleted, another organization).
    ``context``: the printable's context when the caller has made it already (with progress, in a task)."""
    kind = _printables.get(key)
    if kind is None:
        return None
    if context is None:
        context = kind.context(organization, object_id, on)
    if context is None:
        return None
    return mark_safe(render_to_string(kind.template, {**context, **extra}))  # noqa: S308 (our template's output)


def standalone_pdf(
    key: str, organization: Any, object_id: int | None, on: date, *, title: str, context: dict[str, Any] | None = None
) -> bytes | None:
    """One printable as its own PDF (with «Приложение N к приказу…» when a signed order approved it)."""
    from .pdf import render_pdf

    kind = _printables[key]
    appendix = appendix_of(key, object_id) if object_id is not None else None
    body = render_body(key, organization, object_id, on, context=context, appendix=appendix)
    if body is None:
        return None
    return render_pdf("pdf/standalone.html", {"title": title, "orientation": kind.orientation, "body": body})
