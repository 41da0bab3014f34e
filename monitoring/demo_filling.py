"""Demo of part C (filling): answered questionnaires in «Гимназия «Жуковка»» whose answers show where they feed.

- «Чем я могу быть полезен в качестве наставника?»: Ершова Т.С. answered — her card in the base of mentors
  gets competences, what she can help with and the form «Учитель – учитель»; a student mentor's link is open.
- the preference questionnaire: Павлова К.И. (8А) chose Григорьева А.П. and Соловьёву П.А. (pupil mentors) —
  «Подбор наставника» in «Ученик – ученик» shows it; the demo mentee (Белова А.Д.) has her link open in «Мои анкеты».
- feedback on the latest held meeting of the demo mentor's pair: the mentee answered, the mentor's link waits.

Idempotent: campaigns are found by title, links by person, and an answered link is never answered again.
"""

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.http import QueryDict
from django.utils import timezone

from organizations.models import Organization
from pairing.models import Meeting, MentorshipMember
from participants.models import Person

from . import fill_meetings, filling
from .fill_forms import Structure
from .models import Campaign, Questionnaire, Recipient
from .reference import ensure_standard_questionnaires


def _campaign(organization: Organization, key: str, title: str, audience: str, today: Any) -> Campaign:
    campaign = Campaign.objects.filter(organization=organization, title=title).first()
    if campaign is None:
        campaign = Campaign.objects.create(
            organization=organization,
            questionnaire=Questionnaire.objects.standard().latest_versions().get(key=key),
            title=title,
            opens_on=today - timedelta(days=10),
            closes_on=today + timedelta(days=14),
            audience=audience,
        )
    return campaign


def _recipient(campaign: Campaign, person: Person, **extra: Any) -> Recipient:
    recipient, _ = Recipient.objects.get_or_create(
        campaign=campaign,
        person=person,
        meeting=extra.get("meeting"),
        mentorship=extra.get("mentorship"),
        defaults={"channel": Recipient.Channel.EMAIL if person.email else Recipient.Channel.SLIP},
    )
    return recipient


def _answer(recipient: Recipient, by_code: dict[str, Any]) -> int:
    """Submit the answers given by question code through the filling service (as the form would)."""
    recipient = filling.find_recipient(recipient.token)  # type: ignore[assignment]
    if recipient is None or recipient.responded_at:
        return 0
    structure = Structure.load(recipient.campaign.questionnaire)
    data = QueryDict(mutable=True)
    for question in structure.questions:
        value = by_code.get(question.code)
        if value is None:
            continue
        if isinstance(value, list):
            data.setlist(f"q{question.pk}", value)
        else:
            data[f"q{question.pk}"] = str(value)
    form = filling.build_form(recipient, structure, data)
    if not form.is_valid():
        raise ValueError(f"demo answers are invalid: {form.errors}")
    filling.mark_opened(recipient)
    filling.submit(recipient, form, timezone.localdate())
    return 1


def _person(organization: Organization, last_name: str) -> Person | None:
    return Person.objects.filter(organization=organization, last_name=last_name).first()


def load_demo_filling() -> int:
    organization = Organization.objects.filter(slug="zhukovka").first()
    if organization is None:
        return 0
    ensure_standard_questionnaires()  # a database a test has flushed lost the migration's rows
    today = timezone.localdate()
    created = 0
    people = {name: _person(organization, name) for name in ("Ершова", "Соловьёва", "Павлова", "Белова", "Григорьев")}

    profile = _campaign(
        organization,
        "mentor-profile",
        "«Чем я могу быть полезен в качестве наставника?» — кандидаты в наставники",
        "Кандидаты в наставники",
        today,
    )
    if people["Соловьёва"]:
        _recipient(profile, people["Соловьёва"])
    if people["Ершова"]:
        created += _answer(
            _recipient(profile, people["Ершова"]),
            {
                "profile.competences": "Проектная деятельность по биологии\nПодготовка к ОГЭ по биологии",
                "profile.can_help_with": "Помогу молодому учителю выстроить урок с лабораторной работой и "
                "провести первые родительские собрания.",
                "profile.forms": ["teacher_teacher"],
                "profile.max_mentees": 2,
                "profile.time": "1_2",
            },
        )

    preference = _campaign(
        organization, "preference", "Анкета предпочтений после общей встречи", "Наставляемые без пары", today
    )
    if people["Белова"]:
        _recipient(preference, people["Белова"])
    if people["Павлова"] and people["Григорьев"] and people["Соловьёва"]:
        created += _answer(
            _recipient(preference, people["Павлова"]),
            {
                "preference.1": people["Григорьев"].pk,
                "preference.2": people["Соловьёва"].pk,
                "preference.why": "Артём на общей встрече понятно объяснил задачу по геометрии.",
            },
        )

    meeting = (
        Meeting.objects.filter(
            mentorship__organization=organization,
            mentorship__mentor__person__user__username="mentor",
            status=Meeting.Status.HELD,
            date__lte=today,
        )
        .select_related("mentorship")
        .order_by("-date", "-pk")
        .first()
    )
    if meeting is not None:
        if not Recipient.objects.filter(meeting=meeting).exists():
            curator = get_user_model().objects.filter(username="curator").first()
            fill_meetings.request_feedback(meeting=meeting, actor=curator, today=today)
        mentee_ids = MentorshipMember.objects.filter(mentorship=meeting.mentorship, left_on__isnull=True).values(
            "mentee__person_id"
        )
        for recipient in Recipient.objects.filter(meeting=meeting, person_id__in=mentee_ids)[:1]:
            created += _answer(
                recipient,
                {
                    "meeting.usefulness": 9,
                    "meeting.comfort": 10,
                    "meeting.next_steps": "yes",
                    "meeting.comment": "Как вести электронный журнал в 7А",
                },
            )
    return created
