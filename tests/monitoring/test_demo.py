"""The questionnaires' demo: the open campaign's slip sheet is queued, and the worker makes it."""

import pytest
from django.core.management import call_command

from monitoring.models import Campaign, MailJob

pytestmark = pytest.mark.django_db


def test_the_demo_slip_sheets_are_made_by_the_worker(run_tasks):
    call_command("load_demo")
    jobs = MailJob.objects.filter(kind=MailJob.Kind.SLIPS, campaign__title="Запросы наставляемых на II полугодие")
    assert set(jobs.values_list("campaign__organization__slug", "status")) == {
        ("zhukovka", "queued"),
        ("staritsa", "queued"),
    }
    assert run_tasks() >= 2
    for job in jobs:
        assert job.status == MailJob.Status.DONE and job.file.name.endswith(".pdf") and job.done == job.total > 0
    assert Campaign.objects.filter(title="Запросы наставляемых на II полугодие", closed_at__isnull=True).count() == 2
