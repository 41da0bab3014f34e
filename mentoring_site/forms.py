from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .names import is_initial


class LoginForm(AuthenticationForm):
    """Username or e-mail plus password."""

    username = forms.CharField(
        label="Логин или e-mail",
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": "Неверный логин (e-mail) или пароль. Проверьте раскладку клавиатуры и Caps Lock.",
        "inactive": "Эта учётная запись отключена. Обратитесь к администратору школы.",
    }


class FullNameFormMixin:
    """A form with ``first_name`` and ``patronymic`` refuses initials: pickers and lists name people in full."""

    cleaned_data: dict

    def _not_an_initial(self, field: str, example: str) -> str:
        value = " ".join((self.cleaned_data.get(field) or "").split())
        if value and is_initial(value):
            raise forms.ValidationError(
                f"Напишите полностью («{example}», а не «{example[0]}.»): в списках и при выборе людей "
                "везде полное ФИО. В документах инициалы подставятся сами."
            )
        return value

    def clean_first_name(self) -> str:
        return self._not_an_initial("first_name", "Елена")

    def clean_patronymic(self) -> str:
        return self._not_an_initial("patronymic", "Ивановна")


class CaseFieldsFormMixin:
    """A model form that shows its stored case forms (``CASE_FIELDS``) folded under «Склонение для
    документов» (templates/includes/form_with_cases.html)."""

    CASE_FIELDS: tuple[str, ...] = ()

    @property
    def case_errors(self) -> bool:
        return any(name in self.errors for name in self.CASE_FIELDS)  # type: ignore[attr-defined]
