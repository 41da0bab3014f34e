import subprocess
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from organizations.roles import Role
from tests.factories import member

pytestmark = pytest.mark.django_db


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
    assert org.director_name in text
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


def test_the_list_runs_a_constant_number_of_queries(client, staff, org):
    client.force_login(staff["director"])
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("organizations:pd-access"))
    for _ in range(30):
        member(org, Role.MENTOR)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("organizations:pd-access"))
    assert len(many) == len(few)
