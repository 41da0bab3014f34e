"""The questionnaire models and the standard questionnaires shipped as reference data."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from monitoring.models import Campaign, Question, Questionnaire
from monitoring.reference import load_standard_questionnaires, standard_definitions
from monitoring.selectors import campaign_counts
from tests.factories import CampaignFactory, PersonFactory, RecipientFactory

pytestmark = pytest.mark.django_db


def test_every_standard_questionnaire_of_the_target_model_is_shipped_without_an_organization():
    standard = Questionnaire.objects.standard()
    assert set(standard.values_list("key", flat=True)) == {spec["key"] for spec in standard_definitions()}
    assert set(standard.values_list("purpose", flat=True)) == {
        "before", "after", "mentor_profile", "mentee_request", "preference", "meeting", "satisfaction", "curator"
    }  # fmt: skip
    assert all("методических рекомендаций" in q.basis for q in standard)


def test_loading_again_creates_nothing():
    models = {m.__name__: m for m in (Questionnaire, *_content_models())}
    assert load_standard_questionnaires(models) == 0


def _content_models():
    from monitoring.models import Option, Section

    return (Section, Question, Option)


def test_before_and_after_questionnaires_measure_the_same_parameters():
    for audience in ("mentee", "mentor"):
        before = Questionnaire.objects.get(organization=None, key=f"{audience}-before")
        after = Questionnaire.objects.get(organization=None, key=f"{audience}-after")
        numeric = Question.objects.filter(kind=Question.Kind.SCALE)
        before_codes = set(numeric.filter(questionnaire=before).values_list("code", flat=True))
        after_codes = set(numeric.filter(questionnaire=after).values_list("code", flat=True))
        assert len(before_codes & after_codes) >= 5


def test_a_conditional_question_names_the_option_that_shows_it():
    question = Question.objects.get(questionnaire__key="mentee-before", code="mentee.experience_where")
    assert (question.show_if.question.code, question.show_if.value, question.show_if.label) == (
        "mentee.experience",
        "yes",
        "Да",
    )


def test_a_campaign_is_scheduled_open_then_closed_by_its_dates():
    campaign = CampaignFactory.build(opens_on=date(2026, 12, 1), closes_on=date(2026, 12, 10))
    assert campaign.status_on(date(2026, 11, 30)) == Campaign.Status.SCHEDULED
    assert campaign.status_on(date(2026, 12, 10)) == Campaign.Status.OPEN
    assert campaign.status_on(date(2026, 12, 11)) == Campaign.Status.CLOSED


def test_a_person_gets_one_unguessable_link_per_campaign():
    first = RecipientFactory()
    second = RecipientFactory(campaign=first.campaign)
    assert len(first.token) == 32 and first.token != second.token
    with pytest.raises(IntegrityError), transaction.atomic():
        RecipientFactory(campaign=first.campaign, person=first.person)


def test_campaign_counts_are_counted_in_the_database(django_assert_num_queries):
    from django.utils import timezone

    recipient = RecipientFactory()
    RecipientFactory(campaign=recipient.campaign, person=PersonFactory(organization=recipient.campaign.organization))
    recipient.responded_at = timezone.now()
    recipient.save()
    with django_assert_num_queries(1):
        assert campaign_counts(recipient.campaign) == {"total": 2, "responded": 1}
