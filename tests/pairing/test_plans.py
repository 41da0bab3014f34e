"""Individual plans: the template rows from the requests, the date rules, the workflow and who may do
what (services)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from organizations.roles import Role
from pairing import services
from pairing.models import IndividualPlan, Mentorship, PlanItem
from pairing.plans import (
    plan_approve,
    plan_progress,
    plan_return,
    plan_save,
    plan_submit,
    prefill,
)
from participants import services as people
from participants.models import Person
from tests.factories import MembershipFactory, member
from tests.pairing.helpers import at_work, errors_of, make_mentee, make_mentor, make_pair

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

ROW = {"goal": "Дисциплина на уроке", "task": "Освоить приёмы", "activity": "Посещение уроков", "due_on": None}


def row(**fields):
    return {**ROW, **fields}


@pytest.fixture
def pair(org, curator, mentor):
    """A teachers' pair (15.09.2026 – 31.05.2027) whose mentor has the account ``mentor``."""
    mentee = make_mentee(org, curator)
    people.mentee_profile_save(
        person=mentee.person,
        actor=curator,
        requests="- Дисциплина на уроке\nРабота с родителями\n",
        expected_results="Уверенно ведёт урок",
    )
    teacher = make_mentor(org, curator, user=mentor)
    return make_pair(org, curator, teacher, [mentee], planned_end_on=date(2027, 5, 31))


def draft(pair, mentor, items=None, **fields):
    data = {"kind": IndividualPlan.Kind.ROUTE, "deficits": "Дисциплина", "goals": "Освоить приёмы"}
    data.update(fields)
    return plan_save(
        plan=IndividualPlan(mentorship=pair), actor=mentor, items=items or [row(due_on=date(2026, 12, 1))], **data
    )


def test_a_new_plan_starts_from_the_mentees_requests_and_expected_results(pair):
    mentees = [m.mentee for m in pair.members.all()]
    start = prefill(pair, mentees)
    assert start.kind == IndividualPlan.Kind.ROUTE  # a teacher's plan is an ИОМ
    assert start.deficits == "Дисциплина на уроке\nРабота с родителями"
    assert start.rows == [{"goal": "Дисциплина на уроке"}, {"goal": "Работа с родителями"}]
    assert start.expected_results == "Уверенно ведёт урок"
    assert start.goals == "Адаптация"  # the pair's goal


def test_a_pupils_plan_is_a_personal_programme(org, curator):
    pupil = make_mentee(
        org, curator, "Ученица", kind=Person.Kind.STUDENT, school_class="11А", birth_date=date(2008, 1, 9)
    )
    assert prefill(Mentorship(goal=""), [pupil]).kind == IndividualPlan.Kind.PERSONAL


def test_the_mentor_drafts_a_plan_with_its_rows_audited(pair, mentor):
    plan = draft(pair, mentor, items=[row(due_on=date(2026, 12, 1)), row(task="Вторая", due_on=date(2027, 5, 31))])
    assert plan.status == IndividualPlan.Status.DRAFT
    assert list(plan.items.values_list("order", "task")) == [(1, "Освоить приёмы"), (2, "Вторая")]
    assert plan.history.get().history_user == mentor
    assert PlanItem.history.filter(history_user=mentor).count() == 2


@pytest.mark.parametrize(
    ("due_on", "message"),
    [
        (date(2026, 9, 14), "Строка 2: срок 14.09.2026 раньше начала работы пары (15.09.2026)."),
        (date(2027, 6, 1), "Строка 2: срок 01.06.2027 позже планового окончания работы пары (31.05.2027)."),
    ],
)
def test_an_activity_outside_the_pairs_work_is_refused_and_nothing_is_saved(pair, mentor, due_on, message):
    with pytest.raises(ValidationError) as refused:
        draft(pair, mentor, items=[row(due_on=date(2026, 10, 1)), row(due_on=due_on)])
    assert message in errors_of(refused.value)
    assert not IndividualPlan.objects.exists() and not PlanItem.objects.exists()


