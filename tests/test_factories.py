"""Every model of the project has a factory in tests/factories.py, and each factory makes a valid row."""

import inspect

import factory
import pytest
from django.apps import apps

from tests import factories

APPS = ["mentoring_site", "organizations", "programs", "participants", "pairing", "documents"]


def _factories():
    return {
        f._meta.model: f
        for _name, f in inspect.getmembers(factories, inspect.isclass)
        if issubclass(f, factory.django.DjangoModelFactory) and f._meta.model is not None
    }


def _models():
    return sorted(
        (
            m
            for label in APPS
            for m in apps.get_app_config(label).get_models()
            if not m.__name__.startswith("Historical")
        ),
        key=lambda m: m._meta.label,
    )


def test_every_model_has_a_factory():
    missing = [m._meta.label for m in _models() if m not in _factories()]
    assert not missing, f"Models without a factory: {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("model", _models(), ids=lambda m: m._meta.label)
def test_each_factory_makes_a_valid_row(model):
    row = _factories()[model]()
    row.full_clean()
    assert model.objects.filter(pk=row.pk).exists()
