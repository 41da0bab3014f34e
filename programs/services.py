"""Writes of the programs app. Each service is atomic, validates, and leaves an audit record
(django-simple-history records who changed what through ``HistoryRequestMiddleware`` /
``_history_user``)."""

from django.db import transaction

from .models import Organization, Programme


def _save_with_actor(obj, actor):
    obj._history_user = actor
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def organization_update(*, organization: Organization, actor, **fields) -> Organization:
    for name, value in fields.items():
        setattr(organization, name, value)
    return _save_with_actor(organization, actor)


@transaction.atomic
def programme_create(*, organization: Organization, actor, **fields) -> Programme:
    programme = Programme(organization=organization, **fields)
    return _save_with_actor(programme, actor)


@transaction.atomic
def programme_update(*, programme: Programme, actor, **fields) -> Programme:
    for name, value in fields.items():
        setattr(programme, name, value)
    return _save_with_actor(programme, actor)
