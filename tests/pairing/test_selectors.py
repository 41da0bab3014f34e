import pytest
from django.utils import timezone

from pairing import services
from tests.pairing.helpers import at_work, make_mentee, make_mentor, make_pair

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_pair_counts_for_the_dashboard_come_from_one_query(
    org, other_org, curator, outsider, django_assert_num_queries
):
    from pairing.selectors import pair_counts

    working = make_pair(org, curator, make_mentor(org, curator, "Первый"), [make_mentee(org, curator, "Впаре")])
    closed = make_pair(org, curator, make_mentor(org, curator, "Второй"), [make_mentee(org, curator, "Бывшая")])
    services.mentorship_close(
        mentorship=at_work(closed), actor=curator, status="finished", ended_on=timezone.localdate()
    )
    make_mentee(org, curator, "Одинокая")
    stranger = make_mentor(other_org, outsider, "Чужой")
    make_pair(other_org, outsider, stranger, [make_mentee(other_org, outsider, "Чужая")])
    with django_assert_num_queries(1):
        counts = pair_counts(org)
    # The mentee of the closed pair is without a pair again, as is the one never paired.
    assert counts == {"active": 1, "closed": 1, "without_pair": 2}
    assert working.is_current
