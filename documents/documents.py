"""Printing in the documents app: local acts, and an order with every appendix inside its PDF."""

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from mentoring_site import printing
from mentoring_site.pdf import render_pdf
from organizations.models import Membership, Organization
from programs.documents import approvable_options

from .models import LocalAct, Order, OrderAppendix


def act_sections(act: LocalAct) -> list[tuple[str, list[str]]]:
    """The body split into (heading, paragraphs): a line «1. Общие положения» starts a section."""
    sections: list[tuple[str, list[str]]] = []
    for line in act.body.splitlines():
        line = line.strip()
        if not line:
            continue
        if re.fullmatch(r"\d{1,2}\.\s+\S.{0,150}", line) and not line.endswith((".", ";", ",")):
            sections.append((line, []))
        elif sections:
            sections[-1][1].append(line)
        else:
            sections.append(("", [line]))
    return sections


def regulation_text(organization: Organization) -> str:
    """The standard Положение о наставничестве, filled with the organization's data (a template)."""
    return render_to_string("documents/act_kinds/regulation.txt", {"organization": organization}).strip()


def local_act_context(organization: Organization, object_id: int | None, on: date) -> dict[str, Any] | None:
    act = LocalAct.objects.for_organization(organization).select_related("organization").filter(pk=object_id).first()
    if act is None:
        return None
    return {"act": act, "doc": act, "sections": act_sections(act)}


def _local_act_options(organization: Organization) -> list[printing.PrintOption]:
    return approvable_options(LocalAct.objects.for_organization(organization), "kind", "-date", "-pk")


LOCAL_ACT = printing.Printable(
    key="documents.local_act",
    label="Локальный акт",
    template="documents/documents/local_act_body.html",
    orientation="portrait",
    options=_local_act_options,
    context=local_act_context,
    public=True,
    model=LocalAct,
    unavailable="заменён новой версией или удалён",
)
PRINTABLES = (LOCAL_ACT,)


def appendix_of_signed_order(key: str, object_id: int) -> printing.AppendixRef | None:
    """The first signed order that approved the document: its grif says «Приложение N к приказу…»."""
    appendix = (
        OrderAppendix.objects.filter(kind=key, object_id=object_id, order__status=Order.Status.SIGNED)
        .select_related("order")
        .order_by("order__date", "order__pk")
        .first()
    )
    if appendix is None:
        return None
    return printing.AppendixRef(appendix.number, appendix.order.date, appendix.order.number)


@dataclass
class PrintedAppendix:
    number: int
    title: str
    orientation: str
    html: SafeString | None  # None: not printed here (see ``note``)
    note: str = ""


def printed_appendices(order: Order, *, public: bool = False) -> list[PrintedAppendix]:
    """Every appendix of ``order``, printed as it was signed (or as the data stand, for a draft)."""
    result = []
    for appendix in order.appendices.all():
        kind = printing.printable(appendix.kind)
        orientation = kind.orientation if kind else "portrait"
        html: SafeString | None
        note = ""
        if public and (kind is None or not kind.public):
            html, note = None, "не публикуется: содержит персональные данные"
        elif order.is_signed and appendix.signed_html:
            html = mark_safe(appendix.signed_html)  # noqa: S308 (printed by our templates when it was signed)
        else:
            ref = printing.AppendixRef(appendix.number, order.date, order.number)
            html = printing.render_body(appendix.kind, order.organization, appendix.object_id, order.date, appendix=ref)
            note = "" if html is not None else "документ удалён"
        result.append(PrintedAppendix(appendix.number, appendix.title, orientation, html, note))
    return result


def order_context(order: Order, *, public: bool = False) -> dict[str, Any]:
    """The order, its appendices inside, and (not for the public) the acquaintance sheet."""
    positions: dict[int, str] = {}
    people = list(order.acquainted_people.all())
    with_cards = {person.user_id for person in people if person.user_id}
    acquainted_users = [user for user in order.acquainted.all() if user.pk not in with_cards]
    rows = Membership.objects.filter(organization=order.organization, user__in=acquainted_users, is_active=True)
    for user_id, position in rows.values_list("user_id", "position"):
        positions.setdefault(user_id, position)
    acquainted = sorted(
        [(user, positions.get(user.pk, "")) for user in acquainted_users]
        + [(person, person.position) for person in people],
        key=lambda pair: (pair[0].last_name, pair[0].first_name),
    )
    return {
        "order": order,
        "public": public,
        "appendices": printed_appendices(order, public=public),
        "acquainted": acquainted,
        "acquainted_count": len(acquainted),
        "blank_rows": range(max(0, 8 - len(acquainted))),
    }


def order_pdf(order: Order, *, public: bool = False) -> bytes:
    return render_pdf("documents/documents/order.html", order_context(order, public=public))


def with_order_content(queryset: QuerySet[Order]) -> QuerySet[Order]:
    return queryset.select_related("organization", "prepared_by", "signed_by").prefetch_related(
        "appendices", "acquainted", "acquainted_people"
    )
