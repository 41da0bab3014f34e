"""Pages of the questionnaire constructor («Анкеты»): the list, the preview with the constructor's buttons, the
organization's copy of a standard original, settings, sections, questions, versions, archive, the paper blank.

Users: the curator and the director. Standard originals are read-only (403 with the reason on any change);
another organization's questionnaire is not found (404)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mentoring_site.forms_flow import apply_validation_error, confirm_page, run_action
from mentoring_site.pdf import pdf_response
from mentoring_site.plural import ru_count
from organizations.access import requires

from . import builder
from .builder_documents import blank_pdf
from .builder_forms import KIND_HINTS, QuestionForm, QuestionnaireForm, SectionForm, option_formset, option_rows
from .models import Question, Questionnaire, Section


def _questionnaire(request: HttpRequest, pk: int) -> Questionnaire:
    return get_object_or_404(builder.questionnaires_for(request.organization).select_related("form", "source"), pk=pk)


def _section(request: HttpRequest, pk: int) -> Section:
    return get_object_or_404(
        Section.objects.filter(questionnaire__in=builder.questionnaires_for(request.organization)).select_related(
            "questionnaire"
        ),
        pk=pk,
    )


def _question(request: HttpRequest, pk: int) -> Question:
    return get_object_or_404(
        Question.objects.filter(questionnaire__in=builder.questionnaires_for(request.organization)).select_related(
            "questionnaire", "section"
        ),
        pk=pk,
    )


def _direction(direction: str) -> None:
    if direction not in ("up", "down"):
        raise Http404("Нет такого направления.")


def _editable(questionnaire: Questionnaire) -> None:
    """A forged change of a standard original: 403 with the reason."""
    if questionnaire.is_standard:
        raise PermissionDenied(builder.STANDARD_READ_ONLY)


def _after_edit(request: HttpRequest, edited: builder.Edited, done: str = "Изменения сохранены") -> HttpResponse:
    if edited.new_version:
        messages.warning(request, builder.version_message(edited, done))
    else:
        messages.success(request, f"{done}.")
    anchor = ""
    if isinstance(edited.obj, Question):
        anchor = f"#question-{edited.obj.pk}"
    elif isinstance(edited.obj, Section):
        anchor = f"#section-{edited.obj.pk}"
    return redirect(edited.questionnaire.get_absolute_url() + anchor)


# --- The list and the preview -------------------------------------------------------------------------------


@requires("questionnaires.view")
def questionnaire_list(request: HttpRequest) -> HttpResponse:
    archived = request.GET.get("archived") == "1"
    rows = builder.list_rows(request.organization, archived=archived)
    return render(request, "monitoring/builder/questionnaire_list.html", {**rows, "archived": archived})


@requires("questionnaires.view")
def questionnaire_detail(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk)
    versions = builder.versions_of(questionnaire)
    latest = versions[-1] if versions else questionnaire
    is_latest = latest.pk == questionnaire.pk
    may_edit = (
        not questionnaire.is_standard
        and is_latest
        and not questionnaire.is_archived
        and request.can("questionnaires.edit")  # type: ignore[attr-defined]
    )
    context = {
        "questionnaire": questionnaire,
        "sections": builder.structure(questionnaire),
        "versions": versions,
        "latest": latest,
        "is_latest": is_latest,
        "may_edit": may_edit,
        "may_copy": request.can("questionnaires.edit"),  # type: ignore[attr-defined]
        "will_version": may_edit and builder.needs_new_version(questionnaire),
        "kinds": [(value, label, KIND_HINTS[value]) for value, label in Question.Kind.choices],
    }
    return render(request, "monitoring/builder/questionnaire_detail.html", context)


@requires("questionnaires.view")
def questionnaire_print(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk)
    pdf = blank_pdf(questionnaire, request.organization)
    return pdf_response(pdf, f"{questionnaire.title}.pdf")


# --- Copy, create, settings, archive --------------------------------------------------------------------------


@requires("questionnaires.edit")
@require_POST
def questionnaire_copy(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk)
    return run_action(
        request,
        lambda: builder.questionnaire_copy(
            questionnaire=questionnaire, organization=request.organization, actor=request.user
        ),
        success="Копия для организации создана: её можно изменять, стандартная анкета осталась как была.",
        next_url=lambda copy: copy or questionnaire,
    )


def _settings_page(request: HttpRequest, form: QuestionnaireForm, questionnaire: Questionnaire | None) -> HttpResponse:
    return render(request, "monitoring/builder/questionnaire_form.html", {"form": form, "questionnaire": questionnaire})


@requires("questionnaires.edit")
def questionnaire_create(request: HttpRequest) -> HttpResponse:
    form = QuestionnaireForm(request.POST or None, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        try:
            created = builder.questionnaire_create(
                organization=request.organization, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Анкета создана. Добавьте в неё вопросы.")
            return redirect(created)
    if request.method == "POST":
        messages.error(request, "Исправьте ошибки в форме.")
    return _settings_page(request, form, None)


@requires("questionnaires.edit")
def questionnaire_edit(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk)
    _editable(questionnaire)
    form = QuestionnaireForm(request.POST or None, instance=questionnaire, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        try:
            edited = builder.questionnaire_update(questionnaire=questionnaire, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return _after_edit(request, edited)
    if request.method == "POST":
        messages.error(request, "Исправьте ошибки в форме.")
    return _settings_page(request, form, questionnaire)


@requires("questionnaires.edit")
@require_POST
def questionnaire_archive(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk)
    _editable(questionnaire)
    archived = not questionnaire.is_archived
    return run_action(
        request,
        lambda: builder.questionnaire_archive(questionnaire=questionnaire, actor=request.user, archived=archived),
        success="Анкета перенесена в архив: её ответы сохранены." if archived else "Анкета возвращена из архива.",
        next_url=questionnaire,
    )


# --- Sections -----------------------------------------------------------------------------------------------


def _section_page(request, form, questionnaire, section=None):
    context = {"form": form, "questionnaire": questionnaire, "section": section}
    return render(request, "monitoring/builder/section_form.html", context)


def _save_section(request, form, questionnaire, section=None):
    if request.method == "POST" and form.is_valid():
        try:
            edited = builder.section_save(
                questionnaire=questionnaire, actor=request.user, section=section, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return _after_edit(request, edited, "Раздел сохранён")
    if request.method == "POST":
        messages.error(request, "Исправьте ошибки в форме.")
    return _section_page(request, form, questionnaire, section)


@requires("questionnaires.edit")
def section_create(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk)
    _editable(questionnaire)
    return _save_section(request, SectionForm(request.POST or None), questionnaire)


@requires("questionnaires.edit")
def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    section = _section(request, pk)
    _editable(section.questionnaire)
    form = SectionForm(request.POST or None, initial={"title": section.title, "description": section.description})
    return _save_section(request, form, section.questionnaire, section)


@requires("questionnaires.edit")
def section_delete(request: HttpRequest, pk: int) -> HttpResponse:
    section = _section(request, pk)
    questionnaire = section.questionnaire
    _editable(questionnaire)
    if request.method != "POST":
        count = section.questions.count()
        questions = f"{ru_count(count, 'вопрос', 'вопроса', 'вопросов')} в нём" if count else "в нём нет вопросов"
        losses = [f"Раздел «{section.title}»: {questions}."]
        if builder.needs_new_version(questionnaire):
            losses.append(
                f"Раздел будет удалён в новой версии {questionnaire.version + 1}; версия {questionnaire.version} "
                "с её ответами останется как была."
            )
        return confirm_page(
            request,
            title="Удалить раздел?",
            warning="Раздел будет удалён вместе с вопросами.",
            losses=losses,
            confirm="Удалить раздел",
            cancel_url=questionnaire.get_absolute_url(),
        )
    try:
        edited = builder.section_delete(section=section, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(questionnaire)
    return _after_edit(request, edited, "Раздел удалён")


@requires("questionnaires.edit")
@require_POST
def section_move(request: HttpRequest, pk: int, direction: str) -> HttpResponse:
    _direction(direction)
    section = _section(request, pk)
    _editable(section.questionnaire)
    try:
        edited = builder.section_move(section=section, actor=request.user, up=direction == "up")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(section.questionnaire)
    return _after_edit(request, edited, "Порядок разделов изменён")


# --- Questions ----------------------------------------------------------------------------------------------


def _question_page(request, form, formset, questionnaire, question=None):
    context = {
        "form": form,
        "formset": formset,
        "questionnaire": questionnaire,
        "question": question,
        "kind_hints": KIND_HINTS,
    }
    return render(request, "monitoring/builder/question_form.html", context)


def _save_question(request, questionnaire, question=None, initial=None):
    form = QuestionForm(request.POST or None, questionnaire=questionnaire, question=question, initial=initial)
    formset = option_formset(request.POST or None, question)
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            try:
                edited = builder.question_save(
                    questionnaire=questionnaire,
                    actor=request.user,
                    question=question,
                    options=option_rows(formset),
                    **form.cleaned_data,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                return _after_edit(request, edited, "Вопрос сохранён")
        messages.error(request, "Исправьте ошибки в форме.")
    return _question_page(request, form, formset, questionnaire, question)


@requires("questionnaires.edit")
def question_create(request: HttpRequest, pk: int) -> HttpResponse:
    section = _section(request, pk)
    _editable(section.questionnaire)
    kind = request.GET.get("kind")
    initial: dict[str, Any] = {"section": section.pk, "required": True}
    if kind in Question.Kind.values:
        initial["kind"] = kind
    if kind in (None, Question.Kind.SCALE, Question.Kind.MATRIX):
        initial.update(scale_min=1, scale_max=10, min_label="совсем нет", max_label="в полной мере")
    return _save_question(request, section.questionnaire, None, initial)


@requires("questionnaires.edit")
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    _editable(question.questionnaire)
    initial = {
        "section": question.section_id,
        "kind": question.kind,
        "text": question.text,
        "help_text": question.help_text,
        "required": question.required,
        "scale_min": question.scale_min,
        "scale_max": question.scale_max,
        "min_label": question.min_label,
        "max_label": question.max_label,
        "code": question.code,
        "show_if": question.show_if_id,
    }
    return _save_question(request, question.questionnaire, question, initial)


@requires("questionnaires.edit")
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    questionnaire = question.questionnaire
    _editable(questionnaire)
    if request.method != "POST":
        losses = [f"Вопрос «{question.text}»."]
        if builder.needs_new_version(questionnaire):
            losses.append(
                f"Вопрос будет удалён в новой версии {questionnaire.version + 1}; ответы на версию "
                f"{questionnaire.version} сохранятся без изменений."
            )
        return confirm_page(
            request,
            title="Удалить вопрос?",
            warning="Вопрос будет удалён из анкеты.",
            losses=losses,
            confirm="Удалить вопрос",
            cancel_url=questionnaire.get_absolute_url() + f"#question-{question.pk}",
        )
    try:
        edited = builder.question_delete(question=question, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(questionnaire)
    return _after_edit(request, edited, "Вопрос удалён")


@requires("questionnaires.edit")
@require_POST
def question_move(request: HttpRequest, pk: int, direction: str) -> HttpResponse:
    _direction(direction)
    question = _question(request, pk)
    _editable(question.questionnaire)
    try:
        edited = builder.question_move(question=question, actor=request.user, up=direction == "up")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("monitoring:questionnaire-detail", kwargs={"pk": question.questionnaire_id}))
    return _after_edit(request, edited, "Порядок вопросов изменён")
