"""Demo: an open campaign in each demo organization, sent to its mentees, with a printable slip sheet whose
links work (queued: the worker that `make run` starts makes it within seconds). Letters are not mailed in the demo: the
recipients with e-mail are marked as sent. Idempotent: an organization that has the campaign is skipped."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from organizations.models import Organization

from . import campaigns
from .models import Campaign, MailJob, Questionnaire, Recipient
from .reference import ensure_standard_questionnaires

# Open now: the mentees' requests for the second half of the year (the closed entry and final campaigns of the
# autumn are the results' demo); pupils without e-mail get slips.
QUESTIONNAIRE_KEY = "mentee-request"
TITLE = "Запросы наставляемых на II полугодие"
CURATORS = {"zhukovka": "curator", "staritsa": "curator2"}


def _questionnaire(organization: Organization) -> Questionnaire:
    """The organization's own copy of the questionnaire if it made one, else the standard original."""
    own = (
        Questionnaire.objects.filter(organization=organization, source__key=QUESTIONNAIRE_KEY, is_archived=False)
        .latest_versions()
        .order_by("-pk")
        .first()
    )
    return own or Questionnaire.objects.standard().get(key=QUESTIONNAIRE_KEY, previous__isnull=True)


@transaction.atomic
def load_demo_campaigns() -> int:
    ensure_standard_questionnaires()  # a database a test has flushed lost the migration's rows
    created = 0
    today = timezone.localdate()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=CURATORS.values())}
    for slug, username in CURATORS.items():
        organization = Organization.objects.filter(slug=slug).first()
        curator = users.get(username)
        if organization is None or curator is None:
            continue
        if Campaign.objects.filter(organization=organization, title=TITLE, closed_at__isnull=True).exists():
            continue
        campaign = campaigns.campaign_create(
            organization=organization,
            actor=curator,
            questionnaire=_questionnaire(organization),
            title=TITLE,
            opens_on=today - timedelta(days=3),
            closes_on=today + timedelta(days=14),
            audience=campaigns.Audience(roles=["mentees"]),
        )
        # The demo mails nobody: the letters count as sent.
        emailed = Recipient.objects.filter(campaign=campaign, channel=Recipient.Channel.EMAIL)
        emailed.update(sent_at=timezone.now(), send_attempts=1)
        campaign.jobs.filter(kind=MailJob.Kind.INVITATIONS).update(status=MailJob.Status.DONE, done=emailed.count())
        if Recipient.objects.filter(campaign=campaign, channel=Recipient.Channel.SLIP).exists():
            # queued like the button does: the worker `make run` starts beside the server makes the sheet
            campaigns.slips_request(campaign=campaign, actor=curator)
        created += 1
    return created
