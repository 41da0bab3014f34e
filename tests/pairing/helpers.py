"""Building pairs through the services, as a curator would (shared by the pairing tests)."""

from datetime import date

from django.core.exceptions import ValidationError

from pairing import services
from pairing.models import Mentorship
from participants import services as people
from participants.models import MentorProfile, Person
from programs.models import MentoringForm

START = date(2026, 9, 15)


def teacher_form():
    return MentoringForm.objects.get(organization=None, name="Учитель – учитель")


def make_person(org, actor, last_name, *, consent=True, user=None, **fields):
    data = {"last_name": last_name, "first_name": "Анна", "patronymic": "Сергеевна", "kind": Person.Kind.TEACHER}
    data.update(fields)
    person = people.person_save(person=Person(organization=org, user=user), actor=actor, **data)
    if consent:
        people.consent_record(person=person, actor=actor, given_on=date(2026, 9, 1), signed_by="self")
    return person


def make_mentor(org, actor, last_name="Наставникова", *, max_mentees=2, forms=None, **fields):
    person = make_person(org, actor, last_name, **fields)
    return people.mentor_profile_save(
        person=person,
        actor=actor,
        forms=forms if forms is not None else [teacher_form()],
        status=MentorProfile.Status.ACTIVE,
        max_mentees=max_mentees,
        can_help_with="Методика урока",
    )


def make_mentee(org, actor, last_name="Молодая", **fields):
    person = make_person(org, actor, last_name, **fields)
    return people.mentee_profile_save(person=person, actor=actor, requests="Дисциплина на уроке\nРабота с родителями")


def make_pair(org, actor, mentor, mentees, **fields):
    data = {"form": teacher_form(), "started_on": START, "goal": "Адаптация"}
    data.update(fields)
    return services.mentorship_save(
        mentorship=Mentorship(organization=org), actor=actor, mentor=mentor, mentees=mentees, **data
    )


def errors_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def at_work(pair):
    """The pair at work: «Работает» as pairs formed before the lifecycle (no order); returned fresh."""
    Mentorship.objects.filter(pk=pair.pk).update(status=Mentorship.Status.ACTIVE)
    pair.refresh_from_db()
    return pair
