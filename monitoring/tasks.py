"""Background tasks of monitoring: campaigns and справки (django-tasks, database backend; the worker is
``manage.py db_worker``).

Each task only calls a function of ``campaigns.py`` / ``slips.py`` / ``report_jobs.py`` with ids: the arguments
are JSON, and everything a task needs to resume after a crash is in our own tables, not in the queue.
"""

from django_tasks import task

from . import campaigns, report_jobs, slips


@task()
def send_invitations(job_id: int) -> int:
    """One batch of invitations; the batch queues the next one while letters are left."""
    return campaigns.invitations_batch(job_id)


@task()
def send_reminders(job_id: int) -> int:
    """One batch of reminders to those who have not answered."""
    return campaigns.reminders_batch(job_id)


@task()
def remind_automatically(campaign_id: int, closes_on: str) -> bool:
    """Two days before the closing date (queued with ``run_after`` when the campaign is created)."""
    return campaigns.remind_automatically(campaign_id, closes_on)


@task()
def close_when_due(campaign_id: int) -> bool:
    """At the end of the closing date (Europe/Moscow)."""
    return campaigns.close_when_due(campaign_id)


@task()
def make_slips(job_id: int) -> int:
    """The slip sheet PDF of a campaign; returns the number of slips."""
    return slips.make_slip_sheet(job_id)


@task()
def make_report(job_id: int) -> bool:
    """The информационная справка of a large programme, step by step (``report_jobs``)."""
    return report_jobs.make_report(job_id)
