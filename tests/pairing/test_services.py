from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pairing import lifecycle, services
from pairing.models import Mentorship
from participants import services as people
from participants.models import MenteeProfile, MentorProfile, Person
from programs.models import MentoringForm, RoleModel
from tests.pairing.helpers import START, at_work, errors_of, make_mentee, make_mentor, make_pair, make_person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_a_pair_and_a_group_are_formed_and_audited(org, curator):
    mentor = make_mentor(org, curator, max_mentees=3)
    pair = make_pair(org, curator, mentor, [make_mentee(org, curator, "Первая")])
    assert pair.kind_label == "Пара" and pair.status == Mentorship.Status.FORMING
    group = make_pair(
        org,
        curator,
        make_mentor(org, curator, "Второй"),
        [make_mentee(org, curator, "Вторая"), make_mentee(org, curator, "Третья")],
    )
    assert group.kind_label == "Группа"
    assert group.members.count() == 2 and all(m.joined_on == START for m in group.members.all())
    assert pair.history.first().history_user == curator


def test_nobody_without_consent_enters_a_pair(org, curator):
    mentor = make_mentor(org, curator)
    without = make_person(org, curator, "Безсогласия", consent=False)
    profile = MenteeProfile.objects.create(person=without, requests="Запрос")  # e.g. consent withdrawn later
    with pytest.raises(ValidationError) as error:
        make_pair(org, curator, mentor, [profile])
    assert "нет действующего согласия" in errors_of(error.value)
    assert not Mentorship.objects.exists()


def test_the_mentor_must_be_in_the_base_and_in_the_form(org, curator):
    candidate = make_mentor(org, curator)
    people.mentor_profile_save(person=candidate.person, actor=curator, status=MentorProfile.Status.TRAINING)
    with pytest.raises(ValidationError) as error:
        make_pair(org, curator, candidate, [make_mentee(org, curator)])
    assert "не в базе наставников" in errors_of(error.value)
    pupil_form = MentoringForm.objects.get(organization=None, name="Ученик – ученик")
    students = MentoringForm.objects.get(organization=None, name="Студент – ученик")
    other = make_mentor(org, curator, "Другой", forms=[students], kind=Person.Kind.GRADUATE)
    with pytest.raises(ValidationError) as error:
        make_pair(org, curator, other, [make_mentee(org, curator, "Ещё")])
    assert "не работает в форме «Учитель – учитель»" in errors_of(error.value)
    wrong_model = RoleModel.objects.filter(form=pupil_form).first()
    with pytest.raises(ValidationError) as error:
        make_pair(
            org,
            curator,
            make_mentor(org, curator, "Третий"),
            [make_mentee(org, curator, "Ещё2")],
            role_model=wrong_model,
        )
    assert "другой форме" in errors_of(error.value)
    assert not Mentorship.objects.exists()


def test_a_mentor_takes_no_more_than_their_maximum(org, curator):
    mentor = make_mentor(org, curator, max_mentees=2)
    make_pair(org, curator, mentor, [make_mentee(org, curator, "Первая")])
    with pytest.raises(ValidationError) as error:
        make_pair(org, curator, mentor, [make_mentee(org, curator, "Вторая"), make_mentee(org, curator, "Третья")])
    assert "будет 3 наставляемых, а наставник берёт не более 2" in errors_of(error.value)
    assert Mentorship.objects.count() == 1


def test_a_mentee_is_in_one_working_pair_of_a_form_and_not_their_own_mentor(org, curator):
    mentee = make_mentee(org, curator)
    make_pair(org, curator, make_mentor(org, curator), [mentee])
    with pytest.raises(ValidationError) as error:
        make_pair(org, curator, make_mentor(org, curator, "Другой"), [mentee])
    assert "уже в паре в этой форме (наставник — Наставникова Анна Сергеевна)." in errors_of(error.value)
    both = make_mentor(org, curator, "Двойная")
    own = people.mentee_profile_save(person=both.person, actor=curator, requests="Запрос")
    with pytest.raises(ValidationError) as error:
        make_pair(org, curator, both, [own])
    assert "не может быть своим наставляемым" in errors_of(error.value)


def test_another_organizations_people_cannot_be_paired(org, other_org, curator, outsider):
    stranger = make_mentee(other_org, outsider, "Чужая")
    with pytest.raises(ValidationError) as error:
        make_pair(org, curator, make_mentor(org, curator), [stranger])
    assert "не из этой организации" in errors_of(error.value)


