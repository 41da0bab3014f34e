"""Подбор: the score's explained parts and the organization's weights, «обязательно», the form's
who-may rules, «Подобрать всем» against brute force, and accepting a proposal (all or nothing)."""

import itertools
import random
import threading
from datetime import date

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from organizations.roles import Role
from pairing import matching
from pairing.models import MatchingCriterion, Mentorship, Preference
from participants import services as people
from participants.models import MentorProfile, Person
from programs.models import MentoringForm
from programs.reference_data import ensure_reference_data
from tests.factories import OrganizationFactory, member
from tests.pairing.helpers import START, errors_of, make_mentor, make_pair, make_person, teacher_form

TODAY = date(2026, 11, 20)
Key = MatchingCriterion.Key


def pupils_form():
    return MentoringForm.objects.get(organization=None, name="Ученик – ученик")


def mentee_with(org, actor, last_name, requests="", **fields):
    person = make_person(org, actor, last_name, **fields)
    return people.mentee_profile_save(person=person, actor=actor, requests=requests)


def mentor_with(org, actor, last_name, *, competences="", can_help_with="", **fields):
    mentor = make_mentor(org, actor, last_name, **fields)
    return people.mentor_profile_save(
        person=mentor.person, actor=actor, competences=competences, can_help_with=can_help_with
    )


def labels(candidate):
    return [part.label for part in candidate.parts]


def by_name(ranking):
    return {c.mentor.person.last_name: c for c in ranking.candidates}


# --- Words --------------------------------------------------------------------------------------------


def test_words_match_in_any_form_and_through_topic_groups():
    assert matching.lemmas("цифровыми инструментами") == matching.lemmas("Цифровые инструменты")
    ict, tools = matching.features("ИКТ на уроках"), matching.features("цифровые инструменты учителя")
    assert any(kind == "g" for kind, _ in ict & tools)  # the group «Цифровые технологии»
    # general words alone are no match: «работа с родителями» is not «работа с документами»
    assert not matching.features("Работа с документами") & matching.features("Работа над ошибками")
    assert matching.lemmas("математика") == matching.lemmas("по математике")


def test_topic_groups_are_data_shown_on_the_settings_page(client, curator):
    client.force_login(curator)
    page = client.get("/pairing/matching/settings/").content.decode()
    assert "Цифровые технологии" in page and "ИКТ, цифровые инструменты, цифровой" in page


# --- Parts and weights -----------------------------------------------------------------------------------


@pytest.mark.usefixtures("frozen_today")
def test_parts_are_explained_with_the_organizations_weights(org, curator):
    mentee = mentee_with(
        org, curator, "Молодая", requests="ИКТ\nДисциплина на уроке", position="Учитель физики", first_name="Ольга"
    )
    physicist = mentor_with(
        org, curator, "Физикова", subjects="физика", competences="цифровые инструменты", max_mentees=3
    )
    make_pair(org, curator, physicist, [mentee_with(org, curator, "Другая")])
    historian = mentor_with(org, curator, "Историкова", subjects="история", can_help_with="Школьный музей")
    Preference.objects.create(organization=org, person=mentee.person, preferred=historian.person, school_year=2026)
    Preference.objects.create(organization=org, person=historian.person, preferred=mentee.person, school_year=2025)

    ranking = matching.rank(org, teacher_form(), mentee, today=TODAY)
    found = by_name(ranking)
    assert labels(found["Физикова"]) == [
        "совпадает предмет «физика»: +3",
        "запрос «ИКТ» ↔ компетенция «цифровые инструменты» (тема «Цифровые технологии»): +2",
        "свободно 2 места из 3: +0,7",
    ]
    assert found["Физикова"].score == pytest.approx(3 + 2 + 2 / 3)
    # her own preference counts; the mentor's of last school year does not
    assert labels(found["Историкова"]) == [
        "предпочла этого наставника после общей встречи: +2",
        "свободно 2 места из 2: +1",
    ]
    assert [c.mentor.person.last_name for c in ranking.candidates] == ["Физикова", "Историкова"]

    matching.criteria_save(
        organization=org,
        actor=curator,
        values={Key.SUBJECT: (0, False), Key.PREFERENCE: (9, False), Key.FREE_PLACES: (0, False)},
    )
    found = by_name(matching.rank(org, teacher_form(), mentee, today=TODAY))
    assert labels(found["Физикова"]) == [
        "запрос «ИКТ» ↔ компетенция «цифровые инструменты» (тема «Цифровые технологии»): +2"
    ]
    assert labels(found["Историкова"]) == ["предпочла этого наставника после общей встречи: +9"]


