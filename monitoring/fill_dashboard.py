"""«Мои анкеты» on the dashboard: the signed-in user's open personal links (part C, filling)."""

from django.http import HttpRequest
from django.utils import timezone

from mentoring_site.dashboard import PanelContent, register_panel

from .filling import my_recipients

PANEL_ROWS = 5


@register_panel(order=14, permission="forms.own")
def my_forms(request: HttpRequest) -> PanelContent | None:
    """Shown only while there is something to fill: the links whose campaign is open and not answered."""
    rows = my_recipients(request.user, timezone.localdate())["open"]
    if not rows:
        return None
    return PanelContent(
        template="monitoring/fill/panel.html",
        context={"rows": rows[:PANEL_ROWS], "more": len(rows) - PANEL_ROWS},
        width="col-lg-6",
    )
