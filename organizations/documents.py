"""Printable documents of the organizations app: the list of persons with access to personal data."""

from typing import Any

from django.utils import timezone

from .models import Organization
from .selectors import personal_data_access_rows


def pd_access_context(organization: Organization) -> dict[str, Any]:
    """ПП РФ № 1119: who processes the organization's personal data, with «УТВЕРЖДАЮ»."""
    return {
        "organization": organization,
        "rows": personal_data_access_rows(organization),
        "today": timezone.localdate(),
    }
