"""Approval, return, versions, roadmaps and the working group (programs.services, tested directly)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from organizations.roles import Role
from programs import services
from programs.models import Activity, DocumentStatus, WorkingGroupMember
from tests.factories import approve, member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def roadmap(org, curator):
    return services.roadmap_create_from_template(organization=org, actor=curator, start_year=2026)


def test_the_template_has_the_seven_stages_with_activities(roadmap):
    sections = list(roadmap.sections.select_related("stage"))
    assert [s.stage.number for s in sections] == [1, 2, 3, 4, 5, 6, 7]
    assert all(s.activities.exists() for s in sections)
    first = sections[0].activities.first()
    assert (first.deadline, first.due_date) == ("Август", date(2026, 8, 31))


def test_curator_submits_and_director_approves(roadmap, curator, director):
    services.document_submit(document=roadmap, actor=curator)
    assert roadmap.status == DocumentStatus.REVIEW
    services.document_approve(
        document=roadmap, actor=director, approval_date=date(2026, 9, 1), approval_basis="Протокол педсовета № 1"
    )
    roadmap.refresh_from_db()
    assert roadmap.status == DocumentStatus.APPROVED
    assert roadmap.approved_by == director
    assert roadmap.approver_name == director.short_name
    approvals = roadmap.history.filter(status=DocumentStatus.APPROVED)
    assert approvals.get().history_user == director


def test_only_the_director_approves(roadmap, curator, admin_user):
    services.document_submit(document=roadmap, actor=curator)
    for actor in (curator, admin_user):
        with pytest.raises(ValidationError, match="Утвердить документ может только директор"):
            services.document_approve(document=roadmap, actor=actor, approval_date=date(2026, 9, 1))
    roadmap.refresh_from_db()
    assert roadmap.status == DocumentStatus.REVIEW


def test_a_director_of_another_organization_cannot_approve(roadmap, curator, other_org):
    stranger = member(other_org, Role.DIRECTOR)
    services.document_submit(document=roadmap, actor=curator)
    with pytest.raises(ValidationError):
        services.document_approve(document=roadmap, actor=stranger, approval_date=date(2026, 9, 1))


def test_the_director_returns_with_a_comment(roadmap, curator, director):
    services.document_submit(document=roadmap, actor=curator)
    with pytest.raises(ValidationError):
        services.document_return(document=roadmap, actor=director, comment="  ")
    services.document_return(document=roadmap, actor=director, comment="Уточните сроки этапа 3")
    roadmap.refresh_from_db()
    assert (roadmap.status, roadmap.return_comment) == (DocumentStatus.DRAFT, "Уточните сроки этапа 3")


def test_an_approved_roadmap_is_read_only(roadmap, curator, director):
    approve(roadmap, director)
    section = roadmap.sections.first()
    activity = section.activities.first()
    with pytest.raises(ValidationError, match="Документ утверждён и не редактируется"):
        services.activity_save(activity=activity, actor=curator, title="Другое")
    with pytest.raises(ValidationError, match="Документ утверждён"):
        services.section_delete(section=section, actor=curator)
    with pytest.raises(ValidationError, match="Документ утверждён"):
        services.roadmap_update(roadmap=roadmap, actor=curator, title="Другое")
    activity.refresh_from_db()
    assert activity.title != "Другое"
    # Progress is still recorded on an approved roadmap.
    services.activity_report(activity=activity, actor=curator, status=Activity.Status.DONE)
    activity.refresh_from_db()
    assert activity.status == Activity.Status.DONE


def test_a_change_makes_a_new_version(roadmap, curator, director):
    approve(roadmap, director)
    new = services.document_new_version(document=roadmap, actor=curator)
    roadmap.refresh_from_db()
    assert (roadmap.status, new.status, new.version, new.previous_version) == (
        DocumentStatus.ARCHIVED,
        DocumentStatus.DRAFT,
        2,
        roadmap,
    )
    assert new.sections.count() == 7
    assert (
        Activity.objects.filter(section__roadmap=new).count()
        == Activity.objects.filter(section__roadmap=roadmap).count()
    )
    services.activity_save(activity=new.sections.first().activities.first(), actor=curator, title="Уточнено")


def test_copy_of_last_year_shifts_dates(org, curator):
    old = services.roadmap_create_from_template(organization=org, actor=curator, start_year=2025)
    activity = old.sections.first().activities.first()
    services.activity_save(activity=activity, actor=curator, deadline="Август 2025 г., до 01.10.25")
    services.activity_report(activity=activity, actor=curator, status=Activity.Status.DONE)
    new = services.roadmap_copy_for_next_year(roadmap=old, actor=curator)
    copied = new.sections.first().activities.first()
    assert new.start_year == 2026
    assert copied.deadline == "Август 2026 г., до 01.10.26"
    assert copied.due_date == date(2026, 10, 1)
    assert copied.status == Activity.Status.PLANNED


def test_an_unparseable_deadline_is_kept_as_text(roadmap, curator):
    activity = roadmap.sections.first().activities.first()
    services.activity_save(activity=activity, actor=curator, deadline="По отдельным графикам")
    activity.refresh_from_db()
    assert (activity.deadline, activity.due_date) == ("По отдельным графикам", None)


def test_an_empty_activity_is_refused(roadmap, curator):
    section = roadmap.sections.first()
    with pytest.raises(ValidationError):
        services.activity_save(activity=Activity(section=section), actor=curator, title="   ")
    assert section.activities.count() == 5


def test_a_draft_cannot_skip_the_review(roadmap, director):
    with pytest.raises(ValidationError, match="Утвердить можно только документ на согласовании"):
        services.document_approve(document=roadmap, actor=director, approval_date=date(2026, 9, 1))


def test_the_history_shows_dates_as_russian_documents_do(roadmap, director):
    from mentoring_site.history import history_entries

    approve(roadmap, director)
    changes = {c.field: c.new for c in history_entries(roadmap)[0].changes}
    assert changes["дата утверждения"] == "01.09.2026"
    assert len(changes["утверждён в системе"]) == len("25.11.2026 20:41")


def test_working_group_members_are_saved_by_editors_only(org, curator, mentor):
    member = WorkingGroupMember(organization=org)
    with pytest.raises(ValidationError, match="куратор или директор"):
        services.working_group_member_save(member=member, actor=mentor, group_role="chair", full_name="Иванова И.И.")
    with pytest.raises(ValidationError) as error:
        services.working_group_member_save(member=member, actor=curator, group_role="chair", full_name="  ")
    assert "Укажите ФИО" in str(error.value)
    saved = services.working_group_member_save(member=member, actor=curator, group_role="chair", user=mentor)
    assert saved.full_name == mentor.full_name
    assert saved.history.first().history_user == curator
    services.working_group_member_delete(member=saved, actor=curator)
    assert not WorkingGroupMember.objects.exists()


def test_a_second_roadmap_for_the_same_year_is_refused(org, curator, roadmap):
    with pytest.raises(ValidationError, match="на 2026/2027 учебный год уже есть"):
        services.roadmap_create_from_template(organization=org, actor=curator, start_year=2026)
    with pytest.raises(ValidationError, match="на 2026/2027 учебный год уже есть"):
        old = services.roadmap_create_from_template(organization=org, actor=curator, start_year=2025)
        services.roadmap_copy_for_next_year(roadmap=old, actor=curator)


def test_an_impossible_date_in_a_deadline_is_refused(roadmap, curator):
    activity = roadmap.sections.first().activities.first()
    with pytest.raises(ValidationError, match="Даты 32.13.2026 нет в календаре"):
        services.activity_save(activity=activity, actor=curator, deadline="до 32.13.2026")
    activity.refresh_from_db()
    assert activity.deadline == "Август"


def test_an_activity_added_by_hand_is_numbered_after_the_last_one(roadmap, curator):
    section = roadmap.sections.first()
    last = section.activities.order_by("-order").first()
    added = services.activity_save(activity=Activity(section=section), actor=curator, title="Новое мероприятие")
    major, minor = last.number.strip(".").split(".")
    assert added.number == f"{major}.{int(minor) + 1}."
