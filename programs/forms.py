from dataclasses import dataclass
from typing import Any

from django import forms

from mentoring_site.widgets import CheckboxPicker, SearchableSelect
from organizations.models import Organization
from organizations.roles import Role
from organizations.selectors import organization_people

from .models import (
    Activity,
    MentoringForm,
    ParticipantProfile,
    Programme,
    ProgrammeMechanism,
    ProgrammeResponsibility,
    ProgrammeStage,
    Roadmap,
    RoadmapSection,
    RoleModel,
    Stage,
    WorkingGroupMember,
)

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class OptionalOrderMixin:
    """The «порядок» field may be left empty: rows then keep the order in which they were added."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "order" in self.fields:
            self.fields["order"].required = False

    def clean_order(self):
        return self.cleaned_data.get("order") or 0


class RowForm(OptionalOrderMixin, forms.ModelForm):
    def has_changed(self) -> bool:
        """A row with only its «порядок» touched (or emptied) is an empty row, not an error."""
        return any(name != "order" for name in self.changed_data)


class PersonChoiceField(forms.ModelMultipleChoiceField):
    """Accounts of the organization as a checkbox picker; each named «Фамилия Имя Отчество» (User.__str__)."""

    widget = CheckboxPicker


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "title",
            "framework",
            "start_year",
            "period",
            "curator",
            *Programme.TEXT_SECTIONS,
            "forms",
            "role_models",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "curator": SearchableSelect,
            "forms": CheckboxPicker,
            "role_models": CheckboxPicker,
            **{name: forms.Textarea(attrs={"rows": 4}) for name in Programme.TEXT_SECTIONS},
        }

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "curator" in self.fields:
            self.fields["curator"].queryset = organization_people(organization, {Role.CURATOR})
            self.fields["curator"].empty_label = "— не назначен —"
        if "forms" in self.fields:
            self.fields["forms"].queryset = MentoringForm.objects.available_to(organization)
        if "role_models" in self.fields:
            self.fields["role_models"].queryset = RoleModel.objects.available_to(organization).select_related("form")
            self.fields["role_models"].label_from_instance = lambda rm: f"{rm.form.name}: {rm.name}"


@dataclass(frozen=True)
class ProgrammeStep:
    """One part of the programme form, saved on its own: fields of the programme and/or its tables."""

    slug: str
    title: str
    fields: tuple[str, ...] = ()
    formsets: tuple[str, ...] = ()

    def form_class(self) -> type[ProgrammeForm]:
        return forms.modelform_factory(Programme, form=ProgrammeForm, fields=self.fields)


# The steps follow the sections of the printed programme (seed 003).
PROGRAMME_STEPS = (
    ProgrammeStep("main", "Общие сведения", ("title", "framework", "start_year", "period", "curator")),
    ProgrammeStep(
        "explanatory",
        "1. Пояснительная записка",
        ("legal_basis", "introduction", "goal", "tasks", "expected_results", "terms"),
    ),
    ProgrammeStep("management", "2. Структура управления", formsets=("responsibilities",)),
    ProgrammeStep("stages", "3. Этапы реализации", formsets=("stages",)),
    ProgrammeStep("staffing", "4. Кадровые условия", ("staffing", "mentee_base", "mentor_base", "bases_note")),
    ProgrammeStep(
        "forms",
        "5. Формы наставничества",
        ("forms_description", "forms", "role_models"),
        formsets=("participant_profiles", "mechanism"),
    ),
    ProgrammeStep(
        "monitoring",
        "6–8. Мониторинг, критерии, поощрение",
        ("monitoring", "monitoring_results", "mentor_criteria", "incentives"),
    ),
)
STEPS_BY_SLUG = {step.slug: step for step in PROGRAMME_STEPS}


# A programme's table holds a few rows (seed 003: five stages, six lines of management). The bound keeps
# a forged «TOTAL_FORMS=100000» from building and drawing thousands of rows (Django's own cap is 2,000).
MAX_PROGRAMME_ROWS = 100


class ProgrammeRowFormSet(forms.BaseInlineFormSet):
    default_error_messages = {"too_many_forms": "В таблице может быть не больше %(num)d строк."}


def _table(model: type[Any], fields: list[str], rows: dict[str, int]) -> type[forms.BaseInlineFormSet]:
    """A growable table of the programme: empty rows skipped, at most ``MAX_PROGRAMME_ROWS`` rows (a
    forged row count is refused, not built), ``rows`` giving each text column's height."""
    return forms.inlineformset_factory(
        Programme,
        model,
        form=RowForm,
        formset=ProgrammeRowFormSet,
        max_num=MAX_PROGRAMME_ROWS,
        absolute_max=MAX_PROGRAMME_ROWS,
        validate_max=True,
        fields=[*fields, "order"],
        extra=1,
        can_delete=True,
        widgets={name: forms.Textarea(attrs={"rows": height}) for name, height in rows.items()},
    )


ResponsibilityFormSet = _table(ProgrammeResponsibility, ["directions", "deadline", "responsible"], {"directions": 3})
StageFormSet = _table(ProgrammeStage, ["title", "activities", "result"], {"activities": 3, "result": 2})
ParticipantProfileFormSet = _table(ParticipantProfile, ["mentor", "mentee"], {"mentor": 2, "mentee": 2})
MechanismFormSet = _table(ProgrammeMechanism, ["stage", "activities"], {"stage": 2, "activities": 3})

