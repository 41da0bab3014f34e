"""Saving with an audit author: django-simple-history records ``_history_user`` as who changed it."""


def save_audited(obj, actor):
    obj._history_user = actor
    obj.full_clean()
    obj.save()
    return obj
