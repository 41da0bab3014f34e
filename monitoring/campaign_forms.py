"""The campaign form: the questionnaire, the dates, the linked activity, and who gets it."""

from datetime import timedelta
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone

from mentoring_site.widgets import CheckboxPicker, SearchableSelect
from pairing.models import Mentorship
from participants.forms import DATE_WIDGET
from participants.models import Person
from programs.models import MentoringForm, Programme

from .campaigns import (
    ROLE_CHOICES,
    Audience,
    activities_for_campaigns,
    class_choices,
    questionnaires_for_campaigns,
)


class QuestionnaireChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        owner = "стандартная" if obj.is_standard else f"версия {obj.version}"
        return f"{obj.title} ({owner})"


class PairChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.mentor.person.full_name} — {obj.form.name}"


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number} {obj.title[:120]}".strip()


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name_and_place


class CampaignForm(forms.Form):
    questionnaire = QuestionnaireChoiceField(label="Анкета", queryset=None, widget=SearchableSelect)
    title = forms.CharField(label="Название", max_length=255, required=False, help_text="Пусто — как у анкеты.")
    opens_on = forms.DateField(label="Начало сбора ответов", widget=DATE_WIDGET)
    closes_on = forms.DateField(
        label="Окончание сбора ответов",
        widget=DATE_WIDGET,
        help_text="Включительно. За два дня до окончания не ответившим придёт напоминание.",
    )
    programme = forms.ModelChoiceField(label="Программа", queryset=None, required=False)
    activity = ActivityChoiceField(
        label="Мероприятие дорожной карты",
        queryset=None,
        required=False,
        widget=SearchableSelect,
        help_text="Когда сбор ответов завершится, мероприятие будет отмечено выполненным.",
    )
    roles = forms.MultipleChoiceField(
        label="По роли", choices=ROLE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    mentorships = PairChoiceField(
        label="Пары и группы",
        queryset=None,
        required=False,
        widget=CheckboxPicker,
        help_text="Наставник и (или) наставляемые пары — по тому, для кого анкета; ссылка у каждого своя для пары.",
    )
    programmes = forms.ModelMultipleChoiceField(
        label="Участники пар программы", queryset=None, required=False, widget=CheckboxPicker
    )
    mentoring_forms = forms.ModelMultipleChoiceField(
        label="Участники пар формы наставничества", queryset=None, required=False, widget=CheckboxPicker
    )
    classes = forms.MultipleChoiceField(label="Классы", choices=(), required=False, widget=CheckboxPicker)
    people = PersonChoiceField(label="Выбрать вручную", queryset=None, required=False, widget=CheckboxPicker)

    AUDIENCE_FIELDS = ("roles", "mentorships", "programmes", "mentoring_forms", "classes", "people")

    def __init__(self, *args: Any, organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["opens_on"].initial = today
        self.fields["closes_on"].initial = today + timedelta(days=14)
        self.fields["questionnaire"].queryset = questionnaires_for_campaigns(organization)
        programmes = Programme.objects.filter(organization=organization).order_by("-start_year", "title")
        self.fields["programme"].queryset = programmes
        self.fields["programmes"].queryset = programmes
        self.fields["activity"].queryset = activities_for_campaigns(organization)
        self.fields["mentorships"].queryset = (
            Mentorship.objects.filter(organization=organization)
            .current()
            .select_related("mentor__person", "form")
            .order_by("mentor__person__last_name", "pk")
        )
        self.fields["mentoring_forms"].queryset = MentoringForm.objects.filter(
            Q(organization__isnull=True) | Q(organization=organization)
        ).order_by("organization", "name")
        self.fields["classes"].choices = [(name, name) for name in class_choices(organization)]
        self.fields["people"].queryset = Person.objects.filter(
            organization=organization, anonymized_at__isnull=True
        ).order_by("last_name", "first_name", "patronymic", "pk")

    def clean(self):
        data = super().clean()
        opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", "Окончание сбора ответов не может быть раньше начала.")
        if not any(data.get(name) for name in self.AUDIENCE_FIELDS):
            self.add_error("roles", "Выберите, кому отправить анкету: роль, пары, классы или людей.")
        return data

    def audience(self) -> Audience:
        data = self.cleaned_data
        return Audience(
            roles=list(data.get("roles") or []),
            mentorships=list(data.get("mentorships") or []),
            programmes=list(data.get("programmes") or []),
            forms=list(data.get("mentoring_forms") or []),
            classes=list(data.get("classes") or []),
            people=list(data.get("people") or []),
        )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "questionnaire": data["questionnaire"],
            "title": data["title"].strip() or data["questionnaire"].title,
            "opens_on": data["opens_on"],
            "closes_on": data["closes_on"],
            "programme": data.get("programme"),
            "activity": data.get("activity"),
            "audience": self.audience(),
        }
