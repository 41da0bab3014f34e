from datetime import date

import pytest
from django.utils import timezone

from pairing import services
from pairing.models import Mentorship
from participants import services as people
from participants.models import MentorProfile, Person
from programs.models import MentoringForm

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

START = date(2026, 9, 15)


def _teacher_form():
    return MentoringForm.objects.get(organization=None, name="Учитель – учитель")


def _person(org, actor, last_name, *, consent=True, user=None, **fields):
    data = {"last_name": last_name, "first_name": "Анна", "patronymic": "Сергеевна", "kind": Person.Kind.TEACHER}
    data.update(fields)
    person = people.person_save(person=Person(organization=org, user=user), actor=actor, **data)
    if consent:
        people.consent_record(person=person, actor=actor, given_on=date(2026, 9, 1), signed_by="self")
    return person


def _mentor(org, actor, last_name="Наставникова", *, max_mentees=2, forms=None, **fields):
    person = _person(org, actor, last_name, **fields)
    return people.mentor_profile_save(
        person=person,
        actor=actor,
        forms=forms if forms is not None else [_teacher_form()],
        status=MentorProfile.Status.ACTIVE,
        max_mentees=max_mentees,
        can_help_with="Методика урока",
    )


def _mentee(org, actor, last_name="Молодая", **fields):
    person = _person(org, actor, last_name, **fields)
    return people.mentee_profile_save(person=person, actor=actor, requests="Дисциплина на уроке\nРабота с родителями")


def _pair(org, actor, mentor, mentees, **fields):
    data = {"form": _teacher_form(), "started_on": START, "goal": "Адаптация"}
    data.update(fields)
    return services.mentorship_save(
        mentorship=Mentorship(organization=org), actor=actor, mentor=mentor, mentees=mentees, **data
    )


def test_pair_counts_for_the_dashboard_come_from_one_query(org, other_org, curator, django_assert_num_queries):
    from pairing.selectors import pair_counts

    working = _pair(org, curator, _mentor(org, curator, "Первый"), [_mentee(org, curator, "Впаре")])
    closed = _pair(org, curator, _mentor(org, curator, "Второй"), [_mentee(org, curator, "Бывшая")])
    services.mentorship_close(mentorship=closed, actor=curator, status="finished", ended_on=timezone.localdate())
    _mentee(org, curator, "Одинокая")
    _pair(other_org, curator, _mentor(other_org, curator, "Чужой"), [_mentee(other_org, curator, "Чужая")])
    with django_assert_num_queries(1):
        counts = pair_counts(org)
    # The mentee of the closed pair is without a pair again, as is the one never paired.
    assert counts == {"active": 1, "closed": 1, "without_pair": 2}
    assert working.is_active
