"""Settings of «Наставник», read from the environment (django-environ).

Every value a deployment may change comes from an environment variable or from
``.env`` at the project root (see ``.env.example``).
"""

import sys
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
TESTING = env.bool("DJANGO_TESTING", default="pytest" in sys.modules)

if DEBUG or TESTING:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="insecure-development-key-never-in-production")
else:
    # Production refuses to start without a real secret key.
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG or TESTING else [])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "organizations.admin_site.NastavnikAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # the form renderer below finds Django's widget templates here
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    # The project's apps, bottom to top: documents → monitoring → pairing → participants → programs →
    # organizations → mentoring_site (import-linter's layers contract in pyproject.toml holds the direction).
    "mentoring_site",
    "organizations",
    "programs",
    "participants",
    "pairing",
    "monitoring",
    "documents",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before anything reads a form: a charset other than UTF-8 gets a Russian 400.
    "mentoring_site.middleware.Utf8FormsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "organizations.middleware.CurrentOrganizationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "mentoring_site.middleware.PrivatePagesMiddleware",
    # AxesMiddleware must be the last one (django-axes docs).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mentoring_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "organizations.context_processors.current_context",
            ],
            # In every template without {% load %}: the permission table and the Russian helpers.
            "builtins": ["organizations.templatetags.permissions", "mentoring_site.templatetags.nastavnik"],
        },
    },
]

# Widgets render through the project's templates: the pickers of mentoring_site/widgets.py live in
# templates/widgets/ beside the other templates.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "mentoring_site.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Tests close every connection at a request's end: the browser tests' server threads would otherwise
    # keep theirs open and the test database could not be dropped at the end of the run.
    DATABASES["default"].setdefault("CONN_MAX_AGE", 0 if TESTING else env.int("DJANGO_CONN_MAX_AGE", default=60))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite is the embedded default: two people saving at once must both succeed, never see «database is
    # locked». WAL lets readers and one writer work together, a write transaction takes the lock when it
    # begins (IMMEDIATE, so it waits instead of failing half-way), and a waiting writer waits up to 20 s.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # Tests use a file too (not memory), so that they exercise the same locking as a real installation.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test.sqlite3")}

FORMS_URLFIELD_ASSUME_HTTPS = True
# Shared by every process (gunicorn workers, hosts): the database cache unless CACHE_URL says
# otherwise (e.g. redis://127.0.0.1:6379/1 where the installation has Redis).
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://nastavnik_cache")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "mentoring_site.User"

AUTHENTICATION_BACKENDS = [
    # AxesStandaloneBackend first: it refuses locked-out credentials before any other backend.
    "axes.backends.AxesStandaloneBackend",
    "mentoring_site.auth_backends.UsernameOrEmailBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# django-axes: 5 failures in a row on one username lock it for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Lock by account, not by IP: a whole school sits behind one NAT address, and locking the
# address would lock every teacher out because of one pupil's guesses (hence axes.W006 silenced).
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "mentoring_site.auth_backends.axes_username"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# The product is Russian by design: no language switch. The catalogue in locale/ holds only what a
# library shows untranslated (django-simple-history's admin pages).
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Moscow")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Background work (mailings, slip sheets, reminders): the django-tasks backport of Django 6's Tasks with its
# database backend, so no broker beyond the database. The worker: `python manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Campaign mailings: letters per batch task (the next batch is queued when one ends) and the pause between
# batches in seconds (for an SMTP server that limits how fast it accepts letters).
CAMPAIGN_MAIL_BATCH_SIZE = env.int("DJANGO_CAMPAIGN_MAIL_BATCH_SIZE", default=100)
CAMPAIGN_MAIL_BATCH_PAUSE = env.float("DJANGO_CAMPAIGN_MAIL_BATCH_PAUSE", default=0)
# The информационная справка of a programme with more participants than this is made in the background.
REPORT_BACKGROUND_FROM = env.int("DJANGO_REPORT_BACKGROUND_FROM", default=300)
# The site's address for links in letters and on printed slips (background tasks have no request).
SITE_URL = env.str("DJANGO_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="Наставник <noreply@localhost>")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=60 * 60 * 10)
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if not DEBUG and not TESTING:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_COOKIE_HTTPONLY = True
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS.append("security.W021")

# django-csp 4: nothing from third-party origins; inline scripts only with a nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# django-ratelimit (password-reset letters) counts in the shared cache. Behind nginx every request comes from
# 127.0.0.1: take the client's address from the header nginx sets (README: X-Real-IP).
RATELIMIT_IP_META_KEY = env.str("DJANGO_RATELIMIT_IP_META_KEY", default="REMOTE_ADDR")

# Reverting to an old version from the admin history would bypass the approval rules.
SIMPLE_HISTORY_REVERT_DISABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refused_access": {"()": "mentoring_site.logging.RefusedAccessFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["refused_access"]}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}

# Demo data may never be loaded into a production database by accident.
ALLOW_DEMO_DATA = env.bool("DJANGO_ALLOW_DEMO_DATA", default=DEBUG or TESTING)

# Monitoring level thresholds live in the monitoring app; nothing else is configured here.
