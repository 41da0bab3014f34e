"""The working group (рабочая группа, seed 002): председатель, куратор, члены."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from mentoring_site.forms_flow import confirm_page, run_action, save_form
from organizations.access import requires

from . import services
from .forms import WorkingGroupMemberForm
from .models import WorkingGroupMember


def _members(request: HttpRequest) -> Any:
    return WorkingGroupMember.objects.visible_to(request.user, request.organization)


@requires("working_group.view")
def working_group(request: HttpRequest) -> HttpResponse:
    return render(request, "programs/working_group.html", {"members": _members(request).select_related("user")})


@requires("working_group.edit")
def working_group_member_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    member = (
        WorkingGroupMember(organization=request.organization)
        if pk is None
        else get_object_or_404(_members(request), pk=pk)
    )
    form = WorkingGroupMemberForm(request.POST or None, instance=member, organization=request.organization)
    saved = save_form(
        request,
        form,
        lambda data: services.working_group_member_save(member=member, actor=request.user, **data),
        success="Состав рабочей группы сохранён.",
        next_url="programs:working-group",
    )
    return saved or render(request, "programs/working_group_form.html", {"form": form, "member": member})


@requires("working_group.edit")
@require_http_methods(["GET", "POST"])
def working_group_member_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: asks first; POST: excludes the member from the working group."""
    member = get_object_or_404(_members(request), pk=pk)
    if request.method == "GET":
        return confirm_page(
            request,
            title=f"Исключить из рабочей группы: {member.full_name}?",
            warning="Участник исчезнет из состава рабочей группы и из её будущих печатных списков.",
            losses=[],
            confirm="Исключить из группы",
            cancel_url=reverse("programs:working-group-edit", args=[member.pk]),
        )
    return run_action(
        request,
        lambda: services.working_group_member_delete(member=member, actor=request.user),
        success="Участник исключён из рабочей группы.",
        next_url="programs:working-group",
    )
