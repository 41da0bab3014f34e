import pytest


@pytest.fixture
def run_tasks(db):
    """Run every task that is due in the database queue, as ``manage.py db_worker`` would, in this process and
    this test's transaction (the command itself closes the connection). Returns how many ran."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    def run(limit: int = 10_000) -> int:
        worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        )
        ran = 0
        while ran < limit and (result := DBTaskResult.objects.ready().first()) is not None:
            result.claim(worker.worker_id)
            worker.run_task(result)
            ran += 1
        return ran

    return run
