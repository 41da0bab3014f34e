from django import forms
from django.contrib.auth.forms import AuthenticationForm


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