def test_changing_the_members_keeps_who_left_and_closing_freezes_the_pair(org, curator):
    mentor = make_mentor(org, curator, max_mentees=3)
    first, second = make_mentee(org, curator, "Первая"), make_mentee(org, curator, "Вторая")
    pair = make_pair(org, curator, mentor, [first, second])
    services.mentorship_save(mentorship=pair, actor=curator, mentees=[second])
    gone = pair.members.get(mentee=first)
    assert gone.left_on == timezone.localdate() and gone.left_reason
    assert pair.members.filter(left_on__isnull=True).count() == 1
    with pytest.raises(ValidationError, match="отменяют"):  # still being formed: cancelled, not finished
        services.mentorship_close(
            mentorship=pair, actor=curator, status=Mentorship.Status.FINISHED, ended_on=timezone.localdate()
        )
    at_work(pair)
    with pytest.raises(ValidationError) as error:
        services.mentorship_close(
            mentorship=pair, actor=curator, status=Mentorship.Status.TERMINATED, ended_on=timezone.localdate()
        )
    assert "причину" in errors_of(error.value)
    services.mentorship_close(
        mentorship=pair, actor=curator, status=Mentorship.Status.FINISHED, ended_on=timezone.localdate()
    )
    pair.refresh_from_db()
    assert pair.status == Mentorship.Status.FINISHED
    with pytest.raises(ValidationError):
        services.mentorship_save(mentorship=pair, actor=curator, mentees=[first, second])
    # A finished pair no longer counts against the mentor's maximum.
    make_pair(org, curator, mentor, [first, second, make_mentee(org, curator, "Третья")])


def test_withdrawing_consent_ends_pair_membership(org, curator):
    mentor = make_mentor(org, curator, max_mentees=3)
    leaving, staying = make_mentee(org, curator, "Уходящая"), make_mentee(org, curator, "Остающаяся")
    group = make_pair(org, curator, mentor, [leaving, staying])
    people.consent_withdraw(consent=leaving.person.consents.get(), actor=curator)
    member = group.members.get(mentee=leaving)
    assert member.left_on is not None and "согласия" in member.left_reason
    group.refresh_from_db()
    assert group.is_current
    people.consent_withdraw(consent=mentor.person.consents.get(), actor=curator)
    group.refresh_from_db()
    assert group.status == Mentorship.Status.TERMINATED and "согласия" in group.end_reason


def test_the_last_mentee_leaving_stops_the_pair(org, curator):
    mentee = make_mentee(org, curator)
    pair = make_pair(org, curator, make_mentor(org, curator), [mentee])
    people.consent_withdraw(consent=mentee.person.consents.get(), actor=curator)
    pair.refresh_from_db()
    assert pair.status == Mentorship.Status.TERMINATED and "не осталось наставляемых" in pair.end_reason


def test_a_pair_that_has_not_started_can_be_called_off_today(org, curator):
    future = timezone.localdate() + timedelta(days=20)
    pair = make_pair(org, curator, make_mentor(org, curator), [make_mentee(org, curator)], started_on=future)
    lifecycle.mentorship_cancel(mentorship=pair, actor=curator, reason="Наставляемая переведена в другую школу")
    pair.refresh_from_db()
    # Called off before the start: it ends on its planned start (zero days), nobody leaves before joining.
    assert (pair.status, pair.ended_on) == (Mentorship.Status.CANCELLED, future)
    assert pair.members.get().left_on == future


def test_changing_a_pair_rechecks_only_what_changes(org, curator):
    mentor = make_mentor(org, curator, max_mentees=2)
    first, second = make_mentee(org, curator, "Первая"), make_mentee(org, curator, "Вторая")
    pair = make_pair(org, curator, mentor, [first, second])
    people.mentor_profile_save(person=mentor.person, actor=curator, max_mentees=1, status="training")
    mentor.refresh_from_db()
    pair.mentor = mentor
    services.mentorship_save(mentorship=pair, actor=curator, mentees=[first, second], goal="Новая цель")
    services.mentorship_save(mentorship=pair, actor=curator, mentees=[first])
    with pytest.raises(ValidationError) as error:
        services.mentorship_save(mentorship=pair, actor=curator, mentees=[first, second])
    assert "наставник берёт не более 1" in errors_of(error.value)
    pair.refresh_from_db()
    assert pair.goal == "Новая цель"
    assert list(pair.members.filter(left_on__isnull=True).values_list("mentee", flat=True)) == [first.pk]


def test_member_dates_follow_the_start_of_the_pair(org, curator):
    first, second = make_mentee(org, curator, "Первая"), make_mentee(org, curator, "Вторая")
    pair = make_pair(org, curator, make_mentor(org, curator), [first])
    later = timezone.localdate() + timedelta(days=10)
    services.mentorship_save(mentorship=pair, actor=curator, mentees=[first, second], started_on=later)
    assert {m.joined_on for m in pair.members.all()} == {later}


def test_new_mentees_need_a_mentor_in_the_base_and_in_the_form(org, curator):
    mentor = make_mentor(org, curator, max_mentees=3)
    first = make_mentee(org, curator, "Первая")
    pair = make_pair(org, curator, mentor, [first])
    people.mentor_profile_save(person=mentor.person, actor=curator, status="excluded", exclusion_reason="Нарушения")
    pair = Mentorship.objects.get(pk=pair.pk)
    with pytest.raises(ValidationError) as error:
        services.mentorship_save(mentorship=pair, actor=curator, mentees=[first, make_mentee(org, curator, "Новая")])
    assert "не в базе наставников" in errors_of(error.value)
    people.mentor_profile_save(
        person=mentor.person,
        actor=curator,
        status="active",
        forms=[MentoringForm.objects.create(organization=org, name="Педагог – обучающийся")],
    )
    with pytest.raises(ValidationError) as error:
        services.mentorship_save(mentorship=pair, actor=curator, mentees=[first, make_mentee(org, curator, "Ещё")])
    assert "не работает в форме" in errors_of(error.value)
    assert pair.members.count() == 1


