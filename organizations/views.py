"""The organization's card, the list of persons with access to personal data, the switcher."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from mentoring_site.forms_flow import run_action, save_form
from mentoring_site.history import history_page
from mentoring_site.pdf import pdf_response
from mentoring_site.xlsx import export_response

from . import documents, services
from .access import PermissionRequiredMixin, requires
from .exports import PersonalDataAccessExporter
from .forms import ContextSwitchForm, OrganizationForm
from .middleware import SESSION_KEY
from .models import Organization
from .selectors import organization_people, personal_data_access_rows, role_counts


@requires("organization.view")
def organization_detail(request: HttpRequest) -> HttpResponse:
    organization = request.organization
    return render(
        request,
        "organizations/organization_detail.html",
        {"organization": organization, "role_counts": role_counts(organization)},
    )


@requires("organization.edit")
def organization_edit(request: HttpRequest) -> HttpResponse:
    organization = Organization.objects.visible_to(request.user).get(pk=request.organization.pk)
    form = OrganizationForm(request.POST or None, instance=organization)
    saved = save_form(
        request,
        form,
        lambda data: services.organization_update(organization=organization, actor=request.user, **data),
        success="Сведения об организации сохранены.",
        next_url="organizations:detail",
    )
    return saved or render(
        request, "organizations/organization_form.html", {"form": form, "organization": organization}
    )


@requires("history.view")
def organization_history(request: HttpRequest) -> HttpResponse:
    return history_page(request, request.organization)


class PersonalDataAccessView(PermissionRequiredMixin, ListView):
    """Who may process the organization's personal data (ПП РФ № 1119)."""

    permission = "pd_access.view"
    template_name = "organizations/pd_access_list.html"
    context_object_name = "rows"
    paginate_by = 50

    def get_queryset(self) -> Any:
        return personal_data_access_rows(self.request.organization)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["organization"] = self.request.organization
        return context


@requires("pd_access.view")
def pd_access_pdf(request: HttpRequest) -> HttpResponse:
    organization = request.organization
    return pdf_response(
        documents.pd_access_pdf(organization), f"Перечень лиц с доступом к ПДн — {organization.short_name}.pdf"
    )


@requires("pd_access.view")
def pd_access_xlsx(request: HttpRequest) -> HttpResponse:
    return export_response(PersonalDataAccessExporter(request.organization))


@requires("accounts.unlock")
def locked_accounts(request: HttpRequest) -> HttpResponse:
    """Accounts of the organization locked after wrong passwords, with a button to lift each lock."""
    from .selectors import locked_accounts as locked

    return render(request, "organizations/locked_accounts.html", {"locked": locked(request.organization)})


@requires("accounts.unlock")
@require_POST
def account_unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    user = get_object_or_404(organization_people(request.organization), pk=user_id)
    return run_action(
        request,
        lambda: services.account_unlock(organization=request.organization, actor=request.user, user=user),
        success=f"Вход для {user.get_username()} снова открыт.",
        next_url="organizations:locks",
    )


@require_POST
def switch_context(request: HttpRequest) -> HttpResponse:
    """The organization switcher of the top bar (any logged-in user, among their own contexts)."""
    form = ContextSwitchForm(request.POST)
    contexts = {c.key: c for c in getattr(request, "available_contexts", ())}
    if not form.is_valid() or form.cleaned_data["context"] not in contexts:
        messages.error(request, "Такой организации нет среди ваших.")
        return redirect("dashboard")
    chosen = contexts[form.cleaned_data["context"]]
    request.session[SESSION_KEY] = chosen.key
    messages.success(request, f"Вы работаете в: {chosen.title}.")
    return redirect("dashboard")
