"""Campaigns: who gets a questionnaire, personal links by e-mail and on slips, reminders, closing.

A campaign is created in one request (recipients by ``bulk_create``, tokens made in Python); everything slow
runs in the background (``monitoring/tasks.py``): letters in batches, reminders, the slip sheet, closing.

What went out is recorded per recipient, never only in the queue: an invitation is *claimed* by raising its
``send_attempts`` with a conditional UPDATE (two workers never send one letter), sent, then ``sent_at`` is set
at once. A worker killed mid-run leaves its queue row RUNNING forever; the job's ``updated_at`` then stops
moving, the campaign page shows it «прервана» with «Продолжить», and the next batch skips whoever has a
``sent_at``. Each batch queues the next one, so a worker killed *between* batches loses nothing at all.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from mentoring_site.audit import save_audited
from organizations.models import Membership, Organization
from organizations.roles import Role
from organizations.services import ensure_allowed
from pairing.models import Mentorship, MentorshipMember
from participants.models import MenteeProfile, MentorProfile, Person
from programs.choices import ActivityStatus, DocumentStatus
from programs.models import Activity, MentoringForm, Programme

from .jobs import STALE_AFTER, is_active, is_stale  # noqa: F401 (STALE_AFTER kept importable from here)
from .models import Campaign, MailJob, Questionnaire, Recipient, new_token

logger = logging.getLogger(__name__)

MANAGERS = "Анкетирования ведут куратор и директор."
# A job whose progress has not moved for this long while letters are left is taken as interrupted.
# Automatic reminder: this many days before the closing date, at this hour (Europe/Moscow).
REMIND_DAYS_BEFORE = 2
REMIND_AT = time(10, 0)
# Printed slips and sent letters carry this address: it is permanent, whatever the route is called.

ROLE_CHOICES = [
    ("mentors", "Наставники из базы"),
    ("mentees", "Наставляемые из базы"),
    ("curator", "Куратор"),
]


def personal_url(token: str) -> str:
    """The absolute personal link of a recipient, for letters and slips (tasks have no request)."""
    return settings.SITE_URL + reverse("fill:form", kwargs={"token": token})


def campaign_url(campaign: Campaign) -> str:
    return settings.SITE_URL + campaign.get_absolute_url()


# --- who gets the questionnaire -----------------------------------------------------------------------------


@dataclass
class Audience:
    """What the curator ticked; every part adds people (a union)."""

    roles: list[str] = field(default_factory=list)
    mentorships: list[Mentorship] = field(default_factory=list)
    programmes: list[Programme] = field(default_factory=list)
    forms: list[MentoringForm] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)

    def describe(self) -> str:
        """«наставляемые; классы 7А, 7Б; пары и группы: 2» — kept on the campaign as «кому»."""
        labels = dict(ROLE_CHOICES)
        parts = [labels[role].lower() for role in self.roles if role in labels]
        if self.mentorships:
            parts.append(f"пары и группы: {len(self.mentorships)}")
        parts += [f"программа «{p.title}»" for p in self.programmes]
        parts += [f"форма «{f.name}»" for f in self.forms]
        if self.classes:
            parts.append(("класс " if len(self.classes) == 1 else "классы ") + ", ".join(self.classes))
        if self.people:
            parts.append(f"выбранные люди: {len(self.people)}")
        return "; ".join(parts)[:500]

    @property
    def is_empty(self) -> bool:
        return not any((self.roles, self.mentorships, self.programmes, self.forms, self.classes, self.people))


@dataclass
class Selection:
    """The recipients an audience gives: (person, pair or None) rows of people with a valid consent."""

    rows: list[tuple[int, int | None]]
    without_consent: int
    with_email: int

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def on_slips(self) -> int:
        return self.count - self.with_email


def _pair_sides(questionnaire: Questionnaire | None) -> tuple[bool, bool]:
    """Who of a pair gets the questionnaire: its mentor, its mentees (by the questionnaire's audience)."""
    audience = questionnaire.audience if questionnaire else Questionnaire.Audience.ANY
    return (audience != Questionnaire.Audience.MENTEE, audience != Questionnaire.Audience.MENTOR)


def _emails(person_ids: set[int]) -> dict[int, str]:
    """Each person's address: the card's e-mail, else their active account's."""
    rows = Person.objects.filter(pk__in=person_ids).values_list("pk", "email", "user__email", "user__is_active")
    return {pk: email or (user_email if active else "") or "" for pk, email, user_email, active in rows}


def select_audience(organization: Organization, audience: Audience, questionnaire: Questionnaire | None) -> Selection:
    """The people an audience names, in a fixed number of queries. A person picked through a pair gets a link
    per pair (``mentorship`` set); anyone else one link. People without a valid consent get nothing."""
    people = Person.objects.filter(organization=organization, anonymized_at__isnull=True)
    plain: set[int] = set()
    if "mentors" in audience.roles:
        plain |= set(
            MentorProfile.objects.filter(person__in=people, status=MentorProfile.Status.ACTIVE).values_list(
                "person_id", flat=True
            )
        )
    if "mentees" in audience.roles:
        plain |= set(
            MenteeProfile.objects.filter(person__in=people, status=MenteeProfile.Status.ACTIVE).values_list(
                "person_id", flat=True
            )
        )
    if "curator" in audience.roles:
        curators = Membership.objects.filter(organization=organization, role=Role.CURATOR).values("user_id")
        plain |= set(people.filter(user_id__in=curators).values_list("pk", flat=True))
    if audience.classes:
        plain |= set(people.filter(school_class__in=audience.classes).values_list("pk", flat=True))
    if audience.people:
        plain |= set(people.filter(pk__in=[p.pk for p in audience.people]).values_list("pk", flat=True))

    pair_rows: set[tuple[int, int | None]] = set()
    pair_filter = Q(pk__in=[m.pk for m in audience.mentorships])
    if audience.programmes:
        pair_filter |= Q(programme__in=audience.programmes, status__in=Mentorship.CURRENT)
    if audience.forms:
        pair_filter |= Q(form__in=audience.forms, status__in=Mentorship.CURRENT)
    if audience.mentorships or audience.programmes or audience.forms:
        pairs = Mentorship.objects.filter(pair_filter, organization=organization)
        mentors, mentees = _pair_sides(questionnaire)
        if mentors:
            pair_rows |= set(pairs.values_list("mentor__person_id", "pk"))
        if mentees:
            members = MentorshipMember.objects.filter(mentorship__in=pairs, left_on__isnull=True)
            pair_rows |= set(members.values_list("mentee__person_id", "mentorship_id"))

    wanted = plain | {person for person, _ in pair_rows}
    consented = set(people.filter(pk__in=wanted).with_valid_consent().values_list("pk", flat=True))
    in_pairs = {person for person, _ in pair_rows}
    rows = sorted((person, pair) for person, pair in pair_rows if person in consented)
    rows += sorted((person, None) for person in plain - in_pairs if person in consented)
    emails = _emails({person for person, _ in rows})
    return Selection(
        rows=rows,
        without_consent=len(wanted - consented),
        with_email=sum(1 for person, _ in rows if emails.get(person)),
    )


def class_choices(organization: Organization) -> list[str]:
    """The organization's classes, «5А» before «10Б»."""
    classes = Person.objects.filter(organization=organization).exclude(school_class="")
    names = set(classes.values_list("school_class", flat=True).distinct())

    def key(name: str) -> tuple[int, str]:
        digits = "".join(ch for ch in name if ch.isdigit())
        return (int(digits) if digits else 99, name)

    return sorted(names, key=key)


def questionnaires_for_campaigns(organization: Organization):
    """Standard originals and the organization's latest versions, not archived."""
    return (
        Questionnaire.objects.available_to(organization)
        .latest_versions()
        .filter(is_archived=False)
        .order_by("organization", "title", "pk")
    )


def activities_for_campaigns(organization: Organization):
    """Activities of the organization's approved roadmaps, not done yet."""
    return (
        Activity.objects.filter(
            section__roadmap__organization=organization, section__roadmap__status=DocumentStatus.APPROVED
        )
        .exclude(status=ActivityStatus.DONE)
        .select_related("section__roadmap")
        .order_by("section__roadmap__start_year", "section__order", "order", "pk")
    )


# --- creating -----------------------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *,
    organization: Organization,
    actor: Any,
    questionnaire: Questionnaire,
    title: str,
    opens_on: date,
    closes_on: date,
    audience: Audience,
    programme: Programme | None = None,
    activity: Activity | None = None,
) -> Campaign:
    """A campaign and its recipients' personal links; the letters are queued, nothing is sent here."""
    ensure_allowed(actor, organization, "campaigns.manage", MANAGERS)
    errors: dict[str, str] = {}
    if not questionnaires_for_campaigns(organization).filter(pk=questionnaire.pk).exists():
        errors["questionnaire"] = "Эта анкета недоступна: выберите стандартную или действующую версию своей."
    today = timezone.localdate()
    if closes_on < opens_on:
        errors["closes_on"] = "Окончание сбора ответов не может быть раньше начала."
    elif closes_on < today:
        errors["closes_on"] = "Дата окончания уже прошла: сбор ответов должен закончиться сегодня или позже."
    if programme is not None and programme.organization_id != organization.pk:
        errors["programme"] = "Программа другой организации."
    if activity is not None and not activities_for_campaigns(organization).filter(pk=activity.pk).exists():
        errors["activity"] = "Выберите невыполненное мероприятие утверждённой дорожной карты своей организации."
    if audience.is_empty:
        errors["roles"] = "Выберите, кому отправить анкету."
    if errors:
        raise ValidationError(errors)
    selection = select_audience(organization, audience, questionnaire)
    if not selection.rows:
        raise ValidationError(
            {
                "roles": "Никого не выбрано: у выбранных людей нет действующего согласия на обработку данных, "
                "или список пуст."
            }  # fmt: skip
        )
    campaign = save_audited(
        Campaign(
            organization=organization,
            questionnaire=questionnaire,
            programme=programme,
            activity=activity,
            title=title,
            opens_on=opens_on,
            closes_on=closes_on,
            audience=audience.describe(),
            created_by=actor,
        ),
        actor,
    )
    emails = _emails({person for person, _ in selection.rows})
    Recipient.objects.bulk_create(
        [
            Recipient(
                campaign=campaign,
                person_id=person,
                mentorship_id=pair,
                token=new_token(),
                channel=Recipient.Channel.EMAIL if emails.get(person) else Recipient.Channel.SLIP,
            )
            for person, pair in selection.rows
        ],
        batch_size=500,
    )
    if selection.with_email:
        job = MailJob.objects.create(
            campaign=campaign, kind=MailJob.Kind.INVITATIONS, total=selection.with_email, created_by=actor
        )
        _enqueue_batch(job)
    _schedule(campaign)
    return campaign


