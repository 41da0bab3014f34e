import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_site.settings")
application = get_wsgi_application()

# The objects loaded at start (Django, the apps, the URLconf, templates' modules) live as long as the
# process: moved out of the collector's reach, they are no longer scanned by every full collection, whose
# pauses (~30 ms here) were the slowest requests' time (make bench, the gunicorn benchmark's p99).
get_resolver().url_patterns  # noqa: B018 — import every view module now, before freezing
gc.collect()
gc.freeze()
