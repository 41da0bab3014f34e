"""The pair's lifecycle: формируется → закреплена приказом (by signing the pairs order) → работает →
завершена / прекращена досрочно, or отменена while being formed; completion, cases, incentives."""

import re
import subprocess
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from documents import services as documents
from documents.models import Order
from documents.order_kinds import order_draft
from pairing import lifecycle, services
from pairing.models import Meeting, Mentorship, Nomination
from participants import services as people
from participants.models import Person
from programs.models import MentoringForm
from tests.pairing.helpers import (
    START,
    at_work,
    errors_of,
    make_mentee,
    make_mentor,
    make_pair,
    make_person,
    teacher_form,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def _pdf_text(client, order, tmp_path) -> str:
    path = tmp_path / "order.pdf"
    response = client.get(reverse("documents:order-pdf", args=[order.pk]))
    assert response.status_code == 200
    path.write_bytes(response.content)
    raw = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout  # noqa: S603,S607
    return re.sub(r"(?<=[а-яё])[-\u2010] (?=[а-яё])", "", " ".join(raw.split()))


def _fixed(pair):
    """A pair fixed by a signed order (as ``pairs_fix_by_order`` leaves it)."""
    Mentorship.objects.filter(pk=pair.pk).update(
        status=Mentorship.Status.FIXED, order_number="17-О", order_date=date(2026, 10, 1)
    )
    pair.refresh_from_db()
    return pair


# --- Lifecycle rules ----------------------------------------------------------------------------------


def test_a_new_pair_is_being_formed_and_is_edited_freely(org, curator):
    first, second = make_mentee(org, curator, "Первая"), make_mentee(org, curator, "Вторая")
    pair = make_pair(org, curator, make_mentor(org, curator), [first])
    assert pair.status == Mentorship.Status.FORMING and pair.status_label == "Формируется"
    services.mentorship_save(mentorship=pair, actor=curator, mentees=[second], goal="Другая цель")
    assert list(pair.members.filter(left_on__isnull=True).values_list("mentee", flat=True)) == [second.pk]


def test_cancelling_needs_a_reason_and_frees_the_mentees(org, curator, mentor):
    mentee = make_mentee(org, curator)
    pair = make_pair(org, curator, make_mentor(org, curator), [mentee])
    with pytest.raises(ValidationError, match="причину отмены"):
        lifecycle.mentorship_cancel(mentorship=pair, actor=curator, reason="  ")
    with pytest.raises(ValidationError, match="в будущем"):
        lifecycle.mentorship_cancel(
            mentorship=pair, actor=curator, reason="Ошибка", on=timezone.localdate() + timedelta(days=1)
        )
    with pytest.raises(ValidationError, match="куратор или директор"):
        lifecycle.mentorship_cancel(mentorship=pair, actor=mentor, reason="Ошибка")
    pair.refresh_from_db()
    assert pair.status == Mentorship.Status.FORMING  # nothing half-saved
    lifecycle.mentorship_cancel(mentorship=pair, actor=curator, reason="Наставляемая выбрала другого наставника")
    pair.refresh_from_db()
    assert (pair.status, pair.end_reason, pair.ended_on) == (
        Mentorship.Status.CANCELLED,
        "Наставляемая выбрала другого наставника",
        timezone.localdate(),
    )
    assert pair.members.get().left_reason == "Пара отменена"
    # The mentee is free again: a new pair with them is formed.
    make_pair(org, curator, make_mentor(org, curator, "Другой"), [mentee])
    with pytest.raises(ValidationError, match="только пару в статусе «Формируется»"):
        lifecycle.mentorship_cancel(mentorship=pair, actor=curator, reason="Ещё раз")


def test_a_pair_fixed_by_an_order_changes_only_through_a_new_order(client, org, curator):
    first, second = make_mentee(org, curator, "Первая"), make_mentee(org, curator, "Вторая")
    pair = _fixed(make_pair(org, curator, make_mentor(org, curator, max_mentees=3), [first]))
    assert pair.status_label == "Закреплена приказом от 01.10.2026 № 17-О"
    with pytest.raises(ValidationError, match="меняются только новым приказом"):
        services.mentorship_save(mentorship=pair, actor=curator, mentees=[first, second])
    with pytest.raises(ValidationError, match="прекращают досрочно"):
        lifecycle.mentorship_cancel(mentorship=pair, actor=curator, reason="Ошибка")
    assert pair.members.filter(left_on__isnull=True).count() == 1
    client.force_login(curator)
    page = client.get(pair.get_absolute_url()).content.decode()
    assert "меняются только новым приказом" in page and "Прекратить досрочно" in page
    assert reverse("pairing:edit", args=[pair.pk]) not in page
    response = client.get(reverse("pairing:edit", args=[pair.pk]), follow=True)
    assert "меняются только новым приказом" in response.content.decode()
    # Terminated early with the reason: the mentee may be paired again and fixed by the next order.
    url = reverse("pairing:close", args=[pair.pk])
    response = client.post(url, {"status": "terminated", "ended_on": timezone.localdate().isoformat()})
    assert "Укажите причину" in response.content.decode()
    client.post(
        url,
        {"status": "terminated", "ended_on": timezone.localdate().isoformat(), "end_reason": "Смена наставника"},
    )
    pair.refresh_from_db()
    assert pair.status == Mentorship.Status.TERMINATED
    new = make_pair(org, curator, make_mentor(org, curator, "Новый"), [first, second])
    assert new.status == Mentorship.Status.FORMING


def test_a_pair_formed_before_the_lifecycle_stays_editable(org, curator):
    first, second = make_mentee(org, curator, "Первая"), make_mentee(org, curator, "Вторая")
    pair = at_work(make_pair(org, curator, make_mentor(org, curator, max_mentees=3), [first]))
    services.mentorship_save(mentorship=pair, actor=curator, mentees=[first, second])
    assert pair.members.filter(left_on__isnull=True).count() == 2


def test_the_close_page_of_a_pair_being_formed_offers_to_cancel_it(client, org, curator):
    pair = make_pair(org, curator, make_mentor(org, curator), [make_mentee(org, curator)])
    client.force_login(curator)
    response = client.get(reverse("pairing:close", args=[pair.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("pairing:cancel", args=[pair.pk])
    response = client.post(reverse("pairing:cancel", args=[pair.pk]), {"reason": ""})
    assert response.status_code == 200 and "Обязательное поле" in response.content.decode()
    response = client.post(reverse("pairing:cancel", args=[pair.pk]), {"reason": "Ошибка формирования"})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == Mentorship.Status.CANCELLED


# --- The pairs order ---------------------------------------------------------------------------------


def _pupil(org, curator, last_name, school_class):
    """A mentee of 14 (born 2012): the consent signed by the pupil and the parent."""
    person = make_person(
        org,
        curator,
        last_name,
        consent=False,
        kind=Person.Kind.STUDENT,
        birth_date=date(2012, 1, 1),
        school_class=school_class,
        parent_name="Родитель Ольга Ивановна",
    )
    people.consent_record(
        person=person, actor=curator, given_on=date(2026, 9, 1), signed_by="both", representative="Родитель О.И."
    )
    return people.mentee_profile_save(person=person, actor=curator, requests="Алгебра")


def _pupils_group(org, curator):
    pupils = MentoringForm.objects.get(organization=None, name="Ученик – ученик")
    mentor = make_mentor(
        org,
        curator,
        "Старшеклассников",
        first_name="Иван",
        patronymic="Петрович",
        forms=[pupils],
        kind=Person.Kind.STUDENT,
        birth_date=date(2008, 3, 1),
        school_class="11Б",
        parent_name="Старшеклассникова Ирина Петровна",
    )
    mentees = [_pupil(org, curator, name, "8А") for name in ("Младшая", "Младшева")]
    return make_pair(org, curator, mentor, mentees, form=pupils)


def test_the_pairs_order_lists_every_chosen_pair_and_signing_fixes_exactly_them(
    client, org, curator, director, tmp_path
):
    teacher_pair = make_pair(
        org,
        curator,
        make_mentor(org, curator, "Кузнецов", first_name="Павел", patronymic="Игоревич", position="Учитель физики"),
        [make_mentee(org, curator, "Белова", position="Учитель английского языка")],
    )
    group = _pupils_group(org, curator)
    not_chosen = make_pair(
        org, curator, make_mentor(org, curator, "Невыбранный"), [make_mentee(org, curator, "Ждущая")]
    )
    lifecycle.mentorships_to_order(organization=org, actor=curator, mentorships=[teacher_pair, group])
    order = documents.pairs_order_open(organization=org, actor=curator)
    assert order.kind == Order.Kind.PAIRS and order.appendices.get().kind == "pairing.pairs"
    # The points name the mentors, declined.
    assert (
        "Назначить наставниками Кузнецова Павла Игоревича, учителя физики; "
        "Старшеклассникова Ивана Петровича, обучающегося 11Б класса." in order.points
    )
    client.force_login(curator)
    text = _pdf_text(client, order, tmp_path)
    assert "Приложение 1" in text and "Список наставнических пар (групп), закрепляемых" in text
    for name in (
        "Кузнецов Павел Игоревич",
        "Белова Анна Сергеевна",
        "Старшеклассников Иван Петрович",
        "Младшая Анна Сергеевна",
        "Младшева Анна Сергеевна",
    ):
        assert name in text, name
    assert "Учитель – учитель" in text and "Ученик – ученик" in text and "с 15.09.2026" in text
    assert "Невыбранный" not in text and "Ждущая" not in text
    assert "Всего: 2 пары (группы), наставляемых — 3." in text
    # A mentee's position or class under the name, as the mentor's: never «— Учитель …» mid-sentence.
    assert "— Учитель" not in text and "Учитель английского языка" in text and "обучающийся," in text

    documents.order_submit(order=order, actor=curator)
    # A pair formed after the order was printed and sent for signature is not in its list: it waits.
    late = make_pair(org, curator, make_mentor(org, curator, "Поздний"), [make_mentee(org, curator, "Поздняя")])
    with pytest.raises(ValidationError, match="на подписи у директора"), transaction.atomic():
        lifecycle.mentorships_to_order(organization=org, actor=curator, mentorships=[late])
        documents.pairs_order_open(organization=org, actor=curator)
    late.refresh_from_db()
    assert not late.for_order  # the refusal undid the choice
    order = documents.order_sign(order=order, actor=director)
    signed = order.appendices.get().signed_html
    for pair in (teacher_pair, group, not_chosen, late):
        pair.refresh_from_db()
    assert teacher_pair.status == group.status == Mentorship.Status.FIXED
    assert (group.order_number, group.order_date) == (order.number, order.date)
    assert group.status_label == f"Закреплена приказом от {order.date:%d.%m.%Y} № {order.number}"
    assert not_chosen.status == late.status == Mentorship.Status.FORMING
    assert "Кузнецов Павел Игоревич" in signed and "Поздний" not in signed and "Невыбранный" not in signed
    # The next order lists the pair formed later, and only it.
    lifecycle.mentorships_to_order(organization=org, actor=curator, mentorships=[late])
    following = documents.pairs_order_open(organization=org, actor=curator)
    assert following.pk != order.pk
    assert "Поздний" in following.points and "Кузнецов" not in following.points


def test_a_pair_cancelled_before_signing_is_neither_printed_nor_fixed(org, curator, director):
    kept = make_pair(org, curator, make_mentor(org, curator, "Оставшийся"), [make_mentee(org, curator, "Первая")])
    dropped = make_pair(org, curator, make_mentor(org, curator, "Отменённый"), [make_mentee(org, curator, "Вторая")])
    lifecycle.mentorships_to_order(organization=org, actor=curator, mentorships=[kept, dropped])
    order = documents.pairs_order_open(organization=org, actor=curator)
    documents.order_submit(order=order, actor=curator)
    lifecycle.mentorship_cancel(mentorship=dropped, actor=curator, reason="Наставник уволился")
    order = documents.order_sign(order=order, actor=director)
    kept.refresh_from_db()
    dropped.refresh_from_db()
    assert kept.status == Mentorship.Status.FIXED and dropped.status == Mentorship.Status.CANCELLED
    assert "Оставшийся" in order.appendices.get().signed_html and "Отменённый" not in order.appendices.get().signed_html


def test_only_pairs_being_formed_go_to_the_order(org, curator, mentor):
    working = at_work(make_pair(org, curator, make_mentor(org, curator), [make_mentee(org, curator)]))
    with pytest.raises(ValidationError, match="только пары в статусе «Формируется»"):
        lifecycle.mentorships_to_order(organization=org, actor=curator, mentorships=[working])
    with pytest.raises(ValidationError, match="Отметьте пары"):
        lifecycle.mentorships_to_order(organization=org, actor=curator, mentorships=[])
    forming = make_pair(org, curator, make_mentor(org, curator, "Второй"), [make_mentee(org, curator, "Вторая")])
    with pytest.raises(ValidationError, match="куратор или директор"):
        lifecycle.mentorships_to_order(organization=org, actor=mentor, mentorships=[forming])
    assert not Mentorship.objects.filter(for_order=True).exists()


def test_the_board_sends_checked_pairs_to_the_draft_order_and_opens_it_again(client, org, curator):
    first = make_pair(
        org,
        curator,
        make_mentor(org, curator, "Петров", first_name="Пётр", patronymic="Ильич"),
        [make_mentee(org, curator, "Первая")],
    )
    second = make_pair(
        org,
        curator,
        make_mentor(org, curator, "Сидоров", first_name="Олег", patronymic="Ильич"),
        [make_mentee(org, curator, "Вторая")],
    )
    client.force_login(curator)
    response = client.post(reverse("pairing:board-action"), {"action": "order", "pairs": [first.pk]})
    order = Order.objects.get(organization=org, kind=Order.Kind.PAIRS)
    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    response = client.post(reverse("pairing:board-action"), {"action": "order", "pairs": [second.pk]})
    assert response["Location"] == order.get_absolute_url()  # the same draft, its points drafted again
    order.refresh_from_db()
    assert "Петрова Петра Ильича" in order.points and "Сидорова Олега Ильича" in order.points
    assert Order.objects.filter(kind=Order.Kind.PAIRS).count() == 1
    # Taken out of the order from the pair's page.
    client.post(reverse("pairing:out-of-order", args=[second.pk]))
    second.refresh_from_db()
    assert not second.for_order and second.status == Mentorship.Status.FORMING


# --- Completion --------------------------------------------------------------------------------------


def test_closing_records_the_final_meeting_the_result_and_both_reflections(client, org, curator):
    pair = at_work(make_pair(org, curator, make_mentor(org, curator), [make_mentee(org, curator)]))
    client.force_login(curator)
    url = reverse("pairing:close", args=[pair.pk])
    today = timezone.localdate().isoformat()
    response = client.post(url, {"status": "finished", "ended_on": today, "final_meeting": "on"})
    assert "Опишите итоги работы" in response.content.decode()
    assert not Meeting.objects.exists()  # nothing half-saved
    response = client.post(
        url,
        {
            "status": "finished",
            "ended_on": today,
            "result": "Цель 1: открытый урок проведён.",
            "mentor_reflection": "Наставляемая выросла.",
            "mentee_reflection": "Стало легче на уроках.",
            "final_meeting": "on",
        },
    )
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == Mentorship.Status.FINISHED and pair.result == "Цель 1: открытый урок проведён."
    assert (pair.mentor_reflection, pair.mentee_reflection) == ("Наставляемая выросла.", "Стало легче на уроках.")
    meeting = Meeting.objects.get(mentorship=pair)
    assert (meeting.kind, meeting.status, meeting.date) == (
        Meeting.Kind.FINAL,
        Meeting.Status.HELD,
        timezone.localdate(),
    )
    assert list(meeting.present.all()) == [pair.members.get().mentee]
    assert pair.last_meeting_on == timezone.localdate()
    page = client.get(pair.get_absolute_url()).content.decode()
    assert "Цель 1: открытый урок проведён." in page and "Стало легче на уроках." in page


def test_closing_with_bad_input_says_why(org, curator):
    pair = at_work(make_pair(org, curator, make_mentor(org, curator), [make_mentee(org, curator)]))
    cases = [
        ({"status": "terminated"}, "причину досрочного прекращения"),
        ({"status": "finished", "ended_on": timezone.localdate() + timedelta(days=1)}, "в будущем"),
        ({"status": "finished", "ended_on": START - timedelta(days=1)}, "раньше начала"),
        ({"status": "cancelled"}, "завершена или прекращена"),
    ]
    for fields, message in cases:
        data = {"ended_on": timezone.localdate(), **fields}
        with pytest.raises(ValidationError) as error:
            services.mentorship_close(mentorship=pair, actor=curator, final_meeting=True, **data)
        assert message in errors_of(error.value), fields
    pair.refresh_from_db()
    assert pair.is_current and not Meeting.objects.exists()


def test_closing_at_the_year_end_is_all_or_nothing(client, org, curator):
    working = [
        at_work(
            make_pair(org, curator, make_mentor(org, curator, f"Работающий{i}"), [make_mentee(org, curator, f"М{i}")])
        )
        for i in range(2)
    ]
    forming = make_pair(org, curator, make_mentor(org, curator, "Формирующийся"), [make_mentee(org, curator, "Ф")])
    client.force_login(curator)
    ended_on = timezone.localdate().isoformat()
    response = client.post(
        reverse("pairing:board-action"),
        {"action": "year_end", "ended_on": ended_on, "pairs": [p.pk for p in [*working, forming]]},
        follow=True,
    )
    assert "её отменяют, а не завершают" in response.content.decode()
    assert Mentorship.objects.filter(status=Mentorship.Status.FINISHED).count() == 0
    response = client.post(
        reverse("pairing:board-action"),
        {"action": "year_end", "ended_on": ended_on, "pairs": [p.pk for p in working]},
        follow=True,
    )
    assert "пар и групп: 2" in response.content.decode()
    for pair in working:
        pair.refresh_from_db()
        assert pair.status == Mentorship.Status.FINISHED and pair.result == lifecycle.YEAR_END_RESULT
        assert not pair.members.filter(left_on__isnull=True).exists()
    with pytest.raises(ValidationError, match="в будущем"):
        lifecycle.mentorships_close_year_end(
            organization=org, actor=curator, mentorships=[forming], ended_on=timezone.localdate() + timedelta(days=3)
        )


# --- Cases -------------------------------------------------------------------------------------------


def _finished(org, curator, mentor_name, mentee_name, *, publication, pupils=False):
    """A finished pair: two teachers, or (``pupils``) a pupil of 11Б and one of 8А."""
    if pupils:
        form = MentoringForm.objects.get(organization=None, name="Ученик – ученик")
        student = {"kind": Person.Kind.STUDENT, "parent_name": "Родитель Ольга Ивановна"}
        mentor = make_mentor(
            org, curator, mentor_name, forms=[form], birth_date=date(2008, 3, 1), school_class="11Б", **student
        )
        mentee = _pupil(org, curator, mentee_name, "8А")
    else:
        form = teacher_form()
        mentor = make_mentor(org, curator, mentor_name, position="Учитель математики")
        mentee = make_mentee(org, curator, mentee_name, position="Учитель истории")
    if publication:
        for person in (mentor.person, mentee.person):
            consent = person.consents.get()
            consent.publication = True
            consent.save()
    pair = make_pair(org, curator, mentor, [mentee], form=form)
    services.mentorship_close(
        mentorship=at_work(pair), actor=curator, status="finished", ended_on=timezone.localdate(), result="Итог"
    )
    return pair


def test_a_case_is_marked_on_a_finished_pair_only_and_needs_a_title_and_summary(org, curator):
    forming = make_pair(org, curator, make_mentor(org, curator), [make_mentee(org, curator)])
    with pytest.raises(ValidationError) as error:
        lifecycle.mentorship_set_case(mentorship=forming, actor=curator, is_case=True, case_title="Т", case_summary="С")
    assert "только завершённую пару" in errors_of(error.value)
    pair = _finished(org, curator, "Математиков", "Восьмиклассница", publication=False)
    with pytest.raises(ValidationError) as error:
        lifecycle.mentorship_set_case(mentorship=pair, actor=curator, is_case=True, case_title=" ", case_summary="")
    assert "Назовите кейс" in errors_of(error.value) and "Опишите" in errors_of(error.value)
    lifecycle.mentorship_set_case(
        mentorship=pair, actor=curator, is_case=True, case_title="Алгебра без страха", case_summary="Разбор задач"
    )
    pair.refresh_from_db()
    assert pair.is_case and pair.case_title == "Алгебра без страха"


def test_the_cases_page_names_participants_only_with_their_publication_consent(client, org, curator, mentor, mentee):
    hidden = _finished(org, curator, "Скрытов", "Скрытова", publication=False)
    pupils = _finished(org, curator, "Старший", "Младшая", publication=False, pupils=True)
    shown = _finished(org, curator, "Открытов", "Открытова", publication=True)
    cases = ((hidden, "Кейс без согласия"), (pupils, "Кейс учеников"), (shown, "Кейс с согласием"))
    for pair, title in cases:
        lifecycle.mentorship_set_case(
            mentorship=pair, actor=curator, is_case=True, case_title=title, case_summary="Опыт"
        )
    client.force_login(mentor)
    html = client.get(reverse("pairing:cases")).content.decode()
    assert "Кейс без согласия" in html and "Кейс с согласием" in html
    assert "Скрытов" not in html and "Старший" not in html and "Младшая" not in html
    assert "Наставник (учитель математики) и наставляемый (учитель истории)" in html
    assert "Наставник (11 класс) и наставляемый (8 класс)" in html
    assert "Открытов Анна Сергеевна и Открытова Анна Сергеевна" in html
    client.force_login(mentee)
    assert client.get(reverse("pairing:cases")).status_code == 403  # the staff's page


# --- Incentives --------------------------------------------------------------------------------------


def test_the_incentives_order_declines_the_nominees_and_signing_numbers_the_nominations(client, org, curator, director):
    year = make_mentor(org, curator, "Кузнецов", first_name="Павел", patronymic="Игоревич", position="Учитель физики")
    thanked = make_mentor(
        org, curator, "Ковалёва", first_name="Наталья", patronymic="Ивановна", position="Учитель русского языка"
    )
    with pytest.raises(ValidationError) as error:
        lifecycle.nomination_save(organization=org, actor=curator, mentor=year, kind="best_pair", reason=" ")
    assert "выберите пару" in errors_of(error.value) and "за что" in errors_of(error.value)
    client.force_login(curator)
    response = client.post(
        reverse("pairing:nominations"), {"mentor": year.pk, "kind": "mentor_of_year", "reason": "Открытый урок"}
    )
    assert response.status_code == 302
    lifecycle.nomination_save(organization=org, actor=curator, mentor=thanked, kind="gratitude", reason="Работа с ГИА")
    draft = order_draft(Order.Kind.INCENTIVES, org, timezone.localdate())
    points = "\n".join(draft.points)
    assert "Присвоить звание «Наставник года» Кузнецову Павлу Игоревичу, учителю физики." in points
    assert "Объявить благодарность Ковалёвой Наталье Ивановне, учителю русского языка" in points
    assert draft.appendices == [("pairing.nominations", None)]
    order = documents.order_create(
        organization=org,
        actor=curator,
        kind=Order.Kind.INCENTIVES,
        number="40-О",
        date=timezone.localdate(),
        title=draft.title,
        points=points,
        appendices=draft.appendices,
    )
    documents.order_submit(order=order, actor=curator)
    documents.order_sign(order=order, actor=director)
    assert set(Nomination.objects.values_list("order_number", "order_date")) == {("40-О", timezone.localdate())}
    later = lifecycle.nomination_save(organization=org, actor=curator, mentor=thanked, kind="certificate", reason="Ещё")
    assert later.order_number == ""  # waits for the next order
    with pytest.raises(ValidationError, match="уже объявлено приказом"):
        lifecycle.nomination_delete(nomination=Nomination.objects.get(kind="gratitude"), actor=curator)
    html = client.get(reverse("pairing:nominations")).content.decode()
    assert "№ 40-О" in html and "ждёт приказа" in html


# --- The board ---------------------------------------------------------------------------------------


def test_the_board_shows_columns_filters_and_counts_in_constant_queries(
    client, org, curator, django_assert_max_num_queries
):
    from pairing import board

    client.force_login(curator)

    def pairs(n, offset):
        for i in range(offset, offset + n):
            pair = make_pair(
                org, curator, make_mentor(org, curator, f"Наставник{i}"), [make_mentee(org, curator, f"Н{i}")]
            )
            if i % 3 == 1:
                _fixed(pair)
            elif i % 3 == 2:
                at_work(pair)

    pairs(3, 0)
    make_mentee(org, curator, "Безпары")
    url = reverse("pairing:board")
    with django_assert_max_num_queries(15) as few:
        html = client.get(url).content.decode()
    for title, _ in [(t, k) for k, t in board.COLUMNS]:
        assert title in html
    assert "Наставляемых без пары: <a" in html
    pairs(12, 3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
    # Filters: the 14-day flag (fixed and working pairs started over 14 days ago with no meeting).
    idle = client.get(url, {"idle": "on"}).content.decode()
    fixed = Mentorship.objects.get(mentor__person__last_name="Наставник1")
    forming = Mentorship.objects.get(mentor__person__last_name="Наставник0")
    assert "Нет встреч больше 14 дней" in idle
    assert f'data-pair="{fixed.pk}"' in idle and f'data-pair="{forming.pk}"' not in idle
    by_mentor = client.get(url, {"mentor": Mentorship.objects.get(mentor__person__last_name="Наставник4").mentor_id})
    four, five = (Mentorship.objects.get(mentor__person__last_name=f"Наставник{i}").pk for i in (4, 5))
    assert f'data-pair="{four}"' in by_mentor.content.decode()
    assert f'data-pair="{five}"' not in by_mentor.content.decode()


def test_the_board_counts_mentees_without_a_pair_and_mentors_with_free_places(org, curator):
    from pairing.board import board_counts

    make_pair(org, curator, make_mentor(org, curator, "Полный", max_mentees=1), [make_mentee(org, curator, "В паре")])
    make_mentor(org, curator, "Свободный", max_mentees=2)
    make_mentee(org, curator, "Одна")
    counts = board_counts(org, timezone.localdate())
    assert counts["without_pair"] == 1 and counts["free_mentors"] == 1


def test_consent_withdrawal_still_ends_pairs(org, curator):
    mentee = make_mentee(org, curator)
    pair = make_pair(org, curator, make_mentor(org, curator), [mentee])
    people.consent_withdraw(consent=mentee.person.consents.get(), actor=curator)
    pair.refresh_from_db()
    assert not pair.is_current
