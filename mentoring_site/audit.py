"""Saving with an audit author: django-simple-history records ``_history_user`` as who changed it."""

from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def save_audited(obj: M, actor: Any, *, validate: bool = True) -> M:
    """Validate (unless already validated) and save ``obj``; the history row names ``actor``."""
    obj._history_user = actor  # type: ignore[attr-defined]
    if validate:
        obj.full_clean()
    obj.save()
    return obj


def delete_audited(obj: models.Model, actor: Any) -> None:
    """Delete ``obj``; the history row of the deletion names ``actor``."""
    obj._history_user = actor  # type: ignore[attr-defined]
    obj.delete()
