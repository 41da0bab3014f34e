"""Results of campaigns: the summary, who answered what, «до/после», and their Excel tables.

Who answered what is the curator's and the director's (``results.view``). A mentor (``results.own_pairs``)
reads the answers of their own pairs' mentees only where the questionnaire allows it
(``mentors_see_results``) and is not anonymous; an anonymous questionnaire has no page per person at all.
A campaign of another organization is not found (404); a role without either action gets 403.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from mentoring_site.pagination import paginate, query_without_page
from mentoring_site.xlsx import export_response
from organizations.access import check_permission, requires
from programs.deadlines import current_school_year
from programs.models import Programme

from . import charts
from . import dynamics as before_after
from .exports import CampaignAnswersExporter, CampaignSummaryExporter, DynamicsExporter
from .models import Campaign, Question, Response
from .results import (
    ROLE_LABELS,
    campaign_questions,
    campaign_results,
    mentors_may_see,
    open_answers,
    own_mentees,
    response_answers,
)

RESULTS_ACTIONS = ("results.view", "results.own_pairs")
MANAGERS_ONLY = "Ответы этой анкеты видят только куратор и директор."
ANONYMOUS = "Анкета анонимная: ответы не связаны с людьми, страницы по каждому ответившему нет."


def results_access(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """``results.view`` (the curator, the director) or ``results.own_pairs`` (a mentor): else 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not any(request.can(action) for action in RESULTS_ACTIONS):  # type: ignore[attr-defined]
            check_permission(request, RESULTS_ACTIONS[0])  # raises 403 with the project's message
        return view(request, *args, **kwargs)

    wrapper.permission = " | ".join(RESULTS_ACTIONS)  # type: ignore[attr-defined]
    return wrapper


@dataclass
class Access:
    """A campaign as the user may read it: everything (managers) or their own pairs' mentees (a mentor)."""

    campaign: Campaign
    people: Any = None  # person ids of a mentor's own mentees; None — everybody
    managers: bool = True


def _campaign(request: HttpRequest, pk: int, *, per_person: bool = False) -> Access:
    campaign = get_object_or_404(
        Campaign.objects.visible_to(request.user, request.organization).select_related(  # type: ignore[attr-defined]
            "questionnaire", "programme"
        ),
        pk=pk,
    )
    if per_person and campaign.questionnaire.anonymous:
        raise Http404(ANONYMOUS)
    if request.can("results.view"):  # type: ignore[attr-defined]
        return Access(campaign)
    if not mentors_may_see(campaign.questionnaire):
        raise PermissionDenied(MANAGERS_ONLY)
    return Access(campaign, own_mentees(request.user, request.organization), managers=False)  # type: ignore[attr-defined]


def _links(campaign: Campaign) -> dict[str, Any]:
    return {"campaign": campaign, "questionnaire": campaign.questionnaire}


@results_access
def results_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Итоги анкетирования: the response rate (all, per class, per pair) and every question's figures."""
    access = _campaign(request, pk)
    results = campaign_results_of(access)
    return render(
        request,
        "monitoring/results/campaign_results.html",
        {**_links(access.campaign), "results": results, "access": access},
    )


def campaign_results_of(access: Access) -> Any:
    return campaign_results(access.campaign, people=access.people, show_people=access.managers)


@results_access
def results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    access = _campaign(request, pk)
    return export_response(CampaignSummaryExporter(campaign_results_of(access), access.people))


