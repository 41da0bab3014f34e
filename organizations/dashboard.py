"""Dashboard panels of the organizations app (registered in ``OrganizationsConfig.ready``)."""

from django.http import HttpRequest

from mentoring_site.dashboard import PanelContent, register_panel

from .selectors import role_counts


@register_panel(order=10, permission="organization.view")
def organization_card(request: HttpRequest) -> PanelContent:
    return PanelContent(
        template="organizations/panels/organization_card.html",
        context={"organization": request.organization},
        width="col-12",
    )


@register_panel(order=50, permission="people.manage")
def people_by_role(request: HttpRequest) -> PanelContent:
    counts = role_counts(request.organization)
    return PanelContent(
        template="organizations/panels/people_by_role.html",
        context={"role_counts": counts, "total": sum(n for _, n in counts)},
        width="col-12",
    )
