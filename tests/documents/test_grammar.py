"""Orders and the Положение put names and organizations in the case Russian needs (issue 11)."""

import re

import pytest
from django.utils import timezone

from documents.models import Order
from documents.order_kinds import order_draft
from organizations.models import Organization

pytestmark = pytest.mark.django_db

DEMO = ("zhukovka", "staritsa", "sov-dar", "oosh-11", "sevcol")


def _text(draft) -> str:
    return " ".join([draft.title, draft.preamble, *draft.points])


@pytest.mark.parametrize("slug", DEMO)
@pytest.mark.parametrize("kind", [k for k, _ in Order.Kind.choices])
def test_every_order_kind_of_every_demo_organization_reads_as_russian(demo_documents, slug, kind):
    organization = Organization.objects.get(slug=slug)
    text = _text(order_draft(kind, organization, timezone.localdate()))
    declined = organization.short_name_prepositional
    if declined != organization.short_name:  # «в Гимназия «Жуковка»» must never be printed
        assert f"в {organization.short_name} " not in text
    if kind in (Order.Kind.IMPLEMENTATION, Order.Kind.CURATOR):
        assert f"в {declined}" in text
    assert not re.search(r"[«»]{3}|««|Утвердить «", text), text
    assert " :" not in text and " ," not in text


@pytest.mark.parametrize("slug", ["zhukovka", "sov-dar"])
def test_the_curator_is_appointed_in_the_accusative(demo_documents, slug):
    from organizations.roles import Role

    organization = Organization.objects.get(slug=slug)
    membership = organization.memberships.filter(role=Role.CURATOR).select_related("user").order_by("since", "pk")
    curator = membership.first().user
    text = _text(order_draft(Order.Kind.CURATOR, organization, timezone.localdate()))
    assert f"Назначить {curator.name_accusative}" in text
    assert curator.full_name not in text or curator.full_name == curator.name_accusative


def test_the_regulation_names_the_organization_in_the_prepositional(demo_documents):
    from documents.documents import regulation_text

    organization = Organization.objects.get(slug="zhukovka")
    text = regulation_text(organization)
    assert f"Положение о наставничестве в {organization.full_name_prepositional} (далее" in text
    assert "Муниципальном бюджетном общеобразовательном учреждении" in text


def test_the_sov_dar_orders_name_the_seeds_curator(demo_documents):
    """Seed 002: О.А. Сиваш is the curator, И.П. Цвиринько chairs the working group."""
    organization = Organization.objects.get(slug="sov-dar")
    text = _text(order_draft(Order.Kind.CURATOR, organization, timezone.localdate()))
    assert "Назначить Сиваш Ольгу Анатольевну, руководителя МО, куратором реализации программы наставничества" in text
    assert "Цвиринько" not in text


def test_the_colleges_orders_cite_the_teacher_systems_basis_not_r_145(demo_documents):
    """Seed 004 is a roadmap of the teacher system: its orders cite the letter of 21.12.2021 and ТК РФ ст. 351.8."""
    college = Organization.objects.get(slug="sevcol")
    text = _text(order_draft(Order.Kind.IMPLEMENTATION, college, timezone.localdate()))
    assert "статьёй 351.8 Трудового кодекса" in text and "АЗ-1128/08/657" in text
    assert "Р-145" not in text
    school = Organization.objects.get(slug="zhukovka")  # pupils' mentoring: Р-145
    assert "Р-145" in _text(order_draft(Order.Kind.IMPLEMENTATION, school, timezone.localdate()))