def _moscow(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at), timezone.get_default_timezone())


def _schedule(campaign: Campaign) -> None:
    """The automatic reminder two days before the closing date and the closing at the end of that day."""
    from . import tasks

    remind_on = campaign.closes_on - timedelta(days=REMIND_DAYS_BEFORE)
    if remind_on >= timezone.localdate():
        tasks.remind_automatically.using(run_after=max(_moscow(remind_on, REMIND_AT), timezone.now())).enqueue(
            campaign.pk, campaign.closes_on.isoformat()
        )
    tasks.close_when_due.using(run_after=closing_moment(campaign)).enqueue(campaign.pk)


def closing_moment(campaign: Campaign) -> datetime:
    """The end of the closing date in the organization's time zone (Europe/Moscow)."""
    return _moscow(campaign.closes_on + timedelta(days=1), time(0, 0))


# --- jobs: progress, stale detection, retry ------------------------------------------------------------------


def _enqueue_batch(job: MailJob, *, delay: float = 0) -> None:
    from . import tasks

    task = {MailJob.Kind.INVITATIONS: tasks.send_invitations, MailJob.Kind.REMINDERS: tasks.send_reminders}[
        MailJob.Kind(job.kind)
    ]
    if delay:
        task = task.using(run_after=timezone.now() + timedelta(seconds=delay))
    result = task.enqueue(job.pk)
    MailJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64], updated_at=timezone.now())


