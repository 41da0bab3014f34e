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
from mentoring_site.plural import ru_count
from monitoring.models import Evaluation
from organizations.models import Membership, Organization
from organizations.roles import Role
from pairing.lifecycle import order_pairs, pending_nominations
from pairing.models import Nomination
from programs.choices import Framework
from programs.deadlines import current_school_year
from programs.models import Programme, Roadmap, WorkingGroupMember

from .models import LocalAct, Order
from .services import AppendixChoice

# What an order of each kind proposes as appendices, in the order its text names them (the appendices are
# numbered so): a printable, and the document of the draft's context that its text names (None: a list
# of the organization, such as the pairs).
DEFAULT_APPENDICES: dict[str, tuple[tuple[str, str | None], ...]] = {
    Order.Kind.IMPLEMENTATION: (("programs.working_group", None), ("programs.roadmap", "roadmap")),
    Order.Kind.APPROVAL: (
        ("documents.local_act", "regulation"),
        ("programs.programme", "programme"),
        ("programs.roadmap", "roadmap"),
    ),
    Order.Kind.PAIRS: (("pairing.pairs", None),),
    Order.Kind.INCENTIVES: (("pairing.nominations", None),),
    Order.Kind.RESULTS: (("monitoring.report", "evaluation"),),
}
# «Признать уровень реализации программы … оптимальным»: the level in the instrumental case.
LEVEL_INSTRUMENTAL = {
    Evaluation.Level.OPTIMAL: "оптимальным",
    Evaluation.Level.ACCEPTABLE: "допустимым",
    Evaluation.Level.UNACCEPTABLE: "недопустимым",
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


def _curator(organization: Organization) -> Membership | None:
    """The organization's curator (the first appointed); templates decline the name and position."""
    return (
        Membership.objects.filter(organization=organization, role=Role.CURATOR, is_active=True)
        .select_related("user")
        .order_by("since", "pk")
        .first()
    )


def _in_sentence(position: str) -> str:
    """«Учитель физики» → «учитель физики» after a name; «УВР …» and the like keep their capitals."""
    first = position.split(" ", 1)[0]
    return position[:1].lower() + position[1:] if position and not first.isupper() else position


def _place(person: Any) -> str:
    """How an order names a participant's place after the name: «учитель физики», «обучающийся 11А класса»."""
    if person.school_class:
        return f"обучающийся {person.school_class} класса"
    return _in_sentence(person.position)


def _people(profiles: Any) -> list[dict[str, str]]:
    """Each mentor once, in the order given: name and place, declined in the template (the ``case`` filter)."""
    seen: dict[int, dict[str, str]] = {}
    for profile in profiles:
        person = profile.person
        seen.setdefault(person.pk, {"name": person.full_name, "place": _place(person)})
    return list(seen.values())


def _nominees(organization: Organization) -> list[dict[str, Any]]:
    """The pending nominations by kind, in the order of ``Nomination.Kind``."""
    pending = list(pending_nominations(organization))
    groups = []
    for kind, label in Nomination.Kind.choices:
        mentors = _people(n.mentor for n in pending if n.kind == kind)
        if mentors:
            groups.append({"kind": kind, "label": label, "mentors": mentors})
    return groups


def draft_context(organization: Organization, on: date) -> dict[str, Any]:
    start = current_school_year(on)
    curator = _curator(organization)
    programme = Programme.objects.for_organization(organization).current().order_by("-start_year", "-pk").first()
    roadmap = Roadmap.objects.for_organization(organization).current().order_by("-start_year", "-pk").first()
    regulation = (
        LocalAct.objects.for_organization(organization)
        .current()
        .filter(kind=LocalAct.Kind.REGULATION)
        .order_by("-date", "-pk")
        .first()
    )
    incentives_act = (
        LocalAct.objects.for_organization(organization)
        .current()
        .filter(kind=LocalAct.Kind.INCENTIVES)
        .order_by("-date", "-pk")
        .first()
    )
    basis = programme or roadmap  # which regulation the organization's mentoring follows
    # The order on results takes the level from the approved efficiency evaluation: of this school year, or
    # else the latest one.
    evaluations = Evaluation.objects.for_organization(organization).approved()
    evaluation = (
        evaluations.filter(school_year=start).order_by("-pk").first()
        or evaluations.order_by("-school_year", "-pk").first()
    )
    # What the order on approval approves (its title names only the documents there are).
    approved = [
        words
        for document, words in (
            (regulation, "положения о наставничестве"),
            (programme, "программы наставничества"),
            (roadmap, "дорожной карты"),
        )
        if document is not None
    ] or ["положения о наставничестве", "программы наставничества", "дорожной карты"]
    pairs = printing.printable("pairing.pairs")
    return {
        "organization": organization,
        "school_year": f"{start}/{start + 1}",
        "curator": curator.user if curator else None,
        "curator_position": _in_sentence(curator.position) if curator else "",
        "programme": programme,
        "roadmap": roadmap,
        "regulation": regulation,
        "approved_documents": ", ".join(approved[:-1]) + (" и " if len(approved) > 1 else "") + approved[-1],
        "working_group": WorkingGroupMember.objects.for_organization(organization).exists(),
        "pairs": bool(pairs and pairs.options(organization)),
        # the mentors of the pairs the pairs order fixes, and the nominees of the incentives order
        "mentors": _people(
            m.mentor
            for m in order_pairs(organization)
            .select_related("mentor__person")
            .order_by("mentor__person__last_name", "mentor__person__first_name", "pk")
        ),
        "nominees": _nominees(organization),
        "incentives_act": incentives_act,
        # the basis of the teacher system (the letter of 21.12.2021, ТК РФ ст. 351.8) or of Р-145 for pupils
        "teachers": basis is not None and basis.framework == Framework.TEACHERS,
        "evaluation": evaluation,
        "evaluation_year": evaluation.school_year_label if evaluation else f"{start}/{start + 1}",
        "level_instrumental": LEVEL_INSTRUMENTAL.get(evaluation.level, "") if evaluation else "",
        "points": ru_count(evaluation.total, "балл", "балла", "баллов")
        if evaluation and evaluation.total is not None
        else "",
    }


def _default_appendices(
    kind: str, organization: Organization, context: dict[str, Any]
) -> list[tuple[AppendixChoice, str]]:
    """The documents the draft's text names («Утвердить «…» (приложение 1)»), and the lists it refers to,
    each with its name in the text's context («roadmap», «working_group»)."""
    chosen: list[tuple[AppendixChoice, str]] = []
    for key, name in DEFAULT_APPENDICES.get(kind, ()):
        if name is not None:
            document = context.get(name)
            if document is not None:
                chosen.append(((key, document.pk), name))
            continue
        printable = printing.printable(key)
        if printable is not None and printable.options(organization):
            chosen.append(((key, None), key.rsplit(".", 1)[-1]))
    return chosen


def order_draft(kind: str, organization: Organization, on: date) -> OrderDraft:
    """Title, preamble, points and proposed appendices of a new order of ``kind``; the text names each
    appendix by its number («(приложение 2)»), as the order will number them."""
    context = draft_context(organization, on)
    appendices = _default_appendices(kind, organization, context)
    context["appendix"] = {name: number for number, (_, name) in enumerate(appendices, start=1)}
    text = loader.render_to_string(template_name(kind), context)
    parts = [part.strip() for part in re.split(r"^---\s*$", text, flags=re.MULTILINE)]
    title, preamble, points = (parts + ["", "", ""])[:3]
    preamble = re.sub(r"\s+", " ", preamble).replace(" ,", ",").strip()
    return OrderDraft(
        title=re.sub(r"\s+", " ", title).strip(),
        preamble=preamble,
        points=[line.strip() for line in points.splitlines() if line.strip()],
        appendices=[choice for choice, _ in appendices],
    )
