"""Dashboard panels of the programs app (registered in ``ProgramsConfig.ready``)."""

from django.http import HttpRequest
from django.urls import reverse

from mentoring_site.dashboard import InboxItem, PanelContent, register_inbox, register_panel

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


@register_inbox(permission="approval.approve")
def documents_to_approve(request: HttpRequest) -> list[InboxItem]:
    """Programmes, roadmaps and local acts sent for approval (one query per kind of document)."""
    if request.organization is None:
        return []
    return [
        InboxItem(
            what=str(model._meta.verbose_name).capitalize(),
            title=str(document),
            url=document.get_absolute_url(),
            action="Рассмотреть и утвердить",
            since=document.submitted_at,
            by=document.submitted_by.full_name if document.submitted_by else "",
        )
        for model in APPROVABLE.values()
        for document in model.objects.for_organization(request.organization)
        .filter(status=DocumentStatus.REVIEW)
        .select_related("submitted_by")
    ]
