"""Import of people from Excel in the browser: upload → preview (dry run) → confirm.

The uploaded file waits in storage between the preview and the confirmation (and after a «this looks like
the other kind of list» refusal, so that it can be checked again as the other kind without a new upload).
"""

import uuid
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from organizations.access import requires

from .importer import (
    KIND_LABELS,
    MAX_UPLOAD_BYTES,
    ImportFileError,
    KindMismatchError,
    apply_import,
    plan_import,
    preview,
)

SESSION_KEY = "people_import"
KIND_GENITIVE = {"staff": "сотрудников", "students": "обучающихся"}


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label="Что в файле", choices=list(KIND_LABELS.items()), initial="staff")
    file = forms.FileField(label="Файл Excel (.xlsx)", help_text=f"До {MAX_UPLOAD_BYTES // (1024 * 1024)} МБ.")


@requires("people.import")
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        _forget(request)
        _purge_old_uploads()
        upload = form.cleaned_data["file"]
        return _check(request, form, upload, filename=upload.name, kind=form.cleaned_data["kind"])
    if request.method == "POST":
        messages.error(request, "Выберите файл и что в нём.")
    return render(request, "participants/import_form.html", {"form": form})


@requires("people.import")
@require_POST
def import_recheck(request):
    """The file refused as the wrong kind of list, checked again as the kind the page suggested."""
    stored = _stored(request)
    kind = request.POST.get("kind")
    if stored is None or kind not in KIND_LABELS:
        messages.error(request, "Загрузите файл заново: предпросмотр устарел.")
        return redirect("participants:import")
    form = ImportForm(initial={"kind": kind})
    with default_storage.open(stored["path"], "rb") as handle:
        return _check(request, form, handle, filename=stored["filename"], kind=kind, path=stored["path"])


def _check(request, form, handle, *, filename: str, kind: str, path: str | None = None):
    """Plan the import of ``handle`` and show the preview, or the form with what is wrong with the file."""
    try:
        plan = plan_import(handle, organization=request.organization, kind=kind)
    except KindMismatchError as error:
        _keep(request, handle, path=path, filename=filename, kind=None)
        return render(
            request,
            "participants/import_form.html",
            {"form": form, "mismatch": error, "suggested": KIND_GENITIVE[error.suggested], "filename": filename},
        )
    except ImportFileError as error:
        _forget(request)
        form.add_error("file", str(error))
        return render(request, "participants/import_form.html", {"form": form})
    if plan.ok and plan.changes_anything:
        _keep(request, handle, path=path, filename=filename, kind=kind)
    else:
        _forget(request)  # nothing to confirm: the list is not kept
    context = {"plan": plan, "rows": preview(plan), "filename": filename, "kind_label": KIND_LABELS[kind]}
    return render(request, "participants/import_preview.html", context)


def _keep(request, handle, *, path: str | None, filename: str, kind: str | None) -> None:
    """Keep the file for the next step; ``kind`` None: it still has to be checked as the right kind."""
    if path is None:
        handle.seek(0)
        path = default_storage.save(f"imports/{uuid.uuid4().hex}.xlsx", ContentFile(handle.read()))
    request.session[SESSION_KEY] = {
        "path": path,
        "filename": filename,
        "kind": kind,
        "organization": request.organization.pk,
    }


def _stored(request) -> dict | None:
    stored = request.session.get(SESSION_KEY)
    if (
        not stored
        or stored.get("organization") != request.organization.pk
        or not default_storage.exists(stored["path"])
    ):
        return None
    return stored


def _purge_old_uploads(max_age=timedelta(hours=12)):
    """Uploaded lists hold personal data: previews abandoned for half a day are deleted."""
    try:
        _dirs, files = default_storage.listdir("imports")
    except FileNotFoundError:
        return
    cutoff = timezone.now() - max_age
    for name in files:
        path = f"imports/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
        except (FileNotFoundError, NotImplementedError):
            continue


def _forget(request):
    stored = request.session.pop(SESSION_KEY, None)
    if stored and default_storage.exists(stored["path"]):
        default_storage.delete(stored["path"])


@requires("people.import")
@require_POST
def import_confirm(request):
    stored = _stored(request)
    if stored is None or not stored.get("kind"):
        messages.error(request, "Загрузите файл заново: предпросмотр устарел.")
        return redirect("participants:import")
    try:
        with default_storage.open(stored["path"], "rb") as handle:
            plan = plan_import(handle, organization=request.organization, kind=stored["kind"])
            if not plan.ok:
                messages.error(request, "Файл изменился и содержит ошибки: ничего не сохранено.")
                return redirect("participants:import")
            created, updated = apply_import(plan, organization=request.organization, actor=request.user)
    except ImportFileError as error:
        messages.error(request, str(error))
        return redirect("participants:import")
    except ValidationError as error:
        messages.error(request, "Ничего не сохранено: " + " ".join(error.messages))
        return redirect("participants:import")
    finally:
        _forget(request)
    messages.success(request, f"Импорт завершён: добавлено {created}, обновлено {updated}.")
    return redirect("participants:person-list")
