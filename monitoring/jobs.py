"""What every background job of monitoring shares (a mailing, a slip sheet, a справка): it is under way while
«queued» or «running», and shown as interrupted when its progress has not moved for ``STALE_AFTER`` (the
worker died: the page offers to start it again)."""

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

STALE_AFTER = timedelta(minutes=5)
ACTIVE = ("queued", "running")  # the same values in MailJob.Status and ReportJob.Status


def is_active(job: Any) -> bool:
    return job.status in ACTIVE


def is_stale(job: Any, now: datetime | None = None) -> bool:
    """Interrupted: still queued or running, but its progress has not moved for ``STALE_AFTER``."""
    return is_active(job) and job.updated_at < (now or timezone.now()) - STALE_AFTER
