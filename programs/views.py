"""Programmes of mentoring (seed 003) and the municipal coordinator's overview."""

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
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
from .forms import PROGRAMME_FORMSETS, PROGRAMME_STEPS, STEPS_BY_SLUG, ApprovalForm, ProgrammeStep
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
    """Create (no ``pk``: the general step only) or edit a programme one step at a time.

    The programme is long (seed 003 runs to 20 pages): each step is its own page and saves on its own,
    so an error is never thousands of pixels away and a saved step is never lost by a later one."""

    permission = "programmes.edit"
    model = Programme
    template_name = "programs/programme_form.html"

    def get_object(self) -> Programme | None:
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_step(self) -> ProgrammeStep:
        step = STEPS_BY_SLUG.get(self.kwargs.get("step", PROGRAMME_STEPS[0].slug))
        if step is None:
            raise Http404("Нет такого раздела программы.")
        return step

    def _formsets(self, step: ProgrammeStep, programme: Programme | None, data: Any = None) -> list[Any]:
        instance = programme or Programme()
        return [PROGRAMME_FORMSETS[name][0](data, instance=instance, prefix=name) for name in step.formsets]

    def _context(self, step: ProgrammeStep, programme: Programme | None, form: Any, formsets: list[Any]) -> dict:
        index = PROGRAMME_STEPS.index(step)
        return {
            "form": form,
            "formsets": [(fs, PROGRAMME_FORMSETS[name][1]) for fs, name in zip(formsets, step.formsets, strict=True)],
            "formsets_have_errors": any(fs.is_bound and fs.total_error_count() for fs in formsets),
            "programme": programme,
            "step": step,
            "steps": PROGRAMME_STEPS if programme else PROGRAMME_STEPS[:1],
            "step_number": index + 1,
            "next_step": PROGRAMME_STEPS[index + 1] if index + 1 < len(PROGRAMME_STEPS) else None,
        }

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        programme, step = self.get_object(), self.get_step()
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
        form = step.form_class()(instance=programme, initial=initial, organization=request.organization)
        return self.render_to_response(self._context(step, programme, form, self._formsets(step, programme)))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        programme, step = self.get_object(), self.get_step()
        form = step.form_class()(request.POST, instance=programme, organization=request.organization)
        formsets = self._formsets(step, programme, request.POST)
        index = PROGRAMME_STEPS.index(step)
        go_on = "next" in request.POST or programme is None
        following = PROGRAMME_STEPS[index + 1] if go_on and index + 1 < len(PROGRAMME_STEPS) else step

        def save(data: dict[str, Any]) -> Programme:
            rows = {
                name: [f.cleaned_data for f in fs.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
                for name, fs in zip(step.formsets, formsets, strict=True)
            }
            with transaction.atomic():
                if programme is None:
                    saved = services.programme_create(organization=request.organization, actor=request.user, **data)
                else:
                    saved = services.programme_update(programme=programme, actor=request.user, **data)
                if rows:
                    services.programme_set_rows(programme=saved, actor=request.user, rows=rows)
            return saved

        done = save_form(
            request,
            form,
            save,
            formsets=formsets,
            success=(
                "Программа создана. Заполните её разделы по шагам."
                if programme is None
                else f"Раздел «{step.title}» сохранён."
            ),
            next_url=lambda saved: reverse("programs:programme-edit-step", args=[saved.pk, following.slug]),
        )
        return done or self.render_to_response(self._context(step, programme, form, formsets))


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
