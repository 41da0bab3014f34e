"""The kinds of orders and their wording, filled from the data already in the product.

The wording of each kind is a Django template, ``templates/documents/order_kinds/<kind>.txt``, in
three parts divided by a line «---»: the title, the preamble, the points (one a line). An
administrator reads them in the product («Приказы → Шаблоны текста»); the curator edits the draft
before sending it for signature. Nothing here is typed twice: names, the school year, the
programme and the roadmap come from the data.
"""

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.template import loader

from mentoring_site import printing
from organizations.models import Membership, Organization
from organizations.roles import Role
from programs.deadlines import current_school_year
from programs.models import Programme, Roadmap, WorkingGroupMember

from .models import LocalAct, Order
from .services import AppendixChoice

# Which printables an order of each kind proposes as appendices, in this order.
DEFAULT_APPENDICES: dict[str, tuple[str, ...]] = {
    Order.Kind.IMPLEMENTATION: ("programs.roadmap", "programs.working_group"),
    Order.Kind.APPROVAL: ("documents.local_act", "programs.programme", "programs.roadmap"),
    Order.Kind.PAIRS: ("pairing.pairs",),
}
# Orders that name only staff, never pupils: they may be published on the public page.
PUBLIC_KINDS = frozenset({Order.Kind.IMPLEMENTATION, Order.Kind.CURATOR, Order.Kind.APPROVAL, Order.Kind.RESULTS})


@dataclass(frozen=True)
class OrderDraft:
    title: str
    preamble: str
    points: list[str]
    appendices: list[AppendixChoice]


def template_name(kind: str) -> str:
    return f"documents/order_kinds/{kind}.txt"


def template_source(kind: str) -> str:
    """The wording of ``kind`` as the administrator reads it: the template's text without its
    developer comments and the autoescape wrapper (plain text is not HTML)."""
    template = loader.get_template(template_name(kind))
    text = Path(template.origin.name).read_text(encoding="utf-8")
    text = re.sub(r"\{#.*?#\}", "", text, flags=re.DOTALL)
    text = text.replace("{% autoescape off %}", "").replace("{% endautoescape %}", "")
    return text.strip()


def _curator(organization: Organization) -> str:
    membership = (
        Membership.objects.filter(organization=organization, role=Role.CURATOR, is_active=True)
        .select_related("user")
        .order_by("since", "pk")
        .first()
    )
    if membership is None:
        return "__________________"
    name = membership.user.full_name
    return f"{name}, {membership.position}" if membership.position else name


def draft_context(organization: Organization, on: date) -> dict[str, Any]:
    start = current_school_year(on)
    programme = Programme.objects.for_organization(organization).current().order_by("-start_year", "-pk").first()
    roadmap = Roadmap.objects.for_organization(organization).current().order_by("-start_year", "-pk").first()
    regulation = (
        LocalAct.objects.for_organization(organization)
        .current()
        .filter(kind=LocalAct.Kind.REGULATION)
        .order_by("-date", "-pk")
        .first()
    )
    pairs = printing.printable("pairing.pairs")
    return {
        "organization": organization,
        "school_year": f"{start}/{start + 1}",
        "curator": _curator(organization),
        "programme": programme,
        "roadmap": roadmap,
        "regulation": regulation,
        "working_group": WorkingGroupMember.objects.for_organization(organization).exists(),
        "pairs": bool(pairs and pairs.options(organization)),
        "teachers": bool(programme and programme.framework == Programme.Framework.TEACHERS),
    }


def _default_appendices(kind: str, organization: Organization) -> list[AppendixChoice]:
    chosen: list[AppendixChoice] = []
    for key in DEFAULT_APPENDICES.get(kind, ()):
        printable = printing.printable(key)
        options = printable.options(organization) if printable else []
        if key == "documents.local_act":
            options = [o for o in options if o.title.startswith("Положение о наставничестве")]
        if options:
            chosen.append((key, options[0].object_id))  # the newest document, or the list
    return chosen


def order_draft(kind: str, organization: Organization, on: date) -> OrderDraft:
    """Title, preamble, points and proposed appendices of a new order of ``kind``."""
    text = loader.render_to_string(template_name(kind), draft_context(organization, on))
    parts = [part.strip() for part in re.split(r"^---\s*$", text, flags=re.MULTILINE)]
    title, preamble, points = (parts + ["", "", ""])[:3]
    preamble = re.sub(r"\s+", " ", preamble).replace(" ,", ",").strip()
    return OrderDraft(
        title=re.sub(r"\s+", " ", title).strip(),
        preamble=preamble,
        points=[line.strip() for line in points.splitlines() if line.strip()],
        appendices=_default_appendices(kind, organization),
    )
