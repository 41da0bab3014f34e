"""Forms of individual plans: the plan with its table of rows (a draft), the marks of an approved plan,
the return with a comment."""

from typing import Any

from django import forms

from participants.forms import DATE_WIDGET

from .models import IndividualPlan, Mentorship, PlanItem
from .plans import MAX_PLAN_ROWS, due_error


class PlanForm(forms.ModelForm):
    class Meta:
        model = IndividualPlan
        fields = ["kind", "deficits", "goals", "expected_results"]
        labels = {"deficits": "Дефициты и запросы", "goals": "Цели", "expected_results": "Ожидаемые результаты"}
        help_texts = {
            "kind": "Для педагога — карта ИОМ (утверждает директор), для обучающегося — персонализированная "
            "программа (утверждает куратор).",
            "deficits": "Один пункт на строке. Заполнено из запросов наставляемого.",
            "goals": "Одна цель на строке.",
        }
        widgets = {
            "deficits": forms.Textarea(attrs={"rows": 3}),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "expected_results": forms.Textarea(attrs={"rows": 3}),
        }


class PlanItemForm(forms.ModelForm):
    """A row: the goal it serves (a request), the task, the activity and its date within the pair's work."""

    class Meta:
        model = PlanItem
        fields = ["goal", "task", "activity", "due_on"]
        labels = {"goal": "Цель (запрос)", "activity": "Мероприятие", "due_on": "Срок"}
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 2}),
            "task": forms.Textarea(attrs={"rows": 2}),
            "activity": forms.Textarea(attrs={"rows": 2}),
            "due_on": DATE_WIDGET,
        }

    def __init__(self, *args: Any, mentorship: Mentorship, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mentorship = mentorship

    def clean_due_on(self):
        due_on = self.cleaned_data.get("due_on")
        if problem := due_error(self.mentorship, due_on):
            raise forms.ValidationError(problem[0].upper() + problem[1:])
        return due_on


class PlanRowFormSet(forms.BaseInlineFormSet):
    default_error_messages = {"too_many_forms": "В плане может быть не больше %(num)d строк."}

    def rows(self) -> list[dict[str, Any]]:
        """The rows to keep, in the table's order: filled, not marked «Удалить»."""
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.has_changed()
        ]


PlanItemFormSet = forms.inlineformset_factory(
    IndividualPlan,
    PlanItem,
    form=PlanItemForm,
    formset=PlanRowFormSet,
    fields=["goal", "task", "activity", "due_on"],
    extra=1,
    can_delete=True,
    can_delete_extra=False,
    max_num=MAX_PLAN_ROWS,
    absolute_max=MAX_PLAN_ROWS,
    validate_max=True,
)


def item_formset(
    plan: IndividualPlan, data: Any = None, *, template_rows: list[dict[str, Any]] | None = None
) -> PlanRowFormSet:
    """The table of a draft; a new plan shows the template rows (unchanged ones are not saved)."""
    formset = PlanItemFormSet(
        data,
        instance=plan,
        prefix="items",
        initial=template_rows or None,
        form_kwargs={"mentorship": plan.mentorship},
    )
    if template_rows:
        formset.extra = len(template_rows) + 1
    return formset


class ProgressForm(forms.Form):
    results = forms.CharField(
        label="Достигнутые результаты",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, items: list[PlanItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"status_{item.pk}"] = forms.ChoiceField(
                label="Статус", choices=PlanItem.Status.choices, initial=item.status
            )
            self.fields[f"evidence_{item.pk}"] = forms.CharField(
                label="Подтверждение",
                required=False,
                max_length=5000,
                initial=item.evidence,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self) -> list[tuple[PlanItem, Any, Any]]:
        return [(item, self[f"status_{item.pk}"], self[f"evidence_{item.pk}"]) for item in self.items]

    def marks(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {item.pk: (data[f"status_{item.pk}"], data[f"evidence_{item.pk}"]) for item in self.items}


class ReturnForm(forms.Form):
    comment = forms.CharField(label="Что исправить", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
