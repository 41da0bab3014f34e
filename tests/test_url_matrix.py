"""Every URL pattern of the project × every role of both demo organizations × anonymous.

The walker resolves the whole URLconf. A pattern that is not in ``MATRIX`` (or, for the Django
admin, not covered by the admin sweep) fails ``test_every_url_pattern_is_in_the_matrix``: a new
view cannot ship without saying who may open it.

Accounts (demo, `load_demo`): admin, director, curator (also mentor), mentor, mentee in
«Гимназия «Жуковка»»; coordinator of the municipality; director2, curator2, mentor2 in
«МБОУ «СОШ ст. Старица»». Objects in the URLs belong to «Гимназия «Жуковка»», so the second
organization's people are outsiders for them: 404.
"""

import re
from datetime import date, timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from documents.models import LocalAct, Order
from documents.services import local_act_save, order_create
from monitoring.builder import questionnaire_copy
from monitoring.models import Answer, Campaign, MailJob, Questionnaire, Recipient, Response
from organizations.models import Organization
from pairing.models import (
    CalendarFeed,
    IndividualPlan,
    MatchingCriterion,
    Meeting,
    Mentorship,
    Nomination,
    Preference,
)
from pairing.plans import plan_save
from pairing.services import mentorship_close, mentorship_save
from participants.models import Consent, MenteeProfile, MentorProfile, Person
from programs.models import MentoringForm, Programme, RoleModel, WorkingGroupMember
from programs.services import programme_set_rows, roadmap_create_from_template
from tests.factories import ProgrammeFactory, approve

ACCOUNTS = [
    "anon",
    "admin",
    "director",
    "curator",
    "mentor",
    "mentee",
    "coordinator",
    "director2",
    "curator2",
    "mentor2",
]
ORG_PEOPLE = ["admin", "director", "curator", "mentor", "mentee", "director2", "curator2", "mentor2"]
LOGIN = "login"  # anonymous → redirect to the login page


def _statuses(default, **overrides):
    result = dict.fromkeys(ACCOUNTS, default)
    result.update(overrides)
    return result


def _only(allowed: dict, otherwise=403, anon=LOGIN):
    """``allowed`` maps accounts to their status; every other logged-in account gets ``otherwise``."""
    result = dict.fromkeys(ACCOUNTS, otherwise)
    result["anon"] = anon
    result.update(allowed)
    return result


OK = "ok"  # a POST that the role may send: 200 (the form again, with Russian errors) or 302 (done)

EVERYONE = _statuses(200)
LOGGED_IN = _statuses(200, anon=LOGIN)
ORG_PEOPLE_OWN = dict.fromkeys(ORG_PEOPLE, 200)
ORG_MEMBERS_OWN = _only(ORG_PEOPLE_OWN)  # pages about the user's own organization
ORG_MEMBERS_OBJECT = _only(
    {
        **dict.fromkeys(["admin", "director", "curator", "mentor", "mentee"], 200),
        "director2": 404,
        "curator2": 404,
        "mentor2": 404,
    }
)
EDITORS_OBJECT = _only({"director": 200, "curator": 200, "director2": 404, "curator2": 404})
EDITORS_OWN = _only({"director": 200, "curator": 200, "director2": 200, "curator2": 200})
MANAGERS_OWN = _only(dict.fromkeys(["admin", "director", "curator", "director2", "curator2"], 200))
MANAGERS_OBJECT = _only({"admin": 200, "director": 200, "curator": 200, "director2": 404, "curator2": 404})
HISTORY_OBJECT = _only({"admin": 200, "director": 200, "director2": 404})
HISTORY_OWN = _only({"admin": 200, "director": 200, "director2": 200})
DIRECTORS_OBJECT = _only({"director": 200, "director2": 404})
MEETING_WRITERS = _only(
    {"mentor": 200, "curator": 200, "director": 200, "director2": 404, "curator2": 404, "mentor2": 404}
)
PARTICIPANTS_OWN = _only(dict.fromkeys(["mentor", "mentee", "curator", "mentor2"], 200))
RESULTS_OBJECT = _only(
    {"director": 200, "curator": 200, "mentor": 200, "director2": 404, "curator2": 404, "mentor2": 404}
)
RESULTS_OWN = _only(dict.fromkeys(["director", "curator", "mentor", "director2", "curator2", "mentor2"], 200))


def _planned_meeting(world):
    """A meeting planned ahead in the world's pair (made in the test's own transaction)."""
    meeting, _ = Meeting.objects.get_or_create(
        mentorship=world["pair"],
        topic="Следующая встреча",
        defaults={"status": Meeting.Status.PLANNED, "date": date(2099, 1, 15)},
    )
    return meeting


def _held_meeting(world):
    """A held meeting of the world's pair (feedback is asked about it)."""
    meeting, _ = Meeting.objects.get_or_create(
        mentorship=world["pair"],
        topic="Состоявшаяся встреча",
        defaults={"status": Meeting.Status.HELD, "date": timezone.localdate()},
    )
    return meeting


def _fill_token(world):
    """A personal link of a Жуковка pupil in an open campaign (made in the test's own transaction)."""
    from monitoring.models import Campaign, Questionnaire, Recipient

    zhukovka = Organization.objects.get(slug="zhukovka")
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        organization=zhukovka,
        questionnaire=Questionnaire.objects.standard().get(key="meeting-feedback"),
        title="Матрица адресов",
        opens_on=today,
        closes_on=today,
    )
    return Recipient.objects.create(campaign=campaign, person=world["person"]).token


def _feed_token(world):
    from pairing.meetings import calendar_feed_create

    return calendar_feed_create(user=world["mentor_user"]).token


