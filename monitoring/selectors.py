"""Read-side helpers of questionnaires and campaigns shared by the constructor, campaigns, filling and results."""

from datetime import date
from typing import Any

from django.db.models import Count, Q

from organizations.models import Organization
from programs.choices import ActivityStatus, DocumentStatus
from programs.models import Activity, Roadmap

from .models import Campaign, Questionnaire, Recipient


def campaign_counts(campaign: Campaign) -> dict[str, int]:
    """How many people got a link and how many answered, counted in the database."""
    counts = Recipient.objects.filter(campaign=campaign).aggregate(
        total=Count("pk"), responded=Count("pk", filter=Q(responded_at__isnull=False))
    )
    return {"total": counts["total"] or 0, "responded": counts["responded"] or 0}


def has_answers(questionnaire: Questionnaire) -> bool:
    """A questionnaire with answers is never changed again: an edit makes its next version."""
    return questionnaire.responses.exists()


def roadmap_progress(
    organization: Organization, on: date, *, school_year: int | None = None
) -> tuple[Roadmap | None, list[dict[str, Any]]]:
    """The organization's roadmap in force (of ``school_year`` or before it, if given) and, per stage, its
    activities: all, done, overdue on ``on`` (past their date and not done, in an approved roadmap)."""
    roadmaps = Roadmap.objects.filter(organization=organization).current()
    if school_year is not None:
        roadmaps = roadmaps.filter(start_year__lte=school_year)
    roadmap = roadmaps.order_by("-start_year", "-pk").first()
    if roadmap is None:
        return None, []
    stages = list(
        Activity.objects.filter(section__roadmap=roadmap)
        .values("section__order", "section__title")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=ActivityStatus.DONE)),
            overdue=Count(
                "pk",
                filter=Q(due_date__lt=on, section__roadmap__status=DocumentStatus.APPROVED)
                & ~Q(status=ActivityStatus.DONE),
            ),
        )
        .order_by("section__order")
    )
    return roadmap, stages