def _pending_invitations(campaign_id: int):
    return Recipient.objects.filter(
        campaign_id=campaign_id, channel=Recipient.Channel.EMAIL, sent_at__isnull=True, send_error=""
    )


def _today_start() -> datetime:
    return _moscow(timezone.localdate(), time(0, 0))


def _pending_reminders(campaign_id: int):
    return (
        Recipient.objects.filter(
            campaign_id=campaign_id,
            channel=Recipient.Channel.EMAIL,
            sent_at__isnull=False,
            responded_at__isnull=True,
            send_error="",
        )
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=_today_start()))
        .order_by("pk")
    )


def _clear_reminder_errors(campaign: Campaign) -> None:
    """A reminder that failed is tried again by the next «Напомнить» or «Повторить»."""
    Recipient.objects.filter(campaign=campaign, sent_at__isnull=False).exclude(send_error="").update(send_error="")


@transaction.atomic
def job_resume(*, job: MailJob, actor: Any) -> MailJob:
    """«Продолжить» an interrupted job or «Повторить» the failed letters: the next batch is queued again."""
    campaign = job.campaign
    ensure_allowed(actor, campaign.organization, "campaigns.manage", MANAGERS)
    job = MailJob.objects.select_for_update().get(pk=job.pk)
    if campaign.closed_at:
        raise ValidationError("Анкетирование завершено: письма больше не отправляются.")
    if is_active(job) and not is_stale(job):
        raise ValidationError("Задача ещё выполняется: дождитесь её окончания.")
    if job.kind == MailJob.Kind.SLIPS:
        return slips_request(campaign=campaign, actor=actor)
    if job.kind == MailJob.Kind.INVITATIONS:
        Recipient.objects.filter(campaign=campaign, channel=Recipient.Channel.EMAIL, sent_at__isnull=True).exclude(
            send_error=""
        ).update(send_error="")
        if not _pending_invitations(campaign.pk).exists():  # it died after its last letter: finish it
            _done, failed = _refresh_invitations(job)
            _finish_or_continue(job, False, failed)
            return job
    else:
        _clear_reminder_errors(campaign)
    if job.kind == MailJob.Kind.REMINDERS and not _pending_reminders(campaign.pk).exists():
        raise ValidationError("Напоминать некому: все ответили или уже получили напоминание сегодня.")
    job.status, job.error = MailJob.Status.QUEUED, ""
    job.save(update_fields=["status", "error", "updated_at"])
    _enqueue_batch(job)
    return job


