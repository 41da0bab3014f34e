"""Printable documents of the participants app: the consent form and the printed bases."""

from typing import Any

from django.utils import timezone

from mentoring_site.pdf import render_pdf

from .exports import BaseExporter
from .models import Person
from .services import required_signature


def consent_pdf(person: Person) -> bytes:
    """The consent form filled with the person's data, to print and sign (152-ФЗ ст. 9)."""
    return render_pdf(
        "participants/documents/consent.html",
        {"person": person, "organization": person.organization, "signed_by": required_signature(person)},
    )


def base_list_pdf(exporter: BaseExporter) -> bytes:
    """A base as a printed list: the same rows as its Excel file."""
    context: dict[str, Any] = {
        "organization": exporter.organization,
        "title": exporter.title,
        "headers": exporter.headers,
        # the column of names is never hyphenated («Мари-на»); counted from 1, as the template counts
        "name_column": exporter.headers.index("ФИО") + 1,
        "rows": list(exporter.rows()),
        "today": timezone.localdate(),
    }
    return render_pdf("participants/documents/base_list.html", context)
