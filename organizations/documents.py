"""Printable documents of the organizations app: the list of persons with access to personal data."""

from typing import Any

from django.utils import timezone

from mentoring_site.pdf import render_pdf

from .models import Organization
from .selectors import personal_data_access_rows


def pd_access_context(organization: Organization) -> dict[str, Any]:
    """ПП РФ № 1119: who processes the organization's personal data, with «УТВЕРЖДАЮ»."""
    return {
        "organization": organization,
        "rows": personal_data_access_rows(organization),
        "today": timezone.localdate(),
    }


def pd_access_pdf(organization: Organization) -> bytes:
    return render_pdf("organizations/documents/pd_access_list.html", pd_access_context(organization))
