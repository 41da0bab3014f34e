"""Campaigns: who gets a link, creating in bulk, letters, batches, reminders, closing, permissions, queries."""

from datetime import date, datetime, timedelta
from smtplib import SMTPRecipientsRefused

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from freezegun import freeze_time

from monitoring import campaigns
from monitoring.models import Campaign, Questionnaire, Recipient
from programs.models import Activity
from tests.conftest import client_for
from tests.factories import (
    ActivityFactory,
    ConsentFactory,
    MenteeProfileFactory,
    MentorProfileFactory,
    MentorshipFactory,
    MentorshipMemberFactory,
    PersonFactory,
    QuestionnaireFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)
FROZEN = "2026-11-20 10:00:00+03:00"


@pytest.fixture(autouse=True)
def _today():
    with freeze_time(FROZEN):
        yield


@pytest.fixture
def questionnaire(org):
    return QuestionnaireFactory(organization=org, title="Анкета наставляемого (входная)")


@pytest.fixture
def school(org):
    """Two mentees with e-mail, three pupils of 7А without, one pupil without a consent."""
    people = {
        "anna": MenteeProfileFactory(
            person__organization=org,
            person__last_name="Белова",
            person__first_name="Анна",
            person__patronymic="Сергеевна",
            person__email="anna@example.org",
            person__school_class="",
        ).person,
        "ivan": MenteeProfileFactory(
            person__organization=org, person__first_name="Иван", person__email="ivan@example.org"
        ).person,
    }
    for index in range(3):
        people[f"pupil{index}"] = MenteeProfileFactory(
            person__organization=org, person__school_class="7А", person__last_name=f"Ученикова{index}"
        ).person
    people["no_consent"] = MenteeProfileFactory(
        person__organization=org, person__school_class="7А", consent=False
    ).person
    return people


def _create(org, curator, questionnaire, **overrides):
    fields = {
        "organization": org,
        "actor": curator,
        "questionnaire": questionnaire,
        "title": "Входное анкетирование",
        "opens_on": TODAY,
        "closes_on": TODAY + timedelta(days=10),
        "audience": campaigns.Audience(roles=["mentees"]),
    }
    fields.update(overrides)
    return campaigns.campaign_create(**fields)


# --- who gets a link ----------------------------------------------------------------------------------------


def test_roles_classes_pairs_and_hand_picked_people_combine_without_the_unconsented(org, school, questionnaire):
    mentor = MentorProfileFactory(person__organization=org, person__email="mentor@example.org")
    pair = MentorshipFactory(organization=org, mentor=mentor, member=None)
    MentorshipMemberFactory(mentorship=pair, mentee=school["pupil0"].mentee_profile)
    teacher = PersonFactory(organization=org, email="teacher@example.org")
    ConsentFactory(person=teacher)
    any_questionnaire = QuestionnaireFactory(organization=org, audience=Questionnaire.Audience.ANY)

    selection = campaigns.select_audience(
        org,
        campaigns.Audience(classes=["7А"], mentorships=[pair], people=[teacher]),
        any_questionnaire,
    )

    rows = set(selection.rows)
    # the pair's mentor and mentee get a link for the pair; the pupil is not sent a second one by class
    assert (mentor.person.pk, pair.pk) in rows and (school["pupil0"].pk, pair.pk) in rows
    assert (school["pupil0"].pk, None) not in rows
    assert {(school["pupil1"].pk, None), (school["pupil2"].pk, None), (teacher.pk, None)} <= rows
    assert selection.count == 5
    assert selection.without_consent == 1  # the pupil of 7А without a consent
    assert selection.with_email == 2  # the mentor and the teacher


def test_a_pair_sends_a_mentee_questionnaire_to_its_mentees_only(org, school, questionnaire):
    pair = MentorshipFactory(organization=org, member=None)
    MentorshipMemberFactory(mentorship=pair, mentee=school["anna"].mentee_profile)
    selection = campaigns.select_audience(org, campaigns.Audience(mentorships=[pair]), questionnaire)
    assert selection.rows == [(school["anna"].pk, pair.pk)]


