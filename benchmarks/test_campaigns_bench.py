"""Issue 13: campaigns. Creating a campaign for 1,000 recipients in the request (< 1 s; beside it a bare
``bulk_create`` of 1,000 rows), the worker's batches sending 1,000 letters to the locmem backend (< 10 s; beside
it rendering the same 1,000 letters without sending or recording), the slip sheet for 300 pupils (< 5 s;
beside it WeasyPrint's one-page A4). Each figure is printed beside its baseline measured in the same run."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from benchmarks.test_bench import _report
from organizations.roles import Role
from tests.factories import member
from tests.monitoring.conftest import run_tasks as run_tasks  # the fixture, for the worker benchmark

pytestmark = [pytest.mark.bench, pytest.mark.django_db]


def _school(org, count, *, email=True):
    from participants.models import Consent, MenteeProfile, Person

    people = Person.objects.bulk_create(
        [
            Person(
                organization=org,
                kind="student",
                last_name=f"Ученикова{i}",
                first_name="Анна",
                patronymic="Сергеевна",
                school_class=f"{5 + i % 7}{'АБВ'[i % 3]}",
                email=f"pupil{i}@example.org" if email else "",
            )
            for i in range(count)
        ]
    )
    MenteeProfile.objects.bulk_create([MenteeProfile(person=p) for p in people])
    Consent.objects.bulk_create([Consent(person=p, given_on=timezone.localdate()) for p in people])
    return people


def _seconds(func):
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def test_creating_a_campaign_for_1000_recipients_in_the_request(client, org):
    from monitoring.models import Questionnaire, Recipient

    curator = member(org, Role.CURATOR)
    people = _school(org, 1000)
    questionnaire = Questionnaire.objects.standard().get(key="mentee-before")
    client.force_login(curator)
    today = timezone.localdate()
    data = {
        "questionnaire": questionnaire.pk,
        "opens_on": today.isoformat(),
        "closes_on": (today + timedelta(days=14)).isoformat(),
        "roles": ["mentees"],
    }
    client.get(reverse("monitoring:campaign-list"))  # warm-up
    seconds, response = _seconds(lambda: client.post(reverse("monitoring:campaign-create"), data))
    assert response.status_code == 302 and mail.outbox == []
    assert Recipient.objects.count() == 1000

    from monitoring.models import Campaign

    other = Campaign.objects.create(
        organization=org, questionnaire=questionnaire, title="Эталон", opens_on=today, closes_on=today
    )
    bare, _ = _seconds(lambda: Recipient.objects.bulk_create([Recipient(campaign=other, person=p) for p in people]))
    print(f"\nЭталон: голый bulk_create 1000 получателей {bare * 1000:.0f} мс")
    _report("Создание анкетирования на 1000 получателей (запрос)", seconds * 1000, 1000)


def test_the_worker_sends_1000_letters(org, run_tasks):  # noqa: F811
    from monitoring import campaigns
    from monitoring.models import Questionnaire, Recipient

    curator = member(org, Role.CURATOR)
    _school(org, 1000)
    today = timezone.localdate()
    campaign = campaigns.campaign_create(
        organization=org,
        actor=curator,
        questionnaire=Questionnaire.objects.standard().get(key="mentee-before"),
        title="Рассылка",
        opens_on=today,
        closes_on=today + timedelta(days=14),
        audience=campaigns.Audience(roles=["mentees"]),
    )
    recipients = list(Recipient.objects.filter(campaign=campaign).select_related("person__user"))
    bare, _ = _seconds(lambda: [campaigns.build_letter(r, campaign).message() for r in recipients])
    print(f"\nЭталон: 1000 писем только собрать (без отправки и записи) {bare:.2f} с")
    seconds, _ = _seconds(run_tasks)
    assert len(mail.outbox) == 1000
    assert Recipient.objects.filter(campaign=campaign, sent_at__isnull=False).count() == 1000
    _report("Исполнитель: 1000 писем (locmem)", seconds, 10, unit="с")


def test_the_slip_sheet_for_300_pupils(org):
    from mentoring_site.pdf import html_to_pdf
    from monitoring import campaigns
    from monitoring.models import MailJob, Questionnaire
    from monitoring.slips import make_slip_sheet

    curator = member(org, Role.CURATOR)
    _school(org, 300, email=False)
    today = timezone.localdate()
    campaign = campaigns.campaign_create(
        organization=org,
        actor=curator,
        questionnaire=Questionnaire.objects.standard().get(key="mentee-before"),
        title="Листки",
        opens_on=today,
        closes_on=today + timedelta(days=14),
        audience=campaigns.Audience(roles=["mentees"]),
    )
    html_to_pdf("<p>Разогрев</p>")  # WeasyPrint's import and fonts, once
    bare, _ = _seconds(lambda: html_to_pdf("<h1>Одна страница A4</h1>"))
    print(f"\nЭталон: одна страница A4 WeasyPrint {bare:.2f} с")
    job = MailJob.objects.create(campaign=campaign, kind=MailJob.Kind.SLIPS, total=300)
    seconds, made = _seconds(lambda: make_slip_sheet(job.pk))
    assert made == 300
    _report("Листки с QR-кодами на 300 учеников", seconds, 5, unit="с")
