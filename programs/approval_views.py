"""Submit, approve, return and re-version programmes, roadmaps and local acts (one view, POST only)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from mentoring_site.access import Role, role_required

from . import services
from .forms import ApprovalForm, ReturnForm
from .models import LocalAct, Programme, Roadmap

DOCUMENTS = {"programme": Programme, "roadmap": Roadmap, "act": LocalAct}
ACTIONS = {"submit", "approve", "return", "new-version"}


@require_POST
@role_required(Role.CURATOR, Role.DIRECTOR)
def document_action(request, doc_type, pk, action):
    model = DOCUMENTS.get(doc_type)
    if model is None or action not in ACTIONS:
        raise Http404("Нет такого действия.")
    document = get_object_or_404(model.objects.visible_to(request.user, request.organization), pk=pk)
    try:
        if action == "submit":
            services.document_submit(document=document, actor=request.user)
            messages.success(request, "Документ отправлен директору на согласование.")
        elif action == "approve":
            form = ApprovalForm(request.POST)
            if not form.is_valid():
                messages.error(request, "Не утверждено: укажите дату утверждения.")
                return redirect(document)
            services.document_approve(document=document, actor=request.user, **form.cleaned_data)
            messages.success(request, "Документ утверждён. Теперь он только для чтения.")
        elif action == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                messages.error(request, "Не возвращено: напишите, что нужно исправить.")
                return redirect(document)
            services.document_return(document=document, actor=request.user, comment=form.cleaned_data["comment"])
            messages.success(request, "Документ возвращён на доработку с замечаниями.")
        else:
            document = services.document_new_version(document=document, actor=request.user)
            messages.success(request, f"Создана версия {document.version}: черновик, который можно править.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(document)