def test_defaults_are_written_once_and_weights_are_checked(org, curator):
    first = matching.criteria(org)
    assert {k: (c.weight, c.required) for k, c in first.items()} == matching.DEFAULTS
    assert matching.criteria(org)[Key.SUBJECT].pk == first[Key.SUBJECT].pk
    assert MatchingCriterion.objects.filter(organization=org).count() == len(Key.values)
    with pytest.raises(ValidationError) as error:
        matching.criteria_save(organization=org, actor=curator, values={Key.SUBJECT: (11, False)})
    assert "вес — целое число от 0 до 10" in errors_of(error.value)
    assert MatchingCriterion.objects.get(organization=org, key=Key.SUBJECT).weight == 3


def test_a_mentor_preferring_the_mentee_counts_too(org, curator, frozen_today):
    mentee = mentee_with(org, curator, "Молодой", first_name="Иван", patronymic="Петрович")
    mentor = mentor_with(org, curator, "Опытный", first_name="Пётр", patronymic="Иванович")
    Preference.objects.create(organization=org, person=mentor.person, preferred=mentee.person, school_year=2026)
    candidate = matching.rank(org, teacher_form(), mentee, today=TODAY).candidates[0]
    assert "наставник предпочёл этого наставляемого после общей встречи: +2" in labels(candidate)


# --- «Обязательно» --------------------------------------------------------------------------------------


def test_a_mentor_lacking_a_required_part_is_not_proposed_and_the_page_says_why(org, curator):
    mentee = mentee_with(org, curator, "Молодая", position="Учитель химии")
    chemist = mentor_with(org, curator, "Химикова", subjects="химия")
    mentor_with(org, curator, "Физикова", subjects="физика")
    matching.criteria_save(organization=org, actor=curator, values={Key.SUBJECT: (3, True)})
    ranking = matching.rank(org, teacher_form(), mentee, today=TODAY)
    assert [c.mentor for c in ranking.candidates] == [chemist]
    assert [(c.mentor.person.last_name, c.missing) for c in ranking.failing] == [("Физикова", ["совпадает предмет"])]
    assert not ranking.notice

    MentorProfile.objects.filter(pk=chemist.pk).update(max_mentees=1)
    make_pair(org, curator, chemist, [mentee_with(org, curator, "Занятая")])
    ranking = matching.rank(org, teacher_form(), mentee, today=TODAY)
    assert not ranking.candidates
    assert ranking.notice == "Ни один наставник не проходит по обязательным частям оценки («совпадает предмет»)."


# --- Who may take part: the form's rules -----------------------------------------------------------------


def test_the_form_decides_who_may_mentor_and_be_mentored(org, curator):
    pupil = mentee_with(
        org, curator, "Ученикова", kind=Person.Kind.STUDENT, school_class="7А", birth_date=date(2007, 1, 1)
    )
    teacher = mentor_with(org, curator, "Учителева", forms=[teacher_form()])
    senior = mentor_with(
        org,
        curator,
        "Старшеклассникова",
        kind=Person.Kind.STUDENT,
        school_class="10Б",
        birth_date=date(2007, 1, 1),
        forms=[pupils_form()],
    )
    junior = mentor_with(
        org,
        curator,
        "Восьмиклассникова",
        kind=Person.Kind.STUDENT,
        school_class="8А",
        birth_date=date(2007, 1, 1),
        forms=[pupils_form()],
    )
    ranking = matching.rank(org, pupils_form(), pupil, today=TODAY)
    assert [c.mentor for c in ranking.candidates] == [senior]
    refused = {m.person.last_name: reason for m, reason in ranking.refused}
    assert refused["Учителева"] == "не работает в форме «Ученик – ученик»"
    assert refused["Восьмиклассникова"] == "наставник в форме «Ученик – ученик» — обучающийся 9–11 классов"
    assert junior not in [c.mentor for c in ranking.candidates]
    assert teacher not in [c.mentor for c in ranking.candidates]
    # a teacher working in every form is still no mentor of pupils in «ученик – ученик»
    MentorProfile.forms.through.objects.create(mentorprofile_id=teacher.pk, mentoringform_id=pupils_form().pk)
    refused = {m.person.last_name: r for m, r in matching.rank(org, pupils_form(), pupil, today=TODAY).refused}
    assert refused["Учителева"].startswith("не может быть наставником в форме «Ученик – ученик»")
    # and a pupil is no mentee in «учитель – учитель»
    assert matching.forms_for_mentee(org, pupil) == [
        f for f in MentoringForm.objects.available_to(org) if f.name != "Учитель – учитель"
    ]
    assert "не может быть наставляемым" in matching.rank(org, teacher_form(), pupil, today=TODAY).mentee_refusal


