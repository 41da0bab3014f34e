from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
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
from mentoring_site.forms_flow import apply_validation_error
from mentoring_site.history import history_entries, history_page
from mentoring_site.text import text_lines
from mentoring_site.xlsx import write_xlsx, xlsx_response

from . import services
from .deadlines import current_school_year
from .forms import (
    OrganizationForm,
    ParticipantProfileFormSet,
    ProgrammeForm,
    ResponsibilityFormSet,
    StageFormSet,
)
from .models import DocumentStatus, Organization, Programme, RoadmapSection, RoleModel
from .selectors import municipality_aggregates, personal_data_access_rows, role_counts

HISTORY_ROLES = frozenset({Role.ADMIN, Role.DIRECTOR})
PD_LIST_ROLES = frozenset({Role.ADMIN, Role.DIRECTOR})
PROGRAMME_EDIT_ROLES = frozenset({Role.CURATOR, Role.DIRECTOR})


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
    return history_page(request, request.organization)


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


def programme_with_content(queryset, pk):
    return get_object_or_404(
        queryset.select_related("curator", "organization").prefetch_related(
            "responsibilities",
            "stages",
            "participant_profiles",
            "forms",
            Prefetch("role_models", RoleModel.objects.select_related("form")),
        ),
        pk=pk,
    )


