"""The municipal coordinator's pages: the organizations of the municipality, one organization's aggregates,
the XLSX of the table. Counts, levels and shares only: never a person's data."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from mentoring_site.xlsx import write_xlsx, xlsx_response
from organizations.access import requires
from organizations.models import Organization

from .coordinator import SORTS, municipality_rows, organization_aggregates
from .models import Evaluation
from .scoring import MAX_TOTAL

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


def _organization(request: HttpRequest, pk: int) -> Organization:
    organization = Organization.objects.filter(municipality=request.municipality, pk=pk).first()  # type: ignore[attr-defined]
    if organization is None:  # an organization of another municipality is not found, as an unknown one
        raise Http404("Нет такой организации в вашем муниципалитете.")
    return organization


@requires("municipality.view")
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = _organization(request, pk)
    context = {"organization": organization, **organization_aggregates(organization)}
    return render(request, "monitoring/coordinator/organization.html", context)


ORGANIZATION_XLSX_HEADERS = ("Раздел", "Показатель", "Число", "Из", "Доля или пояснение")


@requires("municipality.view")
def organization_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The drill-down's tables in one sheet, section by section: the same aggregates as the page."""
    organization = _organization(request, pk)
    data = organization_aggregates(organization)
    rows: list[list[Any]] = [
        ["Показатели для региона", f.title, f.numerator, f.denominator, f.percent_text if f.denominator else ""]
        for f in data["figures"].figures
    ]
    rows += [
        ["Оценка эффективности", f"{e['year_label']} учебный год", e["total"], MAX_TOTAL,
         f"{e['level_label']}, утверждена {e['approved_on']:%d.%m.%Y}" if e["approved_on"] else e["level_label"]]
        for e in data["evaluations"]
    ]  # fmt: skip
    rows += [["Пары и группы по статусам", label, n, None, ""] for label, n in data["pairs"]]
    rows += [
        ["Дорожная карта по этапам", s["section__title"], s["done"], s["total"], f"просрочено: {s['overdue']}"]
        for s in data["progress"]
    ]
    rows += [
        ["Анкетирования", c["title"], c["n_responded"], c["n_total"],
         f"{c['opens_on']:%d.%m.%Y}–{c['closes_on']:%d.%m.%Y}"]
        for c in data["campaigns"]
    ]  # fmt: skip
    content = write_xlsx(
        title="Наставничество в организации",
        caption=f"{organization.short_name}: наставничество на {timezone.localdate():%d.%m.%Y}",
        headers=ORGANIZATION_XLSX_HEADERS,
        rows=rows,
    )
    return xlsx_response(content, f"Наставничество — {organization.short_name}.xlsx")
