"""Writes of the documents app: orders (registry, appendices, signing) and local acts.

Each service re-checks the actor's role against the permission table (a command or a test has no
request), runs in one transaction, validates and leaves an audit entry (django-simple-history).
"""

import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from typing_extensions import Unpack

from mentoring_site import printing
from mentoring_site.audit import save_audited
from mentoring_site.models import User
from organizations.models import Organization
from organizations.services import ensure_allowed, lock_organization
from pairing import lifecycle
from programs.services import document_ensure_editable

from .models import LocalAct, Order, OrderAppendix

# What an appendix is: a printable's key and, for one document, its row («programs.roadmap», 7).
AppendixChoice = tuple[str, int | None]


def appendix_choice(document: Any) -> AppendixChoice:
    """The choice for a model instance that some app prints (a roadmap, a programme, a Положение)."""
    kind = printing.printable_for(document)
    if kind is None:
        raise ValidationError(f"«{document}» не печатается как приложение к приказу.")
    return kind.key, document.pk


# --- Numbers ----------------------------------------------------------------------------------------------

_DIGITS = re.compile(r"\d+")
_INDEX = re.compile(r"[\d\s.-]*-[\d\s.-]*")  # «01-10»: a file index of the nomenclature of cases


def _running_number(number: str) -> re.Match[str] | None:
    """The running number inside an order number: the first figure («16/1-О», «41-од»), or the one
    after the slash when the part before it is a file index («01-10/123»)."""
    groups = list(_DIGITS.finditer(number))
    if not groups:
        return None
    head, slash, _tail = number.partition("/")
    return groups[-1] if slash and _INDEX.fullmatch(head) else groups[0]


def next_order_number(organization: Organization, on: date) -> str:
    """The next number of the year, in the organization's own format: «16/1-О» → «17-О», «41-од» → «42-од»,
    «01-10/123» → «01-10/124», «007-од» → «008-од».

    A sub-number after the running one («/1») belongs to one order and is dropped. With no order this
    year, the format of the last one and number 1; with none at all, «1».
    """
    orders = Order.objects.for_organization(organization)
    highest = 0
    for number in orders.filter(year=on.year).values_list("number", flat=True):
        match = _running_number(number)
        if match:
            highest = max(highest, int(match.group()))
    latest = orders.filter(year__lte=on.year).order_by("-date", "-pk").values_list("number", flat=True).first()
    match = _running_number(latest or "")
    if latest is None or match is None:
        return str(highest + 1)
    digits = match.group()
    width = len(digits) if digits.startswith("0") else 0
    rest = latest[match.end() :]
    if match.start() == 0 or not _INDEX.fullmatch(latest.partition("/")[0]):
        rest = re.sub(r"^/\d+", "", rest)
    return f"{latest[: match.start()]}{str(highest + 1).zfill(width)}{rest}"


# --- Orders -----------------------------------------------------------------------------------------------


def _order_save(order: Order, actor: User) -> Order:
    order.year = order.date.year
    order._history_user = actor  # type: ignore[attr-defined]
    order.full_clean()
    try:
        with transaction.atomic():
            order.save()
    except IntegrityError as error:  # a concurrent registration with the same number
        raise ValidationError({"number": "Приказ с таким номером в этом году уже зарегистрирован."}) from error
    return order


@transaction.atomic
def order_create(
    *,
    organization: Organization,
    actor: User,
    kind: str,
    number: str,
    date: date,
    title: str,
    points: str,
    preamble: str = "",
    place: str = "",
    signer_position: str = "",
    signer_name: str = "",
    acquainted: Iterable[Any] | None = None,
    acquainted_people: Iterable[Any] | None = None,
    appendices: Sequence[AppendixChoice | Any] = (),
) -> Order:
    """A draft order; ``appendices`` are printable choices or documents (model instances) in their order."""
    ensure_allowed(actor, organization, "orders.edit", "Готовить приказы может куратор или директор.")
    order = Order(
        organization=organization,
        prepared_by=actor,
        kind=kind,
        number=number.strip(),
        date=date,
        title=title,
        points=points,
        preamble=preamble,
        place=place,
        signer_position=signer_position or organization.director_position,
        signer_name=signer_name or organization.director_signature,
    )
    _order_save(order, actor)
    if acquainted is not None:
        order.acquainted.set(acquainted)
    if acquainted_people is not None:
        order.acquainted_people.set(acquainted_people)
    for choice in appendices:
        kind_key, object_id = choice if isinstance(choice, tuple) else appendix_choice(choice)
        order_attach(order=order, actor=actor, kind=kind_key, object_id=object_id)
    return order


class OrderFields(TypedDict, total=False):
    kind: str
    number: str
    date: date
    title: str
    points: str
    preamble: str
    place: str
    signer_position: str
    signer_name: str


