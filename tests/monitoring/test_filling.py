"""Filling a questionnaire by a personal link: refusals, drafts, validation, one response, escaping."""

import threading
from datetime import UTC, date, datetime

import pytest
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from monitoring import filling
from monitoring.models import Answer, Campaign, Recipient, Response
from participants.models import Consent
from tests.factories import ConsentFactory, member
from tests.monitoring.filling_kit import TODAY, make_kit

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    from freezegun import freeze_time

    with freeze_time(TODAY):
        yield


@pytest.fixture
def kit(today):
    return make_kit()


# --- the page -----------------------------------------------------------------------------------------


def test_the_form_shows_every_question_without_an_account_and_names_nobody(client, kit):
    response = client.get(kit.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Входная анкета 8А" in html
    assert kit.organization.short_name in html
    for question in (kit.scale, kit.yes_no, kit.why, kit.single, kit.multiple, kit.long_text, kit.matrix):
        assert question.text in html
    assert "совсем нет" in html and "полностью" in html  # the scale's labelled ends
    assert f'data-condition="q{kit.yes_no.pk}=yes"' in html  # hidden until «Да» (JS), shown without JS
    assert kit.recipient.person.last_name not in html  # an anonymous visitor is not told whose link it is
    assert 'name="robots" content="noindex' in html
    assert response["X-Robots-Tag"].startswith("noindex")
    assert "no-store" in response["Cache-Control"]
    assert 'class="navbar' not in html
    kit.recipient.refresh_from_db()
    assert kit.recipient.opened_at is not None


def test_the_owner_signed_in_sees_their_own_name_and_another_user_does_not(client, kit):
    owner = member(kit.organization, "mentee")
    kit.recipient.person.user = owner
    kit.recipient.person.save()
    client.force_login(owner)
    assert kit.recipient.person.full_name in client.get(kit.url).content.decode()
    client.force_login(member(kit.organization, "curator"))
    assert kit.recipient.person.last_name not in client.get(kit.url).content.decode()


def test_unknown_forged_and_gone_tokens_get_the_same_404_without_a_hint(client, kit):
    other = make_kit()
    gone = other.recipient.token
    other.campaign.delete()  # a token of another (deleted) campaign
    forged = kit.recipient.token[:-1] + ("A" if kit.recipient.token[-1] != "A" else "B")
    erased = make_kit()
    erased.recipient.person.anonymized_at = timezone.now()  # the consent was withdrawn, the data erased
    erased.recipient.person.save()
    pages = [client.get(f"/f/{token}/") for token in ("nonexistent", forged, gone, erased.recipient.token)]
    assert {p.status_code for p in pages} == {404}
    assert len({p.content for p in pages}) == 1
    assert client.post(f"/f/{forged}/", kit.full_answer()).status_code == 404
    assert client.get(f"/f/{forged}/done/").status_code == 404
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("opens", "closes", "closed_at", "status", "words"),
    [
        (date(2026, 12, 5), date(2026, 12, 20), None, 200, "Анкета ещё не открыта"),
        (date(2026, 11, 1), date(2026, 11, 30), None, 410, "Сбор ответов завершён"),
        (date(2026, 11, 27), date(2026, 12, 10), datetime(2026, 11, 30, 9, tzinfo=UTC), 410, "завершён"),
    ],
)
def test_a_campaign_not_open_says_so_with_its_dates_and_saves_nothing(
    client, kit, opens, closes, closed_at, status, words
):
    Campaign.objects.filter(pk=kit.campaign.pk).update(opens_on=opens, closes_on=closes, closed_at=closed_at)
    page = client.get(kit.url)
    assert page.status_code == status
    html = page.content.decode()
    assert words in html and opens.strftime("%d.%m.%Y") in html
    assert client.post(kit.url, kit.full_answer()).status_code == status
    assert not Response.objects.exists()


def test_a_pupil_under_14_without_a_parents_consent_is_told_and_nothing_is_saved(client, today):
    kit = make_kit(birth_date=date(2013, 3, 1))
    ConsentFactory(person=kit.recipient.person, signed_by=Consent.SignedBy.SELF)  # not a parent's
    page = client.get(kit.url)
    assert page.status_code == 403
    assert "Нужно согласие родителя" in page.content.decode()
    client.post(kit.url, {**kit.full_answer(), "action": "draft"})
    client.post(kit.url, kit.full_answer())
    kit.recipient.refresh_from_db()
    assert kit.recipient.draft == {} and kit.recipient.responded_at is None
    assert not Response.objects.exists()
    ConsentFactory(person=kit.recipient.person, signed_by=Consent.SignedBy.PARENT, representative="Мама")
    assert client.get(kit.url).status_code == 200
    assert client.post(kit.url, kit.full_answer()).status_code == 302


