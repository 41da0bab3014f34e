"""Dashboard panels of the programs app (registered in ``ProgramsConfig.ready``)."""

from django.db.models import CharField, F, IntegerField, Value
from django.http import HttpRequest
from django.urls import reverse

from mentoring_site.dashboard import InboxItem, PanelContent, register_inbox, register_panel
from mentoring_site.names import full_name

from .approval import APPROVABLE
from .choices import DocumentStatus
from .models import Programme
from .selectors import municipality_aggregates, overdue_activities_of


@register_panel(order=30, permission="programmes.view")
def programmes(request: HttpRequest) -> PanelContent:
    qs = Programme.objects.visible_to(request.user, request.organization).select_related("curator")
    return PanelContent(
        template="programs/panels/programmes.html",
        context={
            "programmes": list(qs.order_by("-start_year", "title")[:5]),
            "list_url": reverse("programs:programme-list"),
        },
    )


@register_panel(order=10, permission="municipality.view")
def municipality(request: HttpRequest) -> PanelContent | None:
    if request.municipality is None:
        return None
    organizations = list(municipality_aggregates(request.municipality))
    return PanelContent(
        template="programs/panels/municipality.html",
        context={"municipality": request.municipality, "organizations": organizations},
    )


@register_panel(order=25, permission="roadmaps.overdue")
def overdue_activities(request: HttpRequest) -> PanelContent:
    """Roadmap activities past their due date and not done: the curator's and director's to-do."""
    overdue = overdue_activities_of(request.organization)
    return PanelContent(
        template="programs/panels/overdue.html",
        context={"activities": list(overdue.select_related("section__roadmap")[:6]), "total": overdue.count()},
    )


def _has_field(model: type, name: str) -> bool:
    return any(field.name == name for field in model._meta.get_fields())


@register_inbox(permission="approval.approve")
def documents_to_approve(request: HttpRequest) -> list[InboxItem]:
    """Programmes, roadmaps and local acts sent for approval: one query for every kind (a UNION)."""
    if request.organization is None:
        return []
    fields = ("pk", "title", "submitted_at", "submitted_by__last_name", "submitted_by__first_name")
    parts = [
        model.objects.for_organization(request.organization)
        .filter(status=DocumentStatus.REVIEW)
        .order_by()  # a part of a UNION has no order of its own
        .values(*fields, "submitted_by__patronymic")
        .annotate(
            doc_type=Value(slug, output_field=CharField()),
            year=F("start_year") if _has_field(model, "start_year") else Value(None, output_field=IntegerField()),
        )
        for slug, model in APPROVABLE.items()
    ]
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    items = []
    for row in rows:
        model = APPROVABLE[row["doc_type"]]
        items.append(
            InboxItem(
                what=str(model._meta.verbose_name).capitalize(),
                title=f"{row['title']} ({row['year']}/{row['year'] + 1})" if row["year"] else row["title"],
                url=model(pk=row["pk"]).get_absolute_url(),
                action="Рассмотреть и утвердить",
                since=row["submitted_at"],
                by=full_name(
                    row["submitted_by__last_name"] or "",
                    row["submitted_by__first_name"] or "",
                    row["submitted_by__patronymic"] or "",
                ),
            )
        )
    return items
