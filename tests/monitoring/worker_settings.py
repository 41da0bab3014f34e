"""Settings of a ``db_worker`` subprocess in the crash-and-resume test: the project's settings with letters
written to files (``EMAIL_URL=filemail://…``, readable across processes), each taking a little time, so that
a worker can be killed in the middle of a batch."""

from mentoring_site.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.monitoring.mail_backends.SlowFileBackend"
