import os

# Playwright's sync API keeps an event loop running in the test thread (STACK.md pitfall 2).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("DJANGO_TESTING", "on")

import pytest  # noqa: E402

from organizations.roles import Role  # noqa: E402
from tests.factories import MembershipFactory, MunicipalityFactory, OrganizationFactory, member  # noqa: E402


@pytest.fixture(autouse=True)
def _fast_tests(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def org(db):
    return OrganizationFactory(short_name="МБОУ «Школа № 1»", slug="school-one")


@pytest.fixture
def other_org(db):
    return OrganizationFactory(short_name="МБОУ «Другая школа»", slug="other-school")


@pytest.fixture
def curator(org):
    return member(org, Role.CURATOR)


@pytest.fixture
def director(org):
    return member(org, Role.DIRECTOR)


@pytest.fixture
def mentor(org):
    return member(org, Role.MENTOR)


@pytest.fixture
def mentee(org):
    return member(org, Role.MENTEE)


@pytest.fixture
def admin_user(org):
    return member(org, Role.ADMIN)


@pytest.fixture
def outsider(other_org):
    """A curator of another organization."""
    return member(other_org, Role.CURATOR)


@pytest.fixture
def coordinator(org):
    municipality = org.municipality or MunicipalityFactory()
    return MembershipFactory(organization=None, municipality=municipality, role=Role.COORDINATOR).user


@pytest.fixture
def demo(db):
    """The demo organizations and accounts (without the seed documents: faster)."""
    from organizations.demo import load_demo

    load_demo()


@pytest.fixture
def demo_documents(db):
    """The whole demo, as a new user gets it from `make run`: with every seed document and both bases."""
    from mentoring_site.demo import load_everything

    load_everything()


def client_for(client, user):
    client.force_login(user)
    return client


# The day the date-dependent tests live on: a Friday of the 2026/2027 school year, in Moscow.
TODAY = "2026-11-20 10:00:00+03:00"


@pytest.fixture
def frozen_today():
    """Tests that mix fixed dates (a pair started 15.09.2026) with «today» run on one known day."""
    from freezegun import freeze_time

    with freeze_time(TODAY, tick=True):
        yield
