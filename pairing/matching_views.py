"""Подбор: the «без пары» list, mentors ranked for one mentee, «Подобрать всем» with its editable
proposal, the organization's matching settings and the preferences after the general meeting.

The proposal is stateless: its rows travel in the POST (mentee, chosen mentor, kept or dropped).
"""

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from mentoring_site.dashboard import PanelContent
from mentoring_site.forms_flow import apply_validation_error, run_action, save_form
from mentoring_site.widgets import SearchableSelect
from organizations.access import requires
from participants.card import register_card_section
from participants.forms import DATE_WIDGET
from participants.models import MenteeProfile, MentorProfile, Person
from programs.deadlines import current_school_year
from programs.models import MentoringForm, RoleModel

from . import matching
from .models import MatchingCriterion, Preference


def _today() -> date:
    return timezone.localdate()


def _forms(request: HttpRequest) -> list[MentoringForm]:
    return list(MentoringForm.objects.available_to(request.organization))


def _form_of(request: HttpRequest, choices: list[MentoringForm], value: Any) -> MentoringForm | None:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return next((f for f in choices if f.pk == pk), None)


def _mentee(request: HttpRequest, pk: int) -> MenteeProfile:
    return get_object_or_404(
        MenteeProfile.objects.filter(person__organization=request.organization).select_related("person"), pk=pk
    )


def end_of_school_year(today: date) -> date:
    return date(current_school_year(today) + 1, 5, 31)


# --- «Без пары» and the forms ---------------------------------------------------------------------------


@requires("pairs.manage")
def matching_home(request: HttpRequest) -> HttpResponse:
    """Mentees of the base without a pair, each with «Подобрать», and «Подобрать всем» per form."""
    mentees = list(matching.unpaired_mentees(request.organization))
    form_list = _forms(request)
    per_form = [
        (form, sum(1 for m in mentees if m.consented and not form.refuses("mentee", m.person.kind)))
        for form in form_list
    ]
    return render(
        request,
        "pairing/matching/home.html",
        {"mentees": mentees, "per_form": per_form},
    )


# --- One mentee -----------------------------------------------------------------------------------------


@requires("pairs.manage")
def candidates(request: HttpRequest, pk: int) -> HttpResponse:
    mentee = _mentee(request, pk)
    allowed_forms = matching.forms_for_mentee(request.organization, mentee)
    form = _form_of(request, allowed_forms, request.GET.get("form")) or (allowed_forms[0] if allowed_forms else None)
    ranking = matching.rank(request.organization, form, mentee, today=_today()) if form else None
    create_url = reverse("pairing:create")
    rows = [
        (candidate, f"{create_url}?mentor={candidate.mentor.pk}&mentees={mentee.pk}&form={form.pk}")
        for candidate in (ranking.candidates if ranking and form else [])
    ]
    return render(
        request,
        "pairing/matching/candidates.html",
        {"mentee": mentee, "forms": allowed_forms, "form": form, "ranking": ranking, "rows": rows},
    )


# --- «Подобрать всем» -----------------------------------------------------------------------------------


