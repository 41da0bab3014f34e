"""Pages of the efficiency evaluation (monitoring, stage 1): list, start, score, send, approve or return."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentoring_site.forms_flow import run_action, save_form
from mentoring_site.pdf import pdf_response
from mentoring_site.plural import ru_count
from mentoring_site.printing import standalone_pdf
from mentoring_site.xlsx import write_xlsx, xlsx_response
from organizations.access import requires

from . import charts, jobs, prefill, report_jobs
from . import evaluation as services
from .documents import REPORT, REPORT_STEPS, report_filename, report_title
from .evaluation_forms import EvaluationScoresForm, EvaluationStartForm, ReturnForm
from .models import Evaluation, ReportJob
from .scoring import LEVELS, MAX_TOTAL, indicators


def _evaluation(request: HttpRequest, pk: int) -> Evaluation:
    return get_object_or_404(
        Evaluation.objects.visible_to(request.user, request.organization).select_related(
            "programme", "approved_by", "organization"
        ),
        pk=pk,
    )


def _criteria(evaluation: Evaluation) -> list[dict[str, Any]]:
    """The nine indicators grouped by criterion, each with its stored score and comment."""
    stored = {row.number: row for row in evaluation.scores.all()}
    groups: list[dict[str, Any]] = []
    for indicator in indicators():
        if not groups or groups[-1]["criterion"] != indicator.criterion:
            groups.append({"criterion": indicator.criterion, "rows": []})
        groups[-1]["rows"].append({"indicator": indicator, "row": stored.get(indicator.number)})
    return groups


def evaluation_charts(evaluation: Evaluation, criteria: list[dict[str, Any]]) -> list[charts.Chart]:
    scores = [
        (item["indicator"].number, item["indicator"].text, item["row"].score if item["row"] else None)
        for group in criteria
        for item in group["rows"]
    ]
    result = [charts.indicator_bars(scores)]
    if evaluation.total is not None:
        bands = [(level.name, level.low, level.high) for level in LEVELS]
        result.insert(0, charts.level_bar(evaluation.total, bands, title=f"Итог: {evaluation.get_level_display()}"))
    return result


@requires("evaluations.view")
def evaluation_list(request: HttpRequest) -> HttpResponse:
    evaluations = (
        Evaluation.objects.visible_to(request.user, request.organization)
        .select_related("programme", "approved_by")
        .order_by("-school_year", "-pk")
    )
    approved = [e for e in evaluations if e.status == Evaluation.Status.APPROVED and e.total is not None]
    by_year = sorted({e.school_year: e for e in reversed(approved)}.values(), key=lambda e: e.school_year)
    years_chart = (
        charts.counts(
            [(f"{e.school_year_label}: {e.get_level_display()}", e.total) for e in by_year],
            title="Сумма баллов по учебным годам (из 18)",
            unit="Баллов",
        )
        if len(by_year) > 1
        else None
    )
    context = {"evaluations": evaluations, "levels": LEVELS, "max_total": MAX_TOTAL, "years_chart": years_chart}
    return render(request, "monitoring/evaluation/list.html", context)


@requires("evaluations.edit")
def evaluation_create(request: HttpRequest) -> HttpResponse:
    form = EvaluationStartForm(request.POST or None, organization=request.organization)

    def save(data: dict[str, Any]) -> Evaluation:
        return services.evaluation_create(
            programme=data["programme"],
            school_year=data["school_year"],
            actor=request.user,
            organization=request.organization,
        )

    done = save_form(
        request,
        form,
        save,
        success=lambda e: f"Оценка за {e.school_year_label} учебный год начата: поставьте баллы по девяти показателям.",
        next_url=lambda e: reverse("monitoring:evaluation-edit", kwargs={"pk": e.pk}),
    )
    return done or render(request, "monitoring/evaluation/start.html", {"form": form})


@requires("evaluations.view")
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    criteria = _criteria(evaluation)
    context = {
        "evaluation": evaluation,
        "criteria": criteria,
        "charts": evaluation_charts(evaluation, criteria),
        "levels": LEVELS,
        "max_total": MAX_TOTAL,
        "missing": services.missing_indicators(evaluation) if evaluation.is_editable else [],
        "return_form": ReturnForm(),
    }
    return render(request, "monitoring/evaluation/detail.html", context)


@requires("evaluations.edit")
def evaluation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    if not evaluation.is_editable:
        approved = evaluation.status == Evaluation.Status.APPROVED
        messages.error(request, services.APPROVED_READ_ONLY if approved else services.NOT_A_DRAFT)
        return redirect(evaluation)
    form = EvaluationScoresForm(request.POST or None, evaluation=evaluation)

    def save(data: dict[str, Any]) -> Evaluation:
        return services.evaluation_save_scores(
            evaluation=evaluation, actor=request.user, scores=form.scores(), conclusions=data["conclusions"]
        )

    done = save_form(request, form, save, success="Баллы сохранены.", next_url=evaluation)
    context = {"evaluation": evaluation, "form": form, "levels": LEVELS, "max_total": MAX_TOTAL}
    return done or render(request, "monitoring/evaluation/form.html", context)


@requires("evaluations.edit")
@require_POST
def evaluation_submit(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    return run_action(
        request,
        lambda: services.evaluation_submit(evaluation=evaluation, actor=request.user),
        success="Оценка отправлена директору на утверждение.",
        next_url=evaluation,
    )


@requires("evaluations.approve")
@require_POST
def evaluation_approve(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    return run_action(
        request,
        lambda: services.evaluation_approve(evaluation=evaluation, actor=request.user),
        success=lambda e: f"Оценка утверждена: {e.total} из {MAX_TOTAL} баллов, {e.get_level_display()}.",
        next_url=evaluation,
    )


@requires("evaluations.approve")
@require_POST
def evaluation_return(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    form = ReturnForm(request.POST)
    comment = form.data.get("comment", "")
    return run_action(
        request,
        lambda: services.evaluation_return(evaluation=evaluation, actor=request.user, comment=comment),
        success="Оценка возвращена куратору на доработку.",
        next_url=evaluation,
    )


@requires("evaluations.view")
def evaluation_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The информационная справка of the evaluation's school year, as a PDF made now; for a large programme
    the page where it is made in the background."""
    evaluation = _evaluation(request, pk)
    if report_jobs.in_background(evaluation):
        return redirect("monitoring:evaluation-report-job", pk=evaluation.pk)
    title = report_title(evaluation)
    pdf = standalone_pdf(REPORT.key, evaluation.organization, evaluation.pk, timezone.localdate(), title=title)
    if pdf is None:
        raise Http404
    return pdf_response(pdf, report_filename(evaluation))


