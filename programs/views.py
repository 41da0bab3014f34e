from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView

from mentoring_site.access import (
    ORGANIZATION_ROLES,
    OrganizationObjectMixin,
    Role,
    RoleRequiredMixin,
    role_required,
)
from mentoring_site.documents import pdf_response, render_pdf
from mentoring_site.history import history_entries
from mentoring_site.xlsx import write_xlsx, xlsx_response

from . import services
from .forms import OrganizationForm, ProgrammeForm
from .models import Organization, Programme
from .selectors import municipality_aggregates, personal_data_access_rows, role_counts

HISTORY_ROLES = frozenset({Role.ADMIN, Role.DIRECTOR})
PD_LIST_ROLES = frozenset({Role.ADMIN, Role.DIRECTOR})
PROGRAMME_EDIT_ROLES = frozenset({Role.CURATOR, Role.DIRECTOR})


def apply_validation_error(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- Organization -----------------------------------------------------------------------------


@role_required(*ORGANIZATION_ROLES)
def organization_detail(request):
    organization = request.organization
    counts = role_counts(organization)
    return render(
        request,
        "programs/organization_detail.html",
        {"organization": organization, "role_counts": counts},
    )


@role_required(Role.ADMIN, Role.DIRECTOR)
def organization_edit(request):
    organization = Organization.objects.visible_to(request.user).get(pk=request.organization.pk)
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(organization=organization, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Сведения об организации сохранены.")
            return redirect("programs:organization-detail")
    elif request.method == "POST":
        messages.error(request, "Исправьте ошибки в форме.")
    return render(request, "programs/organization_form.html", {"form": form, "organization": organization})


@role_required(*HISTORY_ROLES)
def organization_history(request):
    organization = request.organization
    return render(
        request,
        "history.html",
        {
            "object": organization,
            "entries": history_entries(organization),
            "back_url": organization.get_absolute_url(),
        },
    )


# --- Who may process personal data (ПП РФ № 1119) ---------------------------------------------


class PersonalDataAccessView(RoleRequiredMixin, ListView):
    allowed_roles = PD_LIST_ROLES
    template_name = "programs/pd_access_list.html"
    context_object_name = "rows"
    paginate_by = 50

    def get_queryset(self):
        return personal_data_access_rows(self.request.organization)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organization"] = self.request.organization
        return context


@role_required(*PD_LIST_ROLES)
def pd_access_pdf(request):
    organization = request.organization
    pdf = render_pdf(
        "programs/documents/pd_access_list.html",
        {"organization": organization, "rows": personal_data_access_rows(organization), "today": timezone.localdate()},
    )
    return pdf_response(pdf, f"Перечень лиц с доступом к ПДн — {organization.short_name}.pdf")


@role_required(*PD_LIST_ROLES)
def pd_access_xlsx(request):
    organization = request.organization
    rows = (
        (index, r.full_name, "; ".join(r.positions), ", ".join(r.roles), "; ".join(r.scopes), r.since, r.email)
        for index, r in enumerate(personal_data_access_rows(organization), start=1)
    )
    content = write_xlsx(
        title="Доступ к ПДн",
        caption=f"Перечень лиц, допущенных к обработке персональных данных: {organization.full_name}",
        headers=["№", "ФИО", "Должность", "Роль в системе", "Доступ к данным", "С какого числа", "E-mail"],
        rows=rows,
    )
    return xlsx_response(content, f"Доступ к ПДн — {organization.short_name}.xlsx")


# --- Programmes ---------------------------------------------------------------------------------


class ProgrammeListView(OrganizationObjectMixin, ListView):
    allowed_roles = ORGANIZATION_ROLES
    model = Programme
    paginate_by = 20
    template_name = "programs/programme_list.html"
    context_object_name = "programmes"

    def get_queryset(self):
        return super().get_queryset().select_related("curator").order_by("-start_year", "title")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = bool(self.request.roles & PROGRAMME_EDIT_ROLES)
        return context


class ProgrammeDetailView(OrganizationObjectMixin, DetailView):
    allowed_roles = ORGANIZATION_ROLES
    model = Programme
    template_name = "programs/programme_detail.html"
    context_object_name = "programme"

    def get_queryset(self):
        return super().get_queryset().select_related("curator", "organization")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = bool(self.request.roles & PROGRAMME_EDIT_ROLES)
        context["can_see_history"] = bool(self.request.roles & HISTORY_ROLES)
        return context


class ProgrammeFormView(OrganizationObjectMixin, TemplateView):
    """Create (no ``pk``) or edit a programme."""

    allowed_roles = PROGRAMME_EDIT_ROLES
    model = Programme
    template_name = "programs/programme_form.html"

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        programme = self.get_object()
        initial = {} if programme else {"start_year": current_school_year_start()}
        form = ProgrammeForm(instance=programme, initial=initial, organization=request.organization)
        return self.render_to_response({"form": form, "programme": programme})

    def post(self, request, *args, **kwargs):
        programme = self.get_object()
        form = ProgrammeForm(request.POST, instance=programme, organization=request.organization)
        if form.is_valid():
            try:
                if programme is None:
                    programme = services.programme_create(
                        organization=request.organization, actor=request.user, **form.cleaned_data
                    )
                    messages.success(request, "Программа создана.")
                else:
                    services.programme_update(programme=programme, actor=request.user, **form.cleaned_data)
                    messages.success(request, "Изменения сохранены.")
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                return redirect(programme)
        messages.error(request, "Исправьте ошибки в форме.")
        return self.render_to_response({"form": form, "programme": programme})


class ProgrammeHistoryView(OrganizationObjectMixin, DetailView):
    allowed_roles = HISTORY_ROLES
    model = Programme
    template_name = "history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = history_entries(self.object)
        context["back_url"] = self.object.get_absolute_url()
        return context


def current_school_year_start() -> int:
    today = timezone.localdate()
    return today.year if today.month >= 8 else today.year - 1


# --- Municipal coordinator ---------------------------------------------------------------------


@role_required(Role.COORDINATOR)
def municipality_overview(request):
    municipality = request.municipality
    organizations = list(municipality_aggregates(municipality))
    totals = {
        key: sum(getattr(o, key) for o in organizations)
        for key in ("n_mentors", "n_mentees", "n_curators", "n_programmes", "n_approved")
    }
    return render(
        request,
        "programs/municipality_overview.html",
        {"municipality": municipality, "organizations": organizations, "totals": totals},
    )
