"""Results of a campaign: rates and per-question figures against a hand computation, who sees what, the Excel
tables, the summary for the roadmap and the pinned number of queries."""

from datetime import datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from monitoring.models import Question, Questionnaire
from monitoring.results import NO_CLASS, NO_PAIR, campaign_results, summary_text
from tests.factories import (
    AnswerFactory,
    CampaignFactory,
    MenteeProfileFactory,
    MentorshipFactory,
    MentorshipMemberFactory,
    OptionFactory,
    PersonFactory,
    QuestionFactory,
    QuestionnaireFactory,
    RecipientFactory,
    ResponseFactory,
    SectionFactory,
    StudentFactory,
)

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil.example","жми")'


def _at(day: int) -> datetime:
    return datetime(2026, 11, 27, 15, 0, tzinfo=ZoneInfo("Europe/Moscow")) + timedelta(days=day)


@pytest.fixture
def world(org, mentor):
    """A campaign of six questions of every kind; four people got a link, three answered:
    p1, p2 — 7А, a group of the mentor (the ``mentor`` account); p3 — 8Б, no pair; a teacher who did not answer."""
    questionnaire = QuestionnaireFactory(organization=org, title="Итоговая анкета", purpose="after")
    section = SectionFactory(questionnaire=questionnaire, title="Оценка")
    q = {
        "scale": QuestionFactory(section=section, text="Уверенность", scale_min=1, scale_max=5, code="confidence"),
        "single": QuestionFactory(section=section, kind=Question.Kind.SINGLE, text="Формат", code=""),
        "multiple": QuestionFactory(section=section, kind=Question.Kind.MULTIPLE, text="Темы", code=""),
        "matrix": QuestionFactory(section=section, kind=Question.Kind.MATRIX, text="Согласны ли вы", scale_min=1,
                                  scale_max=5, code="agree"),
        "text": QuestionFactory(section=section, kind=Question.Kind.LONG_TEXT, text="Что было полезно?", code=""),
        "person": QuestionFactory(section=section, kind=Question.Kind.PERSON, text="Кого выбираете?", code=""),
    }  # fmt: skip
    o = {
        "a": OptionFactory(question=q["single"], label="Очно", value="a"),
        "b": OptionFactory(question=q["single"], label="Онлайн", value="b"),
        "c": OptionFactory(question=q["single"], label="Смешанно", value="c"),
        "x": OptionFactory(question=q["multiple"], label="Экзамены", value="x"),
        "y": OptionFactory(question=q["multiple"], label="Проекты", value="y"),
        "s1": OptionFactory(question=q["matrix"], label="Цели понятны", value="s1"),
        "s2": OptionFactory(question=q["matrix"], label="Встречи регулярны", value="s2"),
    }
    campaign = CampaignFactory(organization=org, questionnaire=questionnaire, title="Итоги года")
    p1 = MenteeProfileFactory(person__organization=org, person__school_class="7А", person__last_name="Андреев")
    p2 = MenteeProfileFactory(person__organization=org, person__school_class="7А", person__last_name="Борисова")
    group = MentorshipFactory(organization=org, mentor__person__user=mentor, mentor__person__last_name="Наставников",
                              member__mentee=p1)  # fmt: skip
    MentorshipMemberFactory(mentorship=group, mentee=p2)
    p3 = StudentFactory(organization=org, school_class="8Б", last_name="Васильев")
    teacher = PersonFactory(organization=org, last_name="Григорьева")
    chosen_t = PersonFactory(organization=org, last_name="Тимофеев", first_name="Тимур", patronymic="")
    chosen_u = PersonFactory(organization=org, last_name="Ульянова", first_name="Ульяна", patronymic="")
    people = {"p1": p1.person, "p2": p2.person, "p3": p3}
    responses = {}
    for n, (key, person) in enumerate(people.items()):
        recipient = RecipientFactory(campaign=campaign, person=person, responded_at=_at(n))
        responses[key] = ResponseFactory(campaign=campaign, recipient=recipient, person=person, submitted_at=_at(n),
                                         mentorship=group if key != "p3" else None, role="mentee")  # fmt: skip
    RecipientFactory(campaign=campaign, person=teacher)

    def answer(key, question, **values):
        AnswerFactory(response=responses[key], question=q[question], **values)

    answer("p1", "scale", number=5)
    answer("p2", "scale", number=3)
    answer("p3", "scale", number=4)
    answer("p1", "single", option=o["a"])
    answer("p2", "single", option=o["a"])
    answer("p3", "single", option=o["b"])
    answer("p1", "multiple", option=o["x"])
    answer("p1", "multiple", option=o["y"])
    answer("p2", "multiple", option=o["x"])
    answer("p1", "matrix", option=o["s1"], number=4)
    answer("p2", "matrix", option=o["s1"], number=2)
    answer("p3", "matrix", option=o["s1"], number=3)
    answer("p1", "matrix", option=o["s2"], number=5)
    answer("p3", "matrix", option=o["s2"], number=4)
    answer("p1", "text", text="Разбор уроков")
    answer("p2", "text", text=SCRIPT)
    answer("p3", "text", text="")
    answer("p1", "person", person=chosen_t)
    answer("p2", "person", person=chosen_t)
    answer("p3", "person", person=chosen_u)
    return {"campaign": campaign, "q": q, "responses": responses, "group": group, "people": people}