@transaction.atomic
def order_update(
    *,
    order: Order,
    actor: User,
    acquainted: Iterable[Any] | None = None,
    acquainted_people: Iterable[Any] | None = None,
    **fields: Unpack[OrderFields],
) -> Order:
    """Change a draft order (only the fields given)."""
    ensure_allowed(actor, order.organization, "orders.edit", "Изменять приказы может куратор или директор.")
    if not order.is_editable:
        raise ValidationError("Приказ уже на подписи или подписан: текст менять нельзя.")
    for name, value in fields.items():
        setattr(order, name, value.strip() if name == "number" and isinstance(value, str) else value)
    _order_save(order, actor)
    if acquainted is not None:
        order.acquainted.set(acquainted)
    if acquainted_people is not None:
        order.acquainted_people.set(acquainted_people)
    return order


def _option(organization: Organization, kind: str, object_id: int | None) -> printing.PrintOption:
    printable = printing.printable(kind)
    if printable is None:
        raise ValidationError("Такой документ не печатается как приложение к приказу.")
    if printable.model is not None and object_id is None:
        raise ValidationError("Выберите документ из списка.")
    option = next((o for o in printable.options(organization) if o.object_id == object_id), None)
    if option is None:
        raise ValidationError("Приложением может быть только действующий документ этой же организации.")
    return option


@transaction.atomic
def order_attach(*, order: Order, actor: User, kind: str, object_id: int | None) -> OrderAppendix:
    """Attach a printable of any app as the next appendix of a draft order."""
    ensure_allowed(actor, order.organization, "orders.edit", "Приложения к приказу меняет куратор или директор.")
    if not order.is_editable:
        raise ValidationError("Приказ уже на подписи или подписан: приложения не меняются.")
    option = _option(order.organization, kind, object_id)
    if order.appendices.filter(kind=kind, object_id=object_id).exists():
        raise ValidationError(f"«{option.title}» уже приложен к приказу.")
    number = (max((a.number for a in order.appendices.all()), default=0)) + 1
    appendix = OrderAppendix(order=order, number=number, kind=kind, object_id=object_id, title=option.title[:500])
    appendix.full_clean()
    return save_audited(appendix, actor, validate=False)


@transaction.atomic
def order_detach(*, appendix: OrderAppendix, actor: User) -> None:
    """Remove an appendix from a draft order; the following ones move up a number."""
    order = appendix.order
    ensure_allowed(actor, order.organization, "orders.edit", "Приложения к приказу меняет куратор или директор.")
    if not order.is_editable:
        raise ValidationError("Приказ уже на подписи или подписан: приложения не меняются.")
    appendix._history_user = actor  # type: ignore[attr-defined]
    appendix.delete()
    for number, rest in enumerate(order.appendices.order_by("number"), start=1):
        if rest.number != number:
            rest.number = number
            save_audited(rest, actor)


@transaction.atomic
def order_submit(*, order: Order, actor: User) -> Order:
    if order.status != Order.Status.DRAFT:
        raise ValidationError("На подпись отправляется только проект приказа.")
    ensure_allowed(actor, order.organization, "orders.edit", "Отправить приказ на подпись может куратор или директор.")
    order.status = Order.Status.REVIEW
    return _order_save(order, actor)


@transaction.atomic
def order_return(*, order: Order, actor: User) -> Order:
    ensure_allowed(actor, order.organization, "orders.sign", "Вернуть приказ может только директор.")
    if order.status != Order.Status.REVIEW:
        raise ValidationError("Вернуть можно только приказ на подписи.")
    order.status = Order.Status.DRAFT
    return _order_save(order, actor)


