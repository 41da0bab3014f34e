"""Suggested scores from the questionnaires of the school year, against a hand computation."""

from datetime import date

import pytest
from django.urls import reverse

from monitoring import evaluation as services
from monitoring.models import Questionnaire
from monitoring.prefill import suggestions
from tests.factories import (
    AnswerFactory,
    CampaignFactory,
    QuestionFactory,
    QuestionnaireFactory,
    ResponseFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def _answered(org, purpose, answers, closes_on=date(2026, 11, 18), scale=(1, 10)):
    """A questionnaire of ``purpose`` whose campaign got ``answers``: [{code: value}, …], one dict a response."""
    questionnaire = QuestionnaireFactory(organization=org, purpose=purpose)
    section = SectionFactory(questionnaire=questionnaire)
    codes = sorted({code for response in answers for code in response})
    questions = {
        code: QuestionFactory(section=section, code=code, scale_min=scale[0], scale_max=scale[1]) for code in codes
    }
    campaign = CampaignFactory(
        organization=org, questionnaire=questionnaire, opens_on=closes_on.replace(day=1), closes_on=closes_on
    )
    for values in answers:
        response = ResponseFactory(campaign=campaign, questionnaire=questionnaire)
        for code, value in values.items():
            AnswerFactory(response=response, question=questions[code], number=value)


@pytest.fixture
def evaluation(org, curator):
    return services.evaluation_create(programme=None, organization=org, school_year=2026, actor=curator)


def test_suggestions_against_a_hand_computation(org, evaluation):
    satisfaction = Questionnaire.Purpose.SATISFACTION
    _answered(
        org, satisfaction, [{"sat.effectiveness": 9, "sat.comfort": 8}, {"sat.effectiveness": 7, "sat.comfort": 10}]
    )
    _answered(org, Questionnaire.Purpose.AFTER, [{"mentee.activity": 3}], scale=(1, 5))  # 3 of 5 = 6 of 10
    _answered(org, Questionnaire.Purpose.BEFORE, [{"mentee.activity": 1}])  # before the programme: not counted
    _answered(org, satisfaction, [{"sat.effectiveness": 1}], closes_on=date(2026, 5, 20))  # the year before
    found = {s.number: (s.score, s.rule) for s in suggestions(evaluation)}
    # 6: (9 + 8 + 7 + 10) / 4 = 8.5; 7: comfort (8 + 10) / 2 = 9; 8: 6.0
    assert found == {
        6: (2, "средняя оценка удовлетворённости 8,5 из 10 → 2 балла"),
        7: (2, "средняя оценка комфорта общения в паре 9,0 из 10 → 2 балла"),
        8: (1, "средняя оценка активности наставляемых в итоговой анкете 6,0 из 10 → 1 балл"),
    }


def test_the_button_fills_only_what_is_not_scored_and_shows_the_rule(client, org, curator, evaluation):
    _answered(org, Questionnaire.Purpose.SATISFACTION, [{"sat.effectiveness": 4}])
    services.evaluation_save_scores(evaluation=evaluation, actor=curator, scores={7: (0, "Сам поставил")})
    client.force_login(curator)
    response = client.post(reverse("monitoring:evaluation-prefill", kwargs={"pk": evaluation.pk}), follow=True)
    page = response.content.decode()
    assert "Подсказки по анкетам: 1 показатель." in page
    assert "средняя оценка удовлетворённости 4,0 из 10 → 0 баллов" in page
    scores = dict(evaluation.scores.values_list("number", "score"))
    assert scores[6] == 0 and scores[7] == 0 and scores[1] is None


def test_no_answers_no_suggestions_and_no_division_by_zero(client, curator, evaluation):
    assert suggestions(evaluation) == []
    client.force_login(curator)
    page = client.post(reverse("monitoring:evaluation-prefill", kwargs={"pk": evaluation.pk}), follow=True)
    assert "Подсказок нет" in page.content.decode()


def _answered_pairs(org):
    """One mentee who answered the entry (4) and the final (7) questionnaire on the same parameter."""
    from tests.factories import PersonFactory

    person = PersonFactory(organization=org)
    for purpose, value, closes_on in (
        (Questionnaire.Purpose.BEFORE, 4, date(2026, 9, 30)),
        (Questionnaire.Purpose.AFTER, 7, date(2026, 11, 13)),
    ):
        questionnaire = QuestionnaireFactory(organization=org, purpose=purpose, audience=Questionnaire.Audience.MENTEE)
        question = QuestionFactory(
            section=SectionFactory(questionnaire=questionnaire), code="mentee.confidence", text="Насколько Вы уверены"
        )
        campaign = CampaignFactory(
            organization=org, questionnaire=questionnaire, opens_on=closes_on.replace(day=1), closes_on=closes_on
        )
        response = ResponseFactory(campaign=campaign, questionnaire=questionnaire, person=person, role="mentee")
        AnswerFactory(response=response, question=question, number=value)


def test_the_ninth_indicator_from_before_and_after(org, evaluation):
    _answered_pairs(org)
    found = {s.number: (s.score, s.rule) for s in suggestions(evaluation)}
    assert found[9] == (2, "у наставляемых выросли 100 % оценок «до/после» → 2 балла")
