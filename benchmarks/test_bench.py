"""Speed targets, measured and printed by `make bench` (not part of `make test`).

Each benchmark prints its median beside its target and fails only when the target is missed.
"""

import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring_site.access import Role
from tests.factories import MembershipFactory, OrganizationFactory, ProgrammeFactory, member

pytestmark = [pytest.mark.bench, pytest.mark.django_db]


def _median_ms(func, runs=15):
    func()  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _report(name, value, target, unit="мс"):
    status = "OK" if value <= target else "МЕДЛЕННО"
    print(f"\n{name}: {value:.1f} {unit} (цель ≤ {target} {unit}) — {status}")
    assert value <= target


def test_dashboard_of_a_school_with_2000_people(client, org):
    director = member(org, Role.DIRECTOR)
    from django.contrib.auth import get_user_model

    from programs.models import Membership

    user_model = get_user_model()
    people = user_model.objects.bulk_create(
        [user_model(username=f"bench{i}", last_name=f"Ученик{i}", password="!") for i in range(2000)]
    )
    Membership.objects.bulk_create(
        [Membership(user=u, organization=org, role=Role.MENTEE if i % 4 else Role.MENTOR) for i, u in enumerate(people)]
    )
    for i in range(30):
        ProgrammeFactory(organization=org, title=f"Программа {i}")
    client.force_login(director)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("dashboard"))
    _report("Главная директора, 2000 участников: SQL-запросов", len(queries), 12, unit="шт.")
    _report("Главная директора, 2000 участников", _median_ms(lambda: client.get(reverse("dashboard"))), 150)


def test_coordinator_overview_of_300_organizations(client, org):
    from programs.models import Organization

    municipality = org.municipality
    Organization.objects.bulk_create(
        [
            Organization(
                full_name=f"Школа {i}", short_name=f"Школа № {i}", slug=f"bench-{i}", municipality=municipality
            )
            for i in range(300)
        ]
    )
    coordinator = MembershipFactory(organization=None, municipality=municipality, role=Role.COORDINATOR).user
    client.force_login(coordinator)
    url = reverse("programs:municipality-overview")
    _report("Сводка координатора, 300 организаций", _median_ms(lambda: client.get(url), runs=7), 400)


def test_personal_data_access_list_pdf(client, org):
    director = member(org, Role.DIRECTOR)
    for _ in range(60):
        member(org, Role.MENTOR)
    OrganizationFactory()
    client.force_login(director)
    url = reverse("programs:pd-access-pdf")
    _report("PDF перечня доступа к ПДн, 60 человек", _median_ms(lambda: client.get(url), runs=5), 1500)