def _campaign(world, *, slips=False):
    """An open campaign of the world's organization sent to its mentees (made in the test's own transaction);
    with ``slips``, its slip sheet made as the worker would."""
    from monitoring import campaigns
    from monitoring.models import Campaign, MailJob, Questionnaire
    from monitoring.slips import make_slip_sheet

    campaign = Campaign.objects.filter(organization__slug="zhukovka", title="Анкетирование для матрицы").first()
    if campaign is None:
        today = timezone.localdate()
        campaign = campaigns.campaign_create(
            organization=Organization.objects.get(slug="zhukovka"),
            actor=get_user_model().objects.get(username="curator"),
            questionnaire=Questionnaire.objects.standard().get(key="mentee-before"),
            title="Анкетирование для матрицы",
            opens_on=today,
            closes_on=today + timedelta(days=14),
            audience=campaigns.Audience(people=[world["person"]]),
        )
    if slips and not campaign.jobs.filter(kind=MailJob.Kind.SLIPS).exists():
        make_slip_sheet(MailJob.objects.create(campaign=campaign, kind=MailJob.Kind.SLIPS, total=1).pk)
    return {"pk": campaign.pk}


def _report_job(world):
    """The world's evaluation with a справка made as the worker would (in the test's own transaction)."""
    from monitoring.models import ReportJob
    from monitoring.report_jobs import make_report

    evaluation = world["evaluation"]
    job = ReportJob.objects.filter(evaluation=evaluation, status=ReportJob.Status.DONE).first()
    if job is None:
        job = ReportJob.objects.create(evaluation=evaluation, steps=7)
        make_report(job.pk)
    return {"pk": evaluation.pk, "job_pk": job.pk}


def _posted(expected: dict) -> dict:
    """What a POST gets where a GET gets ``expected``: the allowed roles' 200 becomes «ok» (200 or 302)."""
    return {account: OK if status == 200 else status for account, status in expected.items()}


def _get_of_post_only(expected: dict) -> dict:
    """A POST-only URL: the role is checked first (403 for a wrong one), then the method (405)."""
    return {account: 405 if status in (200, 404) else status for account, status in expected.items()}


def _form(get_expected: dict) -> tuple:
    return get_expected, _posted(get_expected)


def _action(allowed: dict) -> tuple:
    return _get_of_post_only(allowed), _posted(allowed)


