"""«До/после»: the means before and after, the change and the share whose score rose, per pair or group, per
form of mentoring and for the programme, against a hand computation; who sees it; the Excel table."""

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from monitoring.dynamics import NOTHING_TO_COMPARE, dynamics, years_over
from monitoring.models import Questionnaire
from monitoring.results import NO_PAIR
from tests.factories import (
    AnswerFactory,
    CampaignFactory,
    MenteeProfileFactory,
    MentorshipFactory,
    MentorshipMemberFactory,
    QuestionFactory,
    QuestionnaireFactory,
    ResponseFactory,
    SectionFactory,
    StudentFactory,
    standard_form,
)

pytestmark = pytest.mark.django_db


def _questionnaire(org, purpose, codes, **fields):
    questionnaire = QuestionnaireFactory(organization=org, purpose=purpose, audience="mentee", **fields)
    section = SectionFactory(questionnaire=questionnaire)
    texts = {"confidence": "Уверенность в себе", "motivation": "Интерес к учёбе", "feedback": "Польза встреч"}
    questions = {code: QuestionFactory(section=section, code=code, text=texts[code]) for code in codes}
    return questionnaire, questions


def _respond(campaign, questions, person, values, mentorship=None):
    response = ResponseFactory(campaign=campaign, person=person, mentorship=mentorship, role="mentee")
    for code, number in values.items():
        AnswerFactory(response=response, question=questions[code], number=number)
    return response


@pytest.fixture
def world(org, mentor):
    """Pair A (the ``mentor`` account's, «Учитель – учитель»): P1. Group B («Ученик – ученик»): P2, P3.
    P4 has no pair; P5 answered only after, P3 only before.

    person  before (confidence, motivation)   after (confidence, motivation)
    P1      4, 5                               6, 5      rose; equal
    P2      3, 7                               2, 8      fell; rose
    P3      5, —                               —         only before: left out
    P4      6, —                               9, —      rose
    P5      —                                  7, 7      only after: left out
    """
    before_q, before = _questionnaire(org, "before", ["confidence", "motivation"], title="Входная")
    after_q, after = _questionnaire(org, "after", ["confidence", "motivation", "feedback"], title="Итоговая")
    before_c = CampaignFactory(organization=org, questionnaire=before_q, title="Входное анкетирование",
                               opens_on=date(2026, 9, 16), closes_on=date(2026, 9, 30))  # fmt: skip
    after_c = CampaignFactory(organization=org, questionnaire=after_q, title="Итоговое анкетирование",
                              opens_on=date(2026, 11, 2), closes_on=date(2026, 11, 13))  # fmt: skip
    p1 = MenteeProfileFactory(person__organization=org, person__last_name="Первая")
    p2 = MenteeProfileFactory(person__organization=org, person__last_name="Вторая")
    p3 = MenteeProfileFactory(person__organization=org, person__last_name="Третий")
    pair_a = MentorshipFactory(organization=org, mentor__person__user=mentor, mentor__person__last_name="Аверин",
                               form=standard_form("Учитель – учитель"), member__mentee=p1)  # fmt: skip
    group_b = MentorshipFactory(organization=org, mentor__person__last_name="Борисов",
                                form=standard_form("Ученик – ученик"), member__mentee=p2)  # fmt: skip
    MentorshipMemberFactory(mentorship=group_b, mentee=p3)
    p4 = StudentFactory(organization=org, last_name="Четвёртый")
    p5 = StudentFactory(organization=org, last_name="Пятая")
    _respond(before_c, before, p1.person, {"confidence": 4, "motivation": 5})  # its pair: found by the dates
    _respond(before_c, before, p2.person, {"confidence": 3, "motivation": 7}, mentorship=group_b)
    _respond(before_c, before, p3.person, {"confidence": 5}, mentorship=group_b)
    _respond(before_c, before, p4, {"confidence": 6})
    _respond(after_c, after, p1.person, {"confidence": 6, "motivation": 5, "feedback": 9})
    _respond(after_c, after, p2.person, {"confidence": 2, "motivation": 8, "feedback": 7}, mentorship=group_b)
    _respond(after_c, after, p4, {"confidence": 9})
    _respond(after_c, after, p5, {"confidence": 7, "motivation": 7})
    return {"before": before_c, "after": after_c, "pair_a": pair_a, "group_b": group_b, "org": org}


