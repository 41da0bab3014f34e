"""«Показатели для региона»: the organization's figures on a reference date, with their formulas, and the XLSX
in the stable column layout a region collects."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from mentoring_site.xlsx import write_xlsx, xlsx_response
from organizations.access import requires
from participants.forms import DATE_WIDGET

from .regional import XLSX_HEADERS, RegionalSettings, regional_figures, xlsx_row


class RegionalForm(forms.Form):
    on = forms.DateField(
        label="Дата расчёта",
        widget=DATE_WIDGET,
        required=False,
        help_text="Возраст обучающихся и участие в парах берутся на этот день.",
        error_messages={"invalid": "Введите дату в формате ДД.ММ.ГГГГ."},
    )
    mentors = forms.BooleanField(
        label="Учитывать обучающихся-наставников как вовлечённых",
        required=False,
        initial=True,
    )

    def settings(self) -> RegionalSettings:
        today = timezone.localdate()
        if not self.is_bound or not self.is_valid():
            return RegionalSettings(on=today, mentors_count=True)
        return RegionalSettings(
            on=self.cleaned_data["on"] or today,
            mentors_count=self.cleaned_data["mentors"] if "on" in self.data else True,
        )


def _form(request: HttpRequest) -> RegionalForm:
    return RegionalForm(request.GET if request.GET else None)


@requires("regional.view")
def regional(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    settings = form.settings()
    figures = regional_figures([request.organization.pk], settings)[request.organization.pk]  # type: ignore[attr-defined]
    query = request.GET.urlencode()
    return render(
        request,
        "monitoring/regional.html",
        {"form": form, "settings": settings, "figures": figures, "query": query},
    )


@requires("regional.view")
def regional_xlsx(request: HttpRequest) -> HttpResponse:
    settings = _form(request).settings()
    organization = request.organization  # type: ignore[attr-defined]
    figures = regional_figures([organization.pk], settings)[organization.pk]
    content = write_xlsx(
        title="Показатели для региона",
        caption=f"{organization.short_name}: показатели наставничества на {settings.on:%d.%m.%Y}",
        headers=XLSX_HEADERS,
        rows=[xlsx_row(organization, figures, settings)],
    )
    return xlsx_response(content, f"Показатели наставничества {settings.on:%d.%m.%Y}.xlsx")
