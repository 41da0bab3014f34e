"""Writes of the organizations app (organizations.services), tested directly."""

import pytest

from organizations import services
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_the_organization_card_is_changed_and_audited(org, director):
    services.organization_update(organization=org, actor=director, short_name="Гимназия № 1", phone="+7 900 000-00-00")
    org.refresh_from_db()
    assert (org.short_name, org.phone) == ("Гимназия № 1", "+7 900 000-00-00")
    record = org.history.first()
    assert record.history_user == director and record.short_name == "Гимназия № 1"


def test_a_bad_e_mail_is_refused_and_nothing_is_saved(org, director):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.organization_update(organization=org, actor=director, email="не адрес")
    assert "email" in error.value.message_dict
    org.refresh_from_db()
    assert org.email == ""


@pytest.mark.parametrize(
    ("stored", "signed"),
    [
        ("Демина Е.И.", "Е.И. Демина"),
        ("Демина Е. И.", "Е.И. Демина"),
        ("Лукьяненко С.В.", "С.В. Лукьяненко"),
        ("Демина Елена Ивановна", "Е.И. Демина"),
        ("", ""),
    ],
)
def test_the_directors_name_is_printed_as_under_a_signature(db, stored, signed):
    assert OrganizationFactory(director_name=stored).director_signature == signed
