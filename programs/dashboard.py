"""Dashboard panels of the programs app (registered in ``ProgramsConfig.ready``)."""

from django.urls import reverse

from mentoring_site.access import MANAGING_ROLES, ORGANIZATION_ROLES, Role
from mentoring_site.dashboard import PanelContent, register_panel

from .models import Programme
from .selectors import municipality_aggregates, overdue_activities_of, role_counts
from .views import PROGRAMME_EDIT_ROLES


@register_panel(order=10, roles=ORGANIZATION_ROLES)
def organization_card(request):
    return PanelContent(
        template="programs/panels/organization_card.html",
        context={"organization": request.organization},
        width="col-lg-6" if request.roles & MANAGING_ROLES else "col-12",
    )


@register_panel(order=20, roles=MANAGING_ROLES)
def people_by_role(request):
    counts = role_counts(request.organization)
    return PanelContent(
        template="programs/panels/people_by_role.html",
        context={"role_counts": counts, "total": sum(n for _, n in counts)},
        width="col-lg-6",
    )


@register_panel(order=30, roles=ORGANIZATION_ROLES)
def programmes(request):
    qs = Programme.objects.visible_to(request.user, request.organization).select_related("curator")
    items = list(qs.order_by("-start_year", "title")[:5])
    return PanelContent(
        template="programs/panels/programmes.html",
        context={
            "programmes": items,
            "can_create": bool(request.roles & PROGRAMME_EDIT_ROLES),
            "list_url": reverse("programs:programme-list"),
        },
    )


@register_panel(order=10, roles={Role.COORDINATOR})
def municipality(request):
    if request.municipality is None:
        return None
    organizations = list(municipality_aggregates(request.municipality))
    return PanelContent(
        template="programs/panels/municipality.html",
        context={"municipality": request.municipality, "organizations": organizations},
    )


@register_panel(order=25, roles={Role.CURATOR, Role.DIRECTOR})
def overdue_activities(request):
    """Roadmap activities past their due date and not done: the curator's and director's to-do."""
    overdue = overdue_activities_of(request.organization)
    total = overdue.count()
    return PanelContent(
        template="programs/panels/overdue.html",
        context={"activities": list(overdue.select_related("section__roadmap")[:6]), "total": total},
    )
