"""The one way a page saves a form: validate, call the service, turn its ValidationError into form
errors (what was typed stays), say so in Russian, redirect."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect


def apply_validation_error(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def save_form(request, form, save: Callable[[dict], object], *, success: str, next_url=None):
    """On a valid POST call ``save(cleaned_data)``; return the redirect, or ``None`` to re-render the form.

    ``next_url`` is a URL, a model instance, or a callable taking what ``save`` returned.
    """
    if request.method != "POST":
        return None
    if form.is_valid():
        try:
            result = save(dict(form.cleaned_data))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, success)
            target = next_url(result) if callable(next_url) else (next_url or result)
            return redirect(target)
    messages.error(request, "Исправьте ошибки в форме.")
    return None
