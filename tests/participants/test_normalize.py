import pytest

from participants.normalize import normalize_class, normalize_name, normalize_phone

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("9 «А»", "9А"),
        ("9-а", "9А"),
        ("9 а", "9А"),
        ("9А", "9А"),
        (" 11 ", "11"),
        ("09б", "9Б"),
        ("группа ТО-21", "группа ТО-21"),
    ],
)
def test_class_names_are_normalised(typed, expected):
    assert normalize_class(typed) == expected


def test_names_and_phones_are_normalised():
    assert normalize_name("  соловьёва ") == "Соловьёва"
    assert normalize_name("римский-корсаков") == "Римский-Корсаков"
    assert normalize_phone("8 (912) 345 67 89") == "+7 (912) 345-67-89"
    assert normalize_phone("доб. 123") == "доб. 123"