@transaction.atomic
def reminders_request(*, campaign: Campaign, actor: Any | None) -> MailJob | None:
    """«Напомнить не ответившим»: a reminders job for those who have not answered and were not reminded
    today. ``None`` (with ``actor`` None: the automatic reminder) when there is nobody to remind."""
    if actor is not None:
        ensure_allowed(actor, campaign.organization, "campaigns.manage", MANAGERS)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not campaign.is_open:
        raise ValidationError("Напоминать можно только пока идёт сбор ответов.")
    running = campaign.jobs.filter(kind=MailJob.Kind.REMINDERS, status__in=[MailJob.Status.QUEUED, "running"])
    if any(not is_stale(job) for job in running):
        raise ValidationError("Напоминания уже отправляются.")
    _clear_reminder_errors(campaign)
    pending = _pending_reminders(campaign.pk).count()
    if not pending:
        if actor is None:
            return None
        raise ValidationError("Напоминать некому: все ответили, ещё не получили приглашение или уже получили "
                              "напоминание сегодня.")  # fmt: skip
    job = MailJob.objects.create(campaign=campaign, kind=MailJob.Kind.REMINDERS, total=pending, created_by=actor)
    _enqueue_batch(job)
    return job


# --- letters ------------------------------------------------------------------------------------------------