def test_same_class_and_parallel_count_only_between_pupils(org, curator):
    born = {"birth_date": date(2007, 1, 1), "kind": Person.Kind.STUDENT}
    pupil = mentee_with(org, curator, "Ученикова", school_class="9А", **born)
    classmate = mentor_with(org, curator, "Однокласснова", school_class="9А", forms=[pupils_form()], **born)
    parallel = mentor_with(org, curator, "Параллельнова", school_class="9Б", forms=[pupils_form()], **born)
    found = by_name(matching.rank(org, pupils_form(), pupil, today=TODAY))
    assert "тот же класс (9А): +2" in labels(found["Однокласснова"])
    assert "та же параллель (9-е классы): +1" in labels(found["Однокласснова"])
    assert "та же параллель (9-е классы): +1" in labels(found["Параллельнова"])
    assert not any("класс" in label for label in labels(found["Параллельнова"]) if "параллель" not in label)
    assert classmate and parallel
    # in «Студент – ученик» the class is not a part of the score
    student_form = MentoringForm.objects.get(organization=None, name="Студент – ученик")
    MentorProfile.forms.through.objects.create(mentorprofile_id=classmate.pk, mentoringform_id=student_form.pk)
    found = by_name(matching.rank(org, student_form, pupil, today=TODAY))
    assert not any("класс" in label for label in labels(found["Однокласснова"]))


def test_not_in_the_base_without_consent_or_full_are_not_proposed(org, curator):
    mentee = mentee_with(org, curator, "Молодая")
    full = mentor_with(org, curator, "Полная", max_mentees=1)
    make_pair(org, curator, full, [mentee_with(org, curator, "Занятая")])
    training = mentor_with(org, curator, "Учащаяся")
    MentorProfile.objects.filter(pk=training.pk).update(status=MentorProfile.Status.TRAINING)
    unconsented = mentor_with(org, curator, "Отозвавшая")
    unconsented.person.consents.update(withdrawn_at=date(2026, 10, 1))
    ranking = matching.rank(org, teacher_form(), mentee, today=TODAY)
    assert ranking.candidates == []
    assert {m.person.last_name: r for m, r in ranking.refused} == {
        "Полная": "мест нет: наставляемых 1 из 1",
        "Учащаяся": "не в базе наставников (статус: «Обучение»)",
        "Отозвавшая": "нет действующего согласия на обработку ПДн",
    }
    assert ranking.notice.startswith("В форме «Учитель – учитель» нет наставников в базе со свободным местом")


# --- «Подобрать всем» against brute force ----------------------------------------------------------------


def _brute_force(score, allowed, capacity):
    """The best (pairs, total score) over every assignment of each mentee to a mentor or nobody."""
    n, m = score.shape
    best = (0, 0.0)
    for choice in itertools.product([None, *range(m)], repeat=n):
        if any(j is not None and not allowed[i, j] for i, j in enumerate(choice)):
            continue
        if any(sum(1 for j in choice if j == k) > capacity[k] for k in range(m)):
            continue
        value = (sum(j is not None for j in choice), sum(score[i, j] for i, j in enumerate(choice) if j is not None))
        if value[0] > best[0] or (value[0] == best[0] and value[1] > best[1] + 1e-9):
            best = value
    return best


