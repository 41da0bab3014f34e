"""E-mail backends of the worker subprocess test."""

import os
import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    """Writes each letter to a file, as a slow SMTP server would accept it: after a pause
    (``TEST_MAIL_DELAY`` seconds)."""

    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("TEST_MAIL_DELAY", "0.05")))
        return super().send_messages(email_messages)
