"""Local acts (положения, протоколы): written in the product from a template, or uploaded."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from mentoring_site.files import file_response
from mentoring_site.forms_flow import save_form
from mentoring_site.pdf import pdf_response
from mentoring_site.printing import standalone_pdf
from organizations.access import requires
from programs.forms import ApprovalForm, ReturnForm
from programs.services import approval_initial

from . import services
from .documents import regulation_text
from .forms import LocalActForm
from .models import LocalAct


def _acts(request: HttpRequest) -> Any:
    return LocalAct.objects.visible_to(request.user, request.organization)


@requires("acts.view")
def act_list(request: HttpRequest) -> HttpResponse:
    return render(request, "documents/act_list.html", {"acts": _acts(request).order_by("kind", "-date", "title")})


@requires("acts.edit")
def act_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    initial: dict[str, Any] = {}
    if pk is None:
        act = LocalAct(organization=request.organization)
        if request.GET.get("template") == LocalAct.Kind.REGULATION:
            initial = {
                "kind": LocalAct.Kind.REGULATION,
                "title": f"Положение о наставничестве в {request.organization.short_name}",
                "body": regulation_text(request.organization),
            }
    else:
        act = get_object_or_404(_acts(request), pk=pk)
    form = LocalActForm(request.POST or None, request.FILES or None, instance=act, initial=initial)
    saved = save_form(
        request,
        form,
        lambda data: services.local_act_save(act=act, actor=request.user, **data),
        success="Локальный акт сохранён.",
    )
    return saved or render(request, "documents/act_form.html", {"form": form, "act": act})


@requires("acts.view")
def act_detail(request: HttpRequest, pk: int) -> HttpResponse:
    act = get_object_or_404(_acts(request).select_related("organization"), pk=pk)
    return render(
        request,
        "documents/act_detail.html",
        {
            "act": act,
            "doc": act,
            "doc_type": "act",
            "approval_form": ApprovalForm(initial=approval_initial(act, on=act.date)),
            "return_form": ReturnForm(),
        },
    )


@requires("acts.view")
def act_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    act = get_object_or_404(_acts(request), pk=pk)
    pdf = standalone_pdf("documents.local_act", request.organization, act.pk, timezone.localdate(), title=act.title)
    if pdf is None:
        raise Http404("Нет такого акта.")
    return pdf_response(pdf, f"{act.title}.pdf")


@requires("acts.view")
def act_file(request: HttpRequest, pk: int) -> HttpResponse:
    return file_response(get_object_or_404(_acts(request), pk=pk).file)