def test_the_proposal_is_optimal_against_brute_force():
    rng = random.Random(20261120)
    for _ in range(150):
        n, m = rng.randint(1, 5), rng.randint(1, 4)
        score = np.array([[rng.choice([0, 0.5, 1, 2, 3, 5, 7]) for _ in range(m)] for _ in range(n)], dtype=float)
        allowed = np.array([[rng.random() < 0.7 for _ in range(m)] for _ in range(n)])
        capacity = np.array([rng.randint(0, 2) for _ in range(m)])
        assignment = matching.solve(score, allowed, capacity)
        for k in range(m):
            assert sum(1 for j in assignment if j == k) <= capacity[k]
        assert all(j is None or allowed[i, j] for i, j in enumerate(assignment))
        got = (
            sum(j is not None for j in assignment),
            sum(score[i, j] for i, j in enumerate(assignment) if j is not None),
        )
        want = _brute_force(score, allowed, capacity)
        assert got[0] == want[0] and got[1] == pytest.approx(want[1]), (score, allowed, capacity)


def test_propose_lists_who_nobody_fits_with_the_reason_and_next_steps(org, curator):
    physics = mentee_with(org, curator, "Физикова", requests="Лабораторные работы", position="Учитель физики")
    other = mentee_with(org, curator, "Другая", requests="Лабораторные работы", position="Учитель физики")
    mentor = mentor_with(org, curator, "Наставникова", max_mentees=1, competences="лабораторное оборудование")
    proposal = matching.propose(org, teacher_form(), today=TODAY)
    assert [(r.mentee, r.mentor) for r in proposal.rows] in ([(physics, mentor)], [(other, mentor)])
    [alone] = proposal.unmatched
    assert alone.reason == "подходящие наставники заняты другими наставляемыми (мест меньше, чем наставляемых)"
    assert alone.next_steps == matching.NEXT_STEPS
    assert "вне организации" in alone.next_steps[0] and "психолого-педагогическая поддержка" in alone.next_steps[1]


def test_propose_without_mentors_or_with_every_required_part_unmatched_says_so(org, curator):
    mentee_with(org, curator, "Одинокая", position="Учитель химии")
    proposal = matching.propose(org, teacher_form(), today=TODAY)
    assert (
        proposal.notice
        == "В форме «Учитель – учитель» нет наставников в базе со свободными местами: подбирать не из кого."
    )
    assert proposal.unmatched[0].reason == "в форме «Учитель – учитель» нет наставников со свободными местами"

    mentor_with(org, curator, "Физикова", subjects="физика")
    matching.criteria_save(organization=org, actor=curator, values={Key.SUBJECT: (3, True), Key.REQUEST: (2, True)})
    proposal = matching.propose(org, teacher_form(), today=TODAY)
    assert proposal.rows == []
    assert proposal.notice.startswith(
        "Ни одна пара не проходит по обязательным частям оценки («совпадает предмет», "
        "«запрос наставляемого ↔ компетенции наставника»)."
    )
    assert proposal.unmatched[0].reason.startswith("ни один наставник не проходит по обязательному: ")


# --- Accepting ------------------------------------------------------------------------------------------


def _fields():
    return matching.AcceptFields(started_on=START, planned_end_on=date(2027, 5, 31))


def test_accept_creates_the_pairs_in_forming(org, curator):
    first, second = mentee_with(org, curator, "Первая"), mentee_with(org, curator, "Вторая")
    mentor = mentor_with(org, curator, "Наставникова", max_mentees=2)
    created = matching.accept(
        organization=org,
        actor=curator,
        form=teacher_form(),
        rows=[(first.pk, mentor.pk), (second.pk, mentor.pk)],
        fields=_fields(),
        today=TODAY,
    )
    assert len(created) == 2
    assert {m.status for m in created} == {Mentorship.Status.FORMING}
    assert {m.members.get().mentee for m in created} == {first, second}


