"""Readable audit history of one object, and of the parts it is made of (django-simple-history records)."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    action: str
    changes: list[Change]
    part: str = ""  # «Раздел «Этап 1»», «Мероприятие 1.2.»: which part of a document changed
    order: int = field(default=0, repr=False)


ACTIONS = {"+": "Создание", "~": "Изменение", "-": "Удаление"}


def _display(record: Any, field_name: str) -> str:
    model_field = record.instance_type._meta.get_field(field_name)
    value = getattr(record, model_field.attname, None)
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        related = getattr(record, field_name, None)
        return str(related) if related is not None else str(value)
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def _display_many(model_field: Any, rows: list[dict[str, Any]] | None) -> str:
    """A many-to-many change (rows of the through table) as the names of the related objects."""
    if not rows:
        return "—"
    target = model_field.m2m_reverse_field_name()
    ids = [row.get(target) for row in rows if row.get(target) is not None]
    names = {obj.pk: str(obj) for obj in model_field.related_model._default_manager.filter(pk__in=ids)}
    return ", ".join(names.get(pk, f"№ {pk} (удалён)") for pk in ids) or "—"


def _entries(records: Iterable[Any], *, part: str = "", limit: int) -> list[HistoryEntry]:
    records = list(records)[: limit + 1]
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            for change in record.diff_against(previous).changes:
                model_field = record.instance_type._meta.get_field(change.field)
                if model_field.many_to_many:
                    old, new = _display_many(model_field, change.old), _display_many(model_field, change.new)
                else:
                    old, new = _display(previous, change.field), _display(record, change.field)
                changes.append(Change(field=str(model_field.verbose_name), old=old, new=new))
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.full_name or user.username) if user else "система",
                action=ACTIONS.get(record.history_type, record.history_type),
                changes=changes,
                part=part,
                order=record.history_id,
            )
        )
    return entries


def history_entries(obj: Any, *, limit: int = 200) -> list[HistoryEntry]:
    """Newest first; each entry lists the fields changed against the previous record."""
    records = obj.history.select_related("history_user").order_by("-history_date", "-history_id")
    return _entries(records, limit=limit)


def parts_history_entries(parts: QuerySet[Any], *, label: str, limit: int = 200) -> list[HistoryEntry]:
    """The history of the parts of a document (``parts``: historical records, deleted parts included),
    each object's records compared with its own previous ones; ``label`` names the part
    («Мероприятие {number}»: formatted with the record's fields)."""
    by_object: dict[Any, list[Any]] = {}
    records = parts.select_related("history_user").order_by("-history_date", "-history_id")[: limit * 5]
    for record in records:
        by_object.setdefault(record.id, []).append(record)
    entries = []
    for object_records in by_object.values():
        name = label.format(
            **{f.attname: getattr(object_records[0], f.attname, "") for f in object_records[0]._meta.fields}
        )
        entries += _entries(object_records, part=name.strip(), limit=limit)
    return entries


def history_page(
    request: HttpRequest, obj: Any, back_url: str | None = None, extra: Iterable[HistoryEntry] = ()
) -> HttpResponse:
    """The «История изменений» page of ``obj`` (the view has already checked access), with the history
    of its parts (``extra``) merged in by time."""
    entries = history_entries(obj) + list(extra)
    entries.sort(key=lambda e: (e.when, e.order), reverse=True)
    return render(
        request,
        "history.html",
        {"object": obj, "entries": entries[:300], "back_url": back_url or obj.get_absolute_url()},
    )