def _figures(group):
    return {
        c.code: (c.people, round(c.before, 3), round(c.after, 3), round(c.change, 3), c.rose, c.share_rose)
        for c in group.changes
    }


def test_the_whole_programme_matches_a_hand_computation(world):
    result = dynamics(world["org"], school_year=2026)
    assert [c.title for c in result.before] == ["Входное анкетирование"]
    assert [c.title for c in result.after] == ["Итоговое анкетирование"]
    assert result.whole.people == 3  # P1, P2, P4; P3 and P5 have one measurement
    assert _figures(result.whole) == {
        # (4+3+6)/3 → (6+2+9)/3; P1 and P4 rose, P2 fell
        "confidence": (3, 4.333, 5.667, 1.333, 2, 67),
        # (5+7)/2 → (5+8)/2; P2 rose, P1 stayed
        "motivation": (2, 6.0, 6.5, 0.5, 1, 50),
    }
    confidence = result.whole.changes[0]
    assert (confidence.before_text, confidence.after_text, confidence.change_text) == ("4,3", "5,7", "+1,3")
    assert "feedback" not in _figures(result.whole)  # measured only after


def test_per_pair_and_per_form(world):
    result = dynamics(world["org"], school_year=2026)
    pairs = {g.title.split(" ")[0]: g for g in result.pairs}
    assert set(pairs) == {"Аверин", "Борисов"}
    assert _figures(pairs["Аверин"]) == {"confidence": (1, 4, 6, 2, 1, 100), "motivation": (1, 5, 5, 0, 0, 0)}
    assert _figures(pairs["Борисов"]) == {"confidence": (1, 3, 2, -1, 0, 0), "motivation": (1, 7, 8, 1, 1, 100)}
    assert pairs["Борисов"].changes[0].change_text == "−1,0" and pairs["Аверин"].changes[1].change_text == "0,0"
    forms = {g.title: g for g in result.forms}
    assert set(forms) == {"Учитель – учитель", "Ученик – ученик", NO_PAIR}
    assert _figures(forms[NO_PAIR]) == {"confidence": (1, 6, 9, 3, 1, 100)}
    assert _figures(forms["Ученик – ученик"]) == _figures(pairs["Борисов"])


def test_per_mentee_against_the_hand_computation(world):
    """P1: confidence 4 → 6 rose, motivation 5 → 5 same; P2: 3 → 2 fell, 7 → 8 rose; P4: 6 → 9 rose. Positive
    (more rose than fell): P1 and P4, 2 of 3."""
    result = dynamics(world["org"], school_year=2026)
    mentees = {g.title.split(" ")[0]: g for g in result.mentees}
    assert list(mentees) == ["Вторая", "Первая", "Четвёртый"]  # by name
    assert _figures(mentees["Первая"]) == {"confidence": (1, 4, 6, 2, 1, 100), "motivation": (1, 5, 5, 0, 0, 0)}
    assert _figures(mentees["Вторая"]) == {"confidence": (1, 3, 2, -1, 0, 0), "motivation": (1, 7, 8, 1, 1, 100)}
    assert _figures(mentees["Четвёртый"]) == {"confidence": (1, 6, 9, 3, 1, 100)}
    counts = {name: (g.rose, g.fell, g.same, g.positive) for name, g in mentees.items()}
    assert counts == {
        "Первая": (1, 0, 1, True),
        "Вторая": (1, 1, 0, False),
        "Четвёртый": (1, 0, 0, True),
    }
    assert (result.mentees_positive, result.mentees_positive_share) == (2, 67)
    assert mentees["Первая"].subtitle.startswith("Пара: Аверин ") and "— Первая " in mentees["Первая"].subtitle
    assert mentees["Четвёртый"].subtitle == NO_PAIR
    assert "Аверин" not in mentees["Вторая"].subtitle and "Борисов" in mentees["Вторая"].subtitle


