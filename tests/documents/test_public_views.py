"""The five seed documents are held as data and print as documents a director would sign.

The expected texts come from the demo fixture (converted once from ../shared/seeds) and from
the seed wording quoted in the issue; PDFs are checked by extracting their text with pdftotext.
"""

import json

import pytest
from django.conf import settings
from django.urls import reverse

from documents.models import Order
from programs.models import DocumentStatus, Programme, Roadmap

pytestmark = pytest.mark.django_db

SEEDS = json.loads((settings.BASE_DIR / "fixtures" / "demo" / "seed_documents.json").read_text(encoding="utf-8"))


def test_the_public_page_shows_approved_documents_and_nothing_personal(client, demo_documents):
    html = client.get(reverse("public:page", args=["zhukovka"])).content.decode()
    assert "Приказ от 22.08.2022 № 16/1-О" in html
    assert "Положение о наставничестве в Гимназии «Жуковка»" in html
    draft = Roadmap.objects.filter(organization__slug="staritsa").exclude(status=DocumentStatus.APPROVED).get()
    assert draft.title not in client.get(reverse("public:page", args=["staritsa"])).content.decode()
    assert "Лебедева" not in html  # no names of people on the public page
    order = Order.objects.get(number="16/1-О")
    pdf = client.get(reverse("public:document", args=["zhukovka", "order", order.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"%PDF" in pdf.content[:8]


def test_the_public_page_never_serves_drafts_or_other_organizations(client, demo_documents):
    programme = Programme.objects.get(organization__slug="staritsa")  # on review, not approved
    assert client.get(reverse("public:document", args=["staritsa", "programme", programme.pk])).status_code == 404
    roadmap = Roadmap.objects.get(organization__slug="oosh-11")  # approved, but of ООШ №11
    assert client.get(reverse("public:document", args=["zhukovka", "roadmap", roadmap.pk])).status_code == 404
    assert client.get(reverse("public:document", args=["oosh-11", "roadmap", roadmap.pk])).status_code == 200
    assert client.get(reverse("public:document", args=["oosh-11", "secret", roadmap.pk])).status_code == 404
    assert client.get(reverse("public:page", args=["no-such-school"])).status_code == 404


def test_uploaded_act_files_are_downloads_not_pages(client, demo_documents):
    from django.core.files.base import ContentFile

    from documents.models import LocalAct

    act = LocalAct.objects.get(organization__slug="zhukovka")
    act.body = ""
    act.file.save("polozhenie.pdf", ContentFile(b"%PDF-1.4 scan"), save=True)
    response = client.get(reverse("public:document", args=["zhukovka", "act", act.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"
