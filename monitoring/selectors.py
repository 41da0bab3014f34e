"""Read-side helpers of questionnaires and campaigns shared by the constructor, campaigns, filling and results."""

from django.db.models import Count, Q

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
