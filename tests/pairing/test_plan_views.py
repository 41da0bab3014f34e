"""Pages of individual plans: the table from the template rows, the refusals, who sees what, the PDF,
the dashboard, constant queries."""

import re
import subprocess
from datetime import date

import pytest
from django.urls import reverse

from organizations.roles import Role
from pairing.models import IndividualPlan, PlanItem
from pairing.plans import plan_approve, plan_save, plan_submit
from participants import services as people
from tests.factories import MembershipFactory, member
from tests.pairing.helpers import make_mentee, make_mentor, make_pair

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def pair(org, curator, mentor, mentee):
    """A teachers' pair of the accounts ``mentor`` and ``mentee`` (15.09.2026 – 31.05.2027)."""
    profile = make_mentee(org, curator, "Белова", user=mentee)
    people.mentee_profile_save(
        person=profile.person, actor=curator, requests="Дисциплина на уроке\nРабота с родителями"
    )
    teacher = make_mentor(org, curator, "Кузнецова", user=mentor)
    return make_pair(org, curator, teacher, [profile], planned_end_on=date(2027, 5, 31))


def _rows(n):
    return [
        {"goal": f"Цель {i}", "task": f"Задача {i}", "activity": f"Мероприятие {i}", "due_on": date(2026, 12, i)}
        for i in range(1, n + 1)
    ]


def _plan(pair, mentor, n=2, **fields):
    data = {"kind": IndividualPlan.Kind.ROUTE, "deficits": "Дисциплина на уроке", "goals": "Освоить приёмы урока"}
    data.update(fields)
    return plan_save(plan=IndividualPlan(mentorship=pair), actor=mentor, items=_rows(n), **data)


def _management(total, initial=0):
    return {
        "items-TOTAL_FORMS": str(total),
        "items-INITIAL_FORMS": str(initial),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "100",
    }


def _new_plan_post(**rows):
    """The new-plan form as the browser sends it: two template rows (goals from the requests) and one
    empty row; ``rows`` fills some fields (``"items-0-task": …``)."""
    data = {
        "kind": "route",
        "deficits": "Дисциплина на уроке\nРабота с родителями",
        "goals": "Освоить приёмы урока",
        "expected_results": "",
        **_management(3),
        "items-0-goal": "Дисциплина на уроке",
        "items-1-goal": "Работа с родителями",
    }
    data.update(rows)
    return data


def test_the_new_plan_shows_the_requests_as_template_rows(client, pair, mentor):
    client.force_login(mentor)
    html = client.get(reverse("pairing:plan-create", args=[pair.pk])).content.decode()
    assert "Строки-заготовки" in html
    assert re.search(r'<textarea name="items-0-goal"[^>]*>\s*Дисциплина на уроке</textarea>', html)
    assert re.search(r'<textarea name="items-1-goal"[^>]*>\s*Работа с родителями</textarea>', html)
    assert re.search(r'<textarea name="items-2-goal"[^>]*>\s*</textarea>', html)  # and one empty row
    assert 'name="items-TOTAL_FORMS" value="3"' in html
    assert '<option value="route" selected>' in html  # a teacher's plan: an ИОМ


def test_the_mentor_saves_the_filled_rows_and_untouched_template_rows_are_skipped(client, pair, mentor):
    client.force_login(mentor)
    data = _new_plan_post(
        **{"items-0-task": "Освоить приёмы", "items-0-activity": "Посещение уроков", "items-0-due_on": "2026-12-01"}
    )
    response = client.post(reverse("pairing:plan-create", args=[pair.pk]), data)
    plan = IndividualPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("pairing:plan-detail", args=[plan.pk])
    assert list(plan.items.values_list("goal", "task", "due_on")) == [
        ("Дисциплина на уроке", "Освоить приёмы", date(2026, 12, 1))
    ]
    assert plan.kind == "route" and plan.status == "draft"


