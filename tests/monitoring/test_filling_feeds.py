"""What answers feed (the bases, preferences, meetings), «Попросить отзыв» and «Мои анкеты»."""

from datetime import date

import pytest
from django.urls import reverse

from monitoring.models import Campaign, Questionnaire, Recipient, Response
from pairing.models import Meeting, Preference
from participants.models import MentorProfile
from tests.factories import (
    CampaignFactory,
    ConsentFactory,
    MeetingFactory,
    MenteeProfileFactory,
    MentorProfileFactory,
    MentorshipFactory,
    OrganizationFactory,
    PersonFactory,
    PreferenceFactory,
    RecipientFactory,
    StudentFactory,
    member,
)
from tests.monitoring.filling_kit import TODAY, make_kit

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    from freezegun import freeze_time

    with freeze_time(TODAY):
        yield


def _standard(key: str) -> Questionnaire:
    return Questionnaire.objects.standard().latest_versions().get(key=key)


def _link(organization, key: str, person) -> Recipient:
    campaign = CampaignFactory(organization=organization, questionnaire=_standard(key), title=key)
    return RecipientFactory(campaign=campaign, person=person)


def _post(client, recipient: Recipient, by_code: dict):
    questions = {q.code: q for q in recipient.campaign.questionnaire.questions.all()}
    data = {"action": "submit"}
    for code, value in by_code.items():
        data[f"q{questions[code].pk}"] = value
    return client.post(recipient.get_absolute_url(), data)


MENTOR_ANSWERS = {
    "profile.competences": "Робототехника",
    "profile.can_help_with": "Проекты <b>по физике</b>",
    "profile.forms": ["teacher_teacher", "student_student"],
    "profile.max_mentees": "4",
    "profile.time": "1_2",
}


def test_the_mentor_questionnaire_creates_a_candidates_card(client, today):
    organization = OrganizationFactory()
    teacher = PersonFactory(organization=organization)
    ConsentFactory(person=teacher)
    assert _post(client, _link(organization, "mentor-profile", teacher), MENTOR_ANSWERS).status_code == 302
    profile = MentorProfile.objects.get(person=teacher)
    assert profile.status == MentorProfile.Status.CANDIDATE
    assert profile.competences == "Робототехника"
    assert profile.can_help_with == "Проекты <b>по физике</b>"  # stored as typed
    assert profile.max_mentees == 4
    # «Ученик – ученик» takes pupils as mentors: a teacher's choice of it is not added
    assert [f.name for f in profile.forms.all()] == ["Учитель – учитель"]
    assert (
        profile.history.first().history_change_reason
        == "Ответ на анкету «Чем я могу быть полезен в качестве наставника?»"
    )


def test_the_mentor_questionnaire_appends_to_what_the_curator_typed(client, today):
    profile = MentorProfileFactory(competences="Олимпиадная физика", can_help_with="", max_mentees=2)
    organization = profile.person.organization
    assert _post(client, _link(organization, "mentor-profile", profile.person), MENTOR_ANSWERS).status_code == 302
    profile.refresh_from_db()
    assert profile.competences == "Олимпиадная физика\nРобототехника"  # appended, the curator's line kept
    assert profile.can_help_with == "Проекты <b>по физике</b>"  # an empty field is filled
    assert profile.max_mentees == 2  # the curator's number is kept
    assert profile.status == MentorProfile.Status.ACTIVE


def test_without_a_consent_the_answers_stay_in_the_response_and_no_card_is_made(client, today):
    organization = OrganizationFactory()
    teacher = PersonFactory(organization=organization)
    assert _post(client, _link(organization, "mentor-profile", teacher), MENTOR_ANSWERS).status_code == 302
    assert Response.objects.filter(person=teacher).exists()
    assert not MentorProfile.objects.filter(person=teacher).exists()


def test_the_request_questionnaire_adds_one_line_per_topic_and_the_other_text(client, today):
    profile = MenteeProfileFactory(requests="Подготовка к экзаменам", expected_results="")
    link = _link(profile.person.organization, "mentee-request", profile.person)
    page = _post(
        client,
        link,
        {
            "request.topics": ["exams", "ict"],
            "request.other": "Выступать перед классом",
            "request.expected_results": "Сдать ОГЭ на «5»",
        },
    )
    assert page.status_code == 302
    profile.refresh_from_db()
    assert profile.requests.splitlines() == [
        "Подготовка к экзаменам",
        "Цифровые инструменты (ИКТ)",
        "Выступать перед классом",
    ]
    assert profile.expected_results == "Сдать ОГЭ на «5»"


