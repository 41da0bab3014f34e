"""The municipal coordinator's pages: the organizations of the municipality, one organization's aggregates,
the XLSX of the table. Counts, levels and shares only: never a person's data."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from mentoring_site.xlsx import write_xlsx, xlsx_response
from organizations.access import requires
from organizations.models import Organization

from .coordinator import SORTS, municipality_rows, organization_aggregates
from .models import Evaluation

XLSX_HEADERS = (
    "Организация",
    "Программа",
    "Уровень по последней оценке",
    "Баллы",
    "Учебный год оценки",
    "Охват обучающихся 10–18 лет, %",
    "Пары и группы в работе",
    "Просроченные мероприятия",
    "Последний мониторинг",
)


def _filters(request: HttpRequest) -> dict[str, object]:
    sort = request.GET.get("sort", "name")
    if sort.lstrip("-") not in SORTS:
        sort = "name"
    level = request.GET.get("level", "")
    if level not in {"", "none", *Evaluation.Level.values}:
        level = ""
    return {
        "sort": sort,
        "level": level,
        "overdue_only": request.GET.get("overdue") == "1",
        "query": request.GET.get("q", "").strip()[:100],
    }


@requires("municipality.view")
def municipality(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    rows = municipality_rows(request.municipality, **filters)  # type: ignore[attr-defined, arg-type]
    return render(
        request,
        "monitoring/coordinator/municipality.html",
        {
            "municipality": request.municipality,  # type: ignore[attr-defined]
            "rows": rows,
            "filters": filters,
            "levels": Evaluation.Level.choices,
            "query": request.GET.urlencode(),
        },
    )


@requires("municipality.view")
def municipality_xlsx(request: HttpRequest) -> HttpResponse:
    rows = municipality_rows(request.municipality, **_filters(request))  # type: ignore[attr-defined, arg-type]
    content = write_xlsx(
        title="Организации муниципалитета",
        caption=f"{request.municipality.name}: наставничество в организациях",  # type: ignore[attr-defined]
        headers=XLSX_HEADERS,
        rows=[
            [
                row.organization.short_name,
                row.programme_status_label,
                row.level_label or "нет утверждённой оценки",
                row.level_total,
                f"{row.level_year}/{row.level_year + 1}" if row.level_year else "",
                float(row.coverage) if row.coverage is not None else None,
                row.pairs_working,
                row.overdue,
                row.last_monitoring,
            ]
            for row in rows
        ],
    )
    return xlsx_response(content, "Наставничество в организациях муниципалитета.xlsx")


@requires("municipality.view")
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = Organization.objects.filter(municipality=request.municipality, pk=pk).first()  # type: ignore[attr-defined]
    if organization is None:  # an organization of another municipality is not found, as an unknown one
        raise Http404("Нет такой организации в вашем муниципалитете.")
    context = {"organization": organization, **organization_aggregates(organization)}
    return render(request, "monitoring/coordinator/organization.html", context)