# name → (kwargs builder, expected status per account on GET, on POST — None: the URL changes nothing)
MATRIX = {
    "dashboard": (None, LOGGED_IN, None),
    "favicon": (None, EVERYONE, None),
    "login": (None, _statuses(302, anon=200), None),
    "logout": (None, _statuses(405, anon=LOGIN), _statuses(302, anon=LOGIN)),
    "password_change": (None, *_form(LOGGED_IN)),
    "password_change_done": (None, LOGGED_IN, None),
    "password_reset": (None, EVERYONE, _statuses(OK)),
    "password_reset_done": (None, EVERYONE, None),
    "password_reset_confirm": (lambda w: {"uidb64": "MQ", "token": "bad-token"}, EVERYONE, None),
    "password_reset_complete": (None, EVERYONE, None),
    # organizations
    "organizations:detail": (None, ORG_MEMBERS_OWN, None),
    "organizations:edit": (None, *_form(HISTORY_OWN)),
    "organizations:history": (None, HISTORY_OWN, None),
    "organizations:pd-access": (None, HISTORY_OWN, None),
    "organizations:pd-access-pdf": (None, HISTORY_OWN, None),
    "organizations:pd-access-xlsx": (None, HISTORY_OWN, None),
    "organizations:switch": (None, _statuses(405, anon=LOGIN), _statuses(302, anon=LOGIN)),
    "organizations:locks": (None, _only({"admin": 200}), None),
    "organizations:unlock": (lambda w: {"user_id": w["mentor_user"].pk}, *_action(_only({"admin": 200}))),
    # programs
    "programs:programme-list": (None, ORG_MEMBERS_OWN, None),
    "programs:programme-create": (None, *_form(EDITORS_OWN)),
    "programs:programme-detail": (lambda w: {"pk": w["programme"].pk}, ORG_MEMBERS_OBJECT, None),
    "programs:programme-edit": (lambda w: {"pk": w["programme"].pk}, *_form(EDITORS_OBJECT)),
    "programs:programme-edit-step": (lambda w: {"pk": w["programme"].pk, "step": "forms"}, *_form(EDITORS_OBJECT)),
    "programs:programme-history": (lambda w: {"pk": w["programme"].pk}, HISTORY_OBJECT, None),
    "programs:programme-pdf": (lambda w: {"pk": w["programme"].pk}, ORG_MEMBERS_OBJECT, None),
    "programs:municipality-overview": (None, _only({"coordinator": 200}), None),
    "programs:document-action": (
        lambda w: {"doc_type": "roadmap", "pk": w["roadmap"].pk, "action": "submit"},
        *_action(EDITORS_OBJECT),
    ),
    "programs:roadmap-list": (None, ORG_MEMBERS_OWN, None),
    "programs:roadmap-create": (None, *_form(EDITORS_OWN)),
    "programs:overdue-list": (None, EDITORS_OWN, None),
    "programs:roadmap-detail": (lambda w: {"pk": w["roadmap"].pk}, ORG_MEMBERS_OBJECT, None),
    "programs:roadmap-edit": (lambda w: {"pk": w["roadmap"].pk}, *_form(EDITORS_OBJECT)),
    "programs:roadmap-history": (lambda w: {"pk": w["roadmap"].pk}, HISTORY_OBJECT, None),
    "programs:roadmap-pdf": (lambda w: {"pk": w["roadmap"].pk}, ORG_MEMBERS_OBJECT, None),
    "programs:roadmap-xlsx": (lambda w: {"pk": w["roadmap"].pk}, ORG_MEMBERS_OBJECT, None),
    "programs:section-create": (lambda w: {"roadmap_pk": w["roadmap"].pk}, *_form(EDITORS_OBJECT)),
    "programs:section-edit": (lambda w: {"pk": w["section"].pk}, *_form(EDITORS_OBJECT)),
    "programs:section-delete": (lambda w: {"pk": w["section"].pk}, *_form(EDITORS_OBJECT)),
    "programs:activity-create": (lambda w: {"roadmap_pk": w["roadmap"].pk}, *_form(EDITORS_OBJECT)),
    "programs:activity-edit": (lambda w: {"pk": w["activity"].pk}, *_form(EDITORS_OBJECT)),
    "programs:activity-report": (lambda w: {"pk": w["activity"].pk}, *_form(EDITORS_OBJECT)),
    "programs:activity-delete": (lambda w: {"pk": w["activity"].pk}, *_form(EDITORS_OBJECT)),
    "programs:activity-evidence": (lambda w: {"pk": w["activity"].pk}, MANAGERS_OBJECT, None),
    "programs:working-group": (None, ORG_MEMBERS_OWN, None),
    "programs:working-group-add": (None, *_form(EDITORS_OWN)),
    "programs:working-group-edit": (lambda w: {"pk": w["member"].pk}, *_form(EDITORS_OBJECT)),
    "programs:working-group-delete": (lambda w: {"pk": w["member"].pk}, *_form(EDITORS_OBJECT)),
    # documents
    "documents:act-list": (None, ORG_MEMBERS_OWN, None),
    "documents:act-create": (None, *_form(EDITORS_OWN)),
    "documents:act-detail": (lambda w: {"pk": w["act"].pk}, ORG_MEMBERS_OBJECT, None),
    "documents:act-edit": (lambda w: {"pk": w["act"].pk}, *_form(EDITORS_OBJECT)),
    "documents:act-pdf": (lambda w: {"pk": w["act"].pk}, ORG_MEMBERS_OBJECT, None),
    "documents:act-file": (lambda w: {"pk": w["act"].pk}, ORG_MEMBERS_OBJECT, None),
    "documents:order-list": (None, MANAGERS_OWN, None),
    "documents:order-create": (None, *_form(EDITORS_OWN)),
    "documents:order-kinds": (None, MANAGERS_OWN, None),
    "documents:order-detail": (lambda w: {"pk": w["order"].pk}, MANAGERS_OBJECT, None),
    "documents:order-pdf": (lambda w: {"pk": w["order"].pk}, MANAGERS_OBJECT, None),
    "documents:order-edit": (lambda w: {"pk": w["order"].pk}, *_form(EDITORS_OBJECT)),
    "documents:order-history": (lambda w: {"pk": w["order"].pk}, HISTORY_OBJECT, None),
    "documents:order-action": (lambda w: {"pk": w["order"].pk, "action": "submit"}, *_action(EDITORS_OBJECT)),
    "documents:order-appendix-add": (lambda w: {"pk": w["order"].pk}, *_action(EDITORS_OBJECT)),
    "documents:order-appendix-delete": (lambda w: {"pk": w["appendix"].pk}, *_action(EDITORS_OBJECT)),
    # monitoring: the efficiency evaluation
    "monitoring:evaluation-list": (None, EDITORS_OWN, None),
    "monitoring:evaluation-create": (None, *_form(EDITORS_OWN)),
    "monitoring:evaluation-detail": (lambda w: {"pk": w["evaluation"].pk}, EDITORS_OBJECT, None),
    "monitoring:evaluation-edit": (lambda w: {"pk": w["evaluation"].pk}, *_form(EDITORS_OBJECT)),
    "monitoring:evaluation-submit": (lambda w: {"pk": w["evaluation"].pk}, *_action(EDITORS_OBJECT)),
    "monitoring:evaluation-approve": (lambda w: {"pk": w["evaluation"].pk}, *_action(DIRECTORS_OBJECT)),
    "monitoring:evaluation-return": (lambda w: {"pk": w["evaluation"].pk}, *_action(DIRECTORS_OBJECT)),
    "monitoring:evaluation-prefill": (lambda w: {"pk": w["evaluation"].pk}, *_action(EDITORS_OBJECT)),
    "monitoring:evaluation-xlsx": (lambda w: {"pk": w["evaluation"].pk}, EDITORS_OBJECT, None),
    "monitoring:evaluation-report": (lambda w: {"pk": w["evaluation"].pk}, EDITORS_OBJECT, None),
    "monitoring:evaluation-report-job": (lambda w: {"pk": w["evaluation"].pk}, EDITORS_OBJECT, None),
    "monitoring:evaluation-report-make": (lambda w: {"pk": w["evaluation"].pk}, *_action(EDITORS_OBJECT)),
    "monitoring:evaluation-report-file": (_report_job, EDITORS_OBJECT, None),
    "monitoring:roadmap-report": (None, EDITORS_OWN, None),
    "monitoring:roadmap-report-xlsx": (None, EDITORS_OWN, None),
    "monitoring:regional": (
        None,
        _only(dict.fromkeys(["admin", "director", "curator", "director2", "curator2"], 200)),
        None,
    ),
    "monitoring:regional-xlsx": (
        None,
        _only(dict.fromkeys(["admin", "director", "curator", "director2", "curator2"], 200)),
        None,
    ),
    "monitoring:municipality": (None, _only({"coordinator": 200}), None),
    "monitoring:municipality-xlsx": (None, _only({"coordinator": 200}), None),
    "monitoring:municipality-organization": (
        lambda w: {"pk": Organization.objects.get(slug="zhukovka").pk},
        _only({"coordinator": 200}),
        None,
    ),
    "monitoring:municipality-organization-xlsx": (
        lambda w: {"pk": Organization.objects.get(slug="zhukovka").pk},
        _only({"coordinator": 200}),
        None,
    ),
    # participants
    "participants:person-list": (None, MANAGERS_OWN, None),
    "participants:person-create": (None, *_form(MANAGERS_OWN)),
    "participants:mentor-list": (None, MANAGERS_OWN, None),
    "participants:mentee-list": (None, MANAGERS_OWN, None),
    "participants:my-record": (None, ORG_MEMBERS_OWN, None),
    "participants:import": (None, *_form(_only({"admin": 200, "curator": 200, "curator2": 200}))),
    "participants:import-confirm": (None, *_action(_only({"admin": 200, "curator": 200, "curator2": 200}))),
    "participants:import-recheck": (None, *_action(_only({"admin": 200, "curator": 200, "curator2": 200}))),
    "participants:base-export": (lambda w: {"base": "mentors", "fmt": "xlsx"}, MANAGERS_OWN, None),
    "participants:person-detail": (lambda w: {"pk": w["person"].pk}, MANAGERS_OBJECT, None),
    "participants:person-edit": (lambda w: {"pk": w["person"].pk}, *_form(MANAGERS_OBJECT)),
    "participants:person-history": (lambda w: {"pk": w["person"].pk}, HISTORY_OBJECT, None),
    "participants:person-invite": (lambda w: {"pk": w["person"].pk}, *_form(MANAGERS_OBJECT)),
    "participants:mentor-edit": (lambda w: {"pk": w["person"].pk}, *_form(MANAGERS_OBJECT)),
    "participants:mentee-edit": (lambda w: {"pk": w["person"].pk}, *_form(MANAGERS_OBJECT)),
    "participants:consent-create": (lambda w: {"pk": w["person"].pk}, *_form(MANAGERS_OBJECT)),
    "participants:consent-pdf": (lambda w: {"pk": w["person"].pk}, MANAGERS_OBJECT, None),
    "participants:consent-withdraw": (lambda w: {"pk": w["consent"].pk}, *_form(MANAGERS_OBJECT)),
    "participants:consent-scan": (lambda w: {"pk": w["consent"].pk}, MANAGERS_OBJECT, None),
    # pairing
    "pairing:list": (None, MANAGERS_OWN, None),
    "pairing:create": (None, *_form(EDITORS_OWN)),
    "pairing:my": (None, ORG_MEMBERS_OWN, None),
    "pairing:export": (None, MANAGERS_OWN, None),
    # The pair of the demo accounts `mentor` and `mentee`: both see it; other mentors would not.
    "pairing:detail": (lambda w: {"pk": w["pair"].pk}, ORG_MEMBERS_OBJECT, None),
    "pairing:edit": (lambda w: {"pk": w["pair"].pk}, *_form(EDITORS_OBJECT)),
    "pairing:close": (lambda w: {"pk": w["working_pair"].pk}, *_form(EDITORS_OBJECT)),
    "pairing:history": (lambda w: {"pk": w["pair"].pk}, HISTORY_OBJECT, None),
    # individual plans: the pair's mentor (`mentor`) writes; everyone of the pair and the managers read;
    # the director decides on an ИОМ (the curator, who also mentors but not this pair, may not).
    "pairing:plan-create": (
        lambda w: {"pk": w["pair"].pk},
        *_form(_only({"mentor": 302, "curator": 403, "mentor2": 404})),  # a plan exists: GET opens it
    ),
    "pairing:plan-detail": (lambda w: {"pk": w["plan"].pk}, ORG_MEMBERS_OBJECT, None),
    "pairing:plan-edit": (lambda w: {"pk": w["plan"].pk}, *_form(_only({"mentor": 200, "mentor2": 404}))),
    "pairing:plan-submit": (
        lambda w: {"pk": w["plan"].pk},
        _only({"mentor": 405, "curator": 405, "mentee": 405, "mentor2": 405}),
        _only({"mentor": OK, "mentor2": 404}),
    ),
    "pairing:plan-approve": (
        lambda w: {"pk": w["plan"].pk},
        _only({"director": 405, "curator": 405, "director2": 405, "curator2": 405}),
        _only({"director": OK, "director2": 404, "curator2": 404}),
    ),
    "pairing:plan-return": (
        lambda w: {"pk": w["plan"].pk},
        _only({"director": 405, "curator": 405, "director2": 405, "curator2": 405}),
        _only({"director": OK, "director2": 404, "curator2": 404}),
    ),
    "pairing:plan-pdf": (lambda w: {"pk": w["plan"].pk}, ORG_MEMBERS_OBJECT, None),
    "pairing:plan-history": (lambda w: {"pk": w["plan"].pk}, HISTORY_OBJECT, None),
    # meetings: the pair's mentor (`mentor`) and managers write; its mentee only reads (403); mentor2 and
    # the other organization's managers do not find the pair (404)
    "pairing:meeting-create": (lambda w: {"pk": w["pair"].pk}, *_form(MEETING_WRITERS)),
    "pairing:meeting-plan": (lambda w: {"pk": w["pair"].pk}, *_form(MEETING_WRITERS)),
    "pairing:meeting-edit": (lambda w: {"pk": _planned_meeting(w).pk}, *_form(MEETING_WRITERS)),
    "pairing:meeting-held": (lambda w: {"pk": _planned_meeting(w).pk}, *_form(MEETING_WRITERS)),
    "pairing:meeting-cancel": (lambda w: {"pk": _planned_meeting(w).pk}, *_action(MEETING_WRITERS)),
    "pairing:meeting-delete": (lambda w: {"pk": _planned_meeting(w).pk}, *_form(MEETING_WRITERS)),
    "pairing:idle": (None, MANAGERS_OWN, None),
    # a mentor's own contacts: `curator` (also a mentor) and `mentor2` have no mentor's card in this world
    "pairing:my-contacts": (None, *_form(_only({"mentor": 200, "curator": 404, "mentor2": 404}))),
    "pairing:calendar": (None, PARTICIPANTS_OWN, None),
    "pairing:calendar-create": (None, *_action(PARTICIPANTS_OWN)),
    "pairing:calendar-revoke": (None, *_action(PARTICIPANTS_OWN)),
    # the feed itself: no login, the secret address is the key
    "pairing:calendar-feed": (lambda w: {"token": _feed_token(w)}, EVERYONE, None),
    # the pair's lifecycle: the board, cancelling, cases, incentives
    "pairing:board": (None, MANAGERS_OWN, None),
    "pairing:board-action": (None, *_action(EDITORS_OWN)),
    "pairing:cancel": (lambda w: {"pk": w["pair"].pk}, *_form(EDITORS_OBJECT)),
    "pairing:out-of-order": (lambda w: {"pk": w["pair"].pk}, *_action(EDITORS_OBJECT)),
    "pairing:case": (lambda w: {"pk": w["finished_pair"].pk}, *_form(EDITORS_OBJECT)),
    "pairing:cases": (
        None,
        _only(dict.fromkeys(["admin", "director", "curator", "mentor", "director2", "curator2", "mentor2"], 200)),
        None,
    ),
    "pairing:nominations": (None, MANAGERS_OWN, _posted(EDITORS_OWN)),
    "pairing:nomination-delete": (lambda w: {"pk": w["nomination"].pk}, *_action(EDITORS_OBJECT)),
    # Подбор: the curator and the director only; a mentee of another organization is a 404
    "pairing:matching": (None, EDITORS_OWN, None),
    "pairing:matching-candidates": (lambda w: {"pk": w["person"].mentee_profile.pk}, EDITORS_OBJECT, None),
    "pairing:matching-all": (None, *_form(EDITORS_OWN)),
    "pairing:matching-settings": (None, *_form(EDITORS_OWN)),
    "pairing:matching-preferences": (None, *_form(EDITORS_OWN)),
    "pairing:matching-preference-delete": (lambda w: {"pk": w["preference"].pk}, *_action(EDITORS_OBJECT)),
    # monitoring, part A: the questionnaire constructor (an organization's copy of a standard questionnaire)
    "monitoring:questionnaire-list": (None, EDITORS_OWN, None),
    "monitoring:questionnaire-create": (None, *_form(EDITORS_OWN)),
    "monitoring:questionnaire-detail": (lambda w: {"pk": w["questionnaire"].pk}, EDITORS_OBJECT, None),
    "monitoring:questionnaire-print": (lambda w: {"pk": w["questionnaire"].pk}, EDITORS_OBJECT, None),
    "monitoring:questionnaire-copy": (lambda w: {"pk": w["questionnaire"].pk}, *_action(EDITORS_OBJECT)),
    "monitoring:questionnaire-edit": (lambda w: {"pk": w["questionnaire"].pk}, *_form(EDITORS_OBJECT)),
    "monitoring:questionnaire-archive": (lambda w: {"pk": w["questionnaire"].pk}, *_action(EDITORS_OBJECT)),
    "monitoring:questionnaire-section-create": (lambda w: {"pk": w["questionnaire"].pk}, *_form(EDITORS_OBJECT)),
    "monitoring:questionnaire-section-edit": (lambda w: {"pk": w["q_section"].pk}, *_form(EDITORS_OBJECT)),
    "monitoring:questionnaire-section-delete": (lambda w: {"pk": w["q_section"].pk}, *_form(EDITORS_OBJECT)),
    "monitoring:questionnaire-section-move": (
        lambda w: {"pk": w["q_section"].pk, "direction": "down"},
        *_action(EDITORS_OBJECT),
    ),
    "monitoring:questionnaire-question-create": (lambda w: {"pk": w["q_section"].pk}, *_form(EDITORS_OBJECT)),
    "monitoring:questionnaire-question-edit": (lambda w: {"pk": w["question"].pk}, *_form(EDITORS_OBJECT)),
    "monitoring:questionnaire-question-delete": (lambda w: {"pk": w["question"].pk}, *_form(EDITORS_OBJECT)),
    "monitoring:questionnaire-question-move": (
        lambda w: {"pk": w["question"].pk, "direction": "down"},
        *_action(EDITORS_OBJECT),
    ),
    # campaigns: the curator and the director of the organization
    "monitoring:campaign-list": (None, EDITORS_OWN, None),
    "monitoring:campaign-create": (None, *_form(EDITORS_OWN)),
    "monitoring:campaign-detail": (_campaign, EDITORS_OBJECT, None),
    "monitoring:campaign-remind": (_campaign, *_action(EDITORS_OBJECT)),
    "monitoring:campaign-slips": (_campaign, *_action(EDITORS_OBJECT)),
    "monitoring:campaign-slips-download": (lambda w: _campaign(w, slips=True), EDITORS_OBJECT, None),
    "monitoring:campaign-resume": (lambda w: {**_campaign(w, slips=True), "kind": "slips"}, *_action(EDITORS_OBJECT)),
    "monitoring:campaign-close": (_campaign, *_form(EDITORS_OBJECT)),
    # monitoring, part D: results (the curator and the director; the `mentor` account reads its own pair's
    # mentee, the questionnaire allowing it; raw answers are the managers'), «до/после»
    "monitoring:campaign-results": (lambda w: {"pk": w["campaign"].pk}, RESULTS_OBJECT, None),
    "monitoring:campaign-results-xlsx": (lambda w: {"pk": w["campaign"].pk}, RESULTS_OBJECT, None),
    "monitoring:campaign-answers-xlsx": (lambda w: {"pk": w["campaign"].pk}, EDITORS_OBJECT, None),
    "monitoring:campaign-open-answers": (
        lambda w: {"pk": w["campaign"].pk, "question_pk": w["open_question"].pk},
        RESULTS_OBJECT,
        None,
    ),
    "monitoring:campaign-responses": (lambda w: {"pk": w["campaign"].pk}, RESULTS_OBJECT, None),
    "monitoring:campaign-response": (
        lambda w: {"pk": w["campaign"].pk, "response_pk": w["response"].pk},
        RESULTS_OBJECT,
        None,
    ),
    "monitoring:dynamics": (None, RESULTS_OWN, None),
    "monitoring:dynamics-xlsx": (None, RESULTS_OWN, None),
    # monitoring, part C (filling): the personal link is public; «Мои анкеты»; «Попросить отзыв» about a meeting
    "fill:form": (lambda w: {"token": _fill_token(w)}, EVERYONE, _statuses(OK)),
    "fill:done": (lambda w: {"token": _fill_token(w)}, _statuses(302), None),
    "monitoring:my-forms": (None, ORG_MEMBERS_OWN, None),
    "monitoring:meeting-feedback-request": (lambda w: {"pk": _held_meeting(w).pk}, *_action(MEETING_WRITERS)),
    # the public page
    "public:page": (lambda w: {"slug": "zhukovka"}, EVERYONE, None),
    "public:document": (
        lambda w: {"slug": "zhukovka", "doc_type": "roadmap", "pk": w["approved_roadmap"].pk},
        EVERYONE,
        None,
    ),
}