def test_creating_writes_the_links_in_bulk_and_queues_the_letters_without_sending(
    org, curator, school, questionnaire, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40):
        campaign = _create(org, curator, questionnaire)

    recipients = Recipient.objects.filter(campaign=campaign)
    assert recipients.count() == 5
    assert len(set(recipients.values_list("token", flat=True))) == 5
    assert set(recipients.filter(channel="email").values_list("person__email", flat=True)) == {
        "anna@example.org",
        "ivan@example.org",
    }
    assert recipients.filter(channel="slip").count() == 3
    assert mail.outbox == []
    job = campaign.jobs.get()
    assert (job.kind, job.status, job.total) == ("invitations", "queued", 2)
    queued = {r.task_path.rsplit(".", 1)[1]: r for r in DBTaskResult.objects.all()}
    assert set(queued) == {"send_invitations", "remind_automatically", "close_when_due"}
    moscow = timezone.get_default_timezone()
    assert queued["remind_automatically"].run_after == datetime(2026, 11, 28, 10, 0, tzinfo=moscow)
    assert queued["close_when_due"].run_after == datetime(2026, 12, 1, 0, 0, tzinfo=moscow)


def test_bad_dates_are_refused_in_russian_and_nothing_is_saved(client, org, curator, school, questionnaire):
    response = client_for(client, curator).post(
        reverse("monitoring:campaign-create"),
        {
            "questionnaire": questionnaire.pk,
            "title": "Проверка",
            "opens_on": "2026-11-25",
            "closes_on": "2026-11-21",
            "roles": ["mentees"],
        },
    )
    assert response.status_code == 200
    assert "Окончание сбора ответов не может быть раньше начала." in response.content.decode()
    assert 'value="Проверка"' in response.content.decode()
    assert not Campaign.objects.exists() and not Recipient.objects.exists()


def test_counting_recipients_first_saves_nothing_and_says_who_gets_nothing(client, org, curator, school, questionnaire):
    response = client_for(client, curator).post(
        reverse("monitoring:campaign-create"),
        {
            "questionnaire": questionnaire.pk,
            "opens_on": "2026-11-20",
            "closes_on": "2026-11-30",
            "classes": ["7А"],
            "preview": "1",
        },
    )
    text = response.content.decode()
    assert "Получат личную ссылку: 3 человека." in text
    assert "на листке с QR-кодом (нет почты) — 3" in text
    assert "нет действующего согласия на обработку персональных данных — 1" in text
    assert not Campaign.objects.exists()


