"""Forms of the questionnaire constructor: a questionnaire's settings, a section, a question with its options."""

from typing import Any

from django import forms
from django.db.models import Q

from programs.models import MentoringForm

from .builder import OptionRow, condition_choices
from .models import Option, Question, Questionnaire, Section


class QuestionnaireForm(forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ["title", "description", "audience", "purpose", "form", "anonymous", "mentors_see_results"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "description": "Его читают перед первым вопросом: зачем анкета и как её заполнять.",
            "anonymous": "Ответы не связываются с человеком: видна только доля ответивших и общая сводка.",
        }

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["form"].queryset = MentoringForm.objects.filter(
            Q(organization__isnull=True) | Q(organization=organization)
        )
        self.fields["form"].empty_label = "Любая форма"
        self.fields["title"].error_messages["required"] = "Назовите анкету."

    def _post_clean(self) -> None:
        """The service checks the rules and saves; the form only converts what was typed."""


class SectionForm(forms.Form):
    title = forms.CharField(label="Название раздела", max_length=255, error_messages={"required": "Назовите раздел."})
    description = forms.CharField(label="Пояснение", required=False, widget=forms.Textarea(attrs={"rows": 2}))


KIND_HINTS = {
    Question.Kind.SCALE: "Оценка числом: шкала от … до … с подписанными концами.",
    Question.Kind.SINGLE: "Один вариант из списка.",
    Question.Kind.MULTIPLE: "Несколько вариантов из списка.",
    Question.Kind.YES_NO: "Варианты «Да» и «Нет» создаются сами.",
    Question.Kind.TEXT: "Строка текста.",
    Question.Kind.LONG_TEXT: "Несколько строк текста.",
    Question.Kind.MATRIX: "Несколько утверждений, каждое — на одной шкале.",
    Question.Kind.PERSON: "Человек из базы организации (например, желаемый наставник).",
}


class QuestionForm(forms.Form):
    section = forms.ModelChoiceField(label="Раздел", queryset=Section.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label="Тип вопроса", choices=Question.Kind.choices)
    text = forms.CharField(
        label="Вопрос", widget=forms.Textarea(attrs={"rows": 2}), error_messages={"required": "Напишите текст вопроса."}
    )
    help_text = forms.CharField(label="Подсказка", max_length=500, required=False)
    required = forms.BooleanField(label="Обязательный вопрос", required=False, initial=True)
    scale_min = forms.IntegerField(label="Шкала: от", required=False, min_value=0, max_value=10)
    scale_max = forms.IntegerField(label="Шкала: до", required=False, min_value=0, max_value=10)
    min_label = forms.CharField(label="Подпись начала шкалы", max_length=100, required=False)
    max_label = forms.CharField(label="Подпись конца шкалы", max_length=100, required=False)
    code = forms.CharField(
        label="Параметр",
        max_length=64,
        required=False,
        help_text="Необязательно. Один код у вопросов входной и итоговой анкет сравнивает «до» и «после» "
        "(например, mentee.confidence).",
    )
    show_if = forms.TypedChoiceField(
        label="Показывать, только если выбран ответ",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Вариант ответа более раннего вопроса с выбором. Пусто — вопрос виден всегда.",
    )

    def __init__(self, *args: Any, questionnaire: Questionnaire, question: Question | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        self.fields["section"].queryset = questionnaire.sections.order_by("order", "pk")
        self.fields["show_if"].choices = [("", "— вопрос виден всегда —"), *condition_choices(questionnaire, question)]
        self.fields["scale_min"].error_messages.update(
            min_value="Шкала начинается с числа от 0 до 10.", max_value="Шкала начинается с числа от 0 до 10."
        )
        self.fields["scale_max"].error_messages.update(
            min_value="Шкала заканчивается числом от 0 до 10.", max_value="Шкала заканчивается числом от 0 до 10."
        )
        self.fields["kind"].widget.attrs["data-question-kind"] = ""

    def clean_show_if(self) -> Option | None:
        option_id = self.cleaned_data.get("show_if")
        if option_id is None:
            return None
        option = Option.objects.filter(pk=option_id, question__questionnaire=self.questionnaire).first()
        if option is None:
            raise forms.ValidationError("Выберите вариант ответа вопроса этой анкеты.")
        return option


class OptionForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    label = forms.CharField(label="Вариант", max_length=500, required=False)
    value = forms.CharField(
        label="Код",
        max_length=64,
        required=False,
        help_text="Латиницей; пусто — из текста варианта.",
    )


def option_formset(data: Any = None, question: Question | None = None) -> forms.BaseFormSet:
    """The options (statements of a matrix) of a question, and three empty rows to add more."""
    initial = []
    if question is not None and question.pk and question.kind != Question.Kind.YES_NO:
        initial = [{"id": o.pk, "label": o.label, "value": o.value} for o in question.options.order_by("order", "pk")]
    formset_class = forms.formset_factory(OptionForm, extra=3 if len(initial) < 8 else 1, max_num=60, validate_max=True)
    formset = formset_class(data, initial=initial, prefix="options")
    formset.error_messages = {**formset.error_messages, "too_many_forms": "Не больше 60 вариантов."}
    return formset


def option_rows(formset: forms.BaseFormSet) -> list[OptionRow]:
    return [
        {
            "id": form.cleaned_data.get("id"),
            "label": form.cleaned_data.get("label", ""),
            "value": form.cleaned_data.get("value", ""),
        }
        for form in formset.forms
        if form.cleaned_data.get("label")
    ]