def test_the_preference_questionnaire_offers_mentors_and_feeds_matching(client, today):
    mentee = MenteeProfileFactory()
    organization = mentee.person.organization
    first, second = (MentorProfileFactory(person__organization=organization) for _ in range(2))
    excluded = MentorProfileFactory(
        person__organization=organization, status=MentorProfile.Status.EXCLUDED, exclusion_reason="Уволился"
    )
    outsider = MentorProfileFactory()  # another organization
    kept = PreferenceFactory(
        organization=organization, person=mentee.person, preferred=second.person, rank=1, school_year=2026
    )
    link = _link(organization, "preference", mentee.person)
    html = client.get(link.get_absolute_url()).content.decode()
    assert first.person.full_name in html and second.person.full_name in html
    assert excluded.person.full_name not in html and outsider.person.full_name not in html
    assert "14.03.1985" not in html and "1985" not in html  # no birth dates
    refused = _post(client, link, {"preference.1": str(outsider.person.pk)})
    assert "Выберите человека из списка" in refused.content.decode()
    page = _post(client, link, {"preference.1": str(first.person.pk), "preference.2": str(second.person.pk)})
    assert page.status_code == 302
    rows = {
        p.preferred_id: (p.rank, p.source) for p in Preference.objects.filter(person=mentee.person, school_year=2026)
    }
    assert rows[first.person.pk] == (1, Preference.Source.QUESTIONNAIRE)
    assert rows[second.person.pk] == (kept.rank, Preference.Source.CURATOR)  # the curator's record is kept


def test_a_mentor_in_the_preference_questionnaire_chooses_among_mentees(client, today):
    mentor = MentorProfileFactory()
    organization = mentor.person.organization
    mentee = MenteeProfileFactory(person__organization=organization)
    other_mentor = MentorProfileFactory(person__organization=organization)
    html = client.get(_link(organization, "preference", mentor.person).get_absolute_url()).content.decode()
    assert f"{mentee.person.full_name} — 9А" in html
    assert other_mentor.person.full_name not in html


# --- meeting feedback ---------------------------------------------------------------------------------


@pytest.fixture
def pair(today):
    mentorship = MentorshipFactory()
    mentorship.mentor.person.user = member(mentorship.organization, "mentor")
    mentorship.mentor.person.save()
    mentee = mentorship.members.get().mentee
    mentee.person.user = member(mentorship.organization, "mentee")
    mentee.person.save()
    meeting = MeetingFactory(mentorship=mentorship, date=date(2026, 11, 20))
    return mentorship, meeting, mentee


def test_the_mentor_asks_for_feedback_and_sees_it_on_the_pairs_page(client, pair):
    mentorship, meeting, mentee = pair
    client.force_login(mentorship.mentor.person.user)
    url = reverse("monitoring:meeting-feedback-request", args=[meeting.pk])
    page = client.post(url, follow=True)
    assert "Отзыв запрошен: 2 личные ссылки созданы" in page.content.decode()
    campaign = Campaign.objects.get(organization=mentorship.organization)
    assert campaign.questionnaire.key == "meeting-feedback" and campaign.closes_on == date(2027, 8, 31)
    links = Recipient.objects.filter(meeting=meeting)
    assert {r.person_id for r in links} == {mentee.person_id, mentorship.mentor.person_id}
    assert "уже запрошен" in client.post(url, follow=True).content.decode()
    assert Recipient.objects.filter(meeting=meeting).count() == 2

    link = links.get(person=mentee.person)
    questions = {q.code: q for q in campaign.questionnaire.questions.all()}
    client.logout()
    page = client.post(
        link.get_absolute_url(),
        {
            f"q{questions['meeting.usefulness'].pk}": "8",
            f"q{questions['meeting.comfort'].pk}": "10",
            f"q{questions['meeting.next_steps'].pk}": "yes",
            f"q{questions['meeting.comment'].pk}": "<i>Дроби</i>",
            "action": "submit",
        },
    )
    assert page.status_code == 302
    response = Response.objects.get()
    assert response.meeting == meeting and response.mentorship == mentorship and response.role == "mentee"

    client.force_login(mentorship.mentor.person.user)
    html = client.get(mentorship.get_absolute_url()).content.decode()
    assert "Отзывы о встречах" in html and "ответили 1 из 2" in html
    assert "8,0" in html or "8.0" in html
    assert "&lt;i&gt;Дроби&lt;/i&gt;" in html and "<i>Дроби</i>" not in html
    assert "Заполнить свой отзыв" in html  # the mentor's own link


