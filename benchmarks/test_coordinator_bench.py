"""The municipal coordinator's table over 300 organizations with 1,000 people each (`make bench`; the target is
for PostgreSQL: `DATABASE_URL=postgres://… make bench`). Printed beside the raw SQL of its aggregate queries,
run through a cursor in the same run: the page must cost no more than twice that."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.test_bench import _median_ms, _report
from monitoring.coordinator import organizations_with_figures
from monitoring.models import Evaluation
from monitoring.regional import RegionalSettings, coverage_queryset
from organizations.models import Organization
from organizations.roles import Role
from pairing.models import Mentorship, MentorshipMember
from participants.models import MenteeProfile, MentorProfile, Person
from programs.models import MentoringForm
from tests.factories import MembershipFactory, MunicipalityFactory

pytestmark = [pytest.mark.bench, pytest.mark.django_db]

ORGANIZATIONS, PEOPLE, PAIRS = 300, 1000, 40


def _municipality():
    municipality = MunicipalityFactory(name="Большой район")
    organizations = Organization.objects.bulk_create(
        [
            Organization(
                full_name=f"Школа № {i}", short_name=f"Школа № {i}", slug=f"school-{i}", municipality=municipality
            )
            for i in range(ORGANIZATIONS)
        ]
    )
    form = MentoringForm.objects.get(organization=None, name="Учитель – учитель")
    for organization in organizations:
        people = Person.objects.bulk_create(
            [
                Person(
                    organization=organization,
                    last_name=f"Ученик{i}",
                    first_name="Иван",
                    kind=Person.Kind.STUDENT if i >= 100 else Person.Kind.TEACHER,
                    birth_date=date(2010 + i % 8, 1 + i % 12, 1) if i >= 100 else date(1980, 1, 1),
                    experience_years=i % 20 if i < 100 else None,
                )
                for i in range(PEOPLE)
            ],
            batch_size=1000,
        )
        mentors = MentorProfile.objects.bulk_create([MentorProfile(person=p, status="active") for p in people[:PAIRS]])
        mentees = MenteeProfile.objects.bulk_create([MenteeProfile(person=p) for p in people[100 : 100 + PAIRS]])
        pairs = Mentorship.objects.bulk_create(
            [
                Mentorship(
                    organization=organization,
                    mentor=mentor,
                    form=form,
                    started_on=date(2026, 9, 15),
                    school_year=2026,
                    status=Mentorship.Status.ACTIVE,
                )
                for mentor in mentors
            ]
        )
        MentorshipMember.objects.bulk_create(
            [
                MentorshipMember(mentorship=pair, mentee=mentee, joined_on=date(2026, 9, 15))
                for pair, mentee in zip(pairs, mentees, strict=True)
            ]
        )
    Evaluation.objects.bulk_create(
        [
            Evaluation(
                organization=o, school_year=2025, status="approved", total=9 + i % 10, level="acceptable",
                approved_on=date(2026, 5, 28),
            )
            for i, o in enumerate(organizations)
        ]
    )  # fmt: skip
    if connection.vendor == "postgresql":  # the statistics autovacuum keeps in a real database
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return municipality


def _raw(querysets):
    """Run the compiled SQL of ``querysets`` through a cursor and fetch every row."""
    with connection.cursor() as cursor:
        for queryset in querysets:
            sql, params = queryset.query.sql_with_params()
            cursor.execute(sql, params)
            cursor.fetchall()


def test_the_coordinator_table_of_300_organizations_with_1000_people_each(client):
    municipality = _municipality()
    assert Person.objects.count() == ORGANIZATIONS * PEOPLE
    user = MembershipFactory(organization=None, municipality=municipality, role=Role.COORDINATOR).user
    client.force_login(user)
    url = reverse("monitoring:municipality")
    today = date(2026, 11, 29)
    settings = RegionalSettings(on=today)
    ids = list(Organization.objects.filter(municipality=municipality).values_list("pk", flat=True))
    aggregates = [organizations_with_figures(municipality, today), coverage_queryset(ids, settings)]
    raw = _median_ms(lambda: _raw(aggregates), runs=5)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    _report("Таблица координатора, 300 организаций × 1000 человек: SQL-запросов", len(queries), 12, unit="шт.")
    page = _median_ms(lambda: client.get(url), runs=5)
    print(f"Таблица координатора: страница {page:.1f} мс, сырой SQL {raw:.1f} мс, отношение {page / raw:.2f}")
    _report("Таблица координатора: во сколько раз дольше сырого SQL", page / raw, 2.0, unit="×")
    if connection.vendor == "postgresql":
        _report("Таблица координатора, 300 организаций × 1000 человек (PostgreSQL)", page, 300)