class ProgrammeDetailView(OrganizationObjectMixin, DetailView):
    allowed_roles = ORGANIZATION_ROLES
    model = Programme
    template_name = "programs/programme_detail.html"
    context_object_name = "programme"

    def get_object(self, queryset=None):
        return programme_with_content(self.get_queryset(), self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        from .forms import ApprovalForm

        context = super().get_context_data(**kwargs)
        programme = self.object
        context.update(programme_sections(programme))
        context["can_edit"] = bool(self.request.roles & PROGRAMME_EDIT_ROLES)
        context["can_approve"] = Role.DIRECTOR in self.request.roles
        context["can_see_history"] = bool(self.request.roles & HISTORY_ROLES)
        context["doc_type"] = "programme"
        context["approval_form"] = ApprovalForm(
            initial={
                "approval_date": timezone.localdate(),
                "approver_position": programme.organization.director_position,
                "approver_name": services.organization_director_short_name(programme.organization),
            }
        )
        return context


def lines(text: str) -> list[str]:
    """Text with one item per line → the items (list markers «-», «•», «+» removed)."""
    return text_lines(text, strip_markers=True)


def programme_sections(programme) -> dict:
    """Everything the programme page and its PDF print, in one place."""
    from .reference_data import INDICATORS, LEVELS

    roadmaps = programme.roadmaps.exclude(status=DocumentStatus.ARCHIVED)
    if programme.status in {DocumentStatus.APPROVED, DocumentStatus.ARCHIVED}:
        # An approved programme prints only an approved roadmap: a draft must not change it.
        roadmaps = roadmaps.filter(status=DocumentStatus.APPROVED)
    roadmap = (
        roadmaps.prefetch_related(Prefetch("sections", RoadmapSection.objects.prefetch_related("activities")))
        .order_by("-version")
        .first()
    )
    forms = [
        (form, [rm for rm in programme.role_models.all() if rm.form_id == form.pk]) for form in programme.forms.all()
    ]
    return {
        "legal_basis": lines(programme.legal_basis),
        "tasks": lines(programme.tasks),
        "expected_results": lines(programme.expected_results),
        "terms": lines(programme.terms),
        "mentee_base": lines(programme.mentee_base),
        "mentor_base": lines(programme.mentor_base),
        "incentives": lines(programme.incentives),
        "chosen_forms": forms,
        "indicators": INDICATORS,
        "levels": LEVELS,
        "roadmap": roadmap,
    }


class ProgrammeFormView(OrganizationObjectMixin, TemplateView):
    """Create (no ``pk``) or edit a programme with its tables."""

    allowed_roles = PROGRAMME_EDIT_ROLES
    model = Programme
    template_name = "programs/programme_form.html"
    formset_classes = {
        "responsibilities": ResponsibilityFormSet,
        "stages": StageFormSet,
        "participant_profiles": ParticipantProfileFormSet,
    }

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def _formsets(self, programme, data=None):
        instance = programme or Programme()
        return {name: cls(data, instance=instance, prefix=name) for name, cls in self.formset_classes.items()}

    def get(self, request, *args, **kwargs):
        programme = self.get_object()
        if programme and not programme.is_editable:
            messages.warning(request, "Документ не в статусе черновика: сохранить изменения не получится.")
        initial = {} if programme else {"start_year": current_school_year_start(), "title": _default_title(request)}
        form = ProgrammeForm(instance=programme, initial=initial, organization=request.organization)
        return self.render_to_response({"form": form, "formsets": self._formsets(programme), "programme": programme})

    def post(self, request, *args, **kwargs):
        programme = self.get_object()
        form = ProgrammeForm(request.POST, instance=programme, organization=request.organization)
        # A table whose management form is not in the POST is left as it is.
        formsets = {
            name: fs
            for name, fs in self._formsets(programme, request.POST).items()
            if f"{name}-TOTAL_FORMS" in request.POST
        }
        if form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
            rows = {
                name: [f.cleaned_data for f in fs.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
                for name, fs in formsets.items()
            }
            try:
                with transaction.atomic():
                    if programme is None:
                        programme = services.programme_create(
                            organization=request.organization, actor=request.user, **form.cleaned_data
                        )
                        messages.success(request, "Программа создана.")
                    else:
                        services.programme_update(programme=programme, actor=request.user, **form.cleaned_data)
                        messages.success(request, "Изменения сохранены.")
                    services.programme_set_rows(programme=programme, actor=request.user, rows=rows)
            except ValidationError as error:
                apply_validation_error(form, error)
                programme = self.get_object()
            else:
                return redirect(programme)
        messages.error(request, "Исправьте ошибки в форме.")
        formsets = {**self._formsets(programme), **formsets}
        return self.render_to_response({"form": form, "formsets": formsets, "programme": programme})


def _default_title(request) -> str:
    return f"Программа наставничества в {request.organization.short_name}"


@role_required(*ORGANIZATION_ROLES)
def programme_pdf(request, pk):
    programme = programme_with_content(Programme.objects.visible_to(request.user, request.organization), pk)
    return pdf_response(programme_pdf_bytes(programme), f"Программа наставничества {programme.school_year}.pdf")


def programme_pdf_bytes(programme) -> bytes:
    appendix = programme.appendix_of.select_related("order").filter(order__status="signed").first()
    return render_pdf(
        "programs/documents/programme.html",
        {"programme": programme, "doc": programme, "appendix": appendix, **programme_sections(programme)},
    )


class ProgrammeHistoryView(OrganizationObjectMixin, DetailView):
    allowed_roles = HISTORY_ROLES
    model = Programme
    template_name = "history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = history_entries(self.object)
        context["back_url"] = self.object.get_absolute_url()
        return context


current_school_year_start = current_school_year


# --- Municipal coordinator ---------------------------------------------------------------------


@role_required(Role.COORDINATOR)
def municipality_overview(request):
    municipality = request.municipality
    organizations = list(municipality_aggregates(municipality))
    totals = {
        key: sum(getattr(o, key) for o in organizations)
        for key in ("n_mentors", "n_mentees", "n_curators", "n_programmes", "n_approved", "n_overdue")
    }
    return render(
        request,
        "programs/municipality_overview.html",
        {"municipality": municipality, "organizations": organizations, "totals": totals},
    )


def int_param(value) -> int | None:
    """A query-string number, or ``None`` for anything that is not plain ASCII digits."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 10:
        return int(value)
    return None