def test_a_mentee_sees_no_feedback_section_and_may_not_ask(client, pair):
    mentorship, meeting, mentee = pair
    client.force_login(mentee.person.user)
    assert "Отзывы о встречах" not in client.get(mentorship.get_absolute_url()).content.decode()
    assert client.post(reverse("monitoring:meeting-feedback-request", args=[meeting.pk])).status_code == 403


def test_feedback_is_asked_only_about_a_held_meeting(client, pair):
    mentorship, meeting, _ = pair
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PLANNED, date=date(2026, 12, 20))
    client.force_login(mentorship.mentor.person.user)
    page = client.post(reverse("monitoring:meeting-feedback-request", args=[meeting.pk]), follow=True)
    assert "о встрече, которая состоялась" in page.content.decode()
    assert not Recipient.objects.exists()


def test_the_organizations_copy_of_the_feedback_form_is_used(client, pair):
    mentorship, meeting, _ = pair
    copy = Questionnaire.objects.create(
        organization=mentorship.organization, key="meeting-feedback", title="Наш отзыв", purpose="meeting"
    )
    client.force_login(mentorship.mentor.person.user)
    client.post(reverse("monitoring:meeting-feedback-request", args=[meeting.pk]))
    assert Campaign.objects.get().questionnaire == copy


# --- «Мои анкеты» ---------------------------------------------------------------------------------------


def test_my_forms_lists_only_the_users_own_links(client, today):
    kit = make_kit()
    mine = member(kit.organization, "mentee")
    kit.recipient.person.user = mine
    kit.recipient.person.save()
    someone = RecipientFactory(campaign=kit.campaign, person=StudentFactory(organization=kit.organization))
    client.force_login(mine)
    dashboard = client.get("/").content.decode()
    assert "Мои анкеты" in dashboard and kit.url in dashboard and "до 10.12.2026" in dashboard
    assert someone.get_absolute_url() not in dashboard
    page = client.get(reverse("monitoring:my-forms")).content.decode()
    assert kit.url in page and someone.get_absolute_url() not in page
    client.post(kit.url, kit.full_answer())
    page = client.get(reverse("monitoring:my-forms")).content.decode()
    assert kit.url not in page and "ответ отправлен 01.12.2026" in page
    assert kit.url not in client.get("/").content.decode()


def test_my_forms_needs_a_role_in_an_organization(client, today):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse("monitoring:my-forms")).status_code == 403
    client.logout()
    assert client.get(reverse("monitoring:my-forms")).status_code == 302


def test_the_pairs_page_queries_are_pinned(client, pair, django_assert_max_num_queries):
    mentorship, meeting, _ = pair
    for day in (10, 12, 14):
        MeetingFactory(mentorship=mentorship, date=date(2026, 11, day))
    client.force_login(mentorship.mentor.person.user)
    client.post(reverse("monitoring:meeting-feedback-request", args=[meeting.pk]))
    with django_assert_max_num_queries(60) as few:
        assert client.get(mentorship.get_absolute_url()).status_code == 200
    count = len(few.captured_queries)
    for day in (2, 4, 6):
        extra = MeetingFactory(mentorship=mentorship, date=date(2026, 11, day))
        client.post(reverse("monitoring:meeting-feedback-request", args=[extra.pk]))
    with django_assert_max_num_queries(count):
        client.get(mentorship.get_absolute_url())


def test_a_consent_signed_by_the_pupil_and_a_parent_lets_a_12_year_old_answer(client, today):
    kit = make_kit(birth_date=date(2013, 12, 2))  # 12 on 01.12.2026
    assert client.get(kit.url).status_code == 403
    ConsentFactory(person=kit.recipient.person, signed_by="both", representative="Папа")
    assert client.get(kit.url).status_code == 200
