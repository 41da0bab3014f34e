from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pairing import services
from pairing.models import Mentorship
from participants import services as people
from participants.models import MenteeProfile, MentorProfile, Person
from programs.models import MentoringForm, RoleModel

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


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_a_pair_and_a_group_are_formed_and_audited(org, curator):
    mentor = _mentor(org, curator, max_mentees=3)
    pair = _pair(org, curator, mentor, [_mentee(org, curator, "Первая")])
    assert pair.kind_label == "Пара" and pair.status == Mentorship.Status.ACTIVE
    group = _pair(
        org,
        curator,
        _mentor(org, curator, "Второй"),
        [_mentee(org, curator, "Вторая"), _mentee(org, curator, "Третья")],
    )
    assert group.kind_label == "Группа"
    assert group.members.count() == 2 and all(m.joined_on == START for m in group.members.all())
    assert pair.history.first().history_user == curator


def test_nobody_without_consent_enters_a_pair(org, curator):
    mentor = _mentor(org, curator)
    without = _person(org, curator, "Безсогласия", consent=False)
    profile = MenteeProfile.objects.create(person=without, requests="Запрос")  # e.g. consent withdrawn later
    with pytest.raises(ValidationError) as error:
        _pair(org, curator, mentor, [profile])
    assert "нет действующего согласия" in _errors(error.value)
    assert not Mentorship.objects.exists()


def test_the_mentor_must_be_in_the_base_and_in_the_form(org, curator):
    candidate = _mentor(org, curator)
    people.mentor_profile_save(person=candidate.person, actor=curator, status=MentorProfile.Status.TRAINING)
    with pytest.raises(ValidationError) as error:
        _pair(org, curator, candidate, [_mentee(org, curator)])
    assert "не в базе наставников" in _errors(error.value)
    pupil_form = MentoringForm.objects.get(organization=None, name="Ученик – ученик")
    other = _mentor(org, curator, "Другой", forms=[pupil_form])
    with pytest.raises(ValidationError) as error:
        _pair(org, curator, other, [_mentee(org, curator, "Ещё")])
    assert "не работает в форме «Учитель – учитель»" in _errors(error.value)
    wrong_model = RoleModel.objects.filter(form=pupil_form).first()
    with pytest.raises(ValidationError) as error:
        _pair(org, curator, _mentor(org, curator, "Третий"), [_mentee(org, curator, "Ещё2")], role_model=wrong_model)
    assert "другой форме" in _errors(error.value)
    assert not Mentorship.objects.exists()


def test_a_mentor_takes_no_more_than_their_maximum(org, curator):
    mentor = _mentor(org, curator, max_mentees=2)
    _pair(org, curator, mentor, [_mentee(org, curator, "Первая")])
    with pytest.raises(ValidationError) as error:
        _pair(org, curator, mentor, [_mentee(org, curator, "Вторая"), _mentee(org, curator, "Третья")])
    assert "будет 3 наставляемых, а наставник берёт не более 2" in _errors(error.value)
    assert Mentorship.objects.count() == 1


def test_a_mentee_is_in_one_working_pair_of_a_form_and_not_their_own_mentor(org, curator):
    mentee = _mentee(org, curator)
    _pair(org, curator, _mentor(org, curator), [mentee])
    with pytest.raises(ValidationError) as error:
        _pair(org, curator, _mentor(org, curator, "Другой"), [mentee])
    assert "уже в паре с наставником Наставникова А.С." in _errors(error.value)
    both = _mentor(org, curator, "Двойная")
    own = people.mentee_profile_save(person=both.person, actor=curator, requests="Запрос")
    with pytest.raises(ValidationError) as error:
        _pair(org, curator, both, [own])
    assert "не может быть своим наставляемым" in _errors(error.value)


def test_another_organizations_people_cannot_be_paired(org, other_org, curator):
    stranger = _mentee(other_org, curator, "Чужая")
    with pytest.raises(ValidationError) as error:
        _pair(org, curator, _mentor(org, curator), [stranger])
    assert "не из этой организации" in _errors(error.value)


def test_changing_the_members_keeps_who_left_and_closing_freezes_the_pair(org, curator):
    mentor = _mentor(org, curator, max_mentees=3)
    first, second = _mentee(org, curator, "Первая"), _mentee(org, curator, "Вторая")
    pair = _pair(org, curator, mentor, [first, second])
    services.mentorship_save(mentorship=pair, actor=curator, mentees=[second])
    gone = pair.members.get(mentee=first)
    assert gone.left_on == timezone.localdate() and gone.left_reason
    assert pair.members.filter(left_on__isnull=True).count() == 1
    with pytest.raises(ValidationError) as error:
        services.mentorship_close(
            mentorship=pair, actor=curator, status=Mentorship.Status.TERMINATED, ended_on=timezone.localdate()
        )
    assert "причину" in _errors(error.value)
    services.mentorship_close(
        mentorship=pair, actor=curator, status=Mentorship.Status.FINISHED, ended_on=timezone.localdate()
    )
    pair.refresh_from_db()
    assert pair.status == Mentorship.Status.FINISHED
    with pytest.raises(ValidationError):
        services.mentorship_save(mentorship=pair, actor=curator, mentees=[first, second])
    # A finished pair no longer counts against the mentor's maximum.
    _pair(org, curator, mentor, [first, second, _mentee(org, curator, "Третья")])