class AcceptForm(forms.Form):
    started_on = forms.DateField(label="Начало работы пар", widget=DATE_WIDGET)
    planned_end_on = forms.DateField(label="Плановое окончание", widget=DATE_WIDGET, required=False)
    role_model = forms.ModelChoiceField(
        label="Ролевая модель", queryset=RoleModel.objects.none(), required=False, widget=SearchableSelect
    )

    def __init__(self, *args: Any, organization: Any, form: MentoringForm, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role_model"].queryset = RoleModel.objects.available_to(organization).filter(form=form)
        self.fields["role_model"].label_from_instance = lambda rm: rm.name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("started_on"), data.get("planned_end_on")
        if start and end and end < start:
            self.add_error("planned_end_on", "Плановое окончание раньше начала работы.")
        return data


def _posted_rows(request: HttpRequest) -> list[tuple[int, int | None, bool]]:
    """(mentee, chosen mentor, kept) of every row of the posted proposal; rubbish is dropped."""
    rows = []
    for value in request.POST.getlist("row"):
        try:
            mentee_id = int(value)
            mentor_id = int(request.POST.get(f"mentor_{mentee_id}", ""))
        except ValueError:
            continue
        rows.append((mentee_id, mentor_id, request.POST.get(f"keep_{mentee_id}") == "on"))
    return rows


def _proposal_again(request: HttpRequest, form: MentoringForm, posted: list[tuple[int, int | None, bool]]) -> Any:
    """The table as the curator left it: the same mentees, mentors and dropped rows."""
    mentees = {
        m.pk: m
        for m in MenteeProfile.objects.filter(
            person__organization=request.organization, pk__in=[r[0] for r in posted]
        ).select_related("person")
    }
    kept = [r for r in posted if r[0] in mentees]
    matrix, _refused = matching.matrix_for(request.organization, form, [mentees[r[0]] for r in kept], today=_today())
    assignment = []
    for i, (_mentee_id, mentor_id, _keep) in enumerate(kept):
        j = matrix.mentor_index(mentor_id) if mentor_id else None
        assignment.append(j if j is not None and matrix.allowed[i, j] else None)
    proposal = matching.proposal_of(matrix, assignment)
    dropped = {r[0] for r in kept if not r[2]}
    for row in proposal.rows:
        row.keep = row.mentee.pk not in dropped
    return proposal


def _options_html(proposal: Any) -> None:
    """Hundreds of rows × their best mentors: the <option>s as one string per row (each name escaped
    once per page), not a template loop of thousands of lookups."""
    names: dict[int, str] = {}
    for row in proposal.rows:
        parts = []
        for option in row.options:
            pk = option.mentor.pk
            if pk not in names:
                names[pk] = escape(option.mentor.person.full_name)
            selected = " selected" if pk == row.mentor.pk else ""
            parts.append(f'<option value="{pk}"{selected}>{names[pk]} — {option.score_label}</option>')
        row.options_html = mark_safe("".join(parts))  # noqa: S308 — every text in it is escaped above


@requires("pairs.manage")
def match_all(request: HttpRequest) -> HttpResponse:
    form_list = _forms(request)
    form = _form_of(request, form_list, request.POST.get("form") or request.GET.get("form"))
    if form is None:
        if request.method == "POST":
            messages.error(request, "Выберите форму наставничества.")
        return render(request, "pairing/matching/all.html", {"forms": form_list, "form": None})
    today = _today()
    accept_form = AcceptForm(
        request.POST or None,
        organization=request.organization,
        form=form,
        initial={"started_on": today, "planned_end_on": end_of_school_year(today)},
    )
    if request.method == "POST":
        posted = _posted_rows(request)
        rows = [(mentee_id, mentor_id) for mentee_id, mentor_id, keep in posted if keep and mentor_id]
        if accept_form.is_valid():
            data = accept_form.cleaned_data
            try:
                created = matching.accept(
                    organization=request.organization,
                    actor=request.user,
                    form=form,
                    rows=rows,
                    fields=matching.AcceptFields(
                        started_on=data["started_on"],
                        planned_end_on=data.get("planned_end_on"),
                        role_model=data.get("role_model"),
                    ),
                    today=today,
                )
            except ValidationError as error:
                apply_validation_error(accept_form, error)
            else:
                messages.success(
                    request, f"Сформировано: {matching.plural_pairs(len(created))} в статусе «Формируется»."
                )
                return redirect(f"{reverse('pairing:list')}?status=forming")
        messages.error(request, "Пары не сформированы: исправьте ошибки.")
        proposal = _proposal_again(request, form, posted)
    else:
        proposal = matching.propose(request.organization, form, today=today)
    _options_html(proposal)
    return render(
        request,
        "pairing/matching/all.html",
        {"forms": form_list, "form": form, "proposal": proposal, "accept_form": accept_form},
    )


# --- Settings -------------------------------------------------------------------------------------------


class SettingsForm(forms.Form):
    def __init__(self, *args: Any, criteria: dict[str, MatchingCriterion], pupil_only: tuple[str, ...], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.rows = []
        for key, criterion in criteria.items():
            label = MatchingCriterion.Key(key).label
            self.fields[f"weight_{key}"] = forms.IntegerField(
                label=f"{label}: вес",
                min_value=0,
                max_value=10,
                initial=criterion.weight,
                error_messages={
                    "min_value": "Вес не может быть отрицательным.",
                    "max_value": "Вес не больше 10.",
                    "invalid": "Вес — целое число от 0 до 10.",
                    "required": "Укажите вес (0 — часть не считается).",
                },
            )
            self.fields[f"required_{key}"] = forms.BooleanField(
                label="обязательно", required=False, initial=criterion.required
            )
            self.rows.append((key, label, key in pupil_only))

    def bound_rows(self) -> list[tuple[str, str, bool, Any, Any]]:
        return [
            (key, label, pupils, self[f"weight_{key}"], self[f"required_{key}"]) for key, label, pupils in self.rows
        ]

    def values(self) -> dict[str, tuple[int, bool]]:
        return {
            key: (self.cleaned_data[f"weight_{key}"], self.cleaned_data[f"required_{key}"]) for key, _l, _p in self.rows
        }


@requires("pairs.manage")
def matching_settings(request: HttpRequest) -> HttpResponse:
    form = SettingsForm(
        request.POST or None, criteria=matching.criteria(request.organization), pupil_only=matching.PUPIL_PARTS
    )
    saved = save_form(
        request,
        form,
        lambda _data: matching.criteria_save(
            organization=request.organization, actor=request.user, values=form.values()
        ),
        success="Настройки подбора сохранены.",
        next_url="pairing:matching-settings",
    )
    return saved or render(request, "pairing/matching/settings.html", {"form": form, "topics": matching.topics()})


# --- Preferences ----------------------------------------------------------------------------------------


class PreferenceForm(forms.Form):
    person = forms.ModelChoiceField(label="Кто выбирает", queryset=Person.objects.none(), widget=SearchableSelect)
    preferred = forms.ModelChoiceField(
        label="Кого предпочитает", queryset=Person.objects.none(), widget=SearchableSelect
    )

    def __init__(self, *args: Any, people: Any, mentor_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("person", "preferred"):
            self.fields[name].queryset = people
            self.fields[name].label_from_instance = lambda obj: (
                f"{obj.name_and_place} ({'наставник' if obj.pk in mentor_ids else 'наставляемый'})"
            )


def _people_of_bases(organization: Any) -> Any:
    in_mentors = MentorProfile.objects.filter(person__organization=organization).exclude(
        status=MentorProfile.Status.EXCLUDED
    )
    in_mentees = MenteeProfile.objects.filter(person__organization=organization, status=MenteeProfile.Status.ACTIVE)
    mentor_ids = set(in_mentors.values_list("person_id", flat=True))
    people = Person.objects.filter(organization=organization).filter(
        Q(pk__in=in_mentors.values("person_id")) | Q(pk__in=in_mentees.values("person_id"))
    )
    return people, mentor_ids


@requires("pairs.manage")
def preferences(request: HttpRequest) -> HttpResponse:
    """Stage 5: after the general meeting, whom each side would like as a partner (this school year)."""
    today = _today()
    try:
        year = int(request.GET.get("year", current_school_year(today)))
    except ValueError:
        year = current_school_year(today)
    people, mentor_ids = _people_of_bases(request.organization)
    form = PreferenceForm(request.POST or None, people=people, mentor_ids=mentor_ids)
    saved = save_form(
        request,
        form,
        lambda data: matching.preference_add(
            organization=request.organization, actor=request.user, school_year=year, **data
        ),
        success="Предпочтение записано.",
        next_url=lambda _p: f"{reverse('pairing:matching-preferences')}?year={year}",
    )
    if saved:
        return saved
    rows = list(
        Preference.objects.filter(organization=request.organization, school_year=year)
        .select_related("person", "preferred")
        .order_by("person__last_name", "person__first_name", "rank", "pk")
    )
    return render(
        request,
        "pairing/matching/preferences.html",
        {
            "form": form,
            "rows": rows,
            "year": year,
            "year_label": f"{year}/{year + 1}",
            "years": [year - 1, year, year + 1],
            "mentor_ids": mentor_ids,
        },
    )


@requires("pairs.manage")
@require_POST
def preference_delete(request: HttpRequest, pk: int) -> HttpResponse:
    preference = get_object_or_404(Preference.objects.filter(organization=request.organization), pk=pk)
    year = preference.school_year
    return run_action(
        request,
        lambda: matching.preference_delete(preference=preference, actor=request.user),
        success="Предпочтение удалено.",
        next_url=f"{reverse('pairing:matching-preferences')}?year={year}",
    )


# --- Hooks into other pages -----------------------------------------------------------------------------


@register_card_section(order=12)
def mentee_matching(request: HttpRequest, person: Person) -> PanelContent | None:
    """On a mentee's card (managers who form pairs): «Подобрать наставника»."""
    if not request.can("pairs.manage"):
        return None
    profile = MenteeProfile.objects.filter(person=person, status=MenteeProfile.Status.ACTIVE).first()
    if profile is None:
        return None
    return PanelContent(template="pairing/matching/_card_section.html", context={"mentee": profile}, width="col-12")


def pair_form_initial(request: HttpRequest) -> dict[str, Any]:
    """A new pair opened from «Подбор»: ?mentor=…&mentees=…&form=… prefill the form."""
    initial: dict[str, Any] = {}
    for name in ("mentor", "form"):
        if request.GET.get(name, "").isdigit():
            initial[name] = int(request.GET[name])
    mentees = [int(v) for v in request.GET.getlist("mentees") if v.isdigit()]
    if mentees:
        initial["mentees"] = mentees
    return initial


def pair_form_sides(form: forms.BaseForm) -> dict[str, Any]:
    """What the pair form shows beside itself: the chosen mentees' requests and the chosen mentor's
    «чем могу быть полезен» and competences (from the form's own choices: no query per person)."""

    def chosen(name: str) -> list[str]:
        value = form[name].value()
        values = value if isinstance(value, list | tuple) else [value]
        return [str(v) for v in values if v not in (None, "")]

    mentor_ids = set(chosen("mentor"))
    mentee_ids = set(chosen("mentees"))
    mentors = [m for m in form.fields["mentor"].queryset if str(m.pk) in mentor_ids] if mentor_ids else []
    mentees = [m for m in form.fields["mentees"].queryset if str(m.pk) in mentee_ids] if mentee_ids else []
    return {"side_mentor": mentors[0] if mentors else None, "side_mentees": mentees}
