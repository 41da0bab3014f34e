"""Filling a questionnaire by a personal link (/f/<token>/): who may answer, drafts, the submission.

The link is the only key: no account is needed, and nothing on the page is about anyone else. A link
answers once; the submission locks its recipient row (``select_for_update``; on SQLite the write
transaction is IMMEDIATE), so two tabs sending at once make one response. An anonymous questionnaire's
response keeps no recipient, person, pair, meeting or class: only the role and the form of mentoring.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django_ratelimit.core import is_ratelimited

from mentoring_site.names import full_name
from pairing.models import Mentorship
from participants.models import Consent, MenteeProfile, MentorProfile, Person

from .fill_feeds import feed_answers
from .fill_forms import QuestionnaireForm, Structure
from .models import Answer, Campaign, Questionnaire, Recipient, Response

# Submissions and drafts of one link, and requests from one address of the network. A whole school goes
# out through one address, so the second limit is wide: it stops a flood, not a class filling at once.
FILL_RATE_PER_TOKEN = "30/h"  # noqa: S105  (a rate, not a password)
FILL_RATE_PER_IP = "1000/h"

PARENT_SIGNED = (Consent.SignedBy.PARENT, Consent.SignedBy.BOTH)
CONSENT_AGE = 14  # under it a pupil answers only with a parent's consent (participants/services.py)


class State:
    OPEN = "open"
    ANSWERED = "answered"
    SCHEDULED = "scheduled"
    CLOSED = "closed"
    CONSENT = "consent"


class AlreadyAnswered(Exception):
    def __init__(self, responded_at: datetime) -> None:
        super().__init__("already answered")
        self.responded_at = responded_at


class NotOpen(Exception):
    def __init__(self, state: str) -> None:
        super().__init__(state)
        self.state = state


def find_recipient(token: str) -> Recipient | None:
    """The link's recipient, or None: an unknown and a forged token are the same None, and so is the link
    of a person whose data were erased after the consent was withdrawn."""
    if not token or len(token) > 64:
        return None
    return (
        Recipient.objects.select_related(
            "campaign__organization", "campaign__questionnaire__form", "person__user", "mentorship__form"
        )
        .filter(token=token, person__anonymized_at__isnull=True)
        .first()
    )


def throttled(request: HttpRequest, token: str, *, submitting: bool) -> bool:
    """Requests to personal links are limited per address; drafts and submissions also per link."""
    rate_ip = getattr(settings, "FILL_RATE_PER_IP", FILL_RATE_PER_IP)
    rate_token = getattr(settings, "FILL_RATE_PER_TOKEN", FILL_RATE_PER_TOKEN)
    by_ip = is_ratelimited(request, group="fill-ip", key="ip", rate=rate_ip, increment=True)
    by_token = submitting and is_ratelimited(
        request, group="fill-token", key=lambda _group, _request: token, rate=rate_token, increment=True
    )
    return bool(by_ip or by_token)


def needs_parent_consent(person: Person, today: date) -> bool:
    """A pupil under 14 answers only when a consent signed by a parent is recorded and not withdrawn."""
    age = person.age(today)
    if person.kind != Person.Kind.STUDENT or age is None or age >= CONSENT_AGE:
        return False
    return not person.consents.filter(withdrawn_at__isnull=True, signed_by__in=PARENT_SIGNED).exists()


def link_state(recipient: Recipient, today: date) -> str:
    if recipient.responded_at:
        return State.ANSWERED
    status = recipient.campaign.status_on(today)
    if status == Campaign.Status.SCHEDULED:
        return State.SCHEDULED
    if status == Campaign.Status.CLOSED:
        return State.CLOSED
    if needs_parent_consent(recipient.person, today):
        return State.CONSENT
    return State.OPEN


def mark_opened(recipient: Recipient) -> None:
    """The first open of the link (the campaign page counts who opened it)."""
    if recipient.opened_at is None:
        now = timezone.now()
        Recipient.objects.filter(pk=recipient.pk, opened_at__isnull=True).update(opened_at=now)
        recipient.opened_at = now


# --- «Выбор человека» ---------------------------------------------------------------------------------


def _side(recipient: Recipient) -> str:
    """Whom the recipient chooses from: «mentors» for a mentee, «mentees» for a mentor."""
    questionnaire = recipient.campaign.questionnaire
    if questionnaire.audience == Questionnaire.Audience.MENTOR:
        return "mentees"
    if questionnaire.audience == Questionnaire.Audience.MENTEE:
        return "mentors"
    person = recipient.person
    if MentorProfile.objects.filter(person=person).exclude(status=MentorProfile.Status.EXCLUDED).exists():
        return "mentees"
    return "mentors"


def people_choices(recipient: Recipient) -> list[tuple[int, str]]:
    """The people a «выбор человека» offers: mentors in the base for a mentee, mentees in the base for a
    mentor (of the form, if the questionnaire names one), never the recipient. Name and class or
    position only: no birth dates, no contacts."""
    organization = recipient.campaign.organization
    form = recipient.campaign.questionnaire.form
    if _side(recipient) == "mentees":
        people = Person.objects.filter(
            organization=organization,
            mentee_profile__status=MenteeProfile.Status.ACTIVE,
        )
    else:
        people = Person.objects.filter(organization=organization, mentor_profile__isnull=False).exclude(
            mentor_profile__status=MentorProfile.Status.EXCLUDED
        )
        if form is not None:
            people = people.filter(mentor_profile__forms=form)
    rows = (
        people.exclude(pk=recipient.person_id)
        .filter(anonymized_at__isnull=True)
        .order_by("last_name", "first_name", "patronymic", "pk")
        .values_list("pk", "last_name", "first_name", "patronymic", "school_class", "position")
        .distinct()
    )
    return [
        (
            pk,
            f"{full_name(last, first, middle)} — {place}"
            if (place := school_class or position)
            else full_name(last, first, middle),
        )
        for pk, last, first, middle, school_class, position in rows
    ]


def build_form(recipient: Recipient, structure: Structure, data: Any = None) -> QuestionnaireForm:
    people = people_choices(recipient) if structure.has_person_questions else []
    if data is not None:
        return QuestionnaireForm(structure, data=data, people=people)
    return QuestionnaireForm(structure, initial=recipient.draft or {}, people=people)


# --- Writes -------------------------------------------------------------------------------------------


def _locked(recipient: Recipient, today: date) -> Recipient:
    """The recipient row locked for this transaction, refused if it answered or the campaign is not open."""
    locked = Recipient.objects.select_for_update().get(pk=recipient.pk)
    if locked.responded_at:
        raise AlreadyAnswered(locked.responded_at)
    locked.campaign = recipient.campaign
    locked.person = recipient.person
    state = link_state(locked, today)
    if state != State.OPEN:
        raise NotOpen(state)
    return locked


@transaction.atomic
def save_draft(recipient: Recipient, form: QuestionnaireForm, today: date) -> None:
    """«Сохранить черновик»: what was typed, checked loosely (nothing typed is lost)."""
    locked = _locked(recipient, today)
    locked.draft = form.clean_draft()
    locked.save(update_fields=["draft"])
    recipient.draft = locked.draft


@dataclass
class Respondent:
    role: str
    mentorship: Mentorship | None


def _respondent(recipient: Recipient) -> Respondent:
    """The role in which the recipient answers and the pair the answer is about."""
    mentorship = recipient.mentorship or (recipient.meeting.mentorship if recipient.meeting_id else None)
    audience = recipient.campaign.questionnaire.audience
    if mentorship is not None:
        role = "mentor" if mentorship.mentor.person_id == recipient.person_id else "mentee"
    elif audience in (Questionnaire.Audience.MENTOR, Questionnaire.Audience.MENTEE, Questionnaire.Audience.CURATOR):
        role = audience
    elif MentorProfile.objects.filter(person_id=recipient.person_id).exists():
        role = "mentor"
    elif MenteeProfile.objects.filter(person_id=recipient.person_id).exists():
        role = "mentee"
    else:
        role = Questionnaire.Audience.ANY
    return Respondent(role=role, mentorship=mentorship)


@transaction.atomic
def submit(recipient: Recipient, form: QuestionnaireForm, today: date) -> Response:
    """«Отправить ответы»: one Response with its Answer rows, the draft cleared; what the answers feed
    (the bases, preferences, the meeting) is written in the same transaction. ``form`` is valid."""
    locked = _locked(recipient, today)
    campaign = recipient.campaign
    questionnaire = campaign.questionnaire
    respondent = _respondent(recipient)
    response = Response(
        campaign=campaign,
        questionnaire=questionnaire,
        role=respondent.role,
        form=(respondent.mentorship.form if respondent.mentorship else None) or questionnaire.form,
        submitted_at=timezone.now(),
    )
    if not questionnaire.anonymous:
        response.recipient = locked
        response.person = recipient.person
        response.mentorship = respondent.mentorship
        response.meeting = recipient.meeting
        response.school_class = recipient.person.school_class
    response.save()
    Answer.objects.bulk_create([Answer(response=response, **row) for row in form.answers()])
    locked.responded_at = response.submitted_at
    locked.draft = {}
    locked.save(update_fields=["responded_at", "draft"])
    recipient.responded_at, recipient.draft = locked.responded_at, {}
    if not questionnaire.anonymous:
        feed_answers(response, form, recipient)
    return response


# --- «Мои анкеты» -------------------------------------------------------------------------------------


def my_recipients(user: Any, today: date) -> dict[str, list[Recipient]]:
    """The user's links (their cards' recipients, in every organization): open ones and answered ones."""
    rows = list(
        Recipient.objects.filter(person__user=user)
        .filter(Q(responded_at__isnull=False) | Q(campaign__closed_at__isnull=True, campaign__closes_on__gte=today))
        .select_related("campaign__organization", "meeting")
        .order_by("campaign__closes_on", "pk")
    )
    open_rows = [r for r in rows if not r.responded_at and r.campaign.status_on(today) == Campaign.Status.OPEN]
    answered = sorted((r for r in rows if r.responded_at), key=lambda r: r.responded_at, reverse=True)
    return {"open": open_rows, "answered": answered}