def test_a_withdrawn_parents_consent_does_not_count(client, today):
    kit = make_kit(birth_date=date(2014, 1, 1))
    ConsentFactory(person=kit.recipient.person, signed_by=Consent.SignedBy.PARENT, withdrawn_at=date(2026, 11, 1))
    assert client.get(kit.url).status_code == 403


def test_requests_are_throttled_per_link_and_per_address(client, kit, settings):
    settings.FILL_RATE_PER_TOKEN = "3/h"
    settings.FILL_RATE_PER_IP = "6/h"
    for _ in range(3):
        assert client.post(kit.url, {"action": "draft"}).status_code == 200
    throttled = client.post(kit.url, {"action": "draft"})
    assert throttled.status_code == 429
    assert "Слишком много запросов" in throttled.content.decode()
    other = _another_link(kit)
    assert client.post(other.get_absolute_url(), {"action": "draft"}).status_code == 200  # another link: its own limit
    assert client.get("/f/nonexistent/").status_code == 404  # the address's sixth request
    assert client.get("/f/nonexistent/").status_code == 429  # the address has used its requests
    assert client.get(other.get_absolute_url()).status_code == 429


def _another_link(kit):
    from tests.factories import RecipientFactory, StudentFactory

    return RecipientFactory(campaign=kit.campaign, person=StudentFactory(organization=kit.organization))


# --- drafts and validation ----------------------------------------------------------------------------


def test_a_draft_keeps_what_was_typed_and_the_link_restores_it(client, kit):
    page = client.post(
        kit.url,
        {
            f"q{kit.scale.pk}": "8",
            f"q{kit.yes_no.pk}": "yes",
            f"q{kit.why.pk}": "Всероссийская <b>олимпиада</b>",
            f"q{kit.multiple.pk}": ["exams", "nonsense"],
            f"q{kit.matrix.pk}-goals": "9",  # out of 1–5: not an answer
            "action": "draft",
        },
    )
    assert page.status_code == 200
    assert "Черновик сохранён" in page.content.decode()
    kit.recipient.refresh_from_db()
    draft = kit.recipient.draft
    assert draft[str(kit.scale.pk)] == "8"
    assert draft[str(kit.why.pk)] == "Всероссийская <b>олимпиада</b>"
    assert draft[str(kit.multiple.pk)] == ["exams"]
    assert draft[str(kit.matrix.pk)] == {"goals": "", "schedule": ""}
    assert not Response.objects.exists()
    html = client.get(kit.url).content.decode()
    assert "Восстановлен сохранённый черновик" in html
    assert f'id="q{kit.scale.pk}-8" value="8" autocomplete="off" checked' in html
    assert "Всероссийская &lt;b&gt;олимпиада&lt;/b&gt;" in html
    assert 'value="exams" checked' in html