def _by_text(results):
    return {r.question.text: r for r in results.questions}


def test_rates_per_class_and_pair_are_counted_from_the_links(world):
    results = campaign_results(world["campaign"])
    assert (results.rate.responded, results.rate.total, results.rate.text) == (3, 4, "ответили 3 из 4 (75 %)")
    assert [(r.label, r.responded, r.total, r.percent) for r in results.by_class] == [
        ("7А", 2, 2, 100),
        ("8Б", 1, 1, 100),
        (NO_CLASS, 0, 1, 0),
    ]
    group_label = next(r.label for r in results.by_pair if r.label != NO_PAIR)
    assert group_label.startswith("Наставников") and "Андреев" in group_label and "Борисова" in group_label
    assert [(r.responded, r.total, r.percent) for r in results.by_pair] == [(2, 2, 100), (1, 2, 50)]


def test_per_question_figures_match_a_hand_computation(world):
    results = _by_text(campaign_results(world["campaign"]))
    scale = results["Уверенность"]
    assert scale.answered == 3 and scale.mean == pytest.approx(4.0) and scale.mean_text == "4,0 из 5"
    assert [(b.label, b.count, b.share) for b in scale.bars] == [
        ("1", 0, 0), ("2", 0, 0), ("3", 1, 33), ("4", 1, 33), ("5", 1, 33)
    ]  # fmt: skip
    assert [(b.label, b.count, b.share) for b in results["Формат"].bars] == [
        ("Очно", 2, 67), ("Онлайн", 1, 33), ("Смешанно", 0, 0)
    ]  # fmt: skip
    multiple = results["Темы"]
    assert multiple.answered == 2
    assert [(b.label, b.count, b.share) for b in multiple.bars] == [("Экзамены", 2, 100), ("Проекты", 1, 50)]
    # matrix: the mean of each statement over those who rated it: (4+2+3)/3 and (5+4)/2
    assert [(b.label, b.count, b.mean, b.share) for b in results["Согласны ли вы"].bars] == [
        ("Цели понятны", 3, "3,0", 60),
        ("Встречи регулярны", 2, "4,5", 90),
    ]
    text = results["Что было полезно?"]
    assert text.answered == 2 and text.texts == ["Разбор уроков", SCRIPT] and text.more_texts == 0
    assert [(b.label, b.count) for b in results["Кого выбираете?"].bars] == [
        ("Тимофеев Тимур", 2),
        ("Ульянова Ульяна", 1),
    ]


def test_people_chosen_are_left_out_unless_shown(world):
    results = campaign_results(world["campaign"], show_people=False)
    assert "Кого выбираете?" not in _by_text(results)


def test_open_answers_are_capped_with_a_link_to_all(world, client, curator):
    for n in range(4):
        AnswerFactory(
            response=ResponseFactory(campaign=world["campaign"]), question=world["q"]["text"], text=f"Ответ {n}"
        )
    results = _by_text(campaign_results(world["campaign"], text_cap=3))
    assert results["Что было полезно?"].texts == ["Разбор уроков", SCRIPT, "Ответ 0"]
    assert results["Что было полезно?"].more_texts == 3
    client.force_login(curator)
    url = reverse("monitoring:campaign-open-answers", args=[world["campaign"].pk, world["q"]["text"].pk])
    page = client.get(url).content.decode()
    assert all(f"Ответ {n}" in page for n in range(4)) and "&lt;script&gt;" in page and SCRIPT not in page
    scale_url = reverse("monitoring:campaign-open-answers", args=[world["campaign"].pk, world["q"]["scale"].pk])
    assert client.get(scale_url).status_code == 404


