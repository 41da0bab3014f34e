import pytest
from django.urls import reverse

from programs import services
from programs.models import DocumentStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def roadmap(org, curator):
    return services.roadmap_create_from_template(organization=org, actor=curator, start_year=2026)


def test_approval_by_a_curator_is_refused_with_a_message(client, curator, roadmap):
    services.document_submit(document=roadmap, actor=curator)
    client.force_login(curator)
    url = reverse("programs:document-action", args=["roadmap", roadmap.pk, "approve"])
    response = client.post(url, {"approval_date": "2026-09-01"}, follow=True)
    assert "Утвердить документ может только директор организации." in response.content.decode()
    roadmap.refresh_from_db()
    assert roadmap.status == DocumentStatus.REVIEW


def test_director_approves_through_the_page(client, curator, director, roadmap):
    services.document_submit(document=roadmap, actor=curator)
    client.force_login(director)
    url = reverse("programs:document-action", args=["roadmap", roadmap.pk, "approve"])
    client.post(url, {"approval_date": "2026-09-01", "approval_basis": "Протокол педсовета № 1 от 31.08.2026"})
    roadmap.refresh_from_db()
    assert roadmap.status == DocumentStatus.APPROVED
    assert roadmap.approval_basis == "Протокол педсовета № 1 от 31.08.2026"


def test_unknown_document_actions_are_404(client, curator, roadmap):
    client.force_login(curator)
    assert client.post(reverse("programs:document-action", args=["roadmap", roadmap.pk, "burn"])).status_code == 404
    assert client.post(reverse("programs:document-action", args=["user", 1, "submit"])).status_code == 404


def test_a_refused_approval_says_which_field_is_wrong(client, curator, director, roadmap):
    services.document_submit(document=roadmap, actor=curator)
    client.force_login(director)
    url = reverse("programs:document-action", args=["roadmap", roadmap.pk, "approve"])
    response = client.post(url, {"approval_date": "2026-09-01", "approval_basis": "П" * 300}, follow=True)
    html = response.content.decode()
    assert "Не утверждено: Основание:" in html and "255" in html
    roadmap.refresh_from_db()
    assert roadmap.status == DocumentStatus.REVIEW


def test_a_new_version_says_its_number(client, curator, director, roadmap):
    from tests.factories import approve

    approve(roadmap, director)
    client.force_login(curator)
    url = reverse("programs:document-action", args=["roadmap", roadmap.pk, "new-version"])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "Создана версия 2: черновик, который можно править." in response.content.decode()


def test_a_mentor_cannot_submit_even_by_post(client, mentor, roadmap):
    client.force_login(mentor)
    url = reverse("programs:document-action", args=["roadmap", roadmap.pk, "submit"])
    assert client.post(url).status_code == 403
    assert client.get(url).status_code == 403  # the role before the method
    roadmap.refresh_from_db()
    assert roadmap.status == DocumentStatus.DRAFT
