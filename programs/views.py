"""Programmes of mentoring (seed 003) and the municipal coordinator's overview."""

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView

from mentoring_site.forms_flow import save_form
from mentoring_site.history import history_page
from mentoring_site.pdf import pdf_response
from mentoring_site.printing import standalone_pdf
from organizations.access import OrganizationObjectMixin, requires

from . import services
from .deadlines import current_school_year
from .documents import programme_sections, with_programme_content
from .forms import ApprovalForm, ParticipantProfileFormSet, ProgrammeForm, ResponsibilityFormSet, StageFormSet
from .models import Programme
from .selectors import municipality_aggregates


def _programmes(request: HttpRequest) -> Any:
    return Programme.objects.visible_to(request.user, request.organization)


class ProgrammeListView(OrganizationObjectMixin, ListView):
    permission = "programmes.view"
    model = Programme
    paginate_by = 20
    template_name = "programs/programme_list.html"
    context_object_name = "programmes"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("curator").order_by("-start_year", "title")


class ProgrammeDetailView(OrganizationObjectMixin, DetailView):
    permission = "programmes.view"
    model = Programme
    template_name = "programs/programme_detail.html"
    context_object_name = "programme"

    def get_object(self, queryset: Any = None) -> Programme:
        return get_object_or_404(with_programme_content(self.get_queryset()), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(programme_sections(self.object))
        context["doc_type"] = "programme"
        context["approval_form"] = ApprovalForm(initial=services.approval_initial(self.object))
        return context


class ProgrammeFormView(OrganizationObjectMixin, TemplateView):
    """Create (no ``pk``) or edit a programme with its tables."""

    permission = "programmes.edit"
    model = Programme
    template_name = "programs/programme_form.html"
    formset_classes = {
        "responsibilities": ResponsibilityFormSet,
        "stages": StageFormSet,
        "participant_profiles": ParticipantProfileFormSet,
    }

    def get_object(self) -> Programme | None:
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def _formsets(self, programme: Programme | None, data: Any = None) -> dict[str, Any]:
        instance = programme or Programme()
        return {name: cls(data, instance=instance, prefix=name) for name, cls in self.formset_classes.items()}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        programme = self.get_object()
        if programme and not programme.is_editable:
            messages.warning(request, "Документ не в статусе черновика: сохранить изменения не получится.")
        initial = (
            {}
            if programme
            else {
                "start_year": current_school_year(),
                "title": f"Программа наставничества в {request.organization.short_name}",
            }
        )
        form = ProgrammeForm(instance=programme, initial=initial, organization=request.organization)
        return self.render_to_response({"form": form, "formsets": self._formsets(programme), "programme": programme})

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        programme = self.get_object()
        form = ProgrammeForm(request.POST, instance=programme, organization=request.organization)
        # A table whose management form is not in the POST is left as it is.
        formsets = {
            name: fs
            for name, fs in self._formsets(programme, request.POST).items()
            if f"{name}-TOTAL_FORMS" in request.POST
        }

        def save(data: dict[str, Any]) -> Programme:
            rows = {
                name: [f.cleaned_data for f in fs.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
                for name, fs in formsets.items()
            }
            with transaction.atomic():
                if programme is None:
                    saved = services.programme_create(organization=request.organization, actor=request.user, **data)
                else:
                    saved = services.programme_update(programme=programme, actor=request.user, **data)
                services.programme_set_rows(programme=saved, actor=request.user, rows=rows)
            return saved

        done = save_form(
            request,
            form,
            save,
            formsets=formsets.values(),
            success="Программа создана." if programme is None else "Изменения сохранены.",
        )
        if done:
            return done
        return self.render_to_response(
            {"form": form, "formsets": {**self._formsets(programme), **formsets}, "programme": programme}
        )


@requires("programmes.view")
def programme_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(_programmes(request), pk=pk)
    pdf = standalone_pdf(
        "programs.programme", request.organization, programme.pk, timezone.localdate(), title=programme.title
    )
    if pdf is None:
        raise Http404("Нет такой программы.")
    return pdf_response(pdf, f"Программа наставничества {programme.school_year}.pdf")


@requires("history.view")
def programme_history(request: HttpRequest, pk: int) -> HttpResponse:
    return history_page(request, get_object_or_404(_programmes(request), pk=pk))


@requires("municipality.view")
def municipality_overview(request: HttpRequest) -> HttpResponse:
    """Counts only, per organization of the coordinator's municipality: no personal data."""
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