def test_withdrawing_consent_ends_pair_membership(org, curator):
    mentor = _mentor(org, curator, max_mentees=3)
    leaving, staying = _mentee(org, curator, "Уходящая"), _mentee(org, curator, "Остающаяся")
    group = _pair(org, curator, mentor, [leaving, staying])
    people.consent_withdraw(consent=leaving.person.consents.get(), actor=curator)
    member = group.members.get(mentee=leaving)
    assert member.left_on is not None and "согласия" in member.left_reason
    group.refresh_from_db()
    assert group.is_active
    people.consent_withdraw(consent=mentor.person.consents.get(), actor=curator)
    group.refresh_from_db()
    assert group.status == Mentorship.Status.TERMINATED and "согласия" in group.end_reason


def test_the_last_mentee_leaving_stops_the_pair(org, curator):
    mentee = _mentee(org, curator)
    pair = _pair(org, curator, _mentor(org, curator), [mentee])
    people.consent_withdraw(consent=mentee.person.consents.get(), actor=curator)
    pair.refresh_from_db()
    assert pair.status == Mentorship.Status.TERMINATED and "не осталось наставляемых" in pair.end_reason


def test_a_pair_that_has_not_started_can_be_called_off_today(org, curator):
    future = timezone.localdate() + timedelta(days=20)
    pair = _pair(org, curator, _mentor(org, curator), [_mentee(org, curator)], started_on=future)
    services.mentorship_close(
        mentorship=pair, actor=curator, status="terminated", ended_on=timezone.localdate(), end_reason="Отменена"
    )
    pair.refresh_from_db()
    # Called off before the start: it ends on its planned start (zero days), nobody leaves before joining.
    assert (pair.status, pair.ended_on) == (Mentorship.Status.TERMINATED, future)
    assert pair.members.get().left_on == future


def test_changing_a_pair_rechecks_only_what_changes(org, curator):
    mentor = _mentor(org, curator, max_mentees=2)
    first, second = _mentee(org, curator, "Первая"), _mentee(org, curator, "Вторая")
    pair = _pair(org, curator, mentor, [first, second])
    people.mentor_profile_save(person=mentor.person, actor=curator, max_mentees=1, status="training")
    mentor.refresh_from_db()
    pair.mentor = mentor
    services.mentorship_save(mentorship=pair, actor=curator, mentees=[first, second], goal="Новая цель")
    services.mentorship_save(mentorship=pair, actor=curator, mentees=[first])
    with pytest.raises(ValidationError) as error:
        services.mentorship_save(mentorship=pair, actor=curator, mentees=[first, second])
    assert "наставник берёт не более 1" in _errors(error.value)
    pair.refresh_from_db()
    assert pair.goal == "Новая цель"
    assert list(pair.members.filter(left_on__isnull=True).values_list("mentee", flat=True)) == [first.pk]


def test_member_dates_follow_the_start_of_the_pair(org, curator):
    first, second = _mentee(org, curator, "Первая"), _mentee(org, curator, "Вторая")
    pair = _pair(org, curator, _mentor(org, curator), [first])
    later = timezone.localdate() + timedelta(days=10)
    services.mentorship_save(mentorship=pair, actor=curator, mentees=[first, second], started_on=later)
    assert {m.joined_on for m in pair.members.all()} == {later}


def test_new_mentees_need_a_mentor_in_the_base_and_in_the_form(org, curator):
    mentor = _mentor(org, curator, max_mentees=3)
    first = _mentee(org, curator, "Первая")
    pair = _pair(org, curator, mentor, [first])
    people.mentor_profile_save(person=mentor.person, actor=curator, status="excluded", exclusion_reason="Нарушения")
    pair = Mentorship.objects.get(pk=pair.pk)
    with pytest.raises(ValidationError) as error:
        services.mentorship_save(mentorship=pair, actor=curator, mentees=[first, _mentee(org, curator, "Новая")])
    assert "не в базе наставников" in _errors(error.value)
    people.mentor_profile_save(
        person=mentor.person,
        actor=curator,
        status="active",
        forms=[MentoringForm.objects.get(organization=None, name="Ученик – ученик")],
    )
    with pytest.raises(ValidationError) as error:
        services.mentorship_save(mentorship=pair, actor=curator, mentees=[first, _mentee(org, curator, "Ещё")])
    assert "не работает в форме" in _errors(error.value)
    assert pair.members.count() == 1


def test_closing_from_a_stale_copy_keeps_the_latest_change(org, curator):
    first, second = _mentee(org, curator, "Первая"), _mentee(org, curator, "Вторая")
    pair = _pair(org, curator, _mentor(org, curator, max_mentees=3), [first])
    stale = Mentorship.objects.get(pk=pair.pk)
    services.mentorship_save(
        mentorship=Mentorship.objects.get(pk=pair.pk), actor=curator, mentees=[first, second], goal="Новая цель"
    )
    services.mentorship_close(mentorship=stale, actor=curator, status="finished", ended_on=timezone.localdate())
    pair.refresh_from_db()
    assert (pair.status, pair.goal) == (Mentorship.Status.FINISHED, "Новая цель")
    assert pair.members.filter(left_with_pair=True).count() == 2
