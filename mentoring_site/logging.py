"""Logging filters that know no app."""

import logging


class RefusedAccessFilter(logging.Filter):
    """A refused access (403) is logged as one line — who, in which organization, what — not with a
    traceback: a probe of thousands of URLs must not bury the log in stack traces."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) != 403:
            return True
        request = getattr(record, "request", None)
        user = getattr(request, "user", None)
        who = getattr(user, "username", "") or "anonymous"
        organization = getattr(getattr(request, "organization", None), "slug", "") or "-"
        method = getattr(request, "method", "")
        path = getattr(request, "path", "")
        record.msg = "refused: user=%s organization=%s %s %s"
        record.args = (who, organization, method, path)
        record.exc_info = None
        record.exc_text = None
        return True