@requires("evaluations.view")
def evaluation_report_job(request: HttpRequest, pk: int) -> HttpResponse:
    """The справка made in the background: «Сформировать», its progress by step (the page reloads itself while
    it runs), then the download."""
    evaluation = _evaluation(request, pk)
    job = report_jobs.latest(evaluation)
    stale = job is not None and report_jobs.is_stale(job)
    active = job is not None and report_jobs.is_active(job) and not stale
    participants = report_jobs.participant_count(evaluation)
    context = {
        "evaluation": evaluation,
        "job": job,
        "active": active,
        "stale": stale,
        "participants": participants,
        "in_background": report_jobs.in_background(evaluation, participants),
        "steps": [(number, label) for number, label in enumerate(REPORT_STEPS, start=1)],
        "title": report_title(evaluation),
        "stale_minutes": int(jobs.STALE_AFTER.total_seconds() // 60),
    }
    return render(request, "monitoring/evaluation/report_job.html", context)


@requires("evaluations.view")
@require_POST
def evaluation_report_make(request: HttpRequest, pk: int) -> HttpResponse:
    """«Сформировать справку»: queued for the worker (or the one under way is kept)."""
    evaluation = _evaluation(request, pk)
    return run_action(
        request,
        lambda: report_jobs.report_request(evaluation=evaluation, actor=request.user),
        success="Справка формируется: страница обновится сама, когда она будет готова.",
        next_url=reverse("monitoring:evaluation-report-job", kwargs={"pk": evaluation.pk}),
    )


@requires("evaluations.view")
def evaluation_report_file(request: HttpRequest, pk: int, job_pk: int) -> HttpResponse:
    """The справка a job made, only through this page (media is not public)."""
    evaluation = _evaluation(request, pk)
    job = evaluation.report_jobs.filter(pk=job_pk, status=ReportJob.Status.DONE).exclude(file="").first()
    if job is None:
        raise Http404("Справка ещё не готова или заменена новой.")
    try:
        with job.file.open("rb") as handle:
            pdf = handle.read()
    except FileNotFoundError as error:
        raise Http404("Файл справки не найден в хранилище.") from error
    return pdf_response(pdf, report_filename(evaluation))


@requires("evaluations.edit")
@require_POST
def evaluation_prefill(request: HttpRequest, pk: int) -> HttpResponse:
    """«Подсказать по анкетам»: suggestions beside the scores; the indicators not scored yet get them."""
    evaluation = _evaluation(request, pk)

    def said(found: list[Any]) -> str:
        if not found:
            return (
                "Подсказок нет: в этом учебном году нет ответов на итоговые анкеты, "
                "анкеты удовлетворённости и куратора."
            )
        return (
            f"Подсказки по анкетам: {ru_count(len(found), 'показатель', 'показателя', 'показателей')}. Проверьте баллы."
        )

    return run_action(
        request,
        lambda: prefill.evaluation_prefill(evaluation=evaluation, actor=request.user),
        success=said,
        next_url=reverse("monitoring:evaluation-edit", kwargs={"pk": evaluation.pk}),
    )


@requires("evaluations.view")
def evaluation_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The nine indicators with their scores and comments, the total and the level, as a table."""
    evaluation = _evaluation(request, pk)
    rows: list[list[Any]] = [
        [item["indicator"].number, group["criterion"], item["indicator"].text,
         item["row"].score if item["row"] else None, item["row"].comment if item["row"] else ""]
        for group in _criteria(evaluation)
        for item in group["rows"]
    ]  # fmt: skip
    rows.append(["", "", "Итого", evaluation.total, evaluation.get_level_display() if evaluation.level else ""])
    content = write_xlsx(
        title="Оценка эффективности",
        caption=f"{evaluation.organization.short_name}: оценка эффективности за {evaluation.school_year_label} уч. год",
        headers=["№", "Критерий", "Показатель", "Балл (0–2)", "Комментарий"],
        rows=rows,
    )
    return xlsx_response(content, f"Оценка эффективности {evaluation.school_year_label.replace('/', '-')}.xlsx")
