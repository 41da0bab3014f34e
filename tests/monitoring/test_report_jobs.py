"""The справка of a large programme: made by the worker step by step, its progress on the page, then the file."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from monitoring import evaluation as services
from monitoring import report_jobs
from monitoring.documents import REPORT_STEPS, report_context
from monitoring.models import ReportJob
from pairing.models import Mentorship
from tests.factories import MentorshipFactory, ProgrammeFactory
from tests.monitoring.test_report import _text

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(org, curator):
    """An evaluation of 2026/2027 with two pairs of the year: four participants."""
    MentorshipFactory.create_batch(2, organization=org, status=Mentorship.Status.ACTIVE)
    MentorshipFactory(organization=org)  # still forming: not counted
    evaluation = services.evaluation_create(
        programme=ProgrammeFactory(organization=org), school_year=2026, actor=curator
    )
    services.evaluation_save_scores(
        evaluation=evaluation,
        actor=curator,
        scores={n: (2 if n < 8 else 1, f"Пояснение {n}") for n in range(1, 10)},
        conclusions="Продолжить программу.",
    )
    return evaluation


@pytest.fixture
def large(settings):
    settings.REPORT_BACKGROUND_FROM = 3  # four participants are «a large programme»


def _urls(evaluation):
    kwargs = {"pk": evaluation.pk}
    return (
        reverse("monitoring:evaluation-report", kwargs=kwargs),
        reverse("monitoring:evaluation-report-job", kwargs=kwargs),
        reverse("monitoring:evaluation-report-make", kwargs=kwargs),
    )


def test_a_programme_up_to_the_threshold_gets_its_report_at_once(client, curator, evaluation, settings):
    settings.REPORT_BACKGROUND_FROM = 4
    assert report_jobs.participant_count(evaluation) == 4
    client.force_login(curator)
    pdf_url, _, _ = _urls(evaluation)
    response = client.get(pdf_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert not ReportJob.objects.exists()


def test_the_report_context_announces_each_step(org, evaluation):
    seen = []
    context = report_context(org, evaluation.pk, timezone.localdate(), seen.append)
    assert context is not None and seen == list(range(len(REPORT_STEPS) - 1))  # the PDF layout is the job's


def test_a_large_programme_is_made_by_the_worker_and_downloaded(
    client, curator, evaluation, large, run_tasks, tmp_path
):
    client.force_login(curator)
    pdf_url, job_url, make_url = _urls(evaluation)
    response = client.get(pdf_url)
    assert response.status_code == 302 and response["Location"] == job_url
    page = client.get(job_url).content.decode()
    assert "Справка ещё не формировалась" in page and "Сформировать справку" in page
    assert "4 участника" in page and "формируется в фоне" in page and "data-refresh-seconds" not in page

    response = client.post(make_url, follow=True)
    page = response.content.decode()
    assert "Справка в очереди" in page and 'data-refresh-seconds="2"' in page
    client.post(make_url)  # a second click while it is queued: the same job
    job = ReportJob.objects.get()
    assert (job.status, job.participants, job.created_by) == ("queued", 4, curator)

    assert run_tasks() == 1
    job.refresh_from_db()
    assert (job.status, job.step, job.steps, job.error) == ("done", 7, 7, "")
    assert job.finished_at is not None and default_storage.exists(job.file.name)
    page = client.get(job_url).content.decode()
    assert "Справка готова" in page and "data-refresh-seconds" not in page
    assert f"Сформирована {timezone.localtime(job.finished_at):%d.%m.%Y в %H:%M}" in page
    file_url = reverse("monitoring:evaluation-report-file", kwargs={"pk": evaluation.pk, "job_pk": job.pk})
    assert file_url in page
    response = client.get(file_url)
    assert response["Content-Type"] == "application/pdf"
    assert quote("Справка по итогам мониторинга 2026-2027.pdf") in response["Content-Disposition"]
    text = " ".join(_text(response.content, tmp_path).split())
    assert "Информационная справка по итогам мониторинга программы наставничества" in text
    assert "2 Пояснение 1" in text and "1 Пояснение 9" in text and "Итого 16 из 18" in text


def test_the_page_shows_the_step_under_way(client, curator, evaluation, large):
    job = ReportJob.objects.create(
        evaluation=evaluation, status="running", step=4, steps=7, step_label=REPORT_STEPS[4], participants=4
    )
    client.force_login(curator)
    page = client.get(_urls(evaluation)[1]).content.decode()
    assert "этап 5 из 7 — Динамика «до/после»" in page
    assert f'value="{job.percent}"' in page and job.percent == 57
    assert 'data-refresh-seconds="2"' in page and "Сформировать заново" not in page


def test_an_interrupted_report_is_made_again(client, curator, evaluation, large):
    stuck = ReportJob.objects.create(evaluation=evaluation, status="running", step=2, steps=7)
    ReportJob.objects.filter(pk=stuck.pk).update(updated_at=timezone.now() - timedelta(minutes=6))
    client.force_login(curator)
    _, job_url, make_url = _urls(evaluation)
    page = client.get(job_url).content.decode()
    assert "Формирование прервалось" in page and "Сформировать заново" in page and "больше 5 минут" in page
    assert "data-refresh-seconds" not in page
    client.post(make_url)
    stuck.refresh_from_db()
    assert stuck.status == "failed" and "прервалось" in stuck.error
    assert ReportJob.objects.filter(status="queued").count() == 1


def test_a_failed_report_says_why(client, curator, evaluation, large):
    ReportJob.objects.create(
        evaluation=evaluation, status="failed", error="Не удалось сформировать справку: диск полон"
    )
    client.force_login(curator)
    page = client.get(_urls(evaluation)[1]).content.decode()
    assert "Справку сформировать не удалось" in page and "диск полон" in page and "Сформировать заново" in page


def test_a_new_report_replaces_the_previous_file(
    curator, evaluation, large, run_tasks, django_capture_on_commit_callbacks
):
    first = report_jobs.report_request(evaluation=evaluation, actor=curator)
    run_tasks()
    first.refresh_from_db()
    old_file = first.file.name
    assert default_storage.exists(old_file)
    second = report_jobs.report_request(evaluation=evaluation, actor=curator)
    assert second.pk != first.pk
    with django_capture_on_commit_callbacks(execute=True):
        run_tasks()
    assert list(ReportJob.objects.values_list("pk", flat=True)) == [second.pk]
    second.refresh_from_db()
    assert default_storage.exists(second.file.name)
    assert second.file.name != old_file and not default_storage.exists(old_file)


def test_a_report_of_another_evaluation_is_not_found(client, curator, evaluation, large, org, run_tasks):
    other = services.evaluation_create(programme=ProgrammeFactory(organization=org), school_year=2025, actor=curator)
    job = report_jobs.report_request(evaluation=other, actor=curator)
    run_tasks()
    client.force_login(curator)
    url = reverse("monitoring:evaluation-report-file", kwargs={"pk": other.pk, "job_pk": job.pk})
    assert client.get(url).status_code == 200  # its own evaluation's address
    url = reverse("monitoring:evaluation-report-file", kwargs={"pk": evaluation.pk, "job_pk": job.pk})
    assert client.get(url).status_code == 404
    ReportJob.objects.filter(pk=job.pk).update(status="running")
    url = reverse("monitoring:evaluation-report-file", kwargs={"pk": other.pk, "job_pk": job.pk})
    assert client.get(url).status_code == 404  # not done


def test_a_job_that_no_longer_exists_does_nothing(run_tasks):
    assert report_jobs.make_report(987654) is False


def test_a_job_given_up_before_the_worker_took_it_is_not_made(curator, evaluation, large, run_tasks):
    job = report_jobs.report_request(evaluation=evaluation, actor=curator)
    ReportJob.objects.filter(pk=job.pk).update(status="failed", error="Формирование прервалось.")
    assert run_tasks() == 1
    job.refresh_from_db()
    assert (job.status, job.file.name) == ("failed", "")


def test_a_failure_is_told_in_russian_and_the_job_can_be_made_again(
    client, curator, evaluation, large, run_tasks, settings, tmp_path
):
    blocked = tmp_path / "media-is-a-file"
    blocked.write_text("")
    settings.MEDIA_ROOT = blocked  # the storage cannot write: a real failure of the last step
    job = report_jobs.report_request(evaluation=evaluation, actor=curator)
    run_tasks()
    job.refresh_from_db()
    assert job.status == "failed" and job.error == report_jobs.FAILED_MESSAGE and not job.file
    client.force_login(curator)
    page = client.get(reverse("monitoring:evaluation-report-job", kwargs={"pk": evaluation.pk})).content.decode()
    assert "Справку сформировать не удалось" in page and "сообщите администратору" in page
    assert "Errno" not in page and "Сформировать заново" in page
    settings.MEDIA_ROOT = tmp_path / "media"
    again = report_jobs.report_request(evaluation=evaluation, actor=curator)
    run_tasks()
    again.refresh_from_db()
    assert again.status == "done" and default_storage.exists(again.file.name)


def test_the_file_leaves_the_storage_with_its_evaluation(
    curator, evaluation, large, run_tasks, django_capture_on_commit_callbacks
):
    job = report_jobs.report_request(evaluation=evaluation, actor=curator)
    run_tasks()
    job.refresh_from_db()
    name = job.file.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        evaluation.scores.all().delete()
        evaluation.delete()
    assert not ReportJob.objects.exists() and not default_storage.exists(name)
