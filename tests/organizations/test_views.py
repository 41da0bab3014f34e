"""The organization's pages (organizations.views): its card, the list of persons with access to personal
data (ПП РФ № 1119), the organization switcher is in test_middleware.py."""

import subprocess
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from organizations.roles import Role
from tests.factories import member

pytestmark = pytest.mark.django_db


def _form(org, **overrides):
    data = {
        "full_name": org.full_name,
        "short_name": org.short_name,
        "kind": org.kind,
        "address": "",
        "director_name": org.director_name,
        "director_position": org.director_position,
        "phone": "",
        "email": "",
        "website": "",
    }
    data.update(overrides)
    return data


def test_director_updates_the_organization_and_it_is_audited(client, director, org):
    client.force_login(director)
    response = client.post(reverse("organizations:edit"), _form(org, address="ст. Старица, ул. Школьная, 1"))
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.address == "ст. Старица, ул. Школьная, 1"
    history = client.get(reverse("organizations:history")).content.decode()
    assert "ул. Школьная" in history
    assert director.full_name in history


def test_a_bad_email_re_renders_with_a_russian_message(client, director, org):
    client.force_login(director)
    response = client.post(reverse("organizations:edit"), _form(org, email="не-почта", address="Новый адрес"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Введите правильный адрес электронной почты." in html
    assert "Новый адрес" in html
    org.refresh_from_db()
    assert org.address == ""


def test_curator_may_not_edit_the_organization(client, curator, org):
    client.force_login(curator)
    assert client.post(reverse("organizations:edit"), _form(org, address="x")).status_code == 403
    org.refresh_from_db()
    assert org.address == ""


def test_the_organization_page_shows_its_own_organization_only(client, curator, org, other_org):
    client.force_login(curator)
    html = client.get(reverse("organizations:detail")).content.decode()
    assert org.full_name in html
    assert other_org.full_name not in html


# --- The list of persons with access to personal data (ПП РФ № 1119) ---


@pytest.fixture
def staff(org, curator, mentor, mentee, director):
    return {"curator": curator, "mentor": mentor, "mentee": mentee, "director": director}


def test_director_sees_who_may_process_personal_data(client, staff, other_org):
    outsider = member(other_org, Role.CURATOR, user__last_name="Посторонняя")
    client.force_login(staff["director"])
    html = client.get(reverse("organizations:pd-access")).content.decode()
    assert staff["curator"].full_name in html
    assert staff["mentor"].full_name in html
    assert staff["mentee"].full_name not in html  # mentees process no one's data
    assert outsider.full_name not in html


def test_the_pdf_is_an_official_list_with_the_approval_block(client, staff, org, tmp_path):
    client.force_login(staff["director"])
    response = client.get(reverse("organizations:pd-access-pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    path = tmp_path / "list.pdf"
    path.write_bytes(response.content)
    raw = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout  # noqa: S603,S607
    text = " ".join(raw.split())
    assert "УТВЕРЖДАЮ" in text
    assert "Перечень лиц, допущенных к обработке персональных данных" in text
    assert staff["curator"].full_name in text
    assert org.director_signature in text  # «Е.И. Демина», as under a signature
    assert "Страница 1 из 1" in text
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603,S607
    assert "595.276 x 841.89 pts (A4)" in info


def test_the_xlsx_export_holds_every_row(client, staff, org):
    client.force_login(staff["director"])
    response = client.get(reverse("organizations:pd-access-xlsx"))
    sheet = load_workbook(BytesIO(response.content)).active
    names = [sheet.cell(row=r, column=2).value for r in range(4, sheet.max_row + 1)]
    assert sorted(names) == sorted([staff["curator"].full_name, staff["mentor"].full_name, staff["director"].full_name])
    assert sheet["F4"].number_format == "DD.MM.YYYY"


def test_curator_may_not_see_the_list(client, staff):
    client.force_login(staff["curator"])
    for name in ("organizations:pd-access", "organizations:pd-access-pdf", "organizations:pd-access-xlsx"):
        assert client.get(reverse(name)).status_code == 403


def test_the_list_runs_a_constant_number_of_queries(client, staff, org, django_assert_num_queries):
    client.force_login(staff["director"])
    with django_assert_num_queries(4):
        assert client.get(reverse("organizations:pd-access")).status_code == 200
    for _ in range(30):
        member(org, Role.MENTOR)
    with django_assert_num_queries(4):
        assert client.get(reverse("organizations:pd-access")).status_code == 200


def test_the_director_corrects_a_case_form_once_and_documents_keep_it(client, director, org):
    from mentoring_site.declension import CASES

    client.force_login(director)
    html = client.get(reverse("organizations:edit")).content.decode()
    assert "Склонение для документов" in html and 'name="short_name_prepositional"' in html
    org.refresh_from_db()
    stored = {
        f"{source}_{case}": getattr(org, f"{source}_{case}") for source in ("full_name", "short_name") for case in CASES
    }
    stored |= {"director_name_genitive": org.director_name_genitive, "director_name_dative": org.director_name_dative}
    corrected = {**stored, "short_name_prepositional": "Школе № 1 (исправлено)"}
    assert client.post(reverse("organizations:edit"), _form(org, **corrected)).status_code == 302
    org.refresh_from_db()
    assert org.short_name_prepositional == "Школе № 1 (исправлено)"
    assert org.in_case("prepositional") == "Школе № 1 (исправлено)"
    # a case form emptied by hand is filled again by the library on save
    assert (
        client.post(reverse("organizations:edit"), _form(org, **{**corrected, "short_name_genitive": ""})).status_code
        == 302
    )
    org.refresh_from_db()
    assert org.short_name_genitive
