"""Import of people from Excel in the browser: upload → preview (dry run) → confirm."""

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

from .importer import MAX_UPLOAD_BYTES, ImportFileError, apply_import, plan_import

SESSION_KEY = "people_import"


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label="Что в файле", choices=[("staff", "Сотрудники (педагоги)"), ("students", "Обучающиеся")], initial="staff"
    )
    file = forms.FileField(label="Файл Excel (.xlsx)", help_text=f"До {MAX_UPLOAD_BYTES // (1024 * 1024)} МБ.")


@requires("people.import")
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        kind = form.cleaned_data["kind"]
        try:
            plan = plan_import(upload, organization=request.organization, kind=kind)
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            _forget(request)
            _purge_old_uploads()
            if plan.ok:
                upload.seek(0)
                name = default_storage.save(f"imports/{uuid.uuid4().hex}.xlsx", ContentFile(upload.read()))
                request.session[SESSION_KEY] = {"path": name, "kind": kind, "organization": request.organization.pk}
            return render(request, "participants/import_preview.html", {"plan": plan, "filename": upload.name})
    elif request.method == "POST":
        messages.error(request, "Выберите файл и что в нём.")
    return render(request, "participants/import_form.html", {"form": form})


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
    stored = request.session.get(SESSION_KEY)
    if (
        not stored
        or stored.get("organization") != request.organization.pk
        or not default_storage.exists(stored["path"])
    ):
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
