"""Dashboard panel of the participants app: the two bases at a glance."""

from django.db.models import Count, OuterRef, Q, Subquery

from mentoring_site.dashboard import PanelContent, register_panel

from .models import MenteeProfile, MentorProfile, Person


@register_panel(order=40, permission="people.manage")
def bases(request):
    organization = request.organization

    def counts(model: type[MentorProfile] | type[MenteeProfile], status: str) -> dict[str, Subquery]:
        rows = model.objects.filter(person__organization=OuterRef("pk")).order_by().values("person__organization")
        return {
            "total": Subquery(rows.annotate(n=Count("pk")).values("n")),
            "active": Subquery(rows.annotate(n=Count("pk", filter=Q(status=status))).values("n")),
        }

    # Both bases in one query: a subquery per figure, not a query per base.
    mentor_counts = counts(MentorProfile, MentorProfile.Status.ACTIVE)
    mentee_counts = counts(MenteeProfile, MenteeProfile.Status.ACTIVE)
    figures = (
        type(organization)
        .objects.filter(pk=organization.pk)
        .annotate(
            mentors_total=mentor_counts["total"],
            mentors_active=mentor_counts["active"],
            mentees_total=mentee_counts["total"],
            mentees_active=mentee_counts["active"],
        )
        .values("mentors_total", "mentors_active", "mentees_total", "mentees_active")
        .get()
    )
    mentors = {"total": figures["mentors_total"] or 0, "active": figures["mentors_active"] or 0}
    mentees = {"total": figures["mentees_total"] or 0, "active": figures["mentees_active"] or 0}
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