def _greeting_name(person: Person) -> str:
    """«Анна Сергеевна» (name and patronymic), or the name alone."""
    return " ".join(part for part in (person.first_name.strip(), person.patronymic.strip()) if part)


def build_letter(recipient: Recipient, campaign: Campaign, *, reminder: bool = False) -> EmailMultiAlternatives:
    organization = campaign.organization
    context = {
        "name": _greeting_name(recipient.person),
        "organization": organization.short_name or organization.full_name,
        "questionnaire": campaign.questionnaire.title,
        "campaign": campaign,
        "closes_on": campaign.closes_on,
        "link": personal_url(recipient.token),
        "reminder": reminder,
        "not_yet_open": campaign.opens_on > timezone.localdate(),
    }
    prefix = "Напоминание: анкета" if reminder else "Анкета"
    subject = f"{prefix} «{campaign.questionnaire.title}» — до {campaign.closes_on:%d.%m.%Y}"
    message = EmailMultiAlternatives(
        subject=subject.replace("\n", " ")[:250],
        body=render_to_string("monitoring/campaigns/email/invitation.txt", context),
        to=[recipient_email(recipient)],
    )
    message.attach_alternative(render_to_string("monitoring/campaigns/email/invitation.html", context), "text/html")
    return message


def recipient_email(recipient: Recipient) -> str:
    person = recipient.person
    if person.email:
        return person.email
    user = person.user
    return user.email if user is not None and user.is_active else ""


def _error_text(error: Exception) -> str:
    return (f"{type(error).__name__}: {error}" if str(error) else type(error).__name__)[:500]


def _refresh_invitations(job: MailJob) -> tuple[int, int]:
    counts = Recipient.objects.filter(campaign_id=job.campaign_id, channel=Recipient.Channel.EMAIL).aggregate(
        done=Count("pk", filter=Q(sent_at__isnull=False)),
        failed=Count("pk", filter=Q(sent_at__isnull=True) & ~Q(send_error="")),
        total=Count("pk"),
    )
    MailJob.objects.filter(pk=job.pk).update(
        done=counts["done"], failed=counts["failed"], total=counts["total"], updated_at=timezone.now()
    )
    return counts["done"], counts["failed"]


def _finish_or_continue(job: MailJob, pending_left: bool, failed: int, last_error: str = "") -> None:
    if pending_left:
        _enqueue_batch(job, delay=settings.CAMPAIGN_MAIL_BATCH_PAUSE)
        return
    status = MailJob.Status.FAILED if failed else MailJob.Status.DONE
    update: dict[str, Any] = {"status": status, "updated_at": timezone.now()}
    if last_error:
        update["error"] = last_error
    MailJob.objects.filter(pk=job.pk).update(**update)


def invitations_batch(job_id: int) -> int:
    """One batch of invitations; returns how many letters went out. Queues the next batch if any are left."""
    job = MailJob.objects.select_related("campaign__organization", "campaign__questionnaire").get(pk=job_id)
    campaign = job.campaign
    if job.status in (MailJob.Status.DONE, MailJob.Status.FAILED) or campaign.closed_at:
        return 0
    MailJob.objects.filter(pk=job.pk).update(status=MailJob.Status.RUNNING, updated_at=timezone.now())
    size = settings.CAMPAIGN_MAIL_BATCH_SIZE
    batch = list(_pending_invitations(campaign.pk).select_related("person__user").order_by("pk")[:size])
    sent = 0
    last_error = ""
    with get_connection() as connection:
        for index, recipient in enumerate(batch):
            # Claim: a second worker running the same job loses the race and skips this letter.
            claimed = Recipient.objects.filter(
                pk=recipient.pk, sent_at__isnull=True, send_attempts=recipient.send_attempts
            ).update(send_attempts=F("send_attempts") + 1)
            if not claimed:
                continue
            try:
                connection.send_messages([build_letter(recipient, campaign)])
            except Exception as error:  # an SMTP refusal: recorded on the recipient, «Повторить» tries again
                last_error = _error_text(error)
                Recipient.objects.filter(pk=recipient.pk).update(send_error=last_error)
                logger.warning("campaign %s: letter to recipient %s failed: %s", campaign.pk, recipient.pk, error)
            else:
                Recipient.objects.filter(pk=recipient.pk).update(sent_at=timezone.now(), send_error="")
                sent += 1
            if index % 20 == 19:
                _refresh_invitations(job)
    _done, failed = _refresh_invitations(job)
    _finish_or_continue(job, _pending_invitations(campaign.pk).exists(), failed, last_error)
    return sent