def test_the_page_reads_in_a_fixed_number_of_queries(world, client, curator):
    """One aggregate query per kind of figure: more responses and more questions cost no query."""
    client.force_login(curator)
    url = reverse("monitoring:campaign-results", args=[world["campaign"].pk])
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    section = world["q"]["scale"].section
    extra = [QuestionFactory(section=section, text=f"Шкала {n}", code="") for n in range(10)]
    extra += [QuestionFactory(section=section, kind=Question.Kind.TEXT, text=f"Текст {n}", code="") for n in range(5)]
    for n in range(20):
        person = StudentFactory(organization=world["campaign"].organization, school_class=f"{5 + n % 5}В")
        recipient = RecipientFactory(campaign=world["campaign"], person=person, responded_at=_at(0))
        response = ResponseFactory(campaign=world["campaign"], recipient=recipient, person=person)
        for question in extra:
            if question.kind == Question.Kind.SCALE:
                AnswerFactory(response=response, question=question, number=1 + n % 10)
            else:
                AnswerFactory(response=response, question=question, text=f"Текст {n}")
    with CaptureQueriesContext(connection) as big:
        assert client.get(url).status_code == 200
    assert len(big) == len(small) <= 20, [q["sql"][:120] for q in big.captured_queries]


def test_the_page_shows_the_figures_with_text_escaped(world, client, curator):
    client.force_login(curator)
    page = client.get(reverse("monitoring:campaign-results", args=[world["campaign"].pk])).content.decode()
    assert "Ответили 3 из 4 (75 %)" in page
    assert "4,0 из 5" in page and "2 (67 %)" in page and "среднее 4,5 из 5" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and SCRIPT not in page
    assert "Тимофеев Тимур" in page


# --- who sees what -----------------------------------------------------------------------------------


def _get(client, user, name, *args):
    client.force_login(user)
    return client.get(reverse(f"monitoring:{name}", args=args))


@pytest.mark.parametrize("name", ["campaign-results", "campaign-responses", "campaign-results-xlsx"])
def test_the_curator_and_the_director_see_everything(world, client, curator, director, name):
    for user in (curator, director):
        assert _get(client, user, name, world["campaign"].pk).status_code == 200


def test_a_mentee_never_sees_results(world, client, mentee):
    campaign = world["campaign"]
    for name, args in [
        ("campaign-results", [campaign.pk]),
        ("campaign-responses", [campaign.pk]),
        ("campaign-response", [campaign.pk, world["responses"]["p1"].pk]),
        ("campaign-answers-xlsx", [campaign.pk]),
        ("dynamics", []),
    ]:
        assert _get(client, mentee, name, *args).status_code == 403, name


def test_another_organization_finds_nothing(world, client, outsider):
    campaign = world["campaign"]
    assert _get(client, outsider, "campaign-results", campaign.pk).status_code == 404
    assert _get(client, outsider, "campaign-response", campaign.pk, world["responses"]["p1"].pk).status_code == 404
    assert _get(client, outsider, "campaign-answers-xlsx", campaign.pk).status_code == 404


def test_a_mentor_sees_nothing_unless_the_questionnaire_allows_it(world, client, mentor):
    campaign = world["campaign"]
    assert _get(client, mentor, "campaign-results", campaign.pk).status_code == 403
    assert _get(client, mentor, "campaign-responses", campaign.pk).status_code == 403
    assert _get(client, mentor, "campaign-response", campaign.pk, world["responses"]["p1"].pk).status_code == 403


def test_a_mentor_sees_their_own_pairs_answers_where_allowed(world, client, mentor):
    campaign = world["campaign"]
    Questionnaire.objects.filter(pk=campaign.questionnaire_id).update(mentors_see_results=True)
    page = _get(client, mentor, "campaign-results", campaign.pk).content.decode()
    assert "Ответили 2 из 2 (100 %)" in page  # the group's two mentees, not p3 nor the teacher
    assert "Кого выбираете?" not in page  # «выбор человека» is the managers'
    listing = _get(client, mentor, "campaign-responses", campaign.pk).content.decode()
    assert "Андреев" in listing and "Борисова" in listing and "Васильев" not in listing
    own = _get(client, mentor, "campaign-response", campaign.pk, world["responses"]["p1"].pk)
    assert own.status_code == 200 and "Разбор уроков" in own.content.decode()
    assert _get(client, mentor, "campaign-response", campaign.pk, world["responses"]["p3"].pk).status_code == 404
    assert _get(client, mentor, "campaign-answers-xlsx", campaign.pk).status_code == 403  # raw answers: managers


def test_a_mentor_sees_no_one_of_a_pair_they_no_longer_lead(world, client, mentor):
    campaign = world["campaign"]
    Questionnaire.objects.filter(pk=campaign.questionnaire_id).update(mentors_see_results=True)
    world["group"].members.update(left_on=timezone.localdate())
    assert _get(client, mentor, "campaign-response", campaign.pk, world["responses"]["p1"].pk).status_code == 404


def test_an_anonymous_questionnaire_has_no_page_per_person(world, client, curator, mentor):
    campaign = world["campaign"]
    Questionnaire.objects.filter(pk=campaign.questionnaire_id).update(anonymous=True, mentors_see_results=True)
    assert _get(client, curator, "campaign-responses", campaign.pk).status_code == 404
    assert _get(client, curator, "campaign-response", campaign.pk, world["responses"]["p1"].pk).status_code == 404
    page = _get(client, curator, "campaign-results", campaign.pk).content.decode()
    assert "Ответили 3 из 4 (75 %)" in page and "Кто что ответил" not in page
    assert _get(client, mentor, "campaign-results", campaign.pk).status_code == 403  # never for mentors


