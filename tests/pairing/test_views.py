import re
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from organizations.roles import Role
from pairing import services
from pairing.models import Mentorship, MentorshipMember
from participants import services as people
from participants.models import MenteeCategory, Person
from programs.models import MentoringForm
from tests.factories import member
from tests.pairing.helpers import at_work, make_mentee, make_mentor, make_pair, make_person, teacher_form

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_the_curator_forms_a_pair_in_the_browser_form(client, org, curator):
    mentor = make_mentor(org, curator)
    mentee = make_mentee(org, curator)
    client.force_login(curator)
    page = client.get(reverse("pairing:create"))
    assert "Наставникова Анна Сергеевна" in page.content.decode()
    response = client.post(
        reverse("pairing:create"),
        {
            "mentor": mentor.pk,
            "mentees": [mentee.pk],
            "form": teacher_form().pk,
            "started_on": "2026-09-15",
            "goal": "Освоение методики",
        },
    )
    pair = Mentorship.objects.get()
    assert response.status_code == 302 and response["Location"] == pair.get_absolute_url()
    assert list(pair.members.values_list("mentee", flat=True)) == [mentee.pk]


def test_a_bad_pair_form_re_renders_with_russian_errors_and_saves_nothing(client, org, curator):
    mentor = make_mentor(org, curator, max_mentees=1)
    mentees = [make_mentee(org, curator, "Первая"), make_mentee(org, curator, "Вторая")]
    client.force_login(curator)
    response = client.post(
        reverse("pairing:create"),
        {
            "mentor": mentor.pk,
            "mentees": [m.pk for m in mentees],
            "form": teacher_form().pk,
            "started_on": "2026-09-15",
            "planned_end_on": "2026-09-01",
            "goal": "Текст, который нельзя потерять",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "берёт не более 1" in html and "Плановое окончание раньше начала" in html
    assert "Текст, который нельзя потерять" in html
    for mentee in mentees:  # the checked mentees stay checked
        assert re.search(rf'value="{mentee.pk}" id="id_mentees_\d+" checked', html)
    assert not Mentorship.objects.exists() and not MentorshipMember.objects.exists()


def test_people_without_consent_are_not_offered(client, org, curator):
    make_mentor(org, curator)
    withdrawn = make_mentee(org, curator, "Отозвавшая")
    people.consent_withdraw(consent=withdrawn.person.consents.get(), actor=curator)
    client.force_login(curator)
    html = client.get(reverse("pairing:create")).content.decode()
    assert "Наставникова" in html and "Отозвавшая" not in html


def test_the_mentor_sees_their_mentees_work_data_only(client, org, curator):
    mentor_user, mentee_user = member(org, Role.MENTOR), member(org, Role.MENTEE)
    pupil_form = MentoringForm.objects.get(organization=None, name="Студент – ученик")
    mentor = make_mentor(org, curator, user=mentor_user, forms=[pupil_form], kind=Person.Kind.GRADUATE)
    category = MenteeCategory.objects.filter(audience=MenteeCategory.Audience.STUDENTS).first()
    pupil = make_person(
        org,
        curator,
        "Ученикова",
        kind=Person.Kind.STUDENT,
        birth_date=date(2013, 3, 28),
        school_class="7в",
        phone="89120000001",
        parent_name="Ученикова Ольга Петровна",
        parent_phone="89120000002",
        consent=False,
        user=mentee_user,
    )
    people.consent_record(
        person=pupil, actor=curator, given_on=date(2026, 9, 1), signed_by="parent", representative="Ученикова О.П."
    )
    mentee = people.mentee_profile_save(
        person=pupil, actor=curator, requests="Подготовка к олимпиаде", categories=[category]
    )
    pair = make_pair(org, curator, mentor, [mentee], form=pupil_form)
    client.force_login(mentor_user)
    for url in (reverse("pairing:my"), pair.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "Ученикова Анна Сергеевна" in html and "7В" in html and "Подготовка к олимпиаде" in html
        for secret in ("28.03.2013", "2013-03-28", "+7 (912) 000-00-01", "Ученикова Ольга", "000-00-02", category.name):
            assert secret not in html, (url, secret)
    assert client.get(reverse("participants:person-detail", args=[pupil.pk])).status_code == 403
    # The mentee sees their own pair and mentor, not the base.
    client.force_login(mentee_user)
    html = client.get(pair.get_absolute_url()).content.decode()
    assert "Наставникова Анна Сергеевна" in html and "Методика урока" in html


def test_a_mentee_of_a_group_is_never_given_the_other_childrens_data(client, org, curator):
    mentee_user = member(org, Role.MENTEE)
    me = make_mentee(org, curator, "Участникова", user=mentee_user)
    other = make_mentee(org, curator, "Соседова")
    group = make_pair(org, curator, make_mentor(org, curator, max_mentees=3), [me, other])
    client.force_login(mentee_user)
    for url in (reverse("pairing:my"), group.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Соседова" not in html, url
    mine = client.get(reverse("pairing:my")).context["mentorships"][0]
    assert [m.mentee.person.last_name for m in mine.current_members] == ["Участникова"]  # not even loaded
    assert mine.kind_label == "Группа"  # a count, without names


def test_a_pair_is_hidden_from_mentors_and_mentees_outside_it(client, org, other_org, curator):
    stranger_mentor = member(org, Role.MENTOR)
    make_mentor(org, curator, "Посторонний", user=stranger_mentor)
    group = make_pair(
        org,
        curator,
        make_mentor(org, curator, max_mentees=3),
        [make_mentee(org, curator, "Первая", user=member(org, Role.MENTEE)), make_mentee(org, curator, "Вторая")],
    )
    client.force_login(stranger_mentor)
    assert client.get(group.get_absolute_url()).status_code == 404
    client.force_login(member(other_org, Role.DIRECTOR))
    assert client.get(group.get_absolute_url()).status_code == 404
    # A mentee of a group sees their mentor, not the other children of the group.
    first = group.members.get(mentee__person__last_name="Первая").mentee.person.user
    client.force_login(first)
    html = client.get(group.get_absolute_url()).content.decode()
    assert "Первая Анна" in html and "Вторая Анна" not in html


def test_closing_a_pair_in_the_browser_form(client, org, curator):
    pair = at_work(make_pair(org, curator, make_mentor(org, curator), [make_mentee(org, curator)]))
    client.force_login(curator)
    url = reverse("pairing:close", args=[pair.pk])
    response = client.post(url, {"status": "terminated", "ended_on": timezone.localdate().isoformat()})
    assert response.status_code == 200 and "Укажите причину" in response.content.decode()
    response = client.post(
        url, {"status": "terminated", "ended_on": timezone.localdate().isoformat(), "end_reason": "Увольнение"}
    )
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == Mentorship.Status.TERMINATED
    assert client.get(reverse("pairing:edit", args=[pair.pk])).status_code == 403


def test_the_pair_list_runs_a_constant_number_of_queries(client, org, curator, django_assert_num_queries):
    client.force_login(curator)

    def add(i):
        make_pair(
            org,
            curator,
            make_mentor(org, curator, f"Наставник{i}", max_mentees=2),
            [make_mentee(org, curator, f"Первый{i}"), make_mentee(org, curator, f"Второй{i}")],
        )

    add(0)
    with django_assert_num_queries(8):
        assert client.get(reverse("pairing:list")).status_code == 200
    for i in range(1, 25):
        add(i)
    with django_assert_num_queries(8):
        response = client.get(reverse("pairing:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Наставник24" in html and "Второй24" in html


def test_without_pair_filters_in_the_bases_and_the_export(client, org, curator):
    mentor = make_mentor(org, curator)
    paired = make_mentee(org, curator, "Впаре")
    make_mentee(org, curator, "Безпары")
    make_mentor(org, curator, "Свободный")
    make_pair(org, curator, mentor, [paired])
    client.force_login(curator)
    html = client.get(reverse("participants:mentee-list"), {"pair": "no"}).content.decode()
    assert "Безпары" in html and "Впаре" not in html
    html = client.get(reverse("participants:mentee-list"), {"pair": "yes"}).content.decode()
    assert "Впаре" in html and "Безпары" not in html
    html = client.get(reverse("participants:mentor-list"), {"pair": "no"}).content.decode()
    assert "Свободный" in html and "Наставникова" not in html
    sheet = load_workbook(BytesIO(client.get(reverse("pairing:export")).content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "Наставникова Анна Сергеевна" in values and any("Впаре Анна Сергеевна" in str(v) for v in values)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "наставляемый в базе без пары" in dashboard


def test_the_list_shows_working_pairs_first_and_searches_by_name(client, org, curator):
    working = make_pair(org, curator, make_mentor(org, curator, "Работающий"), [make_mentee(org, curator, "Ищемая")])
    closed = make_pair(org, curator, make_mentor(org, curator, "Закончивший"), [make_mentee(org, curator, "Другая")])
    services.mentorship_close(
        mentorship=at_work(closed), actor=curator, status="finished", ended_on=timezone.localdate() - timedelta(days=1)
    )
    client.force_login(curator)
    html = client.get(reverse("pairing:list")).content.decode()
    assert "Работающий" in html and "Закончивший" not in html
    html = client.get(reverse("pairing:list"), {"status": "", "q": "ищемая"}).content.decode()
    assert working.mentor.person.full_name in html and "Закончивший" not in html


def test_the_demo_has_pairs_for_the_demo_accounts(demo_documents, client):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    client.force_login(users.get(username="mentor"))
    html = client.get(reverse("pairing:my")).content.decode()
    assert "Белова Анна Дмитриевна" in html
    client.force_login(users.get(username="mentee"))
    assert "Кузнецов Павел Игоревич" in client.get(reverse("pairing:my")).content.decode()
    assert Mentorship.objects.filter(organization__slug="staritsa").current().count() == 2
    # Loading twice changes nothing.
    from pairing.demo import load_demo_pairs

    assert load_demo_pairs() == 0


def test_a_persons_card_lists_their_pairs(client, org, curator):
    mentor = make_mentor(org, curator)
    mentee = make_mentee(org, curator)
    make_pair(org, curator, mentor, [mentee])
    client.force_login(curator)
    html = client.get(reverse("participants:person-detail", args=[mentor.person.pk])).content.decode()
    assert "Наставник: пара, 1 наставляемый" in html
    html = client.get(reverse("participants:person-detail", args=[mentee.person.pk])).content.decode()
    assert "Наставляемый, наставник — Наставникова Анна Сергеевна" in html
    alone = make_person(org, curator, "Одинокая")
    html = client.get(reverse("participants:person-detail", args=[alone.pk])).content.decode()
    assert "Не состоит ни в одной паре или группе." in html


def test_a_mentor_no_longer_sees_mentees_who_left_or_pairs_that_ended(client, org, curator):
    mentor_user = member(org, Role.MENTOR)
    mentor = make_mentor(org, curator, user=mentor_user, max_mentees=3)
    leaving, staying = make_mentee(org, curator, "Ушедшая"), make_mentee(org, curator, "Оставшаяся")
    group = make_pair(org, curator, mentor, [leaving, staying])
    people.consent_withdraw(consent=leaving.person.consents.get(), actor=curator)
    client.force_login(mentor_user)
    for url in (group.get_absolute_url(), reverse("pairing:my")):
        html = client.get(url).content.decode()
        assert "Оставшаяся" in html and "Ушедшая" not in html, url
    services.mentorship_close(
        mentorship=at_work(group), actor=curator, status="finished", ended_on=timezone.localdate()
    )
    for url in (group.get_absolute_url(), reverse("pairing:my")):
        html = client.get(url).content.decode()
        assert "Оставшаяся" not in html and "Дисциплина на уроке" not in html, url
    # The curator still sees who was in the pair when it ended.
    client.force_login(curator)
    html = client.get(reverse("pairing:list"), {"status": ""}).content.decode()
    assert "Оставшаяся Анна Сергеевна" in html and "Ушедшая" not in html


def test_the_default_status_filter_holds_on_every_page(client, org, curator, settings):
    from pairing import views

    for i in range(3):
        make_pair(
            org, curator, make_mentor(org, curator, f"Наставник{i}"), [make_mentee(org, curator, f"Наставляемая{i}")]
        )
    closed = Mentorship.objects.first()
    services.mentorship_close(
        mentorship=at_work(closed), actor=curator, status="finished", ended_on=timezone.localdate()
    )
    client.force_login(curator)
    original, views.PER_PAGE = views.PER_PAGE, 1
    try:
        first = client.get(reverse("pairing:list")).context["page_obj"].paginator.count
        second = client.get(reverse("pairing:list"), {"page": 2}).context["page_obj"].paginator.count
        everything = client.get(reverse("pairing:list"), {"status": "", "page": 2}).context["page_obj"].paginator.count
    finally:
        views.PER_PAGE = original
    assert (first, second, everything) == (2, 2, 3)
    sheet = load_workbook(BytesIO(client.get(reverse("pairing:export")).content)).active
    assert sum(1 for row in sheet.iter_rows(values_only=True) if row[0] in (1, 2, 3)) == 2


def test_a_pair_formed_ahead_of_its_start_says_when_it_begins(client, org, curator):
    from datetime import timedelta

    later = timezone.localdate() + timedelta(days=2)
    make_pair(org, curator, make_mentor(org, curator), [make_mentee(org, curator)], started_on=later)
    client.force_login(curator)
    response = client.get(reverse("pairing:list"))
    assert response.status_code == 200
    assert f"начнёт работу {later:%d.%m.%Y}" in response.content.decode().lower()


def test_a_student_mentor_shows_their_class_in_the_pairs_list_and_the_mentors_base(client, org, curator):
    from participants.models import Person

    pupils = MentoringForm.objects.get(organization=None, name="Ученик – ученик")
    mentor = make_mentor(
        org,
        curator,
        "Старшеклассник",
        forms=[pupils],
        kind=Person.Kind.STUDENT,
        birth_date=date(2008, 3, 1),
        school_class="11Б",
        parent_name="Старшеклассникова Ирина Петровна",
    )
    child = make_person(
        org,
        curator,
        "Младшая",
        kind=Person.Kind.STUDENT,
        birth_date=date(2013, 3, 1),
        school_class="6А",
        parent_name="Младшая Ольга Ивановна",
        consent=False,
    )
    people.consent_record(
        person=child, actor=curator, given_on=date(2026, 9, 1), signed_by="parent", representative="Младшая О.И."
    )
    mentee = people.mentee_profile_save(person=child, actor=curator, requests="Адаптация")
    at_work(make_pair(org, curator, mentor, [mentee], form=pupils))
    client.force_login(curator)
    assert "11Б" in client.get(reverse("participants:mentor-list")).content.decode()
    from django.utils import timezone

    from mentoring_site.printing import render_body

    html = render_body("pairing.working_pairs", org, None, timezone.localdate())
    assert "обучающийся, 11Б" in html


def test_my_pairs_list_the_current_pairs_before_the_ended_ones(client, org, curator):
    """«Мои пары»: a pair being formed comes before last year's finished one (statuses are not sorted
    as words: «finished» < «forming»)."""
    mentor_user = member(org, Role.MENTOR)
    mentor = make_mentor(org, curator, user=mentor_user, max_mentees=3)
    old = make_pair(org, curator, mentor, [make_mentee(org, curator, "Прошлогодняя")], started_on=date(2025, 9, 15))
    services.mentorship_close(
        mentorship=at_work(old), actor=curator, status=Mentorship.Status.FINISHED, ended_on=date(2026, 5, 29)
    )
    new = make_pair(org, curator, mentor, [make_mentee(org, curator, "Нынешняя")])
    client.force_login(mentor_user)
    listed = [m.pk for m in client.get(reverse("pairing:my")).context["mentorships"]]
    assert listed == [new.pk, old.pk]
