"""Local acts (documents.act_views): the Положение from the template, edits, approval, PDF, the file."""

import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.models import LocalAct
from tests.factories import LocalActFactory, approve

pytestmark = pytest.mark.django_db


def _data(**overrides):
    data = {
        "kind": LocalAct.Kind.REGULATION,
        "title": "Положение о наставничестве",
        "number": "",
        "date": "",
        "body": "",
    }
    data.update(overrides)
    return data


def test_the_regulation_template_is_filled_with_the_organization(client, curator, org):
    client.force_login(curator)
    response = client.get(reverse("documents:act-create") + "?template=regulation")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["kind"] == LocalAct.Kind.REGULATION
    # the organization's name in the case the sentence needs («в Муниципальном … учреждении»)
    assert f"Положение о наставничестве в {org.full_name_prepositional} (далее" in form.initial["body"]
    assert org.full_name_prepositional.startswith("Муниципальном бюджетном общеобразовательном учреждении «")
    assert form.initial["body"].startswith("1. Общие положения")


def test_curator_writes_an_act_and_it_is_audited(client, curator, org):
    client.force_login(curator)
    response = client.post(reverse("documents:act-create"), _data(body="1. Общие положения\nТекст."))
    act = LocalAct.objects.get()
    assert response.status_code == 302 and response["Location"] == act.get_absolute_url()
    assert act.organization == org
    assert act.history.first().history_user == curator


def test_an_empty_act_re_renders_in_russian_and_keeps_the_title(client, curator):
    client.force_login(curator)
    response = client.post(reverse("documents:act-create"), _data(title="Моё положение"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Напишите текст акта или приложите файл." in html
    assert "Моё положение" in html
    assert not LocalAct.objects.exists()


def test_an_uploaded_act_is_served_as_a_download(client, curator):
    client.force_login(curator)
    upload = SimpleUploadedFile("polozhenie.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(reverse("documents:act-create"), {**_data(), "file": upload})
    act = LocalAct.objects.get()
    assert response.status_code == 302
    download = client.get(reverse("documents:act-file", args=[act.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")


def test_an_approved_act_is_not_edited(client, curator, director, org):
    act = LocalActFactory(organization=org)
    approve(act, director)
    client.force_login(curator)
    response = client.post(reverse("documents:act-edit", args=[act.pk]), _data(title="Другое", body="Текст"))
    assert response.status_code == 200
    assert "Документ утверждён и не редактируется" in response.content.decode()
    act.refresh_from_db()
    assert act.title == "Положение о наставничестве"


def test_the_pdf_prints_the_sections_and_the_grif(client, curator, director, org, tmp_path):
    act = LocalActFactory(organization=org)
    approve(act, director, approver_name="А.Б. Тестова")
    client.force_login(curator)
    response = client.get(reverse("documents:act-pdf", args=[act.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    path = tmp_path / "act.pdf"
    path.write_bytes(response.content)
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split())
    assert "«УТВЕРЖДАЮ»" in text and "А.Б. Тестова" in text
    assert "1. ОБЩИЕ ПОЛОЖЕНИЯ" in text  # headings are printed in capitals


def test_mentors_read_acts_but_do_not_write_them(client, mentor, org):
    act = LocalActFactory(organization=org)
    client.force_login(mentor)
    assert client.get(reverse("documents:act-list")).status_code == 200
    assert client.get(act.get_absolute_url()).status_code == 200
    assert client.post(reverse("documents:act-create"), _data(body="Текст")).status_code == 403
    assert LocalAct.objects.count() == 1


def test_another_organizations_act_is_404(client, outsider, org):
    act = LocalActFactory(organization=org)
    client.force_login(outsider)
    for name in ("documents:act-detail", "documents:act-edit", "documents:act-pdf", "documents:act-file"):
        assert client.get(reverse(name, args=[act.pk])).status_code == 404


def test_the_list_runs_a_constant_number_of_queries(client, curator, org, django_assert_num_queries):
    client.force_login(curator)
    LocalActFactory(organization=org)
    with django_assert_num_queries(4):
        assert client.get(reverse("documents:act-list")).status_code == 200
    LocalActFactory.create_batch(30, organization=org)
    with django_assert_num_queries(4):
        assert client.get(reverse("documents:act-list")).status_code == 200


def test_a_double_click_saves_one_act(client, curator):
    client.force_login(curator)
    data = _data(body="1. Общие положения\nТекст.", date="2026-08-22")
    assert client.post(reverse("documents:act-create"), data).status_code == 302
    again = client.post(reverse("documents:act-create"), data)
    assert again.status_code == 200
    assert "с этой датой уже есть" in again.content.decode()
    assert LocalAct.objects.count() == 1


def test_a_long_file_name_with_dots_is_stored(client, curator):
    client.force_login(curator)
    name = "Положение. Редакция от 22.08.2022 утверждённая приказом директора гимназии «Жуковка» 16-1.pdf"
    upload = SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(reverse("documents:act-create"), {**_data(), "file": upload})
    assert response.status_code == 302
    act = LocalAct.objects.get()
    assert act.file.name.startswith("acts/") and act.file.name.endswith(".pdf")