def test_year_over_year_against_the_hand_computation(world, client, curator, mentor):
    """2026/2027 as in ``world``: P1, P2, P4 measured, P1 and P4 positive. 2025/2026 (campaigns opened in
    September and April): P1 confidence 5 → 4 (fell), P2 3 → 6 (rose): 2 measured, 1 positive."""
    org = world["org"]
    before_q, before = world["before"].questionnaire, {q.code: q for q in world["before"].questionnaire.questions.all()}
    after_q, after = world["after"].questionnaire, {q.code: q for q in world["after"].questionnaire.questions.all()}
    old_before = CampaignFactory(organization=org, questionnaire=before_q, title="Входное 2025",
                                 opens_on=date(2025, 9, 10), closes_on=date(2025, 9, 20))  # fmt: skip
    old_after = CampaignFactory(organization=org, questionnaire=after_q, title="Итоговое 2025",
                                opens_on=date(2026, 4, 1), closes_on=date(2026, 4, 15))  # fmt: skip
    p1 = world["pair_a"].members.get().mentee.person
    p2 = world["group_b"].members.get(mentee__person__last_name="Вторая").mentee.person
    _respond(old_before, before, p1, {"confidence": 5})
    _respond(old_after, after, p1, {"confidence": 4})
    _respond(old_before, before, p2, {"confidence": 3})
    _respond(old_after, after, p2, {"confidence": 6})

    years = years_over(org)
    assert [(y.label, y.measured, y.positive, y.share) for y in years] == [
        ("2025/2026", 2, 1, 50),
        ("2026/2027", 3, 2, 67),
    ]
    for year in years:  # the same people and the same verdicts as the year's own page
        result = dynamics(org, school_year=year.school_year)
        assert (len(result.mentees), result.mentees_positive) == (year.measured, year.positive)

    client.force_login(curator)
    page = client.get(reverse("monitoring:dynamics")).content.decode()
    assert "Год к году" in page and "<td>2025/2026</td><td>1</td><td>2</td><td>50,0 %</td>" in page

    rows = list(load_workbook(BytesIO(client.get(reverse("monitoring:dynamics-xlsx")).content)).active.values)
    positive = "Положительная динамика (параметров выросло больше, чем снизилось)"
    assert ("Год к году", "2025/2026 учебный год", "Наставляемые", positive, 2, None, None, None, 1, 50) in rows

    Questionnaire.objects.filter(organization=org).update(mentors_see_results=True)
    client.force_login(mentor)  # a mentor's pairs change from year to year: only their own pairs' year
    assert "Год к году" not in client.get(reverse("monitoring:dynamics")).content.decode()
    rows = list(load_workbook(BytesIO(client.get(reverse("monitoring:dynamics-xlsx")).content)).active.values)
    assert not [row for row in rows if row[0] == "Год к году"]


def test_a_mentor_sees_a_mentee_only_as_a_member_of_their_own_pair(world, client, mentor):
    """A mentee now in the mentor's pair who answered the year's questionnaires in another group is not
    shown to the mentor by name (those answers belong to the other group)."""
    org = world["org"]
    Questionnaire.objects.filter(organization=org).update(mentors_see_results=True)
    before = {q.code: q for q in world["before"].questionnaire.questions.all()}
    after = {q.code: q for q in world["after"].questionnaire.questions.all()}
    moved = MenteeProfileFactory(person__organization=org, person__last_name="Перешедший")
    _respond(world["before"], before, moved.person, {"confidence": 2}, mentorship=world["group_b"])
    _respond(world["after"], after, moved.person, {"confidence": 9}, mentorship=world["group_b"])
    MentorshipMemberFactory(mentorship=world["pair_a"], mentee=moved)  # now the mentor's mentee
    result = dynamics(org, school_year=2026, mentor=mentor)
    assert [g.title.split(" ")[0] for g in result.mentees] == ["Первая"]
    client.force_login(mentor)
    page = client.get(reverse("monitoring:dynamics")).content.decode()
    assert 'me-auto">Первая ' in page and 'me-auto">Перешедший ' not in page  # (their pair's label names them)
    curator_view = dynamics(org, school_year=2026)
    assert "Перешедший" in [g.title.split(" ")[0] for g in curator_view.mentees]  # the curator sees them all


def test_campaigns_of_another_year_programme_or_anonymous_are_not_compared(world):
    org = world["org"]
    anonymous_q, questions = _questionnaire(org, "after", ["confidence"], anonymous=True)
    anonymous = CampaignFactory(organization=org, questionnaire=anonymous_q, opens_on=date(2026, 11, 2))
    _respond(anonymous, questions, None, {"confidence": 1})
    result = dynamics(org, school_year=2026)
    assert anonymous not in result.after and _figures(result.whole)["confidence"][0] == 3
    assert dynamics(org, school_year=2025).empty


