"""The pickers (mentoring_site.widgets): checkbox rows with full names, a search box for long lists,
and a refused form that keeps what was checked."""

import re

import pytest
from crispy_forms.utils import render_crispy_form
from django import forms
from django.contrib.auth import get_user_model

from mentoring_site.widgets import CheckboxPicker, SearchableSelect
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class PeopleForm(forms.Form):
    people = forms.ModelMultipleChoiceField(
        label="Ответственные", queryset=get_user_model().objects.none(), widget=CheckboxPicker
    )
    note = forms.CharField(label="Заметка")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = get_user_model().objects.order_by("last_name")


def _people(n):
    names = [("Демина", "Елена", "Ивановна"), ("Кузнецов", "Павел", "Игоревич"), ("Ёлкин", "Пётр", "Олегович")]
    names += [(f"Фамилия{i}", "Имя", "Отчество") for i in range(n - len(names))]
    return [UserFactory(last_name=last, first_name=first, patronymic=middle) for last, first, middle in names[:n]]


def _checked(html):
    return set(re.findall(r'<input type="checkbox"[^>]*value="(\d+)"[^>]*\bchecked\b', html))


def test_the_picker_is_a_checkbox_row_per_person_named_in_full():
    demina, kuznetsov, yolkin = _people(3)
    html = str(PeopleForm()["people"])
    assert "<select" not in html
    assert html.count('type="checkbox"') == 3
    for user in (demina, kuznetsov, yolkin):
        assert f">{user.full_name}</span>" in html
    assert "Демина Елена Ивановна" in html and "Е.И." not in html
    # The whole row is the label of its checkbox: a tap anywhere on the name checks it.
    assert re.search(r'<label class="picker-option"[^>]*>\s*<input type="checkbox"[^>]*id="id_people_0"', html)
    assert "required" not in html  # a «required» checkbox would have to be checked
    assert "data-picker-search" not in html  # three names need no search box


def test_a_refused_form_keeps_the_checked_rows_checked():
    people = _people(4)
    chosen = {str(people[1].pk), str(people[3].pk)}
    form = PeopleForm({"people": sorted(chosen), "note": ""})
    assert not form.is_valid() and "note" in form.errors
    html = render_crispy_form(form)
    assert _checked(html) == chosen
    assert "Обязательное поле." in html


def test_a_long_list_gets_a_search_box_and_the_count_of_the_chosen():
    people = _people(8)
    html = str(PeopleForm({"people": [people[0].pk, people[5].pk]})["people"])
    assert "data-picker-search" in html and 'placeholder="Найти: начните вводить"' in html
    assert "Выбрано: 2" in html
    assert 'class="picker-list"' in html  # scrolls inside its box (picker-list-short does not)


def test_the_legend_names_the_group_and_an_error_marks_it():
    _people(2)
    form = PeopleForm({"note": "Текст"})
    assert not form.is_valid()
    html = render_crispy_form(form)
    assert re.search(r"<fieldset[^>]*>\s*<legend[^>]*>\s*Ответственные", html)
    assert 'class="picker is-invalid"' in html and "Обязательное поле." in html


def test_grouped_choices_are_headed_groups():
    field = forms.MultipleChoiceField(
        choices=[("Дорожная карта", [("r:1", "Карта 2026")]), ("Локальный акт", [("a:2", "Положение")])],
        widget=CheckboxPicker,
    )
    html = field.widget.render("appendix", ["a:2"], attrs={"id": "id_appendix"})
    assert html.count('role="group"') == 2 and ">Локальный акт</div>" in html
    assert re.search(r'value="a:2" id="id_appendix_1_0" checked', html)


def test_a_long_single_select_gets_a_search_box_a_short_one_does_not():
    short = SearchableSelect(choices=[(str(i), f"Вариант {i}") for i in range(15)])
    long = SearchableSelect(choices=[(str(i), f"Вариант {i}") for i in range(16)])
    assert "data-picker-search" not in short.render("x", "1", attrs={"id": "id_x"})
    html = long.render("x", "3", attrs={"id": "id_x"})
    assert "data-picker-search" in html and 'aria-controls="id_x"' in html
    assert re.search(r'<option value="3" selected>', html)