def test_an_activity_after_the_pairs_end_is_refused(pair, mentor, curator):
    plan = draft(pair, mentor)
    Mentorship.objects.filter(pk=pair.pk).update(ended_on=date(2026, 11, 1))  # the end as recorded
    with pytest.raises(ValidationError) as refused:
        plan_save(plan=plan, actor=mentor, items=[row(due_on=date(2026, 11, 2))])
    assert "позже окончания работы пары (01.11.2026)" in errors_of(refused.value)
    assert list(plan.items.values_list("due_on", flat=True)) == [date(2026, 12, 1)]  # unchanged


def test_only_the_pairs_mentor_drafts(pair, org, curator, mentee, director):
    other_mentor = member(org, Role.MENTOR)
    for someone in (other_mentor, curator, director, mentee):
        with pytest.raises(ValidationError, match="только наставник этой пары"):
            draft(pair, someone)
    assert not IndividualPlan.objects.exists()


def test_more_than_a_hundred_rows_are_refused(pair, mentor):
    with pytest.raises(ValidationError, match="не больше 100 строк"):
        draft(pair, mentor, items=[row()] * 101)


def test_the_director_approves_an_iom_and_the_curator_cannot(pair, mentor, curator, director, org):
    org.director_position, org.director_name = "Директор", "Демина Елена Ивановна"
    org.save()
    plan = draft(pair, mentor)
    plan_submit(plan=plan, actor=mentor)
    plan.refresh_from_db()
    assert plan.status == IndividualPlan.Status.REVIEW
    with pytest.raises(ValidationError, match="утверждает директор"):
        plan_approve(plan=plan, actor=curator)
    plan = plan_approve(plan=plan, actor=director)
    assert plan.status == IndividualPlan.Status.APPROVED
    assert (plan.approved_by, plan.approved_on) == (director, date(2026, 11, 20))
    assert plan.approver_position == "Директор"
    assert plan.history.first().history_user == director  # the approval is audited


def test_the_curator_approves_a_personal_plan_by_their_position(pair, curator, mentor):
    curator.memberships.update(position="Заместитель директора по УВР")
    plan = draft(pair, mentor, kind=IndividualPlan.Kind.PERSONAL)  # the kind is the mentor's choice
    plan_submit(plan=plan, actor=mentor)
    plan = plan_approve(plan=plan, actor=curator)
    assert plan.status == IndividualPlan.Status.APPROVED
    assert plan.approver_position == "Заместитель директора по УВР"


def test_a_curator_does_not_approve_their_own_pairs_plan(org, curator, director):
    MembershipFactory(organization=org, user=curator, role=Role.MENTOR)
    own = make_mentor(org, curator, "Кураторова", user=curator)
    pair = make_pair(org, curator, own, [make_mentee(org, curator)])
    plan = draft(pair, curator, kind=IndividualPlan.Kind.PERSONAL)
    plan_submit(plan=plan, actor=curator)
    with pytest.raises(ValidationError, match="Наставник не утверждает план своей пары"):
        plan_approve(plan=plan, actor=curator)
    assert plan_approve(plan=plan, actor=director).status == IndividualPlan.Status.APPROVED


def test_returning_needs_a_comment_and_gives_the_draft_back(pair, mentor, director):
    plan = draft(pair, mentor)
    plan_submit(plan=plan, actor=mentor)
    with pytest.raises(ValidationError, match="Напишите, что исправить"):
        plan_return(plan=plan, actor=director, comment="  ")
    plan = plan_return(plan=plan, actor=director, comment="Уточните сроки открытого урока.")
    assert plan.status == IndividualPlan.Status.DRAFT and plan.return_comment == "Уточните сроки открытого урока."
    assert plan.history.first().history_user == director
    draft_again = plan_save(plan=plan, actor=mentor, items=[row(due_on=date(2027, 2, 1))], goals="Новая цель")
    assert plan_submit(plan=draft_again, actor=mentor).return_comment == ""


def test_a_plan_is_submitted_only_with_activities_and_not_approved_unsent(pair, mentor, director):
    plan = draft(pair, mentor)
    plan.items.all().delete()
    with pytest.raises(ValidationError, match="нет ни одного мероприятия"):
        plan_submit(plan=plan, actor=mentor)
    with pytest.raises(ValidationError, match="не отправлен на утверждение"):
        plan_approve(plan=plan, actor=director)


