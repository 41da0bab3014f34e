"""The working group (рабочая группа, seed 002): председатель, куратор, члены."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from mentoring_site.forms_flow import run_action, save_form
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
@require_POST
def working_group_member_delete(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(_members(request), pk=pk)
    return run_action(
        request,
        lambda: services.working_group_member_delete(member=member, actor=request.user),
        success="Участник исключён из рабочей группы.",
        next_url="programs:working-group",
    )
