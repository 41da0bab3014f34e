"""Readable audit history of one object (django-simple-history records)."""

from dataclasses import dataclass
from datetime import date, datetime

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


ACTIONS = {"+": "Создание", "~": "Изменение", "-": "Удаление"}


def _display(record, field_name: str) -> str:
    field = record.instance_type._meta.get_field(field_name)
    value = getattr(record, field.attname, None)
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = getattr(record, field_name, None)
        return str(related) if related is not None else str(value)
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def history_entries(obj, *, limit: int = 200) -> list[HistoryEntry]:
    """Newest first; each entry lists the fields changed against the previous record."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                field = record.instance_type._meta.get_field(change.field)
                changes.append(
                    Change(
                        field=str(field.verbose_name),
                        old=_display(previous, change.field),
                        new=_display(record, change.field),
                    )
                )
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.full_name or user.username) if user else "система",
                action=ACTIONS.get(record.history_type, record.history_type),
                changes=changes,
            )
        )
    return entries


def history_page(request, obj, back_url: str | None = None):
    """The «История изменений» page of ``obj`` (the view has already checked access)."""
    from django.shortcuts import render

    return render(
        request,
        "history.html",
        {"object": obj, "entries": history_entries(obj), "back_url": back_url or obj.get_absolute_url()},
    )