def test_a_date_after_the_planned_end_re_renders_the_form_and_saves_nothing(client, pair, mentor):
    client.force_login(mentor)
    data = _new_plan_post(
        **{"items-0-task": "Открытый урок", "items-0-activity": "Урок в 7А", "items-0-due_on": "2027-06-15"}
    )
    response = client.post(reverse("pairing:plan-create", args=[pair.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Срок 15.06.2027 позже планового окончания работы пары (31.05.2027)." in html
    assert "Урок в 7А" in html  # what was typed stays
    assert not IndividualPlan.objects.exists() and not PlanItem.objects.exists()


def test_a_half_filled_row_is_refused(client, pair, mentor):
    client.force_login(mentor)
    response = client.post(reverse("pairing:plan-create", args=[pair.pk]), _new_plan_post(**{"items-2-task": "Одна"}))
    assert response.status_code == 200 and "Мероприятия плана, строка 3" in response.content.decode()
    assert not IndividualPlan.objects.exists()


def test_a_forged_row_count_is_refused(client, pair, mentor):
    client.force_login(mentor)
    data = _new_plan_post(**_management(5000))
    response = client.post(reverse("pairing:plan-create", args=[pair.pk]), data)
    assert response.status_code == 200 and "не больше 100 строк" in response.content.decode()
    assert not IndividualPlan.objects.exists()


def test_the_mentee_reads_the_plan_and_cannot_write_it(client, pair, mentor, mentee):
    plan = _plan(pair, mentor)
    client.force_login(mentee)
    html = client.get(reverse("pairing:plan-detail", args=[plan.pk])).content.decode()
    assert "Освоить приёмы урока" in html and "Задача 2" in html and "01.12.2026" in html
    assert reverse("pairing:plan-edit", args=[plan.pk]) not in html and "На утверждение" not in html
    assert client.get(reverse("pairing:plan-edit", args=[plan.pk])).status_code == 403
    assert client.post(reverse("pairing:plan-submit", args=[plan.pk])).status_code == 403
    my = client.get(reverse("pairing:my")).content.decode()  # «Мои пары» names the plan
    assert reverse("pairing:plan-detail", args=[plan.pk]) in my
    pair_page = client.get(pair.get_absolute_url()).content.decode()
    assert reverse("pairing:plan-detail", args=[plan.pk]) in pair_page and "Составить план" not in pair_page


def test_in_a_group_a_mentee_sees_the_groups_plan_and_their_own_only(client, org, curator, mentor, mentee):
    first = make_mentee(org, curator, "Первая", user=mentee)
    second = make_mentee(org, curator, "Вторая")
    group = make_pair(org, curator, make_mentor(org, curator, user=mentor, max_mentees=3), [first, second])
    whole = _plan(group, mentor)
    own = plan_save(plan=IndividualPlan(mentorship=group, mentee=first), actor=mentor, items=_rows(1))
    other = plan_save(plan=IndividualPlan(mentorship=group, mentee=second), actor=mentor, items=_rows(1))
    client.force_login(mentee)
    for plan, status in ((whole, 200), (own, 200), (other, 404)):
        assert client.get(reverse("pairing:plan-detail", args=[plan.pk])).status_code == status
        assert client.get(reverse("pairing:plan-pdf", args=[plan.pk])).status_code == status


def test_the_submit_approve_and_return_buttons(client, pair, mentor, director, curator):
    plan = _plan(pair, mentor)
    client.force_login(mentor)
    response = client.post(reverse("pairing:plan-submit", args=[plan.pk]), follow=True)
    assert "План отправлен на утверждение директору." in response.content.decode()
    client.force_login(curator)  # an ИОМ is the director's
    assert client.post(reverse("pairing:plan-approve", args=[plan.pk])).status_code == 403
    client.force_login(director)
    html = client.get(reverse("pairing:plan-detail", args=[plan.pk])).content.decode()
    assert "Утвердить" in html and "Вернуть на доработку" in html
    response = client.post(reverse("pairing:plan-return", args=[plan.pk]), {"comment": ""}, follow=True)
    assert "Не возвращено: напишите, что исправить" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == "review"
    client.post(reverse("pairing:plan-return", args=[plan.pk]), {"comment": "Добавьте открытый урок."})
    plan.refresh_from_db()
    assert (plan.status, plan.return_comment) == ("draft", "Добавьте открытый урок.")
    client.force_login(mentor)
    assert "Добавьте открытый урок." in client.get(reverse("pairing:plan-edit", args=[plan.pk])).content.decode()


def test_the_mentor_marks_an_approved_plan_done_with_evidence(client, pair, mentor, director):
    plan = _plan(pair, mentor)
    plan_submit(plan=plan, actor=mentor)
    plan_approve(plan=plan, actor=director)
    first, second = plan.items.all()
    client.force_login(mentor)
    page = client.get(reverse("pairing:plan-edit", args=[plan.pk])).content.decode()
    assert "Выполнение плана" in page and "Сохранить отметки" in page
    data = {
        f"status_{first.pk}": "done",
        f"evidence_{first.pk}": "Протокол посещения урока",
        f"status_{second.pk}": "not_done",
        f"evidence_{second.pk}": "",
        "results": "Освоены приёмы дисциплины",
    }
    response = client.post(reverse("pairing:plan-edit", args=[plan.pk]), data, follow=True)
    assert "План остаётся утверждённым." in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == "approved" and plan.results == "Освоены приёмы дисциплины"
    assert list(plan.items.values_list("status", "evidence")) == [
        ("done", "Протокол посещения урока"),
        ("not_done", ""),
    ]


def _pdf_text(client, plan, tmp_path):
    response = client.get(reverse("pairing:plan-pdf", args=[plan.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "plan.pdf"
    path.write_bytes(response.content)
    raw = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout  # noqa: S603,S607
    return " ".join(raw.replace("\u00ad", "").replace("\u2010\n", "").split())


def test_the_pdf_holds_the_goals_tasks_and_dates_and_its_grif(client, pair, mentor, director, org, tmp_path):
    org.director_position, org.director_name = "Директор", "Демина Елена Ивановна"
    org.save()
    plan = _plan(pair, mentor, n=3)
    client.force_login(mentor)
    text = _pdf_text(client, plan, tmp_path)
    assert "Карта индивидуального образовательного маршрута педагога" in text
    assert "П Р О Е К Т" in text and "Освоить приёмы урока" in text  # «ПРОЕКТ» is letter-spaced
    for i in (1, 2, 3):
        assert f"Задача {i}" in text and f"Мероприятие {i}" in text and f"0{i}.12.2026" in text
    assert "Белова Анна Сергеевна" in text and "Страница 1 из" in text
    plan_submit(plan=plan, actor=mentor)
    plan_approve(plan=plan, actor=director)
    text = _pdf_text(client, plan, tmp_path)
    assert "П Р О Е К Т" not in text
    assert "«УТВЕРЖДАЮ»" in text and f"_____________ {director.short_name}" in text
    assert "20 ноября 2026 г." in text


def test_the_plan_page_reads_a_constant_number_of_queries(client, pair, mentor, django_assert_max_num_queries):
    client.force_login(mentor)
    small = _plan(pair, mentor, n=2)
    with django_assert_max_num_queries(12) as small_queries:
        client.get(reverse("pairing:plan-detail", args=[small.pk]))
    small.delete()
    big = _plan(pair, mentor, n=25)
    with django_assert_max_num_queries(len(small_queries.captured_queries)):
        assert client.get(reverse("pairing:plan-detail", args=[big.pk])).status_code == 200


def test_the_director_and_the_curator_see_the_plans_awaiting_them(pair, mentor, curator, director, org):
    iom = _plan(pair, mentor)
    plan_submit(plan=iom, actor=mentor)
    pupil_mentor_user = member(org, Role.MENTOR)
    other = make_pair(
        org, curator, make_mentor(org, curator, "Другая", user=pupil_mentor_user), [make_mentee(org, curator, "Ещё")]
    )
    personal = _plan(other, pupil_mentor_user, kind=IndividualPlan.Kind.PERSONAL)
    plan_submit(plan=personal, actor=pupil_mentor_user)

    def dashboard(user):
        from django.test import Client

        client = Client()
        client.force_login(user)
        return client.get(reverse("dashboard")).content.decode()

    iom_url, personal_url = (reverse("pairing:plan-detail", args=[p.pk]) for p in (iom, personal))
    html = dashboard(director)
    assert "Ждут вашего решения" in html and iom_url in html and personal_url not in html
    html = dashboard(curator)
    assert "Индивидуальные планы на утверждении" in html and personal_url in html and iom_url not in html
    assert "Ждут вашего решения" not in html
    # a curator who mentors: their pair's personal plan goes to the director
    MembershipFactory(organization=org, user=curator, role=Role.MENTOR)
    own_pair = make_pair(
        org, curator, make_mentor(org, curator, "Кураторова", user=curator), [make_mentee(org, curator, "Своя")]
    )
    own = _plan(own_pair, curator, kind=IndividualPlan.Kind.PERSONAL)
    plan_submit(plan=own, actor=curator)
    own_url = reverse("pairing:plan-detail", args=[own.pk])
    assert own_url in dashboard(director) and own_url not in dashboard(curator)


def test_the_directors_dashboard_reads_plans_in_constant_queries(
    client, org, curator, director, django_assert_max_num_queries
):
    def plan_in_review(n):
        user = member(org, Role.MENTOR)
        teacher = make_mentor(org, curator, f"Наставник{n}", user=user)
        pair = make_pair(org, curator, teacher, [make_mentee(org, curator, f"Молодая{n}")])
        plan_submit(plan=_plan(pair, user), actor=user)

    plan_in_review(0)
    client.force_login(director)
    with django_assert_max_num_queries(24) as one:  # the whole dashboard; what matters is that it does not grow
        client.get(reverse("dashboard"))
    for n in range(1, 6):
        plan_in_review(n)
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get(reverse("dashboard")).content.decode()
    assert html.count("Наставник Наставник") == 6


def test_the_history_shows_who_returned_the_plan_with_what_comment(client, pair, mentor, director):
    from pairing.plans import plan_return

    plan = _plan(pair, mentor)
    plan_submit(plan=plan, actor=mentor)
    plan_return(plan=plan, actor=director, comment="Добавьте открытый урок.")
    client.force_login(director)
    html = client.get(reverse("pairing:plan-history", args=[plan.pk])).content.decode()
    assert "Добавьте открытый урок." in html and director.full_name in html
    assert "Строка 1: Задача 1" in html  # the rows' own history