def _refresh_reminders(job: MailJob) -> int:
    counts = Recipient.objects.filter(campaign_id=job.campaign_id, channel=Recipient.Channel.EMAIL).aggregate(
        done=Count("pk", filter=Q(reminded_at__gte=job.created_at)),
        failed=Count("pk", filter=Q(sent_at__isnull=False, responded_at__isnull=True) & ~Q(send_error="")),
    )
    MailJob.objects.filter(pk=job.pk).update(done=counts["done"], failed=counts["failed"], updated_at=timezone.now())
    return counts["failed"]


def reminders_batch(job_id: int) -> int:
    """One batch of reminders to those who have not answered and were not reminded today; a failed one keeps
    its error on the recipient and waits for «Повторить»."""
    job = MailJob.objects.select_related("campaign__organization", "campaign__questionnaire").get(pk=job_id)
    campaign = job.campaign
    if job.status in (MailJob.Status.DONE, MailJob.Status.FAILED):
        return 0
    if not campaign.is_open:
        MailJob.objects.filter(pk=job.pk).update(status=MailJob.Status.DONE, updated_at=timezone.now())
        return 0
    MailJob.objects.filter(pk=job.pk).update(status=MailJob.Status.RUNNING, updated_at=timezone.now())
    batch = list(_pending_reminders(campaign.pk).select_related("person__user")[: settings.CAMPAIGN_MAIL_BATCH_SIZE])
    sent = 0
    last_error = ""
    with get_connection() as connection:
        for recipient in batch:
            try:
                connection.send_messages([build_letter(recipient, campaign, reminder=True)])
            except Exception as error:  # recorded on the recipient; «Повторить» tries again
                last_error = _error_text(error)
                Recipient.objects.filter(pk=recipient.pk).update(send_error=last_error)
                logger.warning("campaign %s: reminder to recipient %s failed: %s", campaign.pk, recipient.pk, error)
            else:
                Recipient.objects.filter(pk=recipient.pk).update(reminded_at=timezone.now())
                sent += 1
    failed = _refresh_reminders(job)
    _finish_or_continue(job, _pending_reminders(campaign.pk).exists(), failed, last_error)
    return sent


# --- closing ------------------------------------------------------------------------------------------------


def summary_of(campaign: Campaign) -> str:
    """«Ответили 45 из 60 (75 %).», with the channels."""
    counts = Recipient.objects.filter(campaign=campaign).aggregate(
        total=Count("pk"),
        responded=Count("pk", filter=Q(responded_at__isnull=False)),
        emailed=Count("pk", filter=Q(channel=Recipient.Channel.EMAIL)),
        slips=Count("pk", filter=Q(channel=Recipient.Channel.SLIP)),
    )
    total, responded = counts["total"], counts["responded"]
    share = round(responded * 100 / total) if total else 0
    text = f"Ответили {responded} из {total} ({share} %)."
    if total:
        text += f" Ссылки: по электронной почте — {counts['emailed']}, на листках с QR-кодом — {counts['slips']}."
    return text