def test_accept_is_all_or_nothing_with_every_refused_row_named(org, curator):
    first, second, third = (mentee_with(org, curator, name) for name in ("Первая", "Вторая", "Третья"))
    mentor = mentor_with(org, curator, "Наставникова", max_mentees=1)
    chemist = mentor_with(org, curator, "Химикова", subjects="химия", max_mentees=2)
    matching.criteria_save(organization=org, actor=curator, values={Key.SUBJECT: (3, True)})
    with pytest.raises(ValidationError) as error:
        matching.accept(
            organization=org,
            actor=curator,
            form=teacher_form(),
            rows=[(first.pk, chemist.pk), (second.pk, mentor.pk), (third.pk, mentor.pk)],
            fields=_fields(),
            today=TODAY,
        )
    messages = error.value.messages
    assert "Первая Анна Сергеевна — Химикова Анна Сергеевна: нет обязательного: совпадает предмет." in messages
    assert "Вторая Анна Сергеевна — Наставникова Анна Сергеевна: нет обязательного: совпадает предмет." in messages
    assert Mentorship.objects.filter(organization=org).count() == 0


def test_accept_over_capacity_refuses_the_whole_proposal(org, curator):
    first, second = mentee_with(org, curator, "Первая"), mentee_with(org, curator, "Вторая")
    mentor = mentor_with(org, curator, "Наставникова", max_mentees=1)
    with pytest.raises(ValidationError) as error:
        matching.accept(
            organization=org,
            actor=curator,
            form=teacher_form(),
            rows=[(first.pk, mentor.pk), (second.pk, mentor.pk)],
            fields=_fields(),
            today=TODAY,
        )
    assert "будет 2 наставляемых, а наставник берёт не более 1" in errors_of(error.value)
    assert not Mentorship.objects.filter(organization=org).exists()


def test_accepting_the_same_proposal_twice_creates_no_duplicates(org, curator):
    mentee = mentee_with(org, curator, "Первая")
    mentor = mentor_with(org, curator, "Наставникова", max_mentees=3)
    rows = [(mentee.pk, mentor.pk)]
    matching.accept(organization=org, actor=curator, form=teacher_form(), rows=rows, fields=_fields(), today=TODAY)
    with pytest.raises(ValidationError) as error:
        matching.accept(organization=org, actor=curator, form=teacher_form(), rows=rows, fields=_fields(), today=TODAY)
    assert "уже в паре в этой форме" in errors_of(error.value)
    assert Mentorship.objects.filter(organization=org).count() == 1


def test_accept_is_for_those_who_form_pairs(org, curator):
    mentee = mentee_with(org, curator, "Первая")
    mentor = mentor_with(org, curator, "Наставникова")
    with pytest.raises(ValidationError):
        matching.accept(
            organization=org,
            actor=member(org, Role.MENTOR),
            form=teacher_form(),
            rows=[(mentee.pk, mentor.pk)],
            fields=_fields(),
            today=TODAY,
        )


@pytest.mark.django_db(transaction=True)
def test_two_curators_accepting_the_same_proposal_at_once_create_no_duplicates():
    """Real threads, real connections, committed transactions (PostgreSQL: row locks; SQLite: one writer)."""
    ensure_reference_data()  # a transactional test after others: the standard forms may have been flushed
    org = OrganizationFactory()
    curators = [member(org, Role.CURATOR) for _ in range(2)]
    mentees = [mentee_with(org, curators[0], name) for name in ("Первая", "Вторая")]
    mentor = mentor_with(org, curators[0], "Наставникова", max_mentees=3)
    rows = [(m.pk, mentor.pk) for m in mentees]
    outcomes: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def work(index: int) -> None:
        try:
            start.wait(timeout=10)
            matching.accept(
                organization=org, actor=curators[index], form=teacher_form(), rows=rows, fields=_fields(), today=TODAY
            )
            outcomes.append("created")
        except ValidationError as error:
            outcomes.append(errors_of(error))
        except BaseException as error:  # noqa: BLE001 — reported below, in the test's own thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert outcomes.count("created") == 1, outcomes
    [refusal] = [o for o in outcomes if o != "created"]
    assert "Первая Анна Сергеевна — Наставникова Анна Сергеевна: уже в паре в этой форме" in refusal
    assert Mentorship.objects.filter(organization=org).count() == 2