def test_closing_from_a_stale_copy_keeps_the_latest_change(org, curator):
    first, second = make_mentee(org, curator, "Первая"), make_mentee(org, curator, "Вторая")
    pair = make_pair(org, curator, make_mentor(org, curator, max_mentees=3), [first])
    stale = Mentorship.objects.get(pk=at_work(pair).pk)
    services.mentorship_save(
        mentorship=Mentorship.objects.get(pk=pair.pk), actor=curator, mentees=[first, second], goal="Новая цель"
    )
    services.mentorship_close(mentorship=stale, actor=curator, status="finished", ended_on=timezone.localdate())
    pair.refresh_from_db()
    assert (pair.status, pair.goal) == (Mentorship.Status.FINISHED, "Новая цель")
    assert pair.members.filter(left_with_pair=True).count() == 2


def test_only_editors_form_and_close_pairs(org, curator, mentor, admin_user):
    pair = make_pair(org, curator, make_mentor(org, curator), [make_mentee(org, curator)])
    for actor in (mentor, admin_user):
        with pytest.raises(ValidationError, match="куратор или директор"):
            services.mentorship_close(mentorship=pair, actor=actor, status="finished", ended_on=pair.started_on)
    pair.refresh_from_db()
    assert pair.is_current


def test_the_form_says_who_may_be_mentor_and_mentee(org, curator):
    pupil_form = MentoringForm.objects.get(organization=None, name="Ученик – ученик")
    physicist = make_mentor(
        org, curator, "Физиков", forms=[], position="Учитель физики", first_name="Пётр", patronymic="Ильич"
    )
    pupil = make_mentee(
        org, curator, "Ученикова", kind=Person.Kind.STUDENT, birth_date=START.replace(year=2007), school_class="11а"
    )
    with pytest.raises(ValidationError) as error:
        make_pair(org, curator, physicist, [pupil], form=pupil_form)
    assert (
        "Физиков Пётр Ильич (педагог) не может быть наставником в форме «Ученик – ученик»: "
        "наставник в ней — обучающийся." in errors_of(error.value)
    )
    teacher = make_mentor(org, curator, "Опытная")
    with pytest.raises(ValidationError) as error:
        make_pair(org, curator, teacher, [pupil])
    assert (
        "Ученикова Анна Сергеевна (обучающийся) не может быть наставляемым в форме «Учитель – учитель»: "
        "наставляемый в ней — педагог или сотрудник." in errors_of(error.value)
    )
    assert not Mentorship.objects.exists()
    # a form of the organization's own with no rule takes anyone; a teacher of a teacher is fine
    own = MentoringForm.objects.create(organization=org, name="Педагог – обучающийся (проектная работа)")
    assert own.refuses("mentor", Person.Kind.TEACHER) == "" and own.refuses("mentee", Person.Kind.STUDENT) == ""
    make_pair(org, curator, teacher, [make_mentee(org, curator, "Молодая")])
    assert Mentorship.objects.count() == 1


def test_the_standard_forms_carry_their_rules_after_the_reference_data_reloads(org):
    from programs.reference_data import FORM_KINDS, ensure_reference_data

    MentoringForm.objects.filter(organization=None).delete()
    ensure_reference_data()  # a flushed database loads the forms again, their rules included
    stored = {f.name: (f.mentor_kinds, f.mentee_kinds) for f in MentoringForm.objects.filter(organization=None)}
    assert stored == {name: (list(a), list(b)) for name, (a, b) in FORM_KINDS.items()}


def test_a_rule_tightened_later_does_not_lock_a_mentors_card_and_bad_rule_data_is_no_rule(org, curator):
    pupils = MentoringForm.objects.create(organization=org, name="Проектная группа")
    mentor = make_mentor(org, curator, "Опытная", forms=[pupils])
    pupils.mentor_kinds = ["student"]  # the administrator narrows the form afterwards
    pupils.save()
    people.mentor_profile_save(person=mentor.person, actor=curator, status="training", forms=[pupils])
    assert MentorProfile.objects.get(pk=mentor.pk).status == "training"  # the card still saves
    with pytest.raises(ValidationError):  # but the form is not given to another teacher
        make_mentor(org, curator, "Новая", forms=[pupils])
    pupils.mentor_kinds = "student"  # a string, not a list (bad data): no substring matching, no crash
    assert pupils.refuses("mentor", Person.Kind.TEACHER) == ""
    pupils.mentor_kinds = ["nobody"]
    assert pupils.refuses("mentor", Person.Kind.TEACHER) == ""
