"""Issue 12: «Мои пары» and a pair's page with its «Встречи» section, in a school of 1,000 pairs and
10,000 meetings: under 30 ms in-process (scaled like the other list targets by the bare 50-row page
measured in the same run)."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from benchmarks.test_bench import _machine_scale, _median_ms, _report
from organizations.roles import Role
from tests.factories import member

pytestmark = [pytest.mark.bench, pytest.mark.django_db]

PAIRS, MEETINGS_PER_PAIR, OWN_PAIRS = 1000, 10, 5


@pytest.fixture
def school(org):
    from pairing.models import Meeting, Mentorship, MentorshipMember
    from participants.models import MenteeProfile, MentorProfile, Person
    from programs.deadlines import current_school_year
    from programs.models import MentoringForm

    mentor_user = member(org, Role.MENTOR)
    start = timezone.localdate() - timedelta(days=7 * (MEETINGS_PER_PAIR - 2) + 3)
    form = MentoringForm.objects.get(organization=None, name="Учитель – учитель")
    people = Person.objects.bulk_create(
        [
            Person(organization=org, last_name=f"Участник{i}", first_name="Имя", school_class="9А")
            for i in range(PAIRS * 2)
        ]
    )
    people[0].user = mentor_user
    people[0].save()
    mentors = MentorProfile.objects.bulk_create(
        [MentorProfile(person=p, status="active", max_mentees=OWN_PAIRS) for p in people[:PAIRS]]
    )
    mentees = MenteeProfile.objects.bulk_create([MenteeProfile(person=p, requests="Запрос") for p in people[PAIRS:]])
    # the first mentor leads OWN_PAIRS pairs; the others one each
    leaders = [mentors[0]] * OWN_PAIRS + mentors[OWN_PAIRS:]
    pairs = Mentorship.objects.bulk_create(
        [
            Mentorship(
                organization=org,
                mentor=m,
                form=form,
                started_on=start,
                school_year=current_school_year(start),
                status="active",
            )
            for m in leaders
        ]
    )
    MentorshipMember.objects.bulk_create(
        [MentorshipMember(mentorship=p, mentee=m, joined_on=start) for p, m in zip(pairs, mentees, strict=True)]
    )
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                mentorship=p,
                status="held" if k < MEETINGS_PER_PAIR - 2 else "planned",
                date=start + timedelta(days=7 * k + 1),
                starts_at=time(15, 0),
                topic=f"Встреча {k}",
                outcome="Итог",
            )
            for p in pairs
            for k in range(MEETINGS_PER_PAIR)
        ]
    )
    through = Meeting.present.through
    members = {p.pk: m.pk for p, m in zip(pairs, mentees, strict=True)}
    through.objects.bulk_create(
        [through(meeting_id=x.pk, menteeprofile_id=members[x.mentorship_id]) for x in meetings if x.status == "held"]
    )
    return {"mentor_user": mentor_user, "pair": pairs[0], "meetings": len(meetings)}


def test_my_pairs_and_a_pair_page_among_1000_pairs_and_10000_meetings(client, school, settings):
    assert school["meetings"] == PAIRS * MEETINGS_PER_PAIR
    client.force_login(school["mentor_user"])
    my_url, pair_url = reverse("pairing:my"), school["pair"].get_absolute_url()
    assert client.get(my_url).content.decode().count("Записать встречу") == OWN_PAIRS
    assert "Встреча 7" in client.get(pair_url).content.decode()
    scale = _machine_scale(client, settings)
    target = round(30 * scale, 1)
    _report(
        "«Мои пары» наставника (5 пар; 1000 пар и 10 000 встреч в школе)",
        _median_ms(lambda: client.get(my_url), runs=9),
        target,
    )
    _report(
        "Страница пары со встречами (1000 пар, 10 000 встреч)", _median_ms(lambda: client.get(pair_url), runs=9), target
    )