def test_nothing_to_compare_is_said_plainly(org, client, curator):
    before_q, before = _questionnaire(org, "before", ["confidence"])
    campaign = CampaignFactory(organization=org, questionnaire=before_q, opens_on=date(2026, 9, 16))
    _respond(campaign, before, StudentFactory(organization=org), {"confidence": 5})
    assert dynamics(org, school_year=2026).empty
    client.force_login(curator)
    page = client.get(reverse("monitoring:dynamics"), {"year": 2026}).content.decode()
    assert NOTHING_TO_COMPARE in page and "2026/2027 учебный год" in page
    assert client.get(reverse("monitoring:dynamics-xlsx"), {"year": 2026}).status_code == 200


def test_the_page_shows_the_figures_to_the_curator(world, client, curator):
    client.force_login(curator)
    page = client.get(reverse("monitoring:dynamics")).content.decode()
    assert "Вся программа" in page and "+1,3" in page and "2 из 3 (67 %)" in page and "−1,0" in page
    assert "Уверенность в себе" in page and "Учитель – учитель" in page
    assert reverse("monitoring:campaign-results", args=[world["after"].pk]) in page
    assert "Наставляемые: средние оценки до и после" in page and "data:image/svg+xml" in page  # the chart
    assert "По наставляемым" in page and "у 2 из 3 наставляемых" in page and "(67 %)" in page
    assert '"trend-up">выросло 1</span>' in page and '"trend-down">снизилось 1</span>' in page
    assert "без изменений 1" in page and "<span >снизилось 0</span>" in page  # nothing fell: not in red


def test_a_bad_filter_is_refused_in_russian(world, client, curator):
    client.force_login(curator)
    response = client.get(reverse("monitoring:dynamics"), {"year": "1999", "programme": "x"})
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()


def test_a_mentor_sees_only_their_own_pairs_where_allowed(world, client, mentor, mentee, director):
    client.force_login(mentor)
    page = client.get(reverse("monitoring:dynamics")).content.decode()
    assert NOTHING_TO_COMPARE in page  # the questionnaires do not open results to mentors
    Questionnaire.objects.filter(organization=world["org"]).update(mentors_see_results=True)
    result = dynamics(world["org"], school_year=2026, mentor=mentor)
    assert result.whole.people == 1 and [g.title.split(" ")[0] for g in result.pairs] == ["Аверин"]
    assert _figures(result.whole) == {"confidence": (1, 4, 6, 2, 1, 100), "motivation": (1, 5, 5, 0, 0, 0)}
    page = client.get(reverse("monitoring:dynamics")).content.decode()
    assert "Аверин" in page and "Борисов" not in page
    assert [g.title.split(" ")[0] for g in result.mentees] == ["Первая"]  # not the other pairs' mentees
    assert "Вторая" not in page and "Четвёртый" not in page
    client.force_login(mentee)
    assert client.get(reverse("monitoring:dynamics")).status_code == 403
    client.force_login(director)
    assert client.get(reverse("monitoring:dynamics")).status_code == 200


def test_the_page_reads_in_a_fixed_number_of_queries(world, client, curator):
    client.force_login(curator)
    url = reverse("monitoring:dynamics")
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    org = world["org"]
    before_q, after_q = world["before"].questionnaire, world["after"].questionnaire
    before = {q.code: q for q in before_q.questions.all()}
    after = {q.code: q for q in after_q.questions.all()}
    for n in range(15):
        pair = MentorshipFactory(organization=org, form=standard_form("Ученик – ученик"))
        person = pair.members.get().mentee.person
        _respond(world["before"], before, person, {"confidence": 3, "motivation": n % 10 + 1})
        _respond(world["after"], after, person, {"confidence": 5, "motivation": 5})
    with CaptureQueriesContext(connection) as big:
        client.get(url)
    assert len(big) == len(small) <= 20, [q["sql"][:120] for q in big.captured_queries]


def test_the_excel_table(world, client, curator):
    client.force_login(curator)
    response = client.get(reverse("monitoring:dynamics-xlsx"))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[2][:4] == ("Группа", "Что это", "Кто отвечал", "Параметр")
    assert ("Вся программа", "2026/2027 учебный год", "Наставляемые", "Уверенность в себе", 3, 4.33, 5.67, 1.33, 2,
            67) in rows  # fmt: skip
    first = next(row for row in rows if str(row[0]).startswith("Первая "))  # one mentee's own parameters
    assert first[1].startswith("Пара: Аверин ") and first[2:] == (
        "Наставляемые",
        "Уверенность в себе",
        1,
        4,
        6,
        2,
        1,
        100,
    )