def test_submit_validates_every_question_in_russian_and_keeps_what_was_typed(client, kit):
    page = client.post(
        kit.url,
        kit.full_answer(
            **{
                f"q{kit.scale.pk}": "11",
                f"q{kit.single.pk}": "chemistry",
                f"q{kit.why.pk}": "",
                f"q{kit.matrix.pk}-schedule": "",
                f"q{kit.long_text.pk}": "Мой длинный ответ",
            }
        ),
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "проверьте 4 вопроса" in html
    assert "Выберите значение от 1 до 10." in html
    assert "Такого варианта ответа нет в анкете" in html
    assert "Напишите ответ: это обязательный вопрос." in html
    assert "Оцените каждое утверждение." in html
    assert "Мой длинный ответ" in html
    assert 'value="projects" checked' in html
    assert not Response.objects.exists()


def test_required_scale_and_a_multiple_choice_with_a_forged_option(client, kit):
    page = client.post(kit.url, kit.full_answer(**{f"q{kit.scale.pk}": None, f"q{kit.multiple.pk}": ["exams", "x"]}))
    html = page.content.decode()
    assert "Выберите ответ: это обязательный вопрос." in html
    assert html.count("Такого варианта ответа нет в анкете") == 1
    assert not Response.objects.exists()


def test_a_hidden_questions_answer_is_ignored_and_not_required(client, kit):
    page = client.post(
        kit.url, kit.full_answer(**{f"q{kit.yes_no.pk}": "no", f"q{kit.why.pk}": "не должно сохраниться"})
    )
    assert page.status_code == 302
    assert not Answer.objects.filter(question=kit.why).exists()


def test_a_submission_makes_one_response_with_its_answers_and_clears_the_draft(client, kit):
    client.post(kit.url, {f"q{kit.scale.pk}": "3", "action": "draft"})
    page = client.post(kit.url, kit.full_answer())
    assert page.status_code == 302 and page["Location"] == reverse("fill:done", args=[kit.recipient.token])
    kit.recipient.refresh_from_db()
    assert kit.recipient.responded_at is not None and kit.recipient.draft == {}
    response = Response.objects.get()
    assert (response.recipient, response.person) == (kit.recipient, kit.recipient.person)
    assert response.school_class == "8А"
    answers = {
        (a.question_id, a.option.value if a.option else None): (a.number, a.text) for a in response.answers.all()
    }
    assert answers[(kit.scale.pk, None)] == (7, "")
    assert (kit.yes_no.pk, "yes") in answers
    assert answers[(kit.why.pk, None)] == (None, "Хочу готовиться к олимпиаде")
    assert {(kit.multiple.pk, "exams"), (kit.multiple.pk, "projects")} <= set(answers)
    assert answers[(kit.matrix.pk, "goals")] == (4, "") and answers[(kit.matrix.pk, "schedule")] == (5, "")
    done = client.get(page["Location"])
    assert "Спасибо! Ответы отправлены" in done.content.decode()


def test_a_second_submission_is_refused_politely_with_the_date(client, kit):
    assert client.post(kit.url, kit.full_answer()).status_code == 302
    again = client.post(kit.url, kit.full_answer(**{f"q{kit.scale.pk}": "1"}))
    assert again.status_code == 200
    assert "Вы уже ответили на эту анкету 01.12.2026" in again.content.decode()
    assert "Вы уже ответили на эту анкету 01.12.2026" in client.get(kit.url).content.decode()
    assert Response.objects.count() == 1 and Answer.objects.filter(number=1).count() == 0


def test_an_anonymous_questionnaires_response_keeps_no_link_to_the_person(client, today):
    kit = make_kit(anonymous=True)
    assert client.post(kit.url, kit.full_answer()).status_code == 302
    response = Response.objects.get()
    assert response.recipient is None and response.person is None and response.mentorship is None
    assert response.meeting is None and response.school_class == ""
    assert response.role == "mentee"
    kit.recipient.refresh_from_db()
    assert kit.recipient.responded_at is not None  # the rate counts it; the answers do not name it


def test_html_in_a_text_answer_is_stored_as_typed_and_shown_escaped(client, kit):
    script = '<script>alert("x")</script>'
    client.post(kit.url, kit.full_answer(**{f"q{kit.long_text.pk}": script, f"q{kit.scale.pk}": "99"}))
    html = client.post(kit.url, kit.full_answer(**{f"q{kit.long_text.pk}": script, f"q{kit.scale.pk}": "99"})).content
    assert script.encode() not in html and b"&lt;script&gt;" in html
    client.post(kit.url, kit.full_answer(**{f"q{kit.long_text.pk}": script}))
    assert Answer.objects.get(question=kit.long_text).text == script


def test_the_form_page_queries_do_not_grow_with_the_questions(client, kit, django_assert_max_num_queries):
    from tests.factories import QuestionFactory

    client.get(kit.url)  # opened_at is written once
    with django_assert_max_num_queries(16) as small:  # 7 of them: the rate limit over the database cache
        client.get(kit.url)
    count = len(small.captured_queries)
    for n in range(20):
        QuestionFactory(section=kit.scale.section, text=f"Вопрос {n}", order=10 + n)
    with django_assert_max_num_queries(count):
        assert client.get(kit.url).status_code == 200


# --- two tabs at once ---------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_tabs_submitting_at_once_make_one_response():
    kit = make_kit()
    Campaign.objects.filter(pk=kit.campaign.pk).update(opens_on=date(2000, 1, 1), closes_on=date(2099, 12, 31))
    from django.test import Client

    results: list = []
    barrier = threading.Barrier(2)

    def send():
        try:
            barrier.wait(timeout=10)
            results.append(Client().post(kit.url, kit.full_answer()).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [200, 302], (results, connection.vendor)
    assert Response.objects.filter(campaign=kit.campaign).count() == 1
    assert Recipient.objects.get(pk=kit.recipient.pk).responded_at is not None


def test_a_locked_submission_refuses_when_the_row_already_answered(kit):
    """The service itself (not only the page) refuses a second answer: the row is re-read under the lock."""
    from monitoring.fill_forms import QuestionnaireForm, Structure

    structure = Structure.load(kit.questionnaire)
    form = QuestionnaireForm(structure, initial={str(kit.scale.pk): "5"})
    stale = Recipient.objects.get(pk=kit.recipient.pk)
    Recipient.objects.filter(pk=kit.recipient.pk).update(responded_at=timezone.now())
    with pytest.raises(filling.AlreadyAnswered):
        filling.submit(stale, form, date(2026, 12, 1))
    assert not Response.objects.exists()
