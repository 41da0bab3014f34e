import pytest
from django.utils import timezone

from pairing import lifecycle, services
from tests.pairing.helpers import at_work, make_mentee, make_mentor, make_pair

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_pair_counts_for_the_dashboard_come_from_one_query(
    org, other_org, curator, outsider, django_assert_num_queries
):
    from pairing.selectors import pair_counts

    forming = make_pair(org, curator, make_mentor(org, curator, "Первый"), [make_mentee(org, curator, "Впаре")])
    working = at_work(
        make_pair(org, curator, make_mentor(org, curator, "Третий"), [make_mentee(org, curator, "Работает")])
    )
    cancelled = make_pair(org, curator, make_mentor(org, curator, "Четвёртый"), [make_mentee(org, curator, "Отмена")])
    lifecycle.mentorship_cancel(mentorship=cancelled, actor=curator, reason="Наставник уволился")
    closed = make_pair(org, curator, make_mentor(org, curator, "Второй"), [make_mentee(org, curator, "Бывшая")])
    services.mentorship_close(
        mentorship=at_work(closed), actor=curator, status="finished", ended_on=timezone.localdate()
    )
    make_mentee(org, curator, "Одинокая")
    stranger = make_mentor(other_org, outsider, "Чужой")
    make_pair(other_org, outsider, stranger, [make_mentee(other_org, outsider, "Чужая")])
    with django_assert_num_queries(1):
        counts = pair_counts(org)
    # The mentees of the closed and the cancelled pairs are without a pair again, as is the one never paired; a
    # pair still forming is not at work yet, and a cancelled one never was nor is it «завершена».
    assert counts == {"active": 1, "forming": 1, "closed": 1, "without_pair": 3}
    assert working.is_current and forming.is_current
