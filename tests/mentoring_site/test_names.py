"""One way of naming people (mentoring_site.names): in full on pages, initials only under a signature."""

import pytest

from mentoring_site.names import full_name, is_initial, signature_name, signature_name_from_text
from participants.models import Person
from tests.factories import UserFactory


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("Демина", "Елена", "Ивановна"), "Демина Елена Ивановна"),
        (("  Демина ", " Елена", "Ивановна  "), "Демина Елена Ивановна"),
        (("Ковалёва", "Анна", ""), "Ковалёва Анна"),
        (("Демина", "Е.", "И."), "Демина Е.И."),
        (("Демина", "Е. И.", ""), "Демина Е.И."),
        (("", "", ""), ""),
    ],
)
def test_a_person_is_named_surname_name_patronymic(parts, expected):
    assert full_name(*parts) == expected


@pytest.mark.parametrize(
    ("part", "initial"), [("Е.", True), ("Е.И.", True), ("Е. И.", True), ("Ем", False), ("", False)]
)
def test_an_initial_is_told_from_a_name(part, initial):
    assert is_initial(part) is initial


def test_a_signature_has_the_initials_before_the_surname():
    assert signature_name("Демина", "Елена", "Ивановна") == "Е.И. Демина"
    assert signature_name("Демина", "Е.", "И.") == "Е.И. Демина"
    assert signature_name("Ковалёва", "Анна", "") == "А. Ковалёва"


@pytest.mark.parametrize(
    ("typed", "signed"),
    [
        ("Демина Е.И.", "Е.И. Демина"),
        ("Демина  Е. И.", "Е.И. Демина"),
        ("Демина Елена Ивановна", "Е.И. Демина"),
        ("Е.И. Демина", "Е.И. Демина"),
        ("Директор школы", "Директор школы"),
        ("", ""),
    ],
)
def test_a_name_typed_in_one_line_is_signed_with_initials(typed, signed):
    assert signature_name_from_text(typed) == signed


def test_an_account_and_a_card_with_the_same_name_read_the_same(db, org):
    user = UserFactory(last_name="Демина", first_name="Елена", patronymic=" Ивановна")
    card = Person(organization=org, last_name="Демина", first_name="Елена", patronymic=" Ивановна")
    assert user.full_name == card.full_name == str(user) == str(card) == "Демина Елена Ивановна"
    assert user.short_name == "Е.И. Демина"
