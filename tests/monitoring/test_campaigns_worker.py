"""A real ``manage.py db_worker`` killed with SIGKILL between batches and in the middle of one, then another
worker started: every recipient gets exactly one letter.

The subprocess works on this test's database (the SQLite file var/test.sqlite3, or PostgreSQL's test database),
so the test is transactional: what it writes is committed for the worker to see."""

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from monitoring import campaigns
from monitoring.models import MailJob, Recipient
from tests.conftest import client_for
from tests.factories import MenteeProfileFactory, QuestionnaireFactory

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 30
BATCH = 10


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}{port}/{db['NAME']}"


def _start_worker(mail_dir: Path, *, pause: float = 0, delay: float = 0.05) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.monitoring.worker_settings",
        "DATABASE_URL": _database_url(),
        "EMAIL_URL": f"filemail:///{mail_dir}",  # django-environ drops the first «/» of the path
        "DJANGO_CAMPAIGN_MAIL_BATCH_SIZE": str(BATCH),
        "DJANGO_CAMPAIGN_MAIL_BATCH_PAUSE": str(pause),
        "TEST_MAIL_DELAY": str(delay),
        "DJANGO_TESTING": "on",
    }
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2", "--no-startup-delay"]
    return subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait(condition, timeout: float = 60, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"Не дождались: {what}")


def _letters(mail_dir: Path) -> Counter:
    """How many letters each address got, read from every file the workers wrote."""
    found: Counter = Counter()
    for path in mail_dir.iterdir():
        found.update(re.findall(r"^To: (\S+)$", path.read_text(errors="replace"), flags=re.MULTILINE))
    return found


def _sent(campaign) -> int:
    return Recipient.objects.filter(campaign=campaign, sent_at__isnull=False).count()


@pytest.fixture
def campaign(org, curator):
    for index in range(PEOPLE):
        MenteeProfileFactory(person__organization=org, person__email=f"pupil{index}@example.org")
    today = timezone.localdate()
    return campaigns.campaign_create(
        organization=org,
        actor=curator,
        questionnaire=QuestionnaireFactory(organization=org),
        title="Входное анкетирование",
        opens_on=today,
        closes_on=today + timedelta(days=10),
        audience=campaigns.Audience(roles=["mentees"]),
    )


def _finish_with_a_new_worker(campaign, mail_dir):
    worker = _start_worker(mail_dir)
    try:
        _wait(lambda: campaign.jobs.get().status == MailJob.Status.DONE, what="второй исполнитель закончит рассылку")
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
    assert _letters(mail_dir) == Counter({f"pupil{index}@example.org": 1 for index in range(PEOPLE)})
    job = campaign.jobs.get()
    assert (job.done, job.total, job.failed) == (PEOPLE, PEOPLE, 0)


def test_a_worker_killed_between_batches_loses_nothing_and_sends_nothing_twice(campaign, tmp_path):
    worker = _start_worker(tmp_path, pause=30)  # a long pause: the next batch waits in the queue
    try:
        _wait(lambda: _sent(campaign) >= BATCH, what="первая пачка")
        _wait(
            lambda: DBTaskResult.objects.filter(task_path__endswith="send_invitations", status="READY").exists(),
            what="следующая пачка в очереди",
        )
    finally:
        worker.kill()
        worker.wait(timeout=30)
    assert _sent(campaign) == BATCH
    DBTaskResult.objects.filter(task_path__endswith="send_invitations", status="READY").update(
        run_after=timezone.now()
    )  # the pause is over

    _finish_with_a_new_worker(campaign, tmp_path)


def test_a_worker_killed_in_the_middle_of_a_batch_is_resumed_from_the_campaign_page(
    campaign, tmp_path, client, curator
):
    worker = _start_worker(tmp_path, delay=0.15)
    try:
        _wait(lambda: _sent(campaign) >= BATCH + 3, what="середина второй пачки")
    finally:
        worker.kill()
        worker.wait(timeout=30)
    assert BATCH < _sent(campaign) < PEOPLE
    # the killed task stays RUNNING in the queue forever; nothing else is queued to continue the mailing
    assert DBTaskResult.objects.filter(task_path__endswith="send_invitations", status="RUNNING").count() == 1
    assert not DBTaskResult.objects.filter(task_path__endswith="send_invitations", status="READY").exists()

    MailJob.objects.filter(campaign=campaign).update(updated_at=timezone.now() - campaigns.STALE_AFTER * 2)
    page = client_for(client, curator).get(campaign.get_absolute_url()).content.decode()
    assert "прервана" in page and "Продолжить" in page
    client.post(reverse("monitoring:campaign-resume", kwargs={"pk": campaign.pk, "kind": "invitations"}))

    _finish_with_a_new_worker(campaign, tmp_path)
