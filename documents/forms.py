from typing import Any

from django import forms
from django.utils.html import format_html

from mentoring_site.widgets import CheckboxPicker, SearchableSelect
from organizations.models import Organization
from participants.models import Person
from programs.forms import DATE_WIDGET, PersonChoiceField

from .models import LocalAct, Order

# Latin letters that look like Russian ones: «45-o» typed beside «45-О».
LOOKALIKE_LATIN = "AaBCcEeHKkMOoPpTXxy"


class LocalActForm(forms.ModelForm):
    class Meta:
        model = LocalAct
        fields = ["kind", "title", "number", "date", "body", "file"]
        widgets = {"date": DATE_WIDGET, "body": forms.Textarea(attrs={"rows": 16})}


class OrderForm(forms.ModelForm):
    class Meta:
        model = Order
        fields = [
            "kind",
            "number",
            "date",
            "place",
            "title",
            "preamble",
            "points",
            "signer_position",
            "signer_name",
            "acquainted_people",
        ]
        widgets = {
            "date": DATE_WIDGET,
            "title": forms.Textarea(attrs={"rows": 2}),
            "preamble": forms.Textarea(attrs={"rows": 4}),
            "points": forms.Textarea(attrs={"rows": 10}),
        }
        field_classes = {"acquainted_people": PersonChoiceField}

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        staff = Person.objects.for_organization(organization).filter(
            kind__in=(Person.Kind.TEACHER, Person.Kind.STAFF), anonymized_at__isnull=True
        )
        self.fields["acquainted_people"].queryset = staff.order_by("last_name", "first_name", "patronymic", "pk")
        self.fields["acquainted_people"].required = False
        self.fields[
            "acquainted_people"
        ].help_text = "Сотрудники организации из базы участников — с учётной записью и без."
        self.fields["number"].help_text = "Следующий свободный номер предложен в формате ваших приказов."
        place_help = "Населённый пункт под датой и номером («г. Жуковка»); пусто — из адреса организации."
        self.fields["place"].help_text = place_help

    def clean_number(self) -> str:
        number = " ".join((self.cleaned_data.get("number") or "").split())
        latin = sorted(set(LOOKALIKE_LATIN) & set(number))
        if latin and any("а" <= ch.lower() <= "я" or ch in "ёЁ" for ch in number + "".join(self._known_suffixes())):
            raise forms.ValidationError(
                f"В номере латинская буква «{latin[0]}» рядом с русскими: наберите её русской раскладкой "
                "(«45-О», а не «45-O»)."
            )
        return number

    def _known_suffixes(self) -> list[str]:
        """The organization's other numbers: a Latin «О» where they have a Russian one is a typo."""
        return list(Order.objects.for_organization(self.organization).values_list("number", flat=True)[:50])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        number, date = data.get("number"), data.get("date")
        if number and date:
            clash = Order.objects.filter(organization=self.organization, year=date.year, number=number.strip())
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("number", f"Приказ № {number} за {date.year} год уже зарегистрирован.")
        return data


class OrderKindForm(forms.Form):
    kind = forms.ChoiceField(label="Вид приказа", choices=Order.Kind.choices)


class AppendixForm(forms.Form):
    """One more appendix for a draft order: any printable document of the organization."""

    document = forms.ChoiceField(label="Документ", widget=SearchableSelect(attrs={"class": "form-select"}))

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = choices
        self.fields["document"].error_messages["invalid_choice"] = "Выберите документ из списка."


class AppendicesForm(forms.Form):
    """The documents a new order attaches, grouped by kind; one not yet approved says why."""

    appendix = forms.MultipleChoiceField(
        label="Приложения к приказу",
        required=False,
        widget=CheckboxPicker,
        help_text="Приложения печатаются в PDF приказа, каждое со своей страницы. "
        "Подписать приказ можно, когда утверждены все приложенные документы.",
        error_messages={"invalid_choice": "Такого документа для приложения нет: выберите из списка."},
    )

    def __init__(self, *args: Any, groups: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["appendix"].choices = [
            (group["label"], [(option["value"], self._label(option)) for option in group["options"]])
            for group in groups
        ]

    @staticmethod
    def _label(option: dict[str, Any]) -> str:
        if option["final"]:
            return option["title"]
        return format_html('{} <span class="badge text-bg-warning">{}</span>', option["title"], option["why"])
