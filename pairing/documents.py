"""Printable documents of the pairing app: the list of pairs and groups, the appendix of the order
«О закреплении наставнических пар (групп)». It names pupils: never published."""

from datetime import date
from typing import Any

from mentoring_site.plural import ru_count
from mentoring_site.printing import Printable, PrintOption
from organizations.models import Organization
from programs.deadlines import current_school_year

from .models import Mentorship
from .selectors import current_members


def _working(organization: Organization) -> Any:
    return Mentorship.objects.for_organization(organization).current()


def pairs_context(organization: Organization, object_id: int | None, on: date) -> dict[str, Any]:
    """The pairs and groups working now, each with its mentees (a signed order keeps its own copy)."""
    mentorships = list(
        _working(organization)
        .select_related("mentor__person", "form", "role_model")
        .prefetch_related(current_members())
        .order_by("form__order", "form__name", "mentor__person__last_name", "mentor__person__first_name", "pk")
    )
    start = current_school_year(on)
    return {
        "organization": organization,
        "mentorships": mentorships,
        "school_year": f"{start}/{start + 1}",
        "mentees_count": sum(len(m.current_members) for m in mentorships),
    }


def _options(organization: Organization) -> list[PrintOption]:
    count = _working(organization).count()
    if not count:
        return []
    pairs = ru_count(count, "пара или группа", "пары или группы", "пар или групп")
    return [PrintOption(None, f"Список наставнических пар и групп ({pairs})", True)]


PAIRS = Printable(
    key="pairing.pairs",
    label="Список наставнических пар и групп",
    template="pairing/documents/pairs_body.html",
    orientation="landscape",
    options=_options,
    context=pairs_context,
    public=False,
    unavailable="работающих пар и групп нет",
)
PRINTABLES = (PAIRS,)
