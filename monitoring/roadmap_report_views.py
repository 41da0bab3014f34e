"""«Отчёт о выполнении дорожной карты»: per stage, activities done and overdue, with the chart and the overdue
ones by name; the same as XLSX."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from mentoring_site.xlsx import write_xlsx, xlsx_response
from organizations.access import requires
from programs.models import Activity

from . import charts
from .selectors import roadmap_progress


def _report(request: HttpRequest) -> dict:
    today = timezone.localdate()
    roadmap, stages = roadmap_progress(request.organization, today)  # type: ignore[attr-defined]
    overdue = (
        Activity.objects.filter(section__roadmap=roadmap)
        .overdue(today)
        .select_related("section")
        .order_by("due_date", "section__order", "order", "pk")
        if roadmap
        else Activity.objects.none()
    )
    totals = {key: sum(s[key] for s in stages) for key in ("total", "done", "overdue")}
    chart = (
        charts.stages([(s["section__title"], s["done"], s["overdue"], s["total"]) for s in stages]) if stages else None
    )
    return {
        "roadmap": roadmap,
        "stages": stages,
        "overdue": list(overdue),
        "totals": totals,
        "chart": chart,
        "today": today,
    }


@requires("roadmaps.overdue")
def roadmap_report(request: HttpRequest) -> HttpResponse:
    return render(request, "monitoring/roadmap_report.html", _report(request))


@requires("roadmaps.overdue")
def roadmap_report_xlsx(request: HttpRequest) -> HttpResponse:
    report = _report(request)
    rows = [[s["section__title"], s["total"], s["done"], s["overdue"]] for s in report["stages"]]
    rows.append(["Итого", report["totals"]["total"], report["totals"]["done"], report["totals"]["overdue"]])
    title = report["roadmap"].title if report["roadmap"] else "Дорожная карта не составлена"
    content = write_xlsx(
        title="Выполнение дорожной карты",
        caption=f"{title}: выполнение на {report['today']:%d.%m.%Y}",
        headers=["Этап", "Мероприятий", "Выполнено", "Просрочено"],
        rows=rows,
    )
    return xlsx_response(content, f"Выполнение дорожной карты {report['today']:%d.%m.%Y}.xlsx")
