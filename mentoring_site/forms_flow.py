"""The one way a page saves a form or takes an action.

``save_form``: validate, call the service, turn its ValidationError into form errors (what was typed
stays), say so in Russian, redirect. ``run_action``: a POST button (submit, sign, delete) — call the
service, say what happened or why not, redirect.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render

Target = str | Any | Callable[[Any], Any] | None


def apply_validation_error(form: forms.BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _redirect(target: Target, result: Any) -> HttpResponseRedirect:
    resolved = target(result) if callable(target) else (target or result)
    return redirect(resolved)


def save_form(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], Any],
    *,
    success: str | Callable[[Any], str],
    next_url: Target = None,
    formsets: Iterable[forms.BaseFormSet | forms.BaseForm] = (),
) -> HttpResponseRedirect | None:
    """On a valid POST call ``save(cleaned_data)``; return the redirect, or ``None`` to re-render the form.

    ``next_url`` is a URL (or URL name), a model instance, or a callable taking what ``save`` returned;
    without it, the saved object's own page. ``success`` may be a callable of the result too.
    ``formsets`` (tables or other forms of the same page) must be valid as well; ``save`` reads them itself.
    """
    if request.method != "POST":
        return None
    formsets_valid = all(formset.is_valid() for formset in formsets)  # the others show errors when rendered
    if form.is_valid() and formsets_valid:
        try:
            result = save(dict(form.cleaned_data))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, success(result) if callable(success) else success)
            return _redirect(next_url, result)
    messages.error(request, "Исправьте ошибки в форме.")
    return None


def confirm_page(
    request: HttpRequest, *, title: str, warning: str, losses: list[str], confirm: str, cancel_url: str
) -> HttpResponse:
    """The page a destructive action shows on GET: what will be lost, and the button that POSTs."""
    context = {"title": title, "warning": warning, "losses": losses, "confirm": confirm, "cancel_url": cancel_url}
    return render(request, "confirm.html", context)


def run_action(
    request: HttpRequest,
    action: Callable[[], Any],
    *,
    success: str | Callable[[Any], str],
    next_url: Target = None,
) -> HttpResponseRedirect:
    """Call ``action()``; a ValidationError becomes the message instead of ``success`` (a text, or a
    callable of what ``action`` returned). Then redirect."""
    try:
        result = action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        result = None
    else:
        messages.success(request, success(result) if callable(success) else success)
    return _redirect(next_url, result)
