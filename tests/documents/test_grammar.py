"""Orders and the Положение put names and organizations in the case Russian needs (issue 11)."""

import re

import pytest
from django.utils import timezone

from documents.models import Order
from documents.order_kinds import order_draft
from organizations.models import Organization

pytestmark = pytest.mark.django_db


def _raw_pdf_text(pdf: bytes, tmp_path) -> str:
    """The PDF's text in the order it was written (``-raw``: a justified line of name spans stays in order)."""
    import subprocess

    path = tmp_path / "order.pdf"
    path.write_bytes(pdf)
    return " ".join(
        subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True).stdout.split()
    )


def _unquoted(text: str) -> str:
    return re.sub(r"[«»„“]", "", text)


DEMO = ("zhukovka", "staritsa", "sov-dar", "oosh-11", "sevcol")


def _text(draft) -> str:
    return " ".join([draft.title, draft.preamble, *draft.points])


@pytest.mark.parametrize("slug", DEMO)
@pytest.mark.parametrize("kind", [k for k, _ in Order.Kind.choices])
def test_every_order_kind_of_every_demo_organization_prints_as_russian(demo_documents, slug, kind, tmp_path):
    """The order made from the draft and printed: its PDF text reads as Russian."""
    from documents import services
    from documents.documents import order_pdf
    from tests.test_seed_documents import words_in

    organization = Organization.objects.get(slug=slug)
    today = timezone.localdate()
    draft = order_draft(kind, organization, today)
    director = organization.memberships.filter(role="director").select_related("user").first()
    order = services.order_create(
        organization=organization,
        actor=director.user,
        kind=kind,
        number=services.next_order_number(organization, today),
        date=today,
        title=draft.title or "О наставничестве",
        preamble=draft.preamble,
        points="\n".join(draft.points),
    )
    text = _raw_pdf_text(order_pdf(order), tmp_path)
    declined = organization.short_name_prepositional
    if declined != organization.short_name:  # «в Гимназия «Жуковка»» must never be printed
        assert not words_in(f"в {organization.short_name} ", text)
    if kind in (Order.Kind.IMPLEMENTATION, Order.Kind.CURATOR):
        assert words_in(
            f"в {declined}".replace("«", "").replace("»", ""),
            text.replace("«", "").replace("»", "").replace("„", "").replace("“", ""),
        )
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
