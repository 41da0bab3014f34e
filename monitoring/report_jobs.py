"""The информационная справка of a large programme, made in the background with its progress shown.

A справка of up to ``settings.REPORT_BACKGROUND_FROM`` participants is made in the request (about a second
for 300). Above that, «Сформировать справку» queues a :class:`ReportJob`. The worker goes through
``documents.REPORT_STEPS``, writing each step to the job, and stores the PDF. The page waiting for it reloads
itself until it is done. A job whose progress has not moved for ``STALE_AFTER`` is shown as interrupted and
may be started again. Only the latest справка of an evaluation is kept: a new one replaces the file of the
previous one.
"""

import logging
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from mentoring_site.printing import standalone_pdf
from organizations.services import ensure_allowed

from .documents import REPORT, REPORT_STEPS, participant_counts, report_context, report_filename, report_title
from .jobs import ACTIVE, is_active, is_stale
from .models import Evaluation, ReportJob

logger = logging.getLogger(__name__)
ONLY_VIEWERS = "Справку формируют куратор и директор организации."


def participant_count(evaluation: Evaluation) -> int:
    """Mentors and mentees of the evaluation's school year, as the справка lists them."""
    return sum(participant_counts(evaluation.organization, evaluation.school_year))


def in_background(evaluation: Evaluation, participants: int | None = None) -> bool:
    if participants is None:
        participants = participant_count(evaluation)
    return participants > settings.REPORT_BACKGROUND_FROM


def latest(evaluation: Evaluation) -> ReportJob | None:
    return evaluation.report_jobs.order_by("-created_at", "-pk").first()


@transaction.atomic
def report_request(*, evaluation: Evaluation, actor: Any) -> ReportJob:
    """«Сформировать справку»: a job queued for the worker; the one under way when it is still moving."""
    from . import tasks  # the tasks import this module's functions

    ensure_allowed(actor, evaluation.organization, "evaluations.view", ONLY_VIEWERS)
    Evaluation.objects.select_for_update().filter(pk=evaluation.pk).values_list("pk").first()
    running = latest(evaluation)
    if running is not None and is_active(running) and not is_stale(running):
        return running
    if running is not None and is_active(running):  # interrupted: it will not be finished
        ReportJob.objects.filter(pk=running.pk).update(
            status=ReportJob.Status.FAILED, error="Формирование прервалось.", updated_at=timezone.now()
        )
    job = ReportJob.objects.create(
        evaluation=evaluation,
        steps=len(REPORT_STEPS),
        participants=participant_count(evaluation),
        created_by=actor,
    )
    result = tasks.make_report.enqueue(job.pk)
    ReportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    return job


FAILED_MESSAGE = (
    "Не удалось сформировать справку из-за ошибки на сервере. Сформируйте её заново; если ошибка повторится, "
    "сообщите администратору."
)


def _fail(job_id: int, message: str) -> None:
    ReportJob.objects.filter(pk=job_id).update(status=ReportJob.Status.FAILED, error=message, updated_at=timezone.now())


def make_report(job_id: int) -> bool:
    """The task's function: the справка step by step, stored in ``job.file``. A job is made once: its task
    claims it from «queued»; a job given up meanwhile (interrupted, replaced by a new one) is left alone, and
    one given up while it ran keeps no file. False when nothing was made."""
    claimed = ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.QUEUED).update(
        status=ReportJob.Status.RUNNING, step=0, steps=len(REPORT_STEPS), error="", updated_at=timezone.now()
    )
    if not claimed:
        return False
    job = ReportJob.objects.select_related("evaluation__organization").get(pk=job_id)
    evaluation = job.evaluation
    organization = evaluation.organization

    def progress(index: int) -> None:
        ReportJob.objects.filter(pk=job_id).update(
            step=index, step_label=REPORT_STEPS[index], updated_at=timezone.now()
        )

    today = timezone.localdate()
    try:
        context = report_context(organization, evaluation.pk, today, progress)
        progress(len(REPORT_STEPS) - 1)
        pdf = standalone_pdf(
            REPORT.key, organization, evaluation.pk, today, title=report_title(evaluation), context=context
        )
        if context is None or pdf is None:  # the evaluation was deleted meanwhile (and the job with it)
            return False
        with transaction.atomic():
            job = ReportJob.objects.select_for_update().get(pk=job_id)
            if job.status != ReportJob.Status.RUNNING:  # given up while it ran: a newer one replaces it
                return False
            job.file.save(report_filename(evaluation, ascii_only=True), ContentFile(pdf), save=False)
            job.status, job.step, job.error, job.finished_at = ReportJob.Status.DONE, job.steps, "", timezone.now()
            job.save()
            older = ReportJob.objects.filter(evaluation=evaluation, created_at__lte=job.created_at).exclude(pk=job.pk)
            older.exclude(status__in=ACTIVE).delete()  # their files go when the rows go (``delete_file``)
    except ReportJob.DoesNotExist:
        return False
    except Exception:
        logger.exception("The справка of job %s failed", job_id)
        _fail(job_id, FAILED_MESSAGE)
        raise
    return True


@receiver(post_delete, sender=ReportJob)
def delete_file(sender: type, instance: ReportJob, **kwargs: Any) -> None:
    """A job's PDF leaves the storage with its row (replaced by a newer справка, or its evaluation deleted),
    once the deletion is committed."""
    if instance.file:
        name, storage = instance.file.name, instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))
