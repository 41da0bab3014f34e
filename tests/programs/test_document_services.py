"""Approval, return, versions and order numbers (services tested directly)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from mentoring_site.access import Role
from programs import services
from programs.models import Activity, DocumentStatus, Order, Roadmap
from tests.factories import approve, member

pytestmark = pytest.mark.django_db


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


def _order(org, actor, number="16/1-О", day=date(2026, 8, 22)):
    return services.order_create(
        organization=org,
        actor=actor,
        kind=Order.Kind.IMPLEMENTATION,
        number=number,
        date=day,
        title="О внедрении целевой модели наставничества",
        points="Внедрить.",
    )


def test_order_numbers_are_unique_per_organization_and_year(org, other_org, curator, outsider):
    _order(org, curator)
    with pytest.raises(ValidationError, match="уже зарегистрирован"):
        _order(org, curator)
    _order(org, curator, day=date(2027, 1, 10))  # a new year starts the numbering again
    _order(other_org, outsider)  # another organization has its own registry
    assert Order.objects.filter(organization=org).count() == 2


def test_the_director_signs_and_a_signed_order_is_locked(org, curator, director):
    order = _order(org, curator)
    with pytest.raises(ValidationError, match="Подписать приказ может только директор"):
        services.order_sign(order=order, actor=curator)
    services.order_submit(order=order, actor=curator)
    services.order_sign(order=order, actor=director)
    assert order.status == Order.Status.SIGNED
    with pytest.raises(ValidationError, match="текст менять нельзя"):
        services.order_update(order=order, actor=curator, title="Другое")


def test_appendices_belong_to_the_same_organization(org, other_org, curator, outsider):
    foreign = services.roadmap_create_from_template(organization=other_org, actor=outsider, start_year=2026)
    order = _order(org, curator)
    with pytest.raises(ValidationError, match="документ этой же организации"):
        services.order_attach(order=order, document=foreign)
    assert not order.appendices.exists()
    assert Roadmap.objects.count() == 1


def test_a_draft_cannot_skip_the_review(roadmap, director):
    with pytest.raises(ValidationError, match="Утвердить можно только документ на согласовании"):
        services.document_approve(document=roadmap, actor=director, approval_date=date(2026, 9, 1))


def test_an_order_is_signed_only_with_approved_appendices(org, roadmap, curator, director):
    order = _order(org, curator)
    services.order_attach(order=order, document=roadmap)
    with pytest.raises(ValidationError, match="Подписывается приказ, отправленный на подпись"):
        services.order_sign(order=order, actor=director)
    services.order_submit(order=order, actor=curator)
    with pytest.raises(ValidationError, match="Сначала утвердите приложения к приказу"):
        services.order_sign(order=order, actor=director)
    approve(roadmap, director)
    services.order_sign(order=order, actor=director)
    assert order.status == Order.Status.SIGNED


def test_the_history_shows_dates_as_russian_documents_do(roadmap, director):
    from mentoring_site.history import history_entries

    approve(roadmap, director)
    changes = {c.field: c.new for c in history_entries(roadmap)[0].changes}
    assert changes["дата утверждения"] == "01.09.2026"
    assert len(changes["утверждён в системе"]) == len("25.11.2026 20:41")