# The programme's tables, by the name the steps and ``services.programme_set_rows`` use.
PROGRAMME_FORMSETS: dict[str, tuple[type[forms.BaseInlineFormSet], str]] = {
    "responsibilities": (ResponsibilityFormSet, "Структура управления (кто что делает)"),
    "stages": (StageFormSet, "Этапы реализации программы"),
    "participant_profiles": (ParticipantProfileFormSet, "Характеристика участников"),
    "mechanism": (MechanismFormSet, "Механизм реализации (этапы и мероприятия)"),
}


class ApprovalForm(forms.Form):
    approval_date = forms.DateField(label="Дата утверждения", widget=DATE_WIDGET)
    approval_basis = forms.CharField(
        label="Основание",
        max_length=255,
        required=False,
        help_text="Например: Протокол педсовета № 8 от 28.09.2020 или приказ от 22.08.2022 № 16/1-О",
    )
    approver_position = forms.CharField(label="Должность в грифе", max_length=255, required=False)
    approver_name = forms.CharField(label="И.О. Фамилия в грифе", max_length=255, required=False)


class ReturnForm(forms.Form):
    comment = forms.CharField(label="Что исправить", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class RoadmapForm(forms.ModelForm):
    class Meta:
        model = Roadmap
        fields = ["title", "start_year", "programme", "framework", "layout", "introduction", "signed_by_name"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2}), "introduction": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.for_organization(organization).current()
        self.fields["programme"].empty_label = "— без программы —"


class RoadmapNewForm(forms.Form):
    class Source:
        TEMPLATE = "template"
        COPY = "copy"

    source = forms.ChoiceField(
        label="Основа",
        choices=[
            (Source.TEMPLATE, "Стандартный шаблон: семь этапов целевой модели"),
            (Source.COPY, "Копия прошлогодней"),
        ],
        widget=forms.RadioSelect,
        initial=Source.TEMPLATE,
    )
    start_year = forms.IntegerField(label="Учебный год (начало)", min_value=2019, max_value=2100)
    title = forms.CharField(label="Заголовок", max_length=500, required=False, help_text="Можно оставить пустым.")
    copy_from = forms.ModelChoiceField(
        label="Какую дорожную карту скопировать", queryset=Roadmap.objects.none(), required=False
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["copy_from"].queryset = Roadmap.objects.for_organization(organization).current()

    def clean(self):
        data = super().clean()
        if data.get("source") == self.Source.COPY and not data.get("copy_from"):
            self.add_error("copy_from", "Выберите дорожную карту, которую нужно скопировать.")
        return data


class SectionForm(OptionalOrderMixin, forms.ModelForm):
    stage = forms.ModelChoiceField(
        label="Этап целевой модели",
        queryset=Stage.objects.all(),
        required=False,
        empty_label="— не относится к одному этапу —",
        error_messages={"invalid_choice": "Такого этапа целевой модели нет: выберите один из семи."},
    )

    class Meta:
        model = RoadmapSection
        fields = ["number", "title", "stage", "task", "order"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2}), "task": forms.Textarea(attrs={"rows": 2})}


class ActivityForm(OptionalOrderMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "section",
            "number",
            "title",
            "content",
            "responsible",
            "responsible_users",
            "deadline",
            "result",
            "order",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "content": forms.Textarea(attrs={"rows": 3}),
            "responsible": forms.Textarea(attrs={"rows": 2}),
            "result": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"responsible_users": PersonChoiceField}

    def __init__(self, *args: Any, roadmap: Roadmap, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = roadmap.sections.all()
        self.fields["section"].empty_label = None
        self.fields["responsible_users"].queryset = organization_people(roadmap.organization)
        self.fields["title"].error_messages["required"] = "Опишите мероприятие."


class ActivityReportForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["status", "evidence_file", "evidence_url"]

    def clean_evidence_url(self):
        url = self.cleaned_data.get("evidence_url", "").strip()
        internal = url.startswith("/") and not url.startswith("//") and "\\" not in url
        if url and ("\\" in url or not (url.startswith(("https://", "http://")) or internal)):
            raise forms.ValidationError("Ссылка должна начинаться с https:// или с / (документ в системе).")
        return url

    def clean_evidence_file(self):
        file = self.cleaned_data.get("evidence_file")
        if file and hasattr(file, "size") and file.size > 20 * 1024 * 1024:
            raise forms.ValidationError("Файл больше 20 МБ. Сожмите его или дайте ссылку.")
        return file


class WorkingGroupMemberForm(OptionalOrderMixin, forms.ModelForm):
    class Meta:
        model = WorkingGroupMember
        fields = ["group_role", "full_name", "position", "user", "order"]
        widgets = {"user": SearchableSelect}

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = organization_people(organization)
        self.fields["user"].empty_label = "— нет учётной записи —"
        self.fields["full_name"].required = False  # taken from the account when one is chosen
        self.fields["full_name"].help_text = "Можно не заполнять, если выбрана учётная запись."
