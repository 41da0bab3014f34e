"""What the documents app puts on the dashboard (registered in ``DocumentsConfig.ready``)."""

from django.http import HttpRequest

from mentoring_site.dashboard import InboxItem, register_inbox

from .models import Order


@register_inbox(permission="orders.sign")
def orders_to_sign(request: HttpRequest) -> list[InboxItem]:
    """Orders sent for signature (an order in review cannot change, so its last change is the sending)."""
    if request.organization is None:
        return []
    orders = (
        Order.objects.for_organization(request.organization)
        .filter(status=Order.Status.REVIEW)
        .select_related("prepared_by")
    )
    return [
        InboxItem(
            what=f"Приказ № {order.number} от {order.date:%d.%m.%Y}",
            title=order.title,
            url=order.get_absolute_url(),
            action="Рассмотреть и подписать",
            since=order.updated_at,
            by=order.prepared_by.full_name if order.prepared_by else "",
        )
        for order in orders
    ]