@transaction.atomic
def order_sign(*, order: Order, actor: User) -> Order:
    """The director signs: every appendix must be final (approved) and is printed once more and kept."""
    ensure_allowed(actor, order.organization, "orders.sign", "Подписать приказ может только директор организации.")
    order = Order.objects.select_for_update().get(pk=order.pk)  # not a stale copy: a second click waits here
    if order.status == Order.Status.SIGNED:
        raise ValidationError("Приказ уже подписан.")
    if order.status != Order.Status.REVIEW:
        raise ValidationError("Подписывается приказ, отправленный на подпись.")
    appendices = list(order.appendices.all())
    # Lists whose rows signing changes: locked now, so that what is printed below is what changes.
    kinds = {appendix.kind for appendix in appendices}
    pair_ids = lifecycle.lock_order_pairs(order.organization) if PAIRS_LIST in kinds else []
    nomination_ids = lifecycle.lock_pending_nominations(order.organization) if NOMINATIONS_LIST in kinds else []
    problems = []
    for appendix in appendices:
        try:
            option = _option(order.organization, appendix.kind, appendix.object_id)
        except ValidationError:
            kind = printing.printable(appendix.kind)
            problems.append(f"«{appendix.title}» ({kind.unavailable if kind else 'документ удалён'})")
            continue
        if not option.final:
            problems.append(f"«{option.title}»" + (f" ({option.why_not_final})" if option.why_not_final else ""))
        appendix.title = option.title[:500]  # the document's title as it is signed
    if problems:
        raise ValidationError(
            "Приказ не подписан: приложения должны быть утверждены и действовать — " + "; ".join(problems) + "."
        )
    for appendix in appendices:
        ref = printing.AppendixRef(appendix.number, order.date, order.number)
        body = printing.render_body(appendix.kind, order.organization, appendix.object_id, order.date, appendix=ref)
        appendix.signed_html = str(body or "")
        appendix.save(update_fields=["signed_html", "title"])
    order.status = Order.Status.SIGNED
    order.signed_by = actor
    order.signed_at = timezone.now()
    _order_save(order, actor)
    # Exactly the pairs and nominations printed in the signed appendices take the order's number and date.
    organization, number = order.organization, order.number
    if pair_ids:
        lifecycle.pairs_fix_by_order(organization=organization, actor=actor, ids=pair_ids, number=number, on=order.date)
    if nomination_ids:
        lifecycle.nominations_announce(
            organization=organization, actor=actor, ids=nomination_ids, number=number, on=order.date
        )
    return order


PAIRS_LIST, NOMINATIONS_LIST = "pairing.pairs", "pairing.nominations"


def pairs_order_open(*, organization: Organization, actor: User, on: date | None = None) -> Order:
    """The draft order «О закреплении наставнических пар (групп)» with the list of pairs as its appendix:
    the existing draft (its wording drafted again, to name the mentors now in it) or a new one. While such
    an order is on signature, new pairs wait for the next one."""
    from .order_kinds import order_draft

    ensure_allowed(actor, organization, "orders.edit", "Готовить приказы может куратор или директор.")
    lock_organization(organization.pk)
    on = on or timezone.localdate()
    pending = Order.objects.for_organization(organization).filter(
        appendices__kind=PAIRS_LIST, status__in=(Order.Status.DRAFT, Order.Status.REVIEW)
    )
    in_review = pending.filter(status=Order.Status.REVIEW).first()
    if in_review is not None:
        raise ValidationError(
            f"Приказ о закреплении от {in_review.date:%d.%m.%Y} № {in_review.number} на подписи у директора: "
            "новые пары войдут в следующий приказ, когда этот будет подписан (или верните его на доработку)."
        )
    draft = order_draft(Order.Kind.PAIRS, organization, on)
    order = pending.order_by("-date", "-pk").first()
    if order is not None:
        return order_update(
            order=order, actor=actor, title=draft.title, preamble=draft.preamble, points="\n".join(draft.points)
        )
    return order_create(
        organization=organization,
        actor=actor,
        kind=Order.Kind.PAIRS,
        number=next_order_number(organization, on),
        date=on,
        title=draft.title,
        preamble=draft.preamble,
        points="\n".join(draft.points),
        appendices=draft.appendices,
    )


def on_pairs_to_order(sender: object, *, organization: Organization, actor: User, **kwargs: Any) -> str:
    """The pairs board sent pairs to the order: the draft's page."""
    return pairs_order_open(organization=organization, actor=actor).get_absolute_url()


# --- Local acts -------------------------------------------------------------------------------------------


class LocalActFields(TypedDict, total=False):
    kind: str
    title: str
    number: str
    date: date | None
    body: str
    file: File | None


@transaction.atomic
def local_act_save(*, act: LocalAct, actor: User, **fields: Unpack[LocalActFields]) -> LocalAct:
    """Create or edit a draft local act (only the fields given): written in the product or uploaded."""
    ensure_allowed(actor, act.organization, "acts.edit", "Локальные акты готовит куратор или директор.")
    if act.pk is not None:
        document_ensure_editable(act)
    for name, value in fields.items():
        if name == "file" and not value:
            continue  # an empty file field keeps the uploaded file
        setattr(act, name, value)
    if not act.body.strip() and not act.file:
        raise ValidationError("Напишите текст акта или приложите файл.")
    lock_organization(act.organization_id)
    same = LocalAct.objects.for_organization(act.organization).current().filter(kind=act.kind, title=act.title.strip())
    if same.filter(date=act.date).exclude(pk=act.pk).exists():
        raise ValidationError(
            {"title": f"Акт «{act.title}» с этой датой уже есть: откройте его, а не создавайте второй."}
        )
    return save_audited(act, actor)
