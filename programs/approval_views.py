"""Submit, approve, return and re-version an approvable document (one view, POST only)."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from mentoring_site.forms_flow import run_action
from organizations.access import requires

from . import services
from .approval import APPROVABLE
from .forms import ApprovalForm, ReturnForm

ACTIONS = {"submit", "approve", "return", "new-version"}


@requires("approval.submit")
@require_POST
def document_action(request: HttpRequest, doc_type: str, pk: int, action: str) -> HttpResponse:
    """The role is checked first (a wrong role gets 403 on GET too), then the method, then the action:
    the services re-check who may approve (the director only)."""
    model = APPROVABLE.get(doc_type)
    if model is None or action not in ACTIONS:
        raise Http404("Нет такого действия.")
    document = get_object_or_404(model.objects.visible_to(request.user, request.organization), pk=pk)
    actor = request.user
    if action == "submit":
        return run_action(
            request,
            lambda: services.document_submit(document=document, actor=actor),
            success="Документ отправлен директору на согласование.",
            next_url=document,
        )
    if action == "approve":
        form: Any = ApprovalForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Не утверждено: " + _form_errors(form))
            return redirect(document)
        return run_action(
            request,
            lambda: services.document_approve(document=document, actor=actor, **form.cleaned_data),
            success="Документ утверждён. Теперь он только для чтения.",
            next_url=document,
        )
    if action == "return":
        form = ReturnForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Не возвращено: " + _form_errors(form))
            return redirect(document)
        return run_action(
            request,
            lambda: services.document_return(document=document, actor=actor, comment=form.cleaned_data["comment"]),
            success="Документ возвращён на доработку с замечаниями.",
            next_url=document,
        )
    return run_action(
        request,
        lambda: services.document_new_version(document=document, actor=actor),
        success=lambda new: f"Создана версия {new.version}: черновик, который можно править.",
        next_url=lambda new: new or document,
    )


def _form_errors(form: Any) -> str:
    """«Дата утверждения: введите правильную дату.» — each field's own message, with its label."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return " ".join(parts)
