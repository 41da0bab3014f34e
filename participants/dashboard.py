"""Dashboard panel of the participants app: the two bases at a glance."""

from django.db.models import Count, Q

from mentoring_site.dashboard import PanelContent, register_panel

from .models import MenteeProfile, MentorProfile, Person


@register_panel(order=40, permission="people.manage")
def bases(request):
    organization = request.organization
    mentors = MentorProfile.objects.filter(person__organization=organization).aggregate(
        total=Count("pk"), active=Count("pk", filter=Q(status=MentorProfile.Status.ACTIVE))
    )
    mentees = MenteeProfile.objects.filter(person__organization=organization).aggregate(
        total=Count("pk"), active=Count("pk", filter=Q(status=MenteeProfile.Status.ACTIVE))
    )
    without_consent = (
        Person.objects.filter(organization=organization, anonymized_at__isnull=True).without_valid_consent().count()
    )
    for counts in (mentors, mentees):
        counts["other"] = counts["total"] - counts["active"]
    return PanelContent(
        template="participants/panels/bases.html",
        context={"mentors": mentors, "mentees": mentees, "without_consent": without_consent},
        width="col-lg-6",
    )
