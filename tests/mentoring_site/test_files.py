"""Uploaded documents (mentoring_site.files): extension, size and content checked before anything is saved."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mentoring_site.files import MAX_DOCUMENT_MB, document_file_validator
from participants.models import Consent
from tests.factories import PersonFactory

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("скан.pdf", PDF),
        ("фото.JPG", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01"),
        ("фото.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16),
        ("положение.docx", _docx()),
        ("протокол.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64),
        ("письмо.rtf", b"{\\rtf1\\ansi \\u1087?}"),
    ],
)
def test_real_documents_pass(name, content):
    document_file_validator(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("скан.pdf", HTML, "не похоже на .pdf"),
        ("положение.docx", PDF, "не похоже на .docx"),
        ("фото.jpg", b"", "не похоже на .jpg"),
        ("страница.html", HTML, "Можно загрузить документ PDF"),
    ],
)
def test_a_renamed_or_foreign_file_is_refused_in_russian(name, content, message):
    with pytest.raises(ValidationError, match=message):
        document_file_validator(SimpleUploadedFile(name, content))


def test_a_file_over_the_limit_is_refused():
    big = SimpleUploadedFile("скан.pdf", PDF + b"0" * (MAX_DOCUMENT_MB * 1024 * 1024))
    with pytest.raises(ValidationError, match=f"Файл больше {MAX_DOCUMENT_MB} МБ"):
        document_file_validator(big)


@pytest.mark.django_db
def test_an_html_page_named_pdf_is_not_stored_as_a_consent_scan(client, org, curator):
    person = PersonFactory(organization=org)
    client.force_login(curator)
    response = client.post(
        reverse("participants:consent-create", args=[person.pk]),
        {"given_on": "2026-09-01", "signed_by": "self", "scan": SimpleUploadedFile("скан.pdf", HTML)},
    )
    assert response.status_code == 200
    assert "Содержимое файла не похоже на .pdf" in response.content.decode()
    assert not Consent.objects.exists()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Дорожная карта 2022/2023.pdf", "Дорожная карта 2022-2023.pdf"),
        ("Список ПОУ «Колледж» г..pdf", "Список ПОУ «Колледж» г.pdf"),
        ("a\\b:c*?.xlsx", "a-b-c--.xlsx"),
        ("\x00\x1f.pdf", "документ.pdf"),
    ],
)
def test_a_download_name_is_safe_to_save(name, expected):
    from urllib.parse import unquote

    from mentoring_site.files import content_disposition

    header = content_disposition(name)
    assert header.startswith("attachment; filename*=UTF-8''")
    assert unquote(header.split("''", 1)[1]) == expected


@pytest.mark.django_db
def test_the_roadmap_pdf_is_named_without_a_slash(client, curator, org):
    from urllib.parse import unquote

    from django.urls import reverse

    from programs import services

    roadmap = services.roadmap_create_from_template(organization=org, actor=curator, start_year=2026)
    client.force_login(curator)
    response = client.get(reverse("programs:roadmap-pdf", args=[roadmap.pk]))
    assert unquote(response["Content-Disposition"]).endswith("Дорожная карта 2026-2027.pdf")
