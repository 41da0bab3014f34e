"""The efficiency evaluation on the dashboard: awaiting the director's approval (registered in ``ready``)."""

from django.http import HttpRequest

from mentoring_site.dashboard import InboxItem, register_inbox

from .models import Evaluation


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
