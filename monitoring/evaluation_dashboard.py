"""The efficiency evaluation on the dashboard: awaiting the director's approval (registered in ``ready``)."""

from django.http import HttpRequest
from django.utils import timezone

from mentoring_site.dashboard import InboxItem, PanelContent, register_inbox, register_panel
from programs.models import Activity

from .models import Evaluation
from .regional import RegionalSettings, pupil_coverage


@register_inbox(permission="evaluations.approve")
def evaluations_to_approve(request: HttpRequest) -> list[InboxItem]:
    organization = request.organization  # type: ignore[attr-defined]
    if organization is None:
        return []
    waiting = Evaluation.objects.for_organization(organization).filter(status=Evaluation.Status.REVIEW)
    return [
        InboxItem(
            what="Оценка эффективности программы",
            title=f"за {evaluation.school_year_label} учебный год: {evaluation.total} из 18 баллов",
            url=evaluation.get_absolute_url(),
            action="Рассмотреть и утвердить",
            since=evaluation.submitted_at,
        )
        for evaluation in waiting
    ]


@register_panel(order=12, permission="evaluations.view")
def monitoring_at_a_glance(request: HttpRequest) -> PanelContent | None:
    """The current level, the coverage of pupils and the overdue activities, for the director and the curator."""
    organization = request.organization  # type: ignore[attr-defined]
    if organization is None:
        return None
    today = timezone.localdate()
    latest = Evaluation.objects.for_organization(organization).approved().order_by("-school_year", "-pk").first()
    coverage = pupil_coverage([organization.pk], RegionalSettings(on=today))[organization.pk]
    overdue = Activity.objects.filter(section__roadmap__organization=organization).overdue(today).count()
    return PanelContent(
        template="monitoring/panels/at_a_glance.html",
        context={"evaluation": latest, "coverage": coverage, "overdue": overdue},
        width="col-lg-6",
    )
