"""Orders (приказы): registry, drafts filled from the data, signature by the director, PDF."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentoring_site.access import MANAGING_ROLES, Role, role_required
from mentoring_site.documents import pdf_response, render_pdf
from mentoring_site.forms_flow import apply_validation_error
from mentoring_site.history import history_page
from mentoring_site.pagination import paginate, query_without_page

from . import services
from .forms import OrderForm, OrderKindForm
from .models import LocalAct, Order, OrderAppendix, Programme, Roadmap
from .order_templates import order_draft
from .views import int_param

EDIT_ROLES = (Role.CURATOR, Role.DIRECTOR)


def _orders(request):
    return Order.objects.visible_to(request.user, request.organization)


def order_with_content(queryset, pk):
    appendices = OrderAppendix.objects.select_related("programme", "roadmap", "local_act").order_by("number")
    return get_object_or_404(
        queryset.select_related("organization", "prepared_by", "signed_by").prefetch_related(
            Prefetch("appendices", appendices), "acquainted"
        ),
        pk=pk,
    )


@role_required(*MANAGING_ROLES)
def order_list(request):
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
        "programs/order_list.html",
        {
            "page_obj": page,
            "orders": page.object_list,
            "kinds": Order.Kind.choices,
            "years": list(years),
            "kind": kind,
            "year": year,
            "query": query_without_page(request),
            "can_edit": bool(request.roles & set(EDIT_ROLES)),
        },
    )


@role_required(*EDIT_ROLES)
def order_create(request):
    kind_form = OrderKindForm(request.GET or None)
    if not kind_form.is_valid():
        return render(request, "programs/order_kind.html", {"form": OrderKindForm()})
    kind = kind_form.cleaned_data["kind"]
    organization = request.organization
    draft = order_draft(kind, organization)
    initial = {
        "kind": kind,
        "date": timezone.localdate(),
        "title": draft["title"],
        "preamble": draft["preamble"],
        "points": "\n".join(draft["points"]),
        "signer_position": organization.director_position,
        "signer_name": services.organization_director_short_name(organization),
        "place": "",
    }
    form = OrderForm(request.POST or None, initial=initial, organization=organization)
    attachable = _attachable(request, kind)
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            acquainted = data.pop("acquainted")
            chosen = _chosen_appendices(request, attachable)
            try:
                order = services.order_create(
                    organization=organization, actor=request.user, acquainted=acquainted, appendices=chosen, **data
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, f"Проект приказа № {order.number} сохранён.")
                return redirect(order)
        messages.error(request, "Исправьте ошибки в форме.")
    return render(
        request, "programs/order_form.html", {"form": form, "order": None, "attachable": attachable, "kind": kind}
    )


def _attachable(request, kind):
    """Documents of the organization that can be appendices of an order of ``kind``."""
    if kind not in {Order.Kind.IMPLEMENTATION, Order.Kind.APPROVAL, Order.Kind.OTHER}:
        return []
    org = request.organization
    documents = []
    for model, label in ((LocalAct, "Локальный акт"), (Programme, "Программа"), (Roadmap, "Дорожная карта")):
        for doc in model.objects.for_organization(org).exclude(status="archived"):
            documents.append((f"{model._meta.model_name}-{doc.pk}", f"{label}: {doc.title}", doc))
    return documents


def _chosen_appendices(request, attachable):
    keys = set(request.POST.getlist("appendix"))
    return [doc for key, _label, doc in attachable if key in keys]


@role_required(*MANAGING_ROLES)
def order_detail(request, pk):
    order = order_with_content(_orders(request), pk)
    return render(
        request,
        "programs/order_detail.html",
        {
            "order": order,
            "can_edit": bool(request.roles & set(EDIT_ROLES)),
            "can_sign": Role.DIRECTOR in request.roles,
            "can_see_history": bool(request.roles & {Role.ADMIN, Role.DIRECTOR}),
        },
    )


@role_required(*EDIT_ROLES)
def order_edit(request, pk):
    order = get_object_or_404(_orders(request), pk=pk)
    form = OrderForm(request.POST or None, instance=order, organization=request.organization)
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            acquainted = data.pop("acquainted")
            try:
                services.order_update(order=order, actor=request.user, acquainted=acquainted, **data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "Приказ сохранён.")
                return redirect(order)
        messages.error(request, "Исправьте ошибки в форме.")
    elif not order.is_editable:
        messages.warning(request, "Приказ на подписи или подписан: изменения не сохранятся.")
    return render(request, "programs/order_form.html", {"form": form, "order": order, "attachable": []})


@require_POST
@role_required(*EDIT_ROLES)
def order_action(request, pk, action):
    order = get_object_or_404(_orders(request), pk=pk)
    handlers = {
        "submit": (services.order_submit, "Приказ отправлен директору на подпись."),
        "sign": (services.order_sign, "Приказ подписан. Теперь он только для чтения."),
        "return": (services.order_return, "Приказ возвращён на доработку."),
    }
    if action not in handlers:
        messages.error(request, "Нет такого действия.")
        return redirect(order)
    handler, success = handlers[action]
    try:
        handler(order=order, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(order)


@role_required(*MANAGING_ROLES)
def order_pdf(request, pk):
    order = order_with_content(_orders(request), pk)
    return pdf_response(order_pdf_bytes(order), f"Приказ № {order.number} от {order.date:%d.%m.%Y}.pdf")


def order_pdf_bytes(order, *, public=False) -> bytes:
    from .models import Membership

    positions = {}
    for user_id, position in Membership.objects.filter(
        organization=order.organization, user__in=order.acquainted.all(), is_active=True
    ).values_list("user_id", "position"):
        positions.setdefault(user_id, position)
    acquainted = [(user, positions.get(user.pk, "")) for user in order.acquainted.all()]
    acquainted.sort(key=lambda pair: (pair[0].last_name, pair[0].first_name))
    return render_pdf(
        "programs/documents/order.html",
        {
            "order": order,
            "public": public,
            "acquainted": acquainted,
            "acquainted_count": len(acquainted),
            "blank_rows": range(max(0, 8 - len(acquainted))),
        },
    )


@role_required(Role.ADMIN, Role.DIRECTOR)
def order_history(request, pk):
    return history_page(request, get_object_or_404(_orders(request), pk=pk))
