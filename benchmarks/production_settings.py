"""Production settings for the gunicorn benchmark (`make bench`): the real settings with DEBUG off, plus
the bench URLconf (the real URLs and the bare reference list) and static files collected into the bench's
temporary directory. Everything else comes from the environment, as in production."""

import os

from mentoring_site.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.bare_urls"
STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
