"""Printable documents of the pairing app: the list of pairs fixed by the order «О закреплении
наставнических пар (групп)» (its appendix), the list of pairs and groups at work, and the list of
mentors put forward for incentives. They name pupils or staff: never published."""

from datetime import date
from typing import Any

from django.db.models import QuerySet

from mentoring_site.plural import ru_count
from mentoring_site.printing import Printable, PrintOption
from organizations.models import Organization
from programs.deadlines import current_school_year

from .lifecycle import order_pairs, pending_nominations
from .models import Mentorship
from .selectors import current_members

ORDERING = ("form__order", "form__name", "mentor__person__last_name", "mentor__person__first_name", "pk")


def _school_year(on: date) -> str:
    start = current_school_year(on)
    return f"{start}/{start + 1}"


def _listed(queryset: QuerySet[Mentorship], organization: Organization, on: date, **extra: Any) -> dict[str, Any]:
    mentorships = list(
        queryset.select_related("mentor__person", "form", "role_model")
        .prefetch_related(current_members())
        .order_by(*ORDERING)
    )
    return {
        "organization": organization,
        "mentorships": mentorships,
        "school_year": _school_year(on),
        "mentees_count": sum(len(m.current_members) for m in mentorships),
        **extra,
    }


def pairs_context(organization: Organization, object_id: int | None, on: date) -> dict[str, Any]:
    """The pairs the pairs order fixes: chosen for it and still «Формируется» (read at signing, then kept)."""
    return _listed(order_pairs(organization), organization, on, for_order=True)


def working_context(organization: Organization, object_id: int | None, on: date) -> dict[str, Any]:
    """The pairs and groups fixed by an order or working now, with the order that fixed each."""
    working = Mentorship.objects.for_organization(organization).filter(
        status__in=(Mentorship.Status.FIXED, Mentorship.Status.ACTIVE)
    )
    return _listed(working, organization, on, for_order=False)


def _pairs_options(organization: Organization) -> list[PrintOption]:
    count = order_pairs(organization).count()
    if not count:
        return []
    pairs = ru_count(count, "пара или группа", "пары или группы", "пар или групп")
    return [PrintOption(None, f"Список наставнических пар и групп, закрепляемых приказом ({pairs})", True)]


def _working_options(organization: Organization) -> list[PrintOption]:
    count = (
        Mentorship.objects.for_organization(organization)
        .filter(status__in=(Mentorship.Status.FIXED, Mentorship.Status.ACTIVE))
        .count()
    )
    if not count:
        return []
    pairs = ru_count(count, "пара или группа", "пары или группы", "пар или групп")
    return [PrintOption(None, f"Список работающих наставнических пар и групп ({pairs})", True)]


def nominations_context(organization: Organization, object_id: int | None, on: date) -> dict[str, Any]:
    return {
        "organization": organization,
        "nominations": list(pending_nominations(organization)),
        "school_year": _school_year(on),
    }


def _nominations_options(organization: Organization) -> list[PrintOption]:
    count = pending_nominations(organization).count()
    if not count:
        return []
    mentors = ru_count(count, "представление", "представления", "представлений")
    return [PrintOption(None, f"Список наставников, представленных к поощрению ({mentors})", True)]


PAIRS = Printable(
    key="pairing.pairs",
    label="Список наставнических пар и групп, закрепляемых приказом",
    template="pairing/documents/pairs_body.html",
    orientation="landscape",
    options=_pairs_options,
    context=pairs_context,
    public=False,
    unavailable="нет пар в статусе «Формируется», включённых в приказ",
)
WORKING_PAIRS = Printable(
    key="pairing.working_pairs",
    label="Список работающих наставнических пар и групп",
    template="pairing/documents/pairs_body.html",
    orientation="landscape",
    options=_working_options,
    context=working_context,
    public=False,
    unavailable="пар, закреплённых приказом или работающих, нет",
)
NOMINATIONS = Printable(
    key="pairing.nominations",
    label="Список наставников, представленных к поощрению",
    template="pairing/documents/nominations_body.html",
    orientation="portrait",
    options=_nominations_options,
    context=nominations_context,
    public=False,
    unavailable="представлений к поощрению, не объявленных приказом, нет",
)
PRINTABLES = (PAIRS, WORKING_PAIRS, NOMINATIONS)