def test_an_approved_plan_changes_only_its_marks_and_results_keeping_the_approval(pair, mentor, director, mentee):
    plan = draft(pair, mentor)
    plan_submit(plan=plan, actor=mentor)
    plan = plan_approve(plan=plan, actor=director)
    with pytest.raises(ValidationError, match="План утверждён"):
        plan_save(plan=plan, actor=mentor, items=[row()], goals="Другая")
    item = plan.items.get()
    with pytest.raises(ValidationError, match="только наставник"):
        plan_progress(plan=plan, actor=mentee, items={item.pk: ("done", "")}, results="")
    plan_progress(plan=plan, actor=mentor, items={item.pk: ("done", "Протокол посещения")}, results="Освоены приёмы")
    plan.refresh_from_db()
    item.refresh_from_db()
    assert plan.status == IndividualPlan.Status.APPROVED and plan.approved_by == director
    assert plan.results == "Освоены приёмы" and plan.goals == "Освоить приёмы"
    assert (item.status, item.evidence) == ("done", "Протокол посещения")
    assert item.history.first().history_user == mentor


def test_a_plan_of_an_ended_pair_is_read_only(pair, mentor, curator):
    plan = draft(pair, mentor)
    services.mentorship_close(mentorship=at_work(pair), actor=curator, status="finished", ended_on=date(2026, 11, 19))
    with pytest.raises(ValidationError, match="только для чтения"):
        plan_save(plan=plan, actor=mentor, items=[row()])
    with pytest.raises(ValidationError, match="только для чтения"):
        plan_submit(plan=plan, actor=mentor)


def test_a_pair_has_one_plan_and_a_group_one_per_mentee(org, curator, mentor):
    teacher = make_mentor(org, curator, user=mentor, max_mentees=3)
    first, second = make_mentee(org, curator, "Первая"), make_mentee(org, curator, "Вторая")
    group = make_pair(org, curator, teacher, [first, second])
    draft(group, mentor)
    with pytest.raises(ValidationError, match="уже есть такой план"):
        draft(group, mentor)
    own = plan_save(plan=IndividualPlan(mentorship=group, mentee=first), actor=mentor, items=[row()], goals="Своя цель")
    assert own.mentee == first
    stranger = make_mentee(org, curator, "Чужая")
    with pytest.raises(ValidationError, match="нет в паре"):
        plan_save(plan=IndividualPlan(mentorship=group, mentee=stranger), actor=mentor, items=[row()])


def test_the_demo_has_plans_in_both_organizations_and_loads_twice(demo_documents):
    from mentoring_site.demo import load_everything

    plans = {
        (p.mentorship.organization.slug, p.mentorship.mentor.person.last_name): p
        for p in IndividualPlan.objects.select_related("mentorship__organization", "mentorship__mentor__person")
    }
    iom = plans[("zhukovka", "Кузнецов")]
    assert (iom.kind, iom.status, iom.approved_by.username) == ("route", "approved", "director")
    assert iom.items.filter(status=PlanItem.Status.DONE).count() == 2 and iom.results
    assert plans[("zhukovka", "Григорьев")].kind == "personal"
    assert plans[("zhukovka", "Григорьев")].status == "draft"
    assert plans[("staritsa", "Фролов")].status == "review" and plans[("staritsa", "Ковалёва")].status == "draft"
    load_everything()
    assert IndividualPlan.objects.count() == len(plans) == 4


def test_a_bad_mark_saves_none_of_the_marks(pair, mentor, director):
    plan = draft(pair, mentor, items=[row(due_on=date(2026, 12, 1)), row(task="Вторая")])
    plan_submit(plan=plan, actor=mentor)
    plan_approve(plan=plan, actor=director)
    first, second = plan.items.all()
    with pytest.raises(ValidationError, match="Строка 2: выберите"):
        plan_progress(
            plan=plan, actor=mentor, items={first.pk: ("done", "Есть"), second.pk: ("finished", "")}, results=""
        )
    first.refresh_from_db()
    assert (first.status, first.evidence) == ("planned", "")