def test_old_answers_stay_readable_after_the_questionnaire_changes(world, client, curator):
    """The campaign moved to a new version: the answers given on the old one are still shown with its questions."""
    campaign = world["campaign"]
    old = campaign.questionnaire
    new = QuestionnaireFactory(organization=old.organization, title=old.title, previous=old, version=2)
    QuestionFactory(section=SectionFactory(questionnaire=new, title="Новый раздел"), text="Новый вопрос")
    campaign.questionnaire = new
    campaign.save()
    results = _by_text(campaign_results(campaign))
    assert results["Уверенность"].mean == pytest.approx(4.0) and "Новый вопрос" in results
    page = _get(client, curator, "campaign-response", campaign.pk, world["responses"]["p1"].pk).content.decode()
    assert "Уверенность" in page and "5 из 5" in page


# --- Excel -------------------------------------------------------------------------------------------


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(BytesIO(response.content)).active


def test_raw_answers_are_formula_safe_one_row_per_response(world, client, curator):
    AnswerFactory(
        response=ResponseFactory(campaign=world["campaign"], person=world["people"]["p3"], submitted_at=_at(5)),
        question=world["q"]["text"],
        text=FORMULA,
    )
    sheet = _sheet(_get(client, curator, "campaign-answers-xlsx", world["campaign"].pk))
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[2]
    assert header[:5] == ("№", "ФИО", "Роль", "Класс или должность", "Дата ответа")
    assert "Согласны ли вы — Цели понятны" in header and "Согласны ли вы — Встречи регулярны" in header
    body = rows[3:]
    assert len(body) == 4
    first = dict(zip(header, body[0], strict=True))
    assert first["Темы"] == "Экзамены; Проекты" and first["Уверенность"] == 5 and first["Роль"] == "наставляемый"
    assert first["Дата ответа"].strftime("%d.%m.%Y") == "27.11.2026"
    formula_cells = [c for row in sheet.iter_rows() for c in row if c.value == FORMULA]
    assert formula_cells and all(c.data_type == "s" for c in formula_cells)
    assert any(v == SCRIPT for row in body for v in row)  # the text as typed, not run, not mangled


def test_raw_answers_of_an_anonymous_questionnaire_name_nobody(world, client, curator):
    Questionnaire.objects.filter(pk=world["campaign"].questionnaire_id).update(anonymous=True)
    rows = list(
        _sheet(_get(client, curator, "campaign-answers-xlsx", world["campaign"].pk)).iter_rows(values_only=True)
    )
    assert "ФИО" not in rows[2] and "Дата ответа" not in rows[2]
    flat = " ".join(str(v) for row in rows for v in row if v is not None)
    assert "Андреев" not in flat and "Борисова" not in flat


def test_the_summary_table_holds_rates_shares_and_means(world, client, curator):
    AnswerFactory(
        response=ResponseFactory(campaign=world["campaign"]), question=world["q"]["text"], text=FORMULA
    )  # an answer without a link
    sheet = _sheet(_get(client, curator, "campaign-results-xlsx", world["campaign"].pk))
    rows = list(sheet.iter_rows(values_only=True))
    assert "ответили 3 из 4 (75 %)" in rows[0][0]
    assert ("Оценка", "Формат", "Очно", 2, 67, None) in rows
    assert ("Оценка", "Уверенность", "Ответили на вопрос", 3, None, "4,0") in rows
    assert ("Оценка", "Согласны ли вы", "Встречи регулярны", 2, None, "4,5") in rows
    formula_cells = [c for row in sheet.iter_rows() for c in row if c.value == FORMULA]
    assert formula_cells and all(c.data_type == "s" for c in formula_cells)


# --- the summary for the roadmap ------------------------------------------------------------------------


def test_summary_text_for_the_roadmap_evidence(world):
    assert summary_text(world["campaign"]) == (
        "Ответили 3 из 4 (75 %). Средняя оценка по вопросам со шкалой — 4,0 из 5."
    )
    Questionnaire.objects.filter(pk=world["campaign"].questionnaire_id).update(purpose="satisfaction")
    world["campaign"].refresh_from_db()
    assert summary_text(world["campaign"]).endswith("Средняя оценка удовлетворённости — 4,0 из 5.")


def test_summary_text_of_a_campaign_without_answers():
    campaign = CampaignFactory()
    RecipientFactory(campaign=campaign)
    assert summary_text(campaign) == "Ответили 0 из 1 (0 %)."
    assert summary_text(CampaignFactory()) == "Получено ответов: 0."
