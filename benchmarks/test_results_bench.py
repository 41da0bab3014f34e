"""Issue 13: the results page of a campaign with 1,000 responses × 30 questions — the same number of queries as an
empty campaign of the same questionnaire, and under 200 ms in-process (scaled like the other targets by the bare
50-row page measured in the same run). Printed beside its baselines: the same page of the empty campaign, and the
bare aggregate queries of the full one."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from benchmarks.test_bench import _machine_scale, _median_ms, _report
from organizations.roles import Role
from tests.factories import member

pytestmark = [pytest.mark.bench, pytest.mark.django_db]

RESPONSES, RECIPIENTS = 1000, 1200
SCALES, SINGLES, MULTIPLES, MATRICES, TEXTS = 20, 4, 2, 1, 3  # 30 questions


@pytest.fixture
def campaigns(org):
    from monitoring.models import Answer, Campaign, Option, Question, Questionnaire, Recipient, Response, Section
    from participants.models import Person

    questionnaire = Questionnaire.objects.create(organization=org, title="Итоговая анкета", purpose="after")
    section = Section.objects.create(questionnaire=questionnaire, title="Вопросы", order=1)
    kinds = (
        [Question.Kind.SCALE] * SCALES
        + [Question.Kind.SINGLE] * SINGLES
        + [Question.Kind.MULTIPLE] * MULTIPLES
        + [Question.Kind.MATRIX] * MATRICES
        + [Question.Kind.LONG_TEXT] * TEXTS
    )
    questions = Question.objects.bulk_create(
        [
            Question(
                questionnaire=questionnaire,
                section=section,
                order=n,
                kind=kind,
                text=f"Вопрос {n}",
                scale_min=1 if kind in Question.NUMERIC else None,
                scale_max=10 if kind in Question.NUMERIC else None,
                code=f"q{n}",
            )
            for n, kind in enumerate(kinds)
        ]
    )
    options = Option.objects.bulk_create(
        [
            Option(question=q, order=k, label=f"Вариант {k}", value=f"v{k}")
            for q in questions
            if q.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.MATRIX)
            for k in range(4)
        ]
    )
    by_question: dict[int, list] = {}
    for option in options:
        by_question.setdefault(option.question_id, []).append(option)
    full = Campaign.objects.create(
        organization=org, questionnaire=questionnaire, title="1000 ответов", opens_on=date(2026, 11, 2),
        closes_on=date(2026, 11, 13),
    )  # fmt: skip
    empty = Campaign.objects.create(
        organization=org, questionnaire=questionnaire, title="Пустое", opens_on=date(2026, 11, 2),
        closes_on=date(2026, 11, 13),
    )  # fmt: skip
    people = Person.objects.bulk_create(
        [
            Person(organization=org, kind="student", last_name=f"Ученик{i}", first_name="Имя",
                   school_class=f"{5 + i % 7}{'АБВ'[i % 3]}")
            for i in range(RECIPIENTS)
        ]
    )  # fmt: skip
    now = timezone.now()
    recipients = Recipient.objects.bulk_create(
        [Recipient(campaign=full, person=p, responded_at=now if i < RESPONSES else None) for i, p in enumerate(people)]
    )
    responses = Response.objects.bulk_create(
        [
            Response(campaign=full, questionnaire=questionnaire, recipient=r, person=r.person, role="mentee",
                     submitted_at=now - timedelta(minutes=i))
            for i, r in enumerate(recipients[:RESPONSES])
        ]
    )  # fmt: skip
    answers = []
    for i, response in enumerate(responses):
        for n, q in enumerate(questions):
            if q.kind == Question.Kind.SCALE:
                answers.append(Answer(response=response, question=q, number=1 + (i + n) % 10))
            elif q.kind == Question.Kind.SINGLE:
                answers.append(Answer(response=response, question=q, option=by_question[q.pk][(i + n) % 4]))
            elif q.kind == Question.Kind.MULTIPLE:
                answers.extend(Answer(response=response, question=q, option=o) for o in by_question[q.pk][: 1 + i % 3])
            elif q.kind == Question.Kind.MATRIX:
                answers.extend(
                    Answer(response=response, question=q, option=o, number=1 + (i + k) % 10)
                    for k, o in enumerate(by_question[q.pk])
                )
            else:
                answers.append(Answer(response=response, question=q, text=f"Ответ {i} на вопрос {n}"))
    Answer.objects.bulk_create(answers, batch_size=5000)
    return {"full": full, "empty": empty, "answers": len(answers)}


def test_results_page_of_1000_responses_by_30_questions(client, org, campaigns, settings):
    from monitoring.models import Question
    from monitoring.results import campaign_results

    client.force_login(member(org, Role.CURATOR))
    full_url = reverse("monitoring:campaign-results", args=[campaigns["full"].pk])
    empty_url = reverse("monitoring:campaign-results", args=[campaigns["empty"].pk])
    page = client.get(full_url).content.decode()
    assert "Ответили 1000 из 1200 (83 %)" in page and "Показать все ответы (1000)" in page
    with CaptureQueriesContext(connection) as full_queries:
        client.get(full_url)
    with CaptureQueriesContext(connection) as empty_queries:
        client.get(empty_url)
    print(
        f"\nАнкетирование: {RESPONSES} ответов × {SCALES + SINGLES + MULTIPLES + MATRICES + TEXTS} вопросов, "
        f"{campaigns['answers']} значений ответов"
    )
    print(f"Эталон: та же страница пустого анкетирования — {len(empty_queries)} SQL-запросов")
    _report("Итоги анкетирования: SQL-запросов", len(full_queries), len(empty_queries), unit="шт.")

    def bare_aggregates():  # the aggregate queries alone, without the page around them
        campaign_results(campaigns["full"])

    empty_ms = _median_ms(lambda: client.get(empty_url), runs=9)
    bare_ms = _median_ms(bare_aggregates, runs=9)
    print(f"Эталон: пустое анкетирование той же анкеты {empty_ms:.1f} мс; одни запросы-агрегаты {bare_ms:.1f} мс")
    scale = _machine_scale(client, settings)
    settings.ROOT_URLCONF = "mentoring_site.urls"
    assert Question.objects.filter(questionnaire=campaigns["full"].questionnaire).count() == 30
    _report(
        "Итоги анкетирования, 1000 ответов × 30 вопросов",
        _median_ms(lambda: client.get(full_url), runs=9),
        round(200 * scale, 1),
    )