@transaction.atomic
def campaign_close(*, campaign: Campaign, actor: Any | None) -> Campaign:
    """Close the campaign (early by the curator, or when its date has passed): its summary is fixed, the
    links stop working, and a linked roadmap activity is marked done with the campaign page as evidence.
    Closing a closed campaign changes nothing. ``actor`` None: the automatic closing (on behalf of its author)."""
    if actor is not None:
        ensure_allowed(actor, campaign.organization, "campaigns.manage", MANAGERS)
    campaign = (
        Campaign.objects.select_for_update(of=("self",))
        .select_related("organization", "created_by")
        .get(pk=campaign.pk)
    )
    if campaign.closed_at:
        return campaign
    author = actor or campaign.created_by
    campaign.closed_at = timezone.now()
    campaign.summary = summary_of(campaign)
    campaign._history_user = author  # type: ignore[attr-defined]
    campaign.save(update_fields=["closed_at", "summary", "updated_at"])
    MailJob.objects.filter(
        campaign=campaign, kind__in=[MailJob.Kind.INVITATIONS, MailJob.Kind.REMINDERS], status__in=["queued", "running"]
    ).update(status=MailJob.Status.DONE, updated_at=timezone.now())
    if campaign.activity_id:
        _mark_activity_done(campaign, author)
    return campaign


def _mark_activity_done(campaign: Campaign, author: Any) -> None:
    from programs.services import activity_report

    activity = Activity.objects.select_related("section__roadmap__organization").get(pk=campaign.activity_id)
    if activity.is_done:
        return
    try:
        with transaction.atomic():
            activity_report(
                activity=activity,
                actor=author,
                status=ActivityStatus.DONE,
                evidence_url=campaign.get_absolute_url(),
            )
    except ValidationError as error:  # the author lost the role, or the roadmap was replaced meanwhile
        note = " ".join(error.messages)
        campaign.summary = f"{campaign.summary} Мероприятие дорожной карты не отмечено: {note}"
        Campaign.objects.filter(pk=campaign.pk).update(summary=campaign.summary)


def close_due(organization: Organization | None = None) -> int:
    """Close every campaign whose closing date has passed (a page that sees one closes it lazily)."""
    due = Campaign.objects.filter(closed_at__isnull=True, closes_on__lt=timezone.localdate())
    if organization is not None:
        due = due.filter(organization=organization)
    closed = 0
    for campaign in due:
        campaign_close(campaign=campaign, actor=None)
        closed += 1
    return closed


def close_when_due(campaign_id: int) -> bool:
    """The automatic closing (queued for the end of the closing date): harmless if the campaign was closed
    or its date moved meanwhile."""
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None or campaign.closed_at or timezone.now() < closing_moment(campaign):
        return False
    campaign_close(campaign=campaign, actor=None)
    return True


def remind_automatically(campaign_id: int, closes_on: str) -> bool:
    """The automatic reminder two days before closing: nothing if the campaign closed or its date changed."""
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None or campaign.closes_on.isoformat() != closes_on or not campaign.is_open:
        return False
    try:
        return reminders_request(campaign=campaign, actor=None) is not None
    except ValidationError:  # reminders are being sent already
        return False


# --- the slip sheet -----------------------------------------------------------------------------------------


@transaction.atomic
def slips_request(*, campaign: Campaign, actor: Any) -> MailJob:
    """«Листки с QR-кодами»: the sheet is made in the background; its job shows the progress."""
    from . import tasks

    ensure_allowed(actor, campaign.organization, "campaigns.manage", MANAGERS)
    if campaign.closed_at:
        raise ValidationError("Анкетирование завершено: листки больше не нужны.")
    count = Recipient.objects.filter(campaign=campaign, channel=Recipient.Channel.SLIP).count()
    if not count:
        raise ValidationError("Листки не нужны: у всех получателей есть электронная почта.")
    busy = campaign.jobs.filter(kind=MailJob.Kind.SLIPS, status__in=["queued", "running"])
    if any(not is_stale(job) for job in busy):
        raise ValidationError("Листки уже готовятся.")
    job = MailJob.objects.create(campaign=campaign, kind=MailJob.Kind.SLIPS, total=count, created_by=actor)
    result = tasks.make_slips.enqueue(job.pk)
    MailJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    return job


def latest_jobs(campaign: Campaign) -> dict[str, MailJob]:
    """The newest job of each kind (one query)."""
    newest = campaign.jobs.values("kind").annotate(last=Max("pk")).values("last")
    return {job.kind: job for job in MailJob.objects.filter(pk__in=newest)}