def test_the_curator_creates_a_campaign_from_the_page(client, org, curator, school, questionnaire):
    response = client_for(client, curator).post(
        reverse("monitoring:campaign-create"),
        {"questionnaire": questionnaire.pk, "opens_on": "2026-11-20", "closes_on": "2026-11-30", "classes": ["7А"]},
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == campaign.get_absolute_url()
    assert campaign.title == questionnaire.title and campaign.audience == "класс 7А"
    assert campaign.created_by == curator
    assert campaign.history.get().history_user == curator


# --- letters ------------------------------------------------------------------------------------------------


def test_the_invitation_greets_by_name_and_patronymic_and_carries_the_personal_link(
    org, curator, school, questionnaire, run_tasks, settings
):
    settings.SITE_URL = "https://nastavnik.school.example"
    questionnaire.title = "Анкета <script>alert(1)</script>"
    questionnaire.save()
    campaign = _create(org, curator, questionnaire, closes_on=date(2026, 12, 10))

    run_tasks()

    letter = next(m for m in mail.outbox if m.to == ["anna@example.org"])
    recipient = Recipient.objects.get(campaign=campaign, person=school["anna"])
    link = f"https://nastavnik.school.example/f/{recipient.token}/"
    assert letter.subject == "Анкета «Анкета <script>alert(1)</script>» — до 10.12.2026"
    assert letter.body.startswith("Здравствуйте, Анна Сергеевна!")
    assert link in letter.body and "10.12.2026" in letter.body and org.short_name in letter.body
    html = letter.alternatives[0][0]
    assert f'href="{link}"' in html and "Здравствуйте, Анна Сергеевна!" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert recipient.sent_at is not None and recipient.send_attempts == 1


def test_letters_go_in_batches_each_queueing_the_next_and_nobody_gets_two(
    org, curator, questionnaire, run_tasks, settings
):
    settings.CAMPAIGN_MAIL_BATCH_SIZE = 2
    for index in range(5):
        MenteeProfileFactory(person__organization=org, person__email=f"m{index}@example.org")
    campaign = _create(org, curator, questionnaire)

    ran = run_tasks()

    assert ran == 3  # three batches of 2, 2 and 1 (the reminder and the closing wait for their dates)
    assert sorted(m.to[0] for m in mail.outbox) == [f"m{index}@example.org" for index in range(5)]
    job = campaign.jobs.get()
    assert (job.status, job.done, job.total, job.failed) == ("done", 5, 5, 0)


class RefusingBackend(EmailBackend):
    """The locmem backend with an SMTP server that refuses addresses at refused.example."""

    def send_messages(self, messages):
        for message in messages:
            if any(address.endswith("@refused.example") for address in message.to):
                raise SMTPRecipientsRefused({message.to[0]: (550, b"No such user")})
        return super().send_messages(messages)


def test_a_refused_letter_is_recorded_and_retried_by_the_button(
    client, org, curator, questionnaire, run_tasks, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    good = MenteeProfileFactory(person__organization=org, person__email="good@example.org").person
    bad = MenteeProfileFactory(person__organization=org, person__email="bad@refused.example").person
    campaign = _create(org, curator, questionnaire)
    run_tasks()

    failed = Recipient.objects.get(campaign=campaign, person=bad)
    assert failed.sent_at is None and failed.send_attempts == 1 and "550" in failed.send_error
    job = campaign.jobs.get()
    assert (job.status, job.done, job.failed) == ("failed", 1, 1)
    page = client_for(client, curator).get(campaign.get_absolute_url()).content.decode()
    assert "отправлено 1 из 2" in page and "Повторить" in page and "No such user" in page

    bad.email = "bad@example.org"
    bad.save()
    client.post(reverse("monitoring:campaign-resume", kwargs={"pk": campaign.pk, "kind": "invitations"}))
    run_tasks()

    assert [m.to for m in mail.outbox] == [[good.email], ["bad@example.org"]]
    failed.refresh_from_db()
    assert failed.sent_at is not None and failed.send_error == "" and failed.send_attempts == 2
    assert campaign.jobs.get().status == "done"


# --- reminders ----------------------------------------------------------------------------------------------


def test_reminders_go_to_those_who_have_not_answered_and_not_twice_a_day(
    client, org, curator, school, questionnaire, run_tasks
):
    campaign = _create(org, curator, questionnaire)
    run_tasks()
    Recipient.objects.filter(campaign=campaign, person=school["ivan"]).update(responded_at=timezone.now())
    mail.outbox.clear()
    client_for(client, curator)
    url = reverse("monitoring:campaign-remind", kwargs={"pk": campaign.pk})

    client.post(url)
    run_tasks()

    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    assert mail.outbox[0].subject.startswith("Напоминание: анкета")
    assert "вы ещё не ответили" in mail.outbox[0].body
    response = client.post(url, follow=True)
    assert "уже получили напоминание сегодня" in response.content.decode()
    run_tasks()
    assert len(mail.outbox) == 1
    with freeze_time("2026-11-21 09:00:00+03:00"):
        client_for(client, curator).post(url)  # the next morning (a new session: yesterday's has expired)
        run_tasks()
    assert len(mail.outbox) == 2


def test_the_automatic_reminder_and_closing_run_at_their_time(org, curator, school, questionnaire, run_tasks):
    activity = _approved_activity(org, curator)
    campaign = _create(org, curator, questionnaire, activity=activity)
    run_tasks()
    mail.outbox.clear()

    with freeze_time("2026-11-28 09:59:00+03:00"):
        assert run_tasks() == 0
    with freeze_time("2026-11-28 10:01:00+03:00"):
        run_tasks()
        assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "ivan@example.org"]
    with freeze_time("2026-11-30 23:59:00+03:00"):
        run_tasks()
        campaign.refresh_from_db()
        assert campaign.closed_at is None
    Recipient.objects.filter(campaign=campaign, person=school["anna"]).update(responded_at=timezone.now())
    with freeze_time("2026-12-01 00:01:00+03:00"):
        run_tasks()
    campaign.refresh_from_db()
    assert campaign.closed_at is not None
    assert campaign.summary.startswith("Ответили 1 из 5 (20 %).")
    activity.refresh_from_db()
    assert activity.status == Activity.Status.DONE
    assert activity.evidence_url == campaign.get_absolute_url()
    assert activity.history.first().history_user == curator  # audited, on behalf of the campaign's author


def test_the_automatic_reminder_does_nothing_when_the_date_moved(org, curator, school, questionnaire, run_tasks):
    campaign = _create(org, curator, questionnaire)
    run_tasks()
    mail.outbox.clear()
    Campaign.objects.filter(pk=campaign.pk).update(closes_on=date(2026, 12, 20))
    with freeze_time("2026-11-28 10:01:00+03:00"):
        run_tasks()
    assert mail.outbox == []
    assert not campaign.jobs.filter(kind="reminders").exists()


def _approved_activity(org, curator):
    activity = ActivityFactory(
        section__roadmap__organization=org, title="Анкетирование участников", due_date=date(2026, 12, 1)
    )
    type(activity.section.roadmap).objects.filter(pk=activity.section.roadmap_id).update(status="approved")
    return activity


# --- closing ------------------------------------------------------------------------------------------------


def test_closing_early_asks_first_then_marks_the_activity_done_once(
    client, org, curator, director, school, questionnaire
):
    activity = _approved_activity(org, curator)
    campaign = _create(org, curator, questionnaire, activity=activity)
    url = reverse("monitoring:campaign-close", kwargs={"pk": campaign.pk})
    client_for(client, director)

    page = client.get(url).content.decode()
    assert "Завершить «Входное анкетирование» досрочно?" in page and "Анкетирование участников" in page
    campaign.refresh_from_db()
    assert campaign.closed_at is None

    client.post(url)
    campaign.refresh_from_db()
    closed_at = campaign.closed_at
    assert closed_at and campaign.summary.startswith("Ответили 0 из 5 (0 %).")
    activity.refresh_from_db()
    assert activity.is_done and activity.history.first().history_user == director
    history = activity.history.count()

    campaigns.campaign_close(campaign=campaign, actor=director)
    campaign.refresh_from_db()
    assert campaign.closed_at == closed_at and activity.history.count() == history


def test_a_page_closes_a_campaign_whose_date_has_passed(client, org, curator, school, questionnaire):
    campaign = _create(org, curator, questionnaire, closes_on=TODAY)
    with freeze_time("2026-11-21 12:00:00+03:00"):
        page = client_for(client, curator).get(reverse("monitoring:campaign-list")).content.decode()
    campaign.refresh_from_db()
    assert campaign.closed_at is not None and "Завершено" in page


# --- pages: permissions and queries -------------------------------------------------------------------------


def test_only_the_curator_and_the_director_of_the_organization_manage_campaigns(
    client, org, curator, mentor, outsider, school, questionnaire
):
    campaign = _create(org, curator, questionnaire)
    url = campaign.get_absolute_url()
    assert client.get(url).status_code == 302
    assert client_for(client, mentor).get(url).status_code == 403
    assert client_for(client, outsider).get(url).status_code == 404
    assert (
        client_for(client, outsider).post(reverse("monitoring:campaign-close", kwargs={"pk": campaign.pk})).status_code
        == 404
    )
    campaign.refresh_from_db()
    assert campaign.closed_at is None


def test_the_list_counts_answers_in_the_database_in_constant_queries(
    client, org, curator, questionnaire, django_assert_max_num_queries
):
    people = [MenteeProfileFactory(person__organization=org).person for _ in range(4)]

    def make(count):
        for index in range(count):
            campaign = _create(org, curator, questionnaire, title=f"Анкетирование {index}")
            Recipient.objects.filter(campaign=campaign, person__in=people[:3]).update(responded_at=timezone.now())

    client_for(client, curator)
    make(1)
    with django_assert_max_num_queries(12) as few:
        page = client.get(reverse("monitoring:campaign-list")).content.decode()
    assert "ответили 3 из 4 (75 %)" in page
    make(4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("monitoring:campaign-list"))


def test_the_campaign_page_keeps_constant_queries(
    client, org, curator, questionnaire, run_tasks, django_assert_max_num_queries
):
    for index in range(3):
        MenteeProfileFactory(person__organization=org, person__email=f"p{index}@example.org")
    campaign = _create(org, curator, questionnaire)
    client_for(client, curator)
    with django_assert_max_num_queries(20) as few:
        client.get(campaign.get_absolute_url())
    for index in range(30):
        MenteeProfileFactory(person__organization=org, person__email=f"q{index}@example.org")
    bigger = _create(org, curator, questionnaire, title="Второе")
    run_tasks()
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(bigger.get_absolute_url()).content.decode()
    assert "отправлено 33 из 33" in page


def test_a_letter_of_a_campaign_that_opens_later_names_the_opening_date(org, curator, school, questionnaire, run_tasks):
    _create(org, curator, questionnaire, opens_on=date(2026, 11, 25), closes_on=date(2026, 11, 30))
    run_tasks()
    assert "Ответить можно с 25.11.2026 до 30.11.2026 включительно" in mail.outbox[0].body


def test_the_link_in_letters_and_on_slips_is_the_recipients_own_page(settings):
    from monitoring.campaigns import personal_url
    from tests.factories import RecipientFactory

    settings.SITE_URL = "https://nastavnik.example"
    recipient = RecipientFactory()
    assert personal_url(recipient.token) == "https://nastavnik.example" + recipient.get_absolute_url()
    assert recipient.get_absolute_url() == f"/f/{recipient.token}/"
