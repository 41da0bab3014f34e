"""Working group (рабочая группа) and local acts (положения, протоколы)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from mentoring_site.access import ORGANIZATION_ROLES, Role, role_required
from mentoring_site.documents import pdf_response, render_pdf
from mentoring_site.files import file_response
from mentoring_site.forms_flow import apply_validation_error

from . import services
from .forms import ApprovalForm, LocalActForm, ReturnForm, WorkingGroupMemberForm
from .models import LocalAct, WorkingGroupMember

EDIT_ROLES = (Role.CURATOR, Role.DIRECTOR)


@role_required(*ORGANIZATION_ROLES)
def working_group(request):
    members = WorkingGroupMember.objects.visible_to(request.user, request.organization).select_related("user")
    return render(
        request,
        "programs/working_group.html",
        {"members": members, "can_edit": bool(request.roles & set(EDIT_ROLES))},
    )


@role_required(*EDIT_ROLES)
def working_group_member_form(request, pk=None):
    if pk is None:
        member = WorkingGroupMember(organization=request.organization)
    else:
        member = get_object_or_404(WorkingGroupMember.objects.visible_to(request.user, request.organization), pk=pk)
    form = WorkingGroupMemberForm(request.POST or None, instance=member, organization=request.organization)
    if request.method == "POST":
        if form.is_valid():
            member = form.save(commit=False)
            member._history_user = request.user
            if member.user and not member.full_name:
                member.full_name = member.user.full_name
            member.save()
            messages.success(request, "Состав рабочей группы сохранён.")
            return redirect("programs:working-group")
        messages.error(request, "Исправьте ошибки в форме.")
    return render(request, "programs/working_group_form.html", {"form": form, "member": member})


@require_POST
@role_required(*EDIT_ROLES)
def working_group_member_delete(request, pk):
    member = get_object_or_404(WorkingGroupMember.objects.visible_to(request.user, request.organization), pk=pk)
    member._history_user = request.user
    member.delete()
    messages.success(request, "Участник исключён из рабочей группы.")
    return redirect("programs:working-group")


# --- Local acts ---------------------------------------------------------------------------------------


def _acts(request):
    return LocalAct.objects.visible_to(request.user, request.organization)


@role_required(*ORGANIZATION_ROLES)
def act_list(request):
    acts = _acts(request).order_by("kind", "-date", "title")
    return render(request, "programs/act_list.html", {"acts": acts, "can_edit": bool(request.roles & set(EDIT_ROLES))})


@role_required(*EDIT_ROLES)
def act_form(request, pk=None):
    from .act_templates import regulation_text

    if pk is None:
        act = LocalAct(organization=request.organization)
        initial = {}
        if request.GET.get("template") == "regulation":
            initial = {
                "kind": LocalAct.Kind.REGULATION,
                "title": f"Положение о наставничестве в {request.organization.short_name}",
                "body": regulation_text(request.organization),
            }
    else:
        act = get_object_or_404(_acts(request), pk=pk)
        initial = {}
    form = LocalActForm(request.POST or None, request.FILES or None, instance=act, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "file" or v}
            try:
                services.local_act_save(act=act, actor=request.user, **data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "Локальный акт сохранён.")
                return redirect(act)
        messages.error(request, "Исправьте ошибки в форме.")
    return render(request, "programs/act_form.html", {"form": form, "act": act})


@role_required(*ORGANIZATION_ROLES)
def act_detail(request, pk):
    act = get_object_or_404(_acts(request).select_related("organization"), pk=pk)
    organization = act.organization
    return render(
        request,
        "programs/act_detail.html",
        {
            "act": act,
            "doc": act,
            "doc_type": "act",
            "can_edit": bool(request.roles & set(EDIT_ROLES)),
            "can_approve": Role.DIRECTOR in request.roles,
            "approval_form": ApprovalForm(
                initial={
                    "approval_date": act.date,
                    "approver_position": organization.director_position,
                    "approver_name": services.organization_director_short_name(organization),
                }
            ),
            "return_form": ReturnForm(),
        },
    )


def act_sections(act) -> list[tuple[str, list[str]]]:
    """The body split into (heading, paragraphs): a line «1. Общие положения» starts a section."""
    import re

    sections: list[tuple[str, list[str]]] = []
    for line in act.body.splitlines():
        line = line.strip()
        if not line:
            continue
        if re.fullmatch(r"\d{1,2}\.\s+\S.{0,150}", line) and not line.endswith((".", ";", ",")):
            sections.append((line, []))
        elif sections:
            sections[-1][1].append(line)
        else:
            sections.append(("", [line]))
    return sections


@role_required(*ORGANIZATION_ROLES)
def act_pdf(request, pk):
    act = get_object_or_404(_acts(request).select_related("organization"), pk=pk)
    return pdf_response(act_pdf_bytes(act), f"{act.title}.pdf")


def act_pdf_bytes(act) -> bytes:
    appendix = act.appendix_of.select_related("order").filter(order__status="signed").first()
    return render_pdf(
        "programs/documents/act.html", {"act": act, "doc": act, "appendix": appendix, "sections": act_sections(act)}
    )


@role_required(*ORGANIZATION_ROLES)
def act_file(request, pk):
    act = get_object_or_404(_acts(request), pk=pk)
    return file_response(act.file)
