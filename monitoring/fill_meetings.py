"""Feedback after a meeting (stage 6): «Попросить отзыв» on a held meeting, and what came back on the pair's page.

The organization has one meeting-feedback campaign per school year (made on the first request from its own
copy of the standard «Обратная связь после встречи», or from the standard original). A request makes a
personal link for each of the pair's current mentees and one for the mentor, tied to the meeting; each
answer is stored with the meeting. The pair's page shows the feedback to the curator, the director and the
pair's mentor (it is their own meeting); mentees see nothing of it.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Prefetch, Q
from django.http import HttpRequest

from mentoring_site.audit import save_audited
from mentoring_site.dashboard import PanelContent
from organizations.models import Organization
from pairing.meetings import is_pair_mentor, may_record
from pairing.models import Meeting, Mentorship, MentorshipMember
from pairing.sections import register_pair_section
from programs.deadlines import current_school_year

from .models import Answer, Campaign, Question, Questionnaire, Recipient, Response

STANDARD_KEY = "meeting-feedback"


def meeting_questionnaire(organization: Organization) -> Questionnaire:
    """The organization's own copy of the meeting feedback form (its latest version), else the original."""
    own = (
        Questionnaire.objects.filter(
            organization=organization, purpose=Questionnaire.Purpose.MEETING, is_archived=False
        )
        .latest_versions()
        .order_by("-created_at", "-pk")
    )
    copy = own.filter(key=STANDARD_KEY).first() or own.first()
    if copy is not None:
        return copy
    return Questionnaire.objects.standard().filter(key=STANDARD_KEY).latest_versions().get()


def meeting_campaign(organization: Organization, actor: Any, today: date) -> Campaign:
    """The open meeting-feedback campaign of the school year, made when there is none."""
    campaign = (
        Campaign.objects.filter(
            organization=organization,
            questionnaire__purpose=Questionnaire.Purpose.MEETING,
            closed_at__isnull=True,
            opens_on__lte=today,
            closes_on__gte=today,
        )
        .order_by("-opens_on", "-pk")
        .first()
    )
    if campaign is not None:
        return campaign
    year = current_school_year(today)
    campaign = Campaign(
        organization=organization,
        questionnaire=meeting_questionnaire(organization),
        title=f"Обратная связь после встреч, {year}/{year + 1} учебный год",
        opens_on=min(today, date(year, 9, 1)),
        closes_on=date(year + 1, 8, 31),
        audience="Наставники и наставляемые пар после встреч",
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    return save_audited(campaign, actor)


@transaction.atomic
def request_feedback(*, meeting: Meeting, actor: Any, today: date) -> list[Recipient]:
    """«Попросить отзыв»: links for the pair's current mentees and its mentor; a second request adds only
    whoever has no link for this meeting yet (a mentee who joined since). Returns the new links."""
    mentorship = Mentorship.objects.select_related("mentor__person", "organization").get(pk=meeting.mentorship_id)
    if not may_record(actor, mentorship):
        raise ValidationError("Попросить отзыв может наставник пары, куратор или директор.")
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError("Отзыв просят о встрече, которая состоялась.")
    # one campaign per organization and year even when two pairs ask at the same moment
    Organization.objects.select_for_update().filter(pk=mentorship.organization_id).first()
    campaign = meeting_campaign(mentorship.organization, actor, today)
    members = (
        MentorshipMember.objects.filter(mentorship=mentorship, left_on__isnull=True)
        .select_related("mentee__person")
        .order_by("mentee__person__last_name", "pk")
    )
    people = [m.mentee.person for m in members] + [mentorship.mentor.person]
    created = []
    for person in people:
        recipient, new = Recipient.objects.get_or_create(
            campaign=campaign,
            person=person,
            meeting=meeting,
            defaults={
                "mentorship": mentorship,
                "channel": Recipient.Channel.EMAIL if person.email else Recipient.Channel.SLIP,
            },
        )
        if new:
            created.append(recipient)
    if not created:
        raise ValidationError("Отзыв об этой встрече уже запрошен у всех участников пары.")
    return created


# --- The pair's page ----------------------------------------------------------------------------------


@dataclass
class MeetingFeedback:
    meeting: Meeting
    asked: int = 0
    answered: int = 0
    means: list[tuple[str, float]] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    my_link: str = ""


def _value(answer: Answer) -> str:
    if answer.question.kind == Question.Kind.SCALE:
        return f"{answer.number} из {answer.question.scale_max}"
    if answer.option_id:
        return answer.option.label
    return answer.text


@register_pair_section(order=10)
def meeting_feedback_section(request: HttpRequest, mentorship: Mentorship) -> PanelContent | None:
    """«Отзывы о встречах»: per held meeting — asked and answered, the mean scores (in the database), each
    answer; «Попросить отзыв» for who may record meetings; the viewer's own link. Constant queries."""
    user: Any = request.user
    manager = request.can("pairs.view")  # type: ignore[attr-defined]
    mentor = is_pair_mentor(user, mentorship)
    if not (manager or mentor):
        return None
    held = list(Meeting.objects.filter(mentorship=mentorship, status=Meeting.Status.HELD).order_by("-date", "-pk"))
    rows = {m.pk: MeetingFeedback(meeting=m) for m in held}
    counts = (
        Recipient.objects.filter(meeting__mentorship=mentorship)
        .values("meeting_id")
        .annotate(asked=Count("pk"), answered=Count("pk", filter=Q(responded_at__isnull=False)))
    )
    for row in counts:
        if row["meeting_id"] in rows:
            rows[row["meeting_id"]].asked, rows[row["meeting_id"]].answered = row["asked"], row["answered"]
    means = (
        Answer.objects.filter(response__meeting__mentorship=mentorship, question__kind=Question.Kind.SCALE)
        .values("response__meeting_id", "question__text", "question__section__order", "question__order")
        .annotate(mean=Avg("number"))
        .order_by("response__meeting_id", "question__section__order", "question__order")
    )
    for row in means:
        if row["response__meeting_id"] in rows:
            rows[row["response__meeting_id"]].means.append((row["question__text"], round(row["mean"], 1)))
    answers = Answer.objects.select_related("question", "option").order_by(
        "question__section__order", "question__order", "option__order", "pk"
    )
    responses = (
        Response.objects.filter(meeting__mentorship=mentorship)
        .select_related("person")
        .prefetch_related(Prefetch("answers", queryset=answers, to_attr="shown_answers"))
        .order_by("submitted_at", "pk")
    )
    for response in responses:
        if response.meeting_id in rows:
            response.values = [(a.question.text, _value(a)) for a in response.shown_answers]  # type: ignore[attr-defined]
            rows[response.meeting_id].responses.append(response)
    if user.is_authenticated:
        mine = Recipient.objects.filter(
            meeting__mentorship=mentorship, person__user=user, responded_at__isnull=True
        ).values_list("meeting_id", "token")
        for meeting_id, token in mine:
            if meeting_id in rows:
                rows[meeting_id].my_link = Recipient(token=token).get_absolute_url()
    can_ask = mentorship.is_current and (mentor or request.can("pairs.manage"))  # type: ignore[attr-defined]
    return PanelContent(
        template="monitoring/fill/pair_feedback.html",
        context={"mentorship": mentorship, "meetings": list(rows.values()), "can_ask": can_ask},
    )
