import re

import pytest
from django.urls import reverse

from organizations.roles import Role
from tests.factories import MembershipFactory, OrderFactory, OrganizationFactory, ProgrammeFactory, member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def panel(response, template):
    """The context of the dashboard panel drawn with ``template``."""
    (found,) = [p for p in response.context["panels"] if p.template == template]
    return found.context


def test_curator_sees_the_empty_state_with_the_next_step(client, curator):
    client.force_login(curator)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Программ наставничества пока нет." in html
    assert reverse("programs:programme-create") in html


def test_mentor_sees_the_empty_state_without_a_create_button(client, mentor):
    client.force_login(mentor)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Куратор программы ещё не создал её." in html
    assert reverse("programs:programme-create") not in html


def test_it_shows_the_organization_card_and_people_by_role(client, director, org):
    member(org, Role.MENTOR)
    member(org, Role.MENTOR)
    member(org, Role.MENTEE)
    client.force_login(director)
    response = client.get(reverse("dashboard"))
    html = response.content.decode()
    assert org.full_name in html
    counts = dict(panel(response, "organizations/panels/people_by_role.html")["role_counts"])
    assert counts == {"Администратор": 0, "Директор": 1, "Куратор": 0, "Наставник": 2, "Наставляемый": 1}
    assert "назначено 4 роли" in html


def test_people_by_role_is_hidden_from_mentees(client, mentee):
    client.force_login(mentee)
    assert "Учётные записи по ролям" not in client.get(reverse("dashboard")).content.decode()


def test_it_lists_only_this_organizations_programmes(client, curator, org, other_org):
    ProgrammeFactory(organization=org, title="Наша программа")
    ProgrammeFactory(organization=other_org, title="Чужая программа")
    client.force_login(curator)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Наша программа" in html
    assert "Чужая программа" not in html


def test_coordinator_sees_aggregates_without_names(client, coordinator, org):
    mentor_user = member(org, Role.MENTOR, user__last_name="Уникальнова")
    ProgrammeFactory(organization=org)
    client.force_login(coordinator)
    response = client.get(reverse("dashboard"))
    html = response.content.decode()
    assert org.short_name in html
    assert mentor_user.last_name not in html
    row = panel(response, "programs/panels/municipality.html")["organizations"][0]
    assert (row.n_mentors, row.n_programmes, row.n_approved) == (1, 1, 0)


def test_a_user_without_memberships_is_told_what_to_do(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    html = client.get(reverse("dashboard")).content.decode()
    assert "Вы пока не состоите ни в одной организации." in html


def test_the_dashboard_runs_a_constant_number_of_queries(client, director, org, django_assert_num_queries):
    client.force_login(director)
    # 12, one for the individual plans awaiting the director, one for «Пары без встреч» (issue 12), one for
    # «Мои анкеты» (issue 13), one for the efficiency evaluations awaiting her approval and three of «Мониторинг
    # программы» (issue 14)
    with django_assert_num_queries(19):
        assert client.get(reverse("dashboard")).status_code == 200
    for i in range(30):
        ProgrammeFactory(organization=org, title=f"Программа {i}", status="review")
        member(org, Role.MENTOR)
        OrderFactory(organization=org, status="review")
    with django_assert_num_queries(19):
        assert client.get(reverse("dashboard")).status_code == 200


def test_coordinator_dashboard_queries_do_not_grow_with_organizations(
    client, coordinator, org, django_assert_num_queries
):
    client.force_login(coordinator)
    with django_assert_num_queries(4):
        assert client.get(reverse("dashboard")).status_code == 200
    for _ in range(20):
        other = OrganizationFactory(municipality=org.municipality)
        MembershipFactory(organization=other, role=Role.MENTOR)
        ProgrammeFactory(organization=other)
    with django_assert_num_queries(4):
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert len(panel(response, "programs/panels/municipality.html")["organizations"]) == 21


def test_the_director_sees_what_awaits_approval_or_signature(client, director, curator, org, other_org):
    from documents import services as documents
    from programs import services as programs
    from tests.factories import LocalActFactory

    client.force_login(director)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Ждут вашего решения" in html and "Документов, ожидающих утверждения или подписи, нет." in html
    roadmap = programs.roadmap_create_from_template(organization=org, actor=curator, start_year=2026)
    programs.document_submit(document=roadmap, actor=curator)
    act = LocalActFactory(organization=org, title="Положение о наставничестве")
    programs.document_submit(document=act, actor=curator)
    draft = ProgrammeFactory(organization=org, title="Черновик программы")
    order = OrderFactory(organization=org, title="О закреплении наставнических пар", prepared_by=curator)
    documents.order_submit(order=order, actor=curator)
    ProgrammeFactory(organization=other_org, title="Чужая программа", status="review")
    response = client.get(reverse("dashboard"))
    html = response.content.decode()
    items = panel(response, "dashboard/inbox.html")["items"]
    assert [(i.title, i.action) for i in items] == [
        (str(roadmap), "Рассмотреть и утвердить"),
        ("Положение о наставничестве", "Рассмотреть и утвердить"),
        ("О закреплении наставнических пар", "Рассмотреть и подписать"),
    ]
    assert items[0].what == "Дорожная карта" and items[0].by == curator.full_name
    assert items[2].what == f"Приказ № {order.number} от {order.date:%d.%m.%Y}"
    assert roadmap.get_absolute_url() in html and order.get_absolute_url() in html
    assert "3 документа" in html
    assert draft.title not in {i.title for i in items} and "Чужая программа" not in html
    client.force_login(curator)  # a curator approves nothing: no inbox
    assert "Ждут вашего решения" not in client.get(reverse("dashboard")).content.decode()


def test_the_bases_say_what_they_count(client, curator, org):
    from participants import services as people
    from tests.pairing.helpers import make_mentee, make_mentor

    make_mentor(org, curator, "Первая")
    people.mentor_profile_save(person=make_mentor(org, curator, "Вторая").person, actor=curator, status="training")
    make_mentee(org, curator, "Молодая")
    client.force_login(curator)
    text = " ".join(re.sub(r"<[^>]+>", " ", client.get(reverse("dashboard")).content.decode()).split())
    mentors = "1 наставник в базе (статус «В базе») и ещё 1: кандидаты, на собеседовании, на обучении или исключённые"
    assert mentors in text
    assert "1 наставляемый в базе (статус «В базе»)" in text


def test_the_inbox_words_fit_a_programme_and_a_roadmap_as_well_as_an_order(client, director, curator, org):
    """«Программа … отправлен» does not agree: the line says since when it waits and who sent it."""
    from programs import services as programs

    programme = ProgrammeFactory(organization=org, title="Программа «Вместе»")
    programs.document_submit(document=programme, actor=curator)
    client.force_login(director)
    html = client.get(reverse("dashboard")).content.decode()
    inbox = " ".join(re.sub(r"<[^>]+>", " ", html[html.index('id="panel-inbox"') :]).split())
    assert f"Программа «Вместе» (2026/2027) на рассмотрении с 20.11.2026 · отправитель: {curator.full_name}" in inbox
    assert "отправлен " not in inbox
