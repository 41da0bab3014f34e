"""Orders (приказы): the registry, drafts filled from the data, appendices, signature, PDF."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentoring_site import printing
from mentoring_site.forms_flow import run_action, save_form
from mentoring_site.history import history_page
from mentoring_site.pagination import int_param, paginate, query_without_page
from mentoring_site.pdf import pdf_response
from organizations.access import check_permission, requires
from organizations.models import Organization

from . import services
from .documents import order_pdf as build_order_pdf
from .documents import with_order_content
from .forms import AppendicesForm, AppendixForm, OrderForm, OrderKindForm
from .models import Order, OrderAppendix
from .order_kinds import order_draft, template_source
from .services import AppendixChoice


def _orders(request: HttpRequest) -> Any:
    return Order.objects.visible_to(request.user, request.organization)


def _choice_key(choice: AppendixChoice) -> str:
    key, object_id = choice
    return f"{key}:{object_id if object_id is not None else ''}"


def _parse_choice(value: str) -> AppendixChoice | None:
    key, _, object_id = value.partition(":")
    if not object_id:
        return key, None
    number = int_param(object_id)
    return None if number is None else (key, number)


def attachable(organization: Organization) -> list[dict[str, Any]]:
    """Every printable of every app the organization can attach: ``{"key", "label", "options"}``."""
    groups = []
    for kind in printing.printables():
        options = [
            {"value": _choice_key((kind.key, o.object_id)), "title": o.title, "final": o.final, "why": o.why_not_final}
            for o in kind.options(organization)
        ]
        if options:
            groups.append({"key": kind.key, "label": kind.label, "options": options})
    return groups


@requires("orders.view")
def order_list(request: HttpRequest) -> HttpResponse:
    orders = _orders(request).order_by("-date", "-pk")
    kind = request.GET.get("kind", "")
    if kind in Order.Kind.values:
        orders = orders.filter(kind=kind)
    year = request.GET.get("year", "")
    if int_param(year) is not None:
        orders = orders.filter(year=int_param(year))
    page = paginate(request, orders, 20)
    years = _orders(request).order_by("-year").values_list("year", flat=True).distinct()
    return render(
        request,
        "documents/order_list.html",
        {
            "page_obj": page,
            "orders": page.object_list,
            "kinds": Order.Kind.choices,
            "years": list(years),
            "kind": kind,
            "year": year,
            "query": query_without_page(request),
        },
    )


def missing_place(organization: Organization) -> str:
    """Why an order prints no place of issue unless one is typed in it (empty: the address gives one)."""
    if organization.place_of_issue:
        return ""
    if not organization.address.strip():
        return "в карточке организации не указан адрес"
    return "в адресе организации не найден населённый пункт («г. …», «с. …», «ст. …»)"


@requires("orders.edit")
def order_create(request: HttpRequest) -> HttpResponse:
    kind_form = OrderKindForm(request.GET or None)
    if not kind_form.is_valid():
        return render(request, "documents/order_kind.html", {"form": OrderKindForm()})
    kind = kind_form.cleaned_data["kind"]
    organization = request.organization
    today = timezone.localdate()
    draft = order_draft(kind, organization, today)
    initial = {
        "kind": kind,
        "number": services.next_order_number(organization, today),
        "date": today,
        "title": draft.title,
        "preamble": draft.preamble,
        "points": "\n".join(draft.points),
        "signer_position": organization.director_position,
        "signer_name": organization.director_signature,
        "place": organization.place_of_issue,
    }
    form = OrderForm(request.POST or None, initial=initial, organization=organization)
    appendix_form = AppendicesForm(
        request.POST or None,
        groups=attachable(organization),
        initial={"appendix": [_choice_key(choice) for choice in draft.appendices]},
    )

    def create(data: dict[str, Any]) -> Order:
        parsed = [_parse_choice(value) for value in appendix_form.cleaned_data["appendix"]]
        # The draft's own appendices first, numbered as its text names them; any other after them.
        proposed = {choice: index for index, choice in enumerate(draft.appendices)}
        chosen = sorted((c for c in parsed if c is not None), key=lambda c: proposed.get(c, len(proposed)))
        return services.order_create(organization=organization, actor=request.user, appendices=chosen, **data)

    saved = save_form(
        request,
        form,
        create,
        success=lambda order: f"Проект приказа № {order.number} сохранён.",
        formsets=[appendix_form],
    )
    return saved or render(
        request,
        "documents/order_form.html",
        {
            "form": form,
            "order": None,
            "appendix_form": appendix_form,
            "kind": kind,
            "missing_place": missing_place(organization),
        },
    )


@requires("orders.view")
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(with_order_content(_orders(request)), pk=pk)
    appendix_form = None
    if order.is_editable and request.can("orders.edit"):  # what may still be attached: drafts, editors
        attached = {_choice_key((a.kind, a.object_id)) for a in order.appendices.all()}
        choices = [
            (option["value"], f"{group['label']}: {option['title']}")
            for group in attachable(order.organization)
            for option in group["options"]
            if option["value"] not in attached
        ]
        appendix_form = AppendixForm(choices=choices) if choices else None
    return render(
        request,
        "documents/order_detail.html",
        {"order": order, "appendix_form": appendix_form, "missing_place": missing_place(order.organization)},
    )


@requires("orders.edit")
def order_edit(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(_orders(request), pk=pk)
    form = OrderForm(request.POST or None, instance=order, organization=request.organization)
    if request.method == "GET" and not order.is_editable:
        messages.warning(request, "Приказ на подписи или подписан: изменения не сохранятся.")
    saved = save_form(
        request,
        form,
        lambda data: services.order_update(order=order, actor=request.user, **data),
        success="Приказ сохранён.",
    )
    return saved or render(
        request,
        "documents/order_form.html",
        {"form": form, "order": order, "missing_place": missing_place(order.organization)},
    )


@requires("orders.edit")
@require_POST
def order_appendix_add(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(_orders(request), pk=pk)
    value = request.POST.get("document", "")
    choice = _parse_choice(value) if value else None
    if choice is None:
        messages.error(request, "Выберите документ из списка.")
        return redirect(order)
    kind, object_id = choice
    return run_action(
        request,
        lambda: services.order_attach(order=order, actor=request.user, kind=kind, object_id=object_id),
        success="Приложение добавлено.",
        next_url=order,
    )


@requires("orders.edit")
@require_POST
def order_appendix_delete(request: HttpRequest, pk: int) -> HttpResponse:
    appendix = get_object_or_404(
        OrderAppendix.objects.visible_to(request.user, request.organization).select_related("order"), pk=pk
    )
    return run_action(
        request,
        lambda: services.order_detach(appendix=appendix, actor=request.user),
        success="Приложение убрано из приказа.",
        next_url=appendix.order,
    )


ACTIONS = {
    "submit": ("orders.edit", services.order_submit, "Приказ отправлен директору на подпись."),
    "sign": ("orders.sign", services.order_sign, "Приказ подписан. Теперь он только для чтения."),
    "return": ("orders.sign", services.order_return, "Приказ возвращён на доработку."),
}


@requires("orders.edit")
@require_POST
def order_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Submit (curator, director); sign and return (director: the service checks the table)."""
    if action not in ACTIONS:
        raise Http404("Нет такого действия.")
    permission, handler, success = ACTIONS[action]
    check_permission(request, permission)
    order = get_object_or_404(_orders(request), pk=pk)
    return run_action(request, lambda: handler(order=order, actor=request.user), success=success, next_url=order)


@requires("orders.view")
def order_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(with_order_content(_orders(request)), pk=pk)
    return pdf_response(build_order_pdf(order), f"Приказ № {order.number} от {order.date:%d.%m.%Y}.pdf")


@requires("history.view")
def order_history(request: HttpRequest, pk: int) -> HttpResponse:
    return history_page(request, get_object_or_404(_orders(request), pk=pk))


@requires("orders.view")
def order_kinds(request: HttpRequest) -> HttpResponse:
    """The wording of each kind of order, as the templates hold it: read it before relying on a draft."""
    today = timezone.localdate()
    kinds = [
        {
            "value": value,
            "label": label,
            "source": template_source(value),
            "draft": order_draft(value, request.organization, today),
        }
        for value, label in Order.Kind.choices
    ]
    return render(request, "documents/order_kinds.html", {"kinds": kinds})