# Admin patterns per registered model, checked by test_admin_sweep below.
ADMIN_MODEL_VIEWS = ("changelist", "add", "change", "delete", "history", "simple_history")
ADMIN_SITE_NAMES = {
    "admin:index": _statuses(302, admin=200),
    "admin:login": _statuses(302, anon=LOGIN),  # one login page for everyone: /accounts/login/
    "admin:logout": _statuses(302, admin=405),
    "admin:password_change": _statuses(302, admin=200),
    "admin:password_change_done": _statuses(302, admin=200),
    "admin:jsi18n": _statuses(302, admin=200),
    "admin:autocomplete": _statuses(302, admin=200),
}
# Shared reference data and security logs: only superusers see them in the admin.
SUPERUSER_ONLY_MODELS = {
    "organizations.Municipality",
    "participants.MenteeCategory",
    "programs.Stage",
    "auth.Group",
    "axes.AccessAttempt",
    "axes.AccessLog",
    "axes.AccessFailureLog",
    "django_tasks_database.DBTaskResult",  # the installation's task queue: arguments of every organization's jobs
    "monitoring.Response",  # who answered what: the curator's and the director's, in the product
    "monitoring.Answer",
}
# Changed only through the product's rules (consent before a base, who signs): view-only in the admin.
VIEW_ONLY_MODELS = {
    "participants.Consent",
    "participants.MentorProfile",
    "participants.MenteeProfile",
    "pairing.Mentorship",
    "pairing.MentorshipMember",
    "pairing.Meeting",
    "pairing.IndividualPlan",
    "pairing.PlanItem",
    "pairing.Preference",
    "pairing.Nomination",
    "pairing.CalendarFeed",
    # versions keep old answers readable, standard originals are read-only, links go out once: the services'
    "monitoring.Questionnaire",
    "monitoring.Section",
    "monitoring.Question",
    "monitoring.Option",
    "monitoring.Campaign",
    "monitoring.Recipient",
    "monitoring.MailJob",
}
# Appendices are chosen in the product, from the organization's own documents.
ADDED_IN_THE_PRODUCT_ONLY = {"documents.OrderAppendix", "pairing.MatchingCriterion"}
ADMIN_INDIRECT = {"admin:app_list", "admin:view_on_site"}  # reached with real arguments below
# Admin's catch-all (unknown admin URL) and its old-style object URL: see test_admin_unnamed_urls.
ADMIN_UNNAMED = {"admin:<unnamed (?P<url>.*)$>", "admin:<unnamed <path:object_id>/>"}


