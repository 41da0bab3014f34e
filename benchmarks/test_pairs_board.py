"""The pairs board with 1,000 pairs and 10,000 meetings: the page in-process, its own queries, and the
bare query of the organization's pairs as the baseline measured in the same run (`make bench`)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from benchmarks.test_bench import _median_ms, _report
from organizations.roles import Role
from pairing.board import board, board_counts
from pairing.models import Meeting, Mentorship, MentorshipMember
from participants.models import MenteeProfile, MentorProfile, Person
from programs.models import MentoringForm
from tests.factories import member

pytestmark = [pytest.mark.bench, pytest.mark.django_db]

PAIRS, MEETINGS_PER_PAIR, MENTORS = 1000, 10, 250


def _school(org):
    form = MentoringForm.objects.get(organization=None, name="Учитель – учитель")
    people = Person.objects.bulk_create(
        [
            Person(organization=org, last_name=f"Наставник{i}", first_name="Анна", kind=Person.Kind.TEACHER)
            for i in range(MENTORS)
        ]
        + [
            Person(organization=org, last_name=f"Наставляемый{i}", first_name="Иван", kind=Person.Kind.TEACHER)
            for i in range(PAIRS)
        ]
    )
    mentors = MentorProfile.objects.bulk_create(
        [MentorProfile(person=p, status=MentorProfile.Status.ACTIVE, max_mentees=4) for p in people[:MENTORS]]
    )
    mentees = MenteeProfile.objects.bulk_create([MenteeProfile(person=p) for p in people[MENTORS:]])
    statuses = [
        Mentorship.Status.FORMING,
        Mentorship.Status.FIXED,
        Mentorship.Status.ACTIVE,
        Mentorship.Status.FINISHED,
    ]
    start = date(2026, 9, 1)
    pairs = Mentorship.objects.bulk_create(
        [
            Mentorship(
                organization=org,
                mentor=mentors[i % MENTORS],
                form=form,
                started_on=start,
                school_year=2026,
                status=statuses[i % 4],
                order_number="17-О" if i % 4 else "",
                order_date=date(2026, 9, 10) if i % 4 else None,
                last_meeting_on=start + timedelta(days=i % 60),
            )
            for i in range(PAIRS)
        ]
    )
    MentorshipMember.objects.bulk_create(
        [
            MentorshipMember(mentorship=pair, mentee=mentee, joined_on=start, left_on=None)
            for pair, mentee in zip(pairs, mentees, strict=True)
        ]
    )
    Meeting.objects.bulk_create(
        [
            Meeting(
                mentorship=pair,
                date=start + timedelta(days=k * 7),
                topic=f"Встреча {k}",
                status=Meeting.Status.HELD,
            )
            for pair in pairs
            for k in range(MEETINGS_PER_PAIR)
        ]
    )


def test_the_pairs_board_with_1000_pairs_and_10000_meetings(client, org):
    _school(org)
    assert Meeting.objects.count() == PAIRS * MEETINGS_PER_PAIR
    curator = member(org, Role.CURATOR)
    client.force_login(curator)
    url = reverse("pairing:board")
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    bare = _median_ms(lambda: list(Mentorship.objects.filter(organization=org).values_list("pk", "status")))
    print(f"\nБаза сравнения: голый запрос 1000 пар организации — {bare:.1f} мс")
    _report("Доска пар, 1000 пар и 10 000 встреч: SQL-запросов", len(queries), 16, unit="шт.")
    selectors = _median_ms(lambda: (board(org, {}, today), board_counts(org, today)))
    print(f"Доска пар: выборки (колонки и счётчики) — {selectors:.1f} мс, голый запрос — {bare:.1f} мс")
    empty = _median_ms(lambda: client.get(reverse("pairing:cases")))
    print(f"База сравнения: пустая страница с тем же макетом (база практик) — {empty:.1f} мс")
    _report("Доска пар, 1000 пар и 10 000 встреч, страница целиком", _median_ms(lambda: client.get(url)), 30)
