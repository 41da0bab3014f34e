"""Demo of the questionnaire constructor, written through its services as the curators would.

In «Гимназия «Жуковка»» and «МБОУ «СОШ ст. Старица»»: the organization's copies of the mentee's questionnaire
before the programme and of «Чем я могу быть полезен в качестве наставника?», the latter adapted (a question
added); and the copy of the feedback form after a meeting in its version 2 (a question added), version 1 kept.

Idempotent: an organization that already has its copy of a standard questionnaire is left as it is.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from organizations.models import Organization

from .builder import question_save, questionnaire_copy, questionnaire_new_version
from .models import Question, Questionnaire
from .reference import ensure_standard_questionnaires

CURATORS = {"zhukovka": "curator", "staritsa": "curator2"}


def _copy(organization: Organization, key: str, actor: Any) -> Questionnaire | None:
    """The organization's copy of the standard ``key``; None when it is already there."""
    if Questionnaire.objects.filter(organization=organization, key=key).exists():
        return None
    original = Questionnaire.objects.standard().get(key=key, previous__isnull=True)
    return questionnaire_copy(questionnaire=original, organization=organization, actor=actor)


def _add_question(questionnaire: Questionnaire, actor: Any, **data: Any) -> Questionnaire:
    section = questionnaire.sections.order_by("-order", "-pk").first()
    return question_save(questionnaire=questionnaire, actor=actor, section=section, **data).questionnaire


@transaction.atomic
def load_demo_builder() -> int:
    ensure_standard_questionnaires()  # a database a test has flushed lost the migration's rows
    created = 0
    users = {u.username: u for u in get_user_model().objects.filter(username__in=CURATORS.values())}
    for slug, username in CURATORS.items():
        organization = Organization.objects.filter(slug=slug).first()
        curator = users.get(username)
        if organization is None or curator is None:
            continue
        if _copy(organization, "mentee-before", curator):
            created += 1
        profile = _copy(organization, "mentor-profile", curator)
        if profile is not None:
            created += 1
            _add_question(
                profile,
                curator,
                kind=Question.Kind.SINGLE,
                text="Как Вам удобнее встречаться с наставляемым?",
                required=False,
                code="profile.meeting_format",
                options=[{"label": "Очно в школе"}, {"label": "Онлайн"}, {"label": "По-разному"}],
            )
        feedback = _copy(organization, "meeting-feedback", curator)
        if feedback is not None:
            created += 1
            version_2 = questionnaire_new_version(questionnaire=feedback, actor=curator)
            _add_question(
                version_2,
                curator,
                kind=Question.Kind.LONG_TEXT,
                text="Что стоит изменить к следующей встрече?",
                required=False,
                code="meeting.improve",
            )
    return created