def _walk(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern, ns)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<unnamed {pattern.pattern}>"


def _admin_model_views():
    """(model, view) for every admin URL pattern that a registered model has."""
    names = set(_walk(get_resolver()))
    return [
        (model, view)
        for model in sorted(admin.site._registry, key=lambda m: m._meta.label)
        for view in ADMIN_MODEL_VIEWS
        if f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}" in names
    ]


def _admin_model_names():
    return {f"admin:{m._meta.app_label}_{m._meta.model_name}_{v}" for m, v in _admin_model_views()}


def test_every_url_pattern_is_in_the_matrix():
    covered = (set(MATRIX) | set(ADMIN_SITE_NAMES) | ADMIN_INDIRECT | ADMIN_UNNAMED | _admin_model_names()) | {
        "admin:auth_user_password_change"
    }
    all_names = set(_walk(get_resolver()))
    missing = sorted(all_names - covered)
    assert not missing, f"URL patterns without expected statuses per role: {missing}"
    stale = sorted(set(MATRIX) - all_names)
    assert not stale, f"Matrix rows for URL names that no longer exist: {stale}"


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo and one object of every kind, built once for the module inside a transaction that is
    rolled back at its end; each test runs in a savepoint of it (pytest-django's ``db``)."""
    from django.test import override_settings

    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock(), transaction.atomic():
        yield {"media": media, **_build_world()}
        transaction.set_rollback(True)


@pytest.fixture
def world(_world, db, settings):
    settings.MEDIA_ROOT = _world["media"]  # the files of the world's scans and evidence
    return _world


def _build_world():
    from organizations.demo import load_demo

    load_demo()
    zhukovka = Organization.objects.get(slug="zhukovka")
    # Rows for the admin models that the demo does not fill.
    Group.objects.create(name="Тестовая группа")
    attempt = {"user_agent": "test", "ip_address": "127.0.0.1", "username": "x", "path_info": "/", "http_accept": "*/*"}
    AccessAttempt.objects.create(**attempt, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**attempt)
    AccessFailureLog.objects.create(**attempt)
    users = {u.username: u for u in get_user_model().objects.all()}
    curator = users["curator"]
    roadmap = roadmap_create_from_template(organization=zhukovka, actor=curator, start_year=2026)
    section = roadmap.sections.first()
    activity = section.activities.first()
    activity.evidence_file.save("protocol.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    director = get_user_model().objects.get(username="director")
    approved = roadmap_create_from_template(organization=zhukovka, actor=curator, start_year=2025)
    approve(approved, director)
    act = local_act_save(
        act=LocalAct(organization=zhukovka),
        actor=curator,
        title="Положение о наставничестве",
        body="1. Общие положения",
    )
    act.file.save("polozhenie.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    order = order_create(
        organization=zhukovka,
        actor=curator,
        kind=Order.Kind.IMPLEMENTATION,
        number="16/1-О",
        date=date(2026, 8, 22),
        title="О внедрении целевой модели наставничества",
        points="Внедрить.",
        appendices=[approved],
    )
    form = MentoringForm.objects.create(organization=zhukovka, name="Учитель – ученик (гимназия)")
    RoleModel.objects.create(organization=zhukovka, form=form, name="Опытный – новичок")
    programme = ProgrammeFactory(organization=zhukovka, title="Программа наставничества Гимназии «Жуковка»")
    programme_set_rows(
        programme=programme,
        actor=curator,
        rows={
            "responsibilities": [{"directions": "Утверждение документов", "responsible": "Директор"}],
            "stages": [{"title": "Подготовка условий", "activities": "Сбор запросов"}],
            "participant_profiles": [{"mentor": "Опытный педагог", "mentee": "Молодой специалист"}],
            "mechanism": [{"stage": "Обучение наставников", "activities": "Обучающий семинар"}],
        },
    )
    person = Person.objects.create(
        organization=zhukovka, last_name="Тестова", first_name="Мария", birth_date=date(1990, 1, 1)
    )
    consent = Consent.objects.create(person=person, given_on=date(2025, 9, 1))
    consent.scan.save("soglasie.pdf", ContentFile(b"%PDF-1.4 scan"), save=True)
    MentorProfile.objects.create(person=person, can_help_with="Методика")
    MenteeProfile.objects.create(person=person, requests="Адаптация")
    pair_people = {}
    for username in ("mentor", "mentee"):
        someone = Person.objects.create(
            organization=zhukovka, last_name=username.title(), first_name="Демо", user=users[username]
        )
        Consent.objects.create(person=someone, given_on=date(2025, 9, 1))
        pair_people[username] = someone
    teachers = MentoringForm.objects.get(organization=None, name="Учитель – учитель")
    pair = mentorship_save(
        mentorship=Mentorship(organization=zhukovka),
        actor=curator,
        mentor=MentorProfile.objects.create(person=pair_people["mentor"], status="active"),
        mentees=[MenteeProfile.objects.create(person=pair_people["mentee"], requests="Дисциплина")],
        form=teachers,
        started_on=date(2026, 9, 15),
    )
    plan = plan_save(  # an ИОМ (a teacher's plan): the director approves it, not the curator
        plan=IndividualPlan(mentorship=pair),
        actor=users["mentor"],
        items=[{"task": "Освоить приёмы", "activity": "Посещение уроков", "due_on": date(2026, 12, 1)}],
        kind=IndividualPlan.Kind.ROUTE,
        goals="Адаптация",
    )
    # A row of every pairing model for the admin sweep; a finished pair for the case page.
    meeting = Meeting.objects.create(mentorship=pair, date=date(2026, 9, 20), topic="Знакомство", status="held")
    MatchingCriterion.objects.create(organization=zhukovka, key="subject", weight=3)
    Preference.objects.create(
        organization=zhukovka, person=pair_people["mentee"], preferred=pair_people["mentor"], school_year=2026
    )
    nomination = Nomination.objects.create(
        organization=zhukovka, mentor=pair.mentor, kind="gratitude", reason="За работу", school_year=2026
    )
    CalendarFeed.objects.create(user=users["mentor"], token="matrix-token")
    pairs = []
    for name in ("Работающий", "Завершивший"):
        mentor_person = Person.objects.create(organization=zhukovka, last_name=name, first_name="Наставник")
        mentee_person = Person.objects.create(organization=zhukovka, last_name=name, first_name="Наставляемый")
        for someone in (mentor_person, mentee_person):
            Consent.objects.create(person=someone, given_on=date(2025, 9, 1))
        made = mentorship_save(
            mentorship=Mentorship(organization=zhukovka),
            actor=curator,
            mentor=MentorProfile.objects.create(person=mentor_person, status="active"),
            mentees=[MenteeProfile.objects.create(person=mentee_person)],
            form=teachers,
            started_on=date(2026, 9, 15),
        )
        Mentorship.objects.filter(pk=made.pk).update(
            status=Mentorship.Status.ACTIVE
        )  # at work, as before the lifecycle
        pairs.append(made)
    working, finished = pairs
    mentorship_close(mentorship=finished, actor=curator, status="finished", ended_on=date(2026, 11, 1), result="Итог")
    from monitoring.evaluation import evaluation_create

    evaluation = evaluation_create(programme=programme, school_year=2026, actor=curator)
    # monitoring: an organization's copy of a standard questionnaire, a campaign of it with a link, an answer, a job
    questionnaire = questionnaire_copy(
        questionnaire=Questionnaire.objects.standard().get(key="mentee-before"), organization=zhukovka, actor=curator
    )
    q_section = questionnaire.sections.order_by("order").first()
    campaign = Campaign.objects.create(
        organization=zhukovka,
        questionnaire=questionnaire,
        title="Входное анкетирование",
        opens_on=date(2026, 9, 1),
        closes_on=date(2026, 9, 30),
    )
    recipient = Recipient.objects.create(campaign=campaign, person=pair_people["mentee"])
    response = Response.objects.create(campaign=campaign, questionnaire=questionnaire, recipient=recipient)
    Answer.objects.create(response=response, question=q_section.questions.first(), text="Нет")
    MailJob.objects.create(campaign=campaign, kind=MailJob.Kind.INVITATIONS)
    results_campaign, open_question, results_response = _results_world(zhukovka, pair, pair_people["mentee"])
    return {
        "evaluation": evaluation,
        "campaign": results_campaign,
        "open_question": open_question,
        "response": results_response,
        "pair": pair,
        "plan": plan,
        "working_pair": working,
        "finished_pair": finished,
        "meeting": meeting,
        "nomination": nomination,
        "person": person,
        "consent": consent,
        "programme": programme,
        "approved_roadmap": approved,
        "act": act,
        "order": order,
        "appendix": order.appendices.get(),
        "mentor_user": users["mentor"],
        "member": WorkingGroupMember.objects.create(organization=zhukovka, full_name="Лебедева М.О."),
        "roadmap": roadmap,
        "preference": Preference.objects.create(
            organization=zhukovka, person=person, preferred=pair_people["mentor"], school_year=2026
        ),
        "section": section,
        "activity": activity,
        "questionnaire": questionnaire,
        "q_section": q_section,
        "question": q_section.questions.order_by("order").first(),
    }


def _results_world(organization, pair, mentee):
    """A campaign whose questionnaire lets mentors read their pairs' answers, answered by the pair's mentee."""
    from monitoring.models import Answer, Campaign, Question, Questionnaire, Response, Section

    questionnaire = Questionnaire.objects.create(
        organization=organization, title="Анкета пары", audience="mentee", purpose="after", mentors_see_results=True
    )
    section = Section.objects.create(questionnaire=questionnaire, title="Итоги", order=1)
    scale = Question.objects.create(
        questionnaire=questionnaire, section=section, text="Польза встреч", scale_min=1, scale_max=10, code="use"
    )
    text = Question.objects.create(
        questionnaire=questionnaire, section=section, kind=Question.Kind.LONG_TEXT, text="Что было полезно?"
    )
    campaign = Campaign.objects.create(
        organization=organization,
        questionnaire=questionnaire,
        title="Итоговое анкетирование",
        opens_on=date(2026, 11, 2),
        closes_on=date(2026, 11, 13),
    )
    response = Response.objects.create(
        campaign=campaign, questionnaire=questionnaire, person=mentee, mentorship=pair, role="mentee"
    )
    Answer.objects.create(response=response, question=scale, number=8)
    Answer.objects.create(response=response, question=text, text="Разбор уроков")
    return campaign, text, response


def _check(client, url, expected, method="get"):
    """Request ``url`` as every account; each POST is rolled back, so that one account's change
    (a deletion, a signature) does not change what the next account finds."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=ACCOUNTS)}
    problems = []
    for account in ACCOUNTS:
        client.logout()
        if account != "anon":
            client.force_login(users[account])
        with transaction.atomic():
            response = getattr(client, method)(url)
            transaction.set_rollback(True)
        want = expected[account]
        if want == LOGIN:
            ok = response.status_code == 302 and response["Location"].startswith(reverse("login"))
        elif want == OK:
            ok = response.status_code in (200, 302) and not (
                response.status_code == 302 and response["Location"].startswith(reverse("login"))
            )
        else:
            ok = response.status_code == want
        if not ok:
            problems.append(f"{account}: got {response.status_code}, expected {want}")
    return problems


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_statuses_per_role(client, world, name):
    kwargs_builder, expected, _post = MATRIX[name]
    url = reverse(name, kwargs=kwargs_builder(world) if kwargs_builder else None)
    problems = _check(client, url, expected, "get")
    assert not problems, f"GET {name} ({url}): " + "; ".join(problems)


STATE_CHANGING = sorted(name for name, (_kwargs, _get, post) in MATRIX.items() if post is not None)


@pytest.mark.parametrize("name", STATE_CHANGING)
def test_every_state_changing_url_is_posted_as_every_role(client, world, name):
    """The role is checked before the method: a wrong role gets 403 on POST too, an outsider 404."""
    kwargs_builder, _get, expected = MATRIX[name]
    url = reverse(name, kwargs=kwargs_builder(world) if kwargs_builder else None)
    problems = _check(client, url, expected, "post")
    assert not problems, f"POST {name} ({url}): " + "; ".join(problems)


@pytest.mark.parametrize("name", sorted(ADMIN_SITE_NAMES))
def test_admin_site_urls_per_role(client, world, name):
    url = reverse(name)
    if name == "admin:autocomplete":
        url += "?app_label=organizations&model_name=membership&field_name=user"
    problems = _check(client, url, ADMIN_SITE_NAMES[name])
    assert not problems, f"{name} ({url}): " + "; ".join(problems)


def _admin_expectations(model, view):
    """Organization admins manage their own organization's rows; shared reference data is superuser-only."""
    superuser_only = model._meta.label in SUPERUSER_ONLY_MODELS
    org_admin = 403 if superuser_only else 200
    if model._meta.model_name == "organization" and view in {"add", "delete"}:
        org_admin = 403
    if model._meta.model_name == "user" and view == "delete":
        org_admin = 403
    if model._meta.label in VIEW_ONLY_MODELS and view in {"add", "delete"}:
        org_admin = 403
    if model._meta.label in ADDED_IN_THE_PRODUCT_ONLY and view == "add":
        org_admin = 403
    return _statuses(302, admin=org_admin)


def _own_object(model, world):
    zhukovka = Organization.objects.get(slug="zhukovka")
    name = model._meta.model_name
    if name == "organization":
        return zhukovka
    if name == "municipality":
        return zhukovka.municipality
    if name == "user":
        return get_user_model().objects.get(username="mentor")
    if name == "programme":
        return world["programme"]
    if model._meta.label == "django_tasks_database.DBTaskResult":  # a queued job, as the demo's may have run
        return model.objects.first() or model.objects.create(
            args_kwargs={"args": [], "kwargs": {}}, task_path="monitoring.tasks.send_invitations",
            backend_name="default", run_after=timezone.now(),
        )  # fmt: skip
    lookup = getattr(admin.site._registry[model], "organization_field", None)
    if lookup:
        return model.objects.filter(**{lookup: zhukovka}).first()
    return model.objects.first()


@pytest.mark.parametrize(
    ("model", "view"), _admin_model_views(), ids=[f"{m._meta.label}-{v}" for m, v in _admin_model_views()]
)
def test_admin_sweep(client, world, model, view):
    opts = model._meta
    name = f"admin:{opts.app_label}_{opts.model_name}_{view}"
    if view in {"changelist", "add"}:
        url = reverse(name)
    else:
        obj = _own_object(model, world)
        assert obj is not None, f"no object of {opts.label} in the demo"
        if view == "simple_history":
            if not obj.history.exists():  # reference rows loaded by a data migration
                obj.save()
            record = obj.history.first()
            url = reverse(name, args=[obj.pk, record.history_id])
        else:
            url = reverse(name, args=[obj.pk])
    problems = _check(client, url, _admin_expectations(model, view))
    # Django admin sends users without admin access to its own login page: 302 to /admin/login/.
    assert not problems, f"{name} ({url}): " + "; ".join(problems)


def test_outsider_admin_gets_nothing_of_another_organization(client, world):
    """The «admin» account administers Жуковка and Старица, not ООШ №11: its objects are not found."""
    other = Organization.objects.get(slug="oosh-11")
    client.force_login(get_user_model().objects.get(username="admin"))
    response = client.get(reverse("admin:organizations_organization_change", args=[other.pk]))
    assert response.status_code == 302  # admin's "object does not exist" redirect
    listing = client.get(reverse("admin:organizations_membership_changelist")).content.decode()
    assert "Молокова" not in listing
    assert re.search(r"Демина", listing)


def test_admin_unnamed_and_indirect_urls(client, world):
    mentor = get_user_model().objects.get(username="mentor")
    zhukovka = Organization.objects.get(slug="zhukovka")
    cases = {
        "/admin/no-such-page/": _statuses(302, admin=404),
        f"/admin/organizations/organization/{zhukovka.pk}/": _statuses(302, admin=302),
        reverse("admin:app_list", args=["organizations"]): _statuses(302, admin=200),
        reverse("admin:auth_user_password_change", args=[mentor.pk]): _statuses(302, admin=200),
        reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(Programme).pk, world["programme"].pk]): (
            _statuses(302)
        ),
    }
    for url, expected in cases.items():
        problems = _check(client, url, expected)
        assert not problems, f"{url}: " + "; ".join(problems)