@requires("results.view")
def answers_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The raw answers, one row per response (managers only; an anonymous questionnaire's name nobody)."""
    access = _campaign(request, pk)
    return export_response(CampaignAnswersExporter(access.campaign))


@results_access
def open_answers_page(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """«Показать все»: every open answer to one question, page by page."""
    access = _campaign(request, pk)
    question = next(
        (q for q in campaign_questions(access.campaign) if q.pk == question_pk and q.kind in Question.TEXTUAL), None
    )
    if question is None:
        raise Http404("В этом анкетировании нет такого открытого вопроса.")
    page = paginate(request, open_answers(access.campaign, question, access.people), 50)
    return render(
        request,
        "monitoring/results/open_answers.html",
        {**_links(access.campaign), "question": question, "page_obj": page, "query": query_without_page(request)},
    )


@results_access
def responses_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Кто что ответил: the responses of a campaign (a mentor: their own pairs' mentees, where allowed)."""
    access = _campaign(request, pk, per_person=True)
    responses = (
        Response.objects.filter(campaign=access.campaign)
        .select_related("person", "mentorship__mentor__person")
        .order_by("person__last_name", "person__first_name", "person__patronymic", "submitted_at", "pk")
    )
    if access.people is not None:
        responses = responses.filter(person_id__in=access.people)
    page = paginate(request, responses, 50)
    for response in page:
        response.role_label = ROLE_LABELS.get(response.role, "")
    return render(
        request,
        "monitoring/results/responses.html",
        {**_links(access.campaign), "page_obj": page, "query": query_without_page(request), "access": access},
    )


@results_access
def response_page(request: HttpRequest, pk: int, response_pk: int) -> HttpResponse:
    """One person's answers, question by question."""
    access = _campaign(request, pk, per_person=True)
    responses = Response.objects.filter(campaign=access.campaign).select_related("person", "mentorship__mentor__person")
    if access.people is not None:
        responses = responses.filter(person_id__in=access.people)
    response = get_object_or_404(responses, pk=response_pk)
    return render(
        request,
        "monitoring/results/response_detail.html",
        {
            **_links(access.campaign),
            "response": response,
            "role_label": ROLE_LABELS.get(response.role, ""),
            "sections": response_answers(response),
        },
    )


# --- «до/после» -----------------------------------------------------------------------------------------


class DynamicsFilter(forms.Form):
    year = forms.TypedChoiceField(
        label="Учебный год", coerce=int, required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    programme = forms.ModelChoiceField(
        label="Программа",
        queryset=Programme.objects.none(),
        required=False,
        empty_label="Все программы",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, organization: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, before_after.year_label(y)) for y in sorted(years, reverse=True)]
        self.fields["programme"].queryset = Programme.objects.for_organization(organization).order_by("title", "pk")  # type: ignore[attr-defined]


def _dynamics(request: HttpRequest) -> tuple[DynamicsFilter, before_after.Dynamics]:
    organization = request.organization  # type: ignore[attr-defined]
    years = before_after.school_years(organization)
    default_year = years[0] if years else current_school_year()
    if default_year not in years:
        years.append(default_year)
    form = DynamicsFilter(request.GET or None, organization=organization, years=years)
    year, programme = default_year, None
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"] or default_year
        programme = form.cleaned_data["programme"]
    elif not form.is_bound:
        form = DynamicsFilter(initial={"year": default_year}, organization=organization, years=years)
    return form, before_after.dynamics(organization, school_year=year, programme=programme, mentor=_mentor(request))


def _years(request: HttpRequest, result: before_after.Dynamics) -> list[before_after.YearRow]:
    """Year over year: the organization's, for those who see all its results; nothing for a mentor."""
    if _mentor(request) is not None:
        return []
    return before_after.years_over(request.organization, programme=result.programme)  # type: ignore[attr-defined]


def _mentor(request: HttpRequest) -> Any:
    """A mentor sees their own pairs' dynamics; the curator and the director everyone's (None)."""
    return None if request.can("results.view") else request.user  # type: ignore[attr-defined]


@results_access
def dynamics_page(request: HttpRequest) -> HttpResponse:
    """«До/после»: parameters measured before and after, per pair or group, per form, for the programme, per
    mentee."""
    form, result = _dynamics(request)
    years = _years(request, result)
    years_chart = (
        charts.shares(
            [(y.label, y.positive, y.measured) for y in years],
            title="Наставляемые с положительной динамикой по учебным годам",
            part="С положительной динамикой",
            whole="С двумя замерами",
        )
        if years
        else None
    )
    return render(
        request,
        "monitoring/results/dynamics.html",
        {
            "form": form,
            "result": result,
            "charts": before_after.before_after_charts(result),
            "years": years,
            "years_chart": years_chart,
            "nothing": before_after.NOTHING_TO_COMPARE,
            "query": request.GET.urlencode(),
        },
    )


@results_access
def dynamics_xlsx(request: HttpRequest) -> HttpResponse:
    _form, result = _dynamics(request)
    years = _years(request, result)
    return export_response(DynamicsExporter(result, request.organization.short_name, years))  # type: ignore[attr-defined]
