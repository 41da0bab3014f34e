"""The информационная справка of a programme with 300 participants (150 pairs, before/after answered by every
mentee, a satisfaction survey, the roadmap): target under 3 s, printed beside the справка of an empty
organization (the same layout, no data) in the same run (`make bench`). A programme of 1,500 participants is
made in the background: the request that asks for it only queues the job, the worker goes step by step."""

import time
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from benchmarks.test_bench import _median_ms, _report
from mentoring_site.printing import standalone_pdf
from monitoring import evaluation as evaluations
from monitoring import report_jobs
from monitoring.documents import REPORT, REPORT_STEPS
from monitoring.models import Answer, Campaign, Questionnaire, ReportJob, Response
from organizations.roles import Role
from pairing.models import Mentorship, MentorshipMember
from participants.models import MenteeProfile, MentorProfile, Person
from programs import services as programs
from programs.models import MentoringForm
from tests.factories import OrganizationFactory, approve, member

pytestmark = [pytest.mark.bench, pytest.mark.django_db]

PAIRS = 150


def _programme_year(org, curator, director, PAIRS=PAIRS):  # noqa: N803 (the module's constant, overridden)
    form = MentoringForm.objects.get(organization=None, name="Учитель – учитель")
    people = Person.objects.bulk_create(
        [Person(organization=org, last_name=f"Наставник{i}", first_name="Анна") for i in range(PAIRS)]
        + [Person(organization=org, last_name=f"Наставляемый{i}", first_name="Иван") for i in range(PAIRS)]
    )
    mentors = MentorProfile.objects.bulk_create([MentorProfile(person=p, status="active") for p in people[:PAIRS]])
    mentees = MenteeProfile.objects.bulk_create([MenteeProfile(person=p) for p in people[PAIRS:]])
    pairs = Mentorship.objects.bulk_create(
        [
            Mentorship(
                organization=org, mentor=m, form=form, started_on=date(2026, 9, 15), school_year=2026, status="active"
            )
            for m in mentors
        ]
    )
    MentorshipMember.objects.bulk_create(
        [
            MentorshipMember(mentorship=p, mentee=m, joined_on=date(2026, 9, 15))
            for p, m in zip(pairs, mentees, strict=True)
        ]
    )
    for key, closes_on in (
        ("mentee-before", date(2026, 9, 30)),
        ("mentee-after", date(2026, 11, 13)),
        ("satisfaction", date(2026, 11, 18)),
    ):
        questionnaire = Questionnaire.objects.get(organization=None, key=key)
        campaign = Campaign.objects.create(
            organization=org,
            questionnaire=questionnaire,
            title=key,
            opens_on=closes_on.replace(day=1),
            closes_on=closes_on,
            closed_at=timezone.now(),
        )
        scales = list(questionnaire.questions.filter(kind="scale"))
        responses = Response.objects.bulk_create(
            [
                Response(
                    campaign=campaign,
                    questionnaire=questionnaire,
                    person=None if questionnaire.anonymous else p,
                    role="mentee",
                )
                for p in people[PAIRS:]
            ]
        )
        Answer.objects.bulk_create(
            [
                Answer(response=r, question=q, number=4 + (i + q.pk) % 6 + (1 if key == "mentee-after" else 0))
                for i, r in enumerate(responses)
                for q in scales
            ]
        )
    roadmap = programs.roadmap_create_from_template(organization=org, actor=curator, start_year=2026)
    approve(roadmap, director)
    evaluation = evaluations.evaluation_create(programme=None, organization=org, school_year=2026, actor=curator)
    evaluations.evaluation_save_scores(
        evaluation=evaluation,
        actor=curator,
        scores={n: (2 if n % 2 else 1, f"Комментарий {n}") for n in range(1, 10)},
        conclusions="Выводы куратора.",
    )
    return evaluation  # fmt: skip


def test_the_report_of_a_programme_with_300_participants():
    org = OrganizationFactory(slug="big-school")
    curator, director = member(org, Role.CURATOR), member(org, Role.DIRECTOR)
    evaluation = _programme_year(org, curator, director)
    empty_org = OrganizationFactory(slug="empty-school")
    empty = evaluations.evaluation_create(
        programme=None, organization=empty_org, school_year=2026, actor=member(empty_org, Role.CURATOR)
    )
    today = date(2026, 11, 29)

    def pdf(e):
        return standalone_pdf(REPORT.key, e.organization, e.pk, today, title="Справка")

    assert pdf(evaluation).startswith(b"%PDF")
    baseline = _median_ms(lambda: pdf(empty), runs=3)
    print(f"\nБаза сравнения: справка организации без данных (тот же макет) — {baseline:.0f} мс")
    _report("Справка программы на 300 участников с диаграммами", _median_ms(lambda: pdf(evaluation), runs=3), 3000)


def test_the_report_of_a_programme_with_1500_participants_is_made_in_the_background(client, settings):
    from django_tasks_db.models import DBTaskResult

    org = OrganizationFactory(slug="huge-school")
    curator, director = member(org, Role.CURATOR), member(org, Role.DIRECTOR)
    evaluation = _programme_year(org, curator, director, PAIRS=750)
    assert report_jobs.participant_count(evaluation) == 1500 > settings.REPORT_BACKGROUND_FROM
    client.force_login(curator)
    make = reverse("monitoring:evaluation-report-make", kwargs={"pk": evaluation.pk})

    def ask():
        ReportJob.objects.all().delete()
        DBTaskResult.objects.all().delete()
        assert client.post(make).status_code == 302

    _report("Запрос справки на 1500 участников: постановка в очередь", _median_ms(ask, runs=3), 300)
    job = ReportJob.objects.get()
    started = time.perf_counter()
    assert report_jobs.make_report(job.pk) is True
    made = (time.perf_counter() - started) * 1000
    job.refresh_from_db()
    assert job.status == "done" and job.step == len(REPORT_STEPS) and job.file.size > 0
    print(f"\nЭтапов с отметкой о ходе работы: {len(REPORT_STEPS)}")
    _report("Справка на 1500 участников в фоне (работа обработчика задач)", made, 15000)
