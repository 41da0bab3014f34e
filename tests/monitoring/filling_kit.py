"""A questionnaire with every kind of question and an open campaign with a pupil's personal link."""

from dataclasses import dataclass
from datetime import date

from monitoring.models import Campaign, Option, Question, Questionnaire, Recipient
from tests.factories import (
    CampaignFactory,
    OptionFactory,
    OrganizationFactory,
    QuestionFactory,
    QuestionnaireFactory,
    RecipientFactory,
    SectionFactory,
    StudentFactory,
)

TODAY = "2026-12-01 12:00"


@dataclass
class Kit:
    organization: object
    questionnaire: Questionnaire
    campaign: Campaign
    recipient: Recipient
    scale: Question
    yes_no: Question
    yes: Option
    no: Option
    why: Question  # shown only after «Да»
    single: Question
    multiple: Question
    long_text: Question
    matrix: Question

    @property
    def url(self) -> str:
        return self.recipient.get_absolute_url()

    def full_answer(self, **override) -> dict:
        data = {
            f"q{self.scale.pk}": "7",
            f"q{self.yes_no.pk}": "yes",
            f"q{self.why.pk}": "Хочу готовиться к олимпиаде",
            f"q{self.single.pk}": "math",
            f"q{self.multiple.pk}": ["exams", "projects"],
            f"q{self.long_text.pk}": "Больше встреч",
            f"q{self.matrix.pk}-goals": "4",
            f"q{self.matrix.pk}-schedule": "5",
            "action": "submit",
        }
        data.update(override)
        return {k: v for k, v in data.items() if v is not None}


def make_kit(*, anonymous: bool = False, birth_date: date = date(2010, 5, 20)) -> Kit:
    organization = OrganizationFactory()
    questionnaire = QuestionnaireFactory(organization=organization, title="Входная анкета 8А", anonymous=anonymous)
    first = SectionFactory(questionnaire=questionnaire, title="О себе", order=1)
    second = SectionFactory(questionnaire=questionnaire, title="Ожидания", order=2)
    scale = QuestionFactory(
        section=first, text="Насколько Вы уверены в себе?", min_label="совсем нет", max_label="полностью", order=1
    )
    yes_no = QuestionFactory(section=first, kind=Question.Kind.YES_NO, text="Участвовали в олимпиадах?", order=2)
    yes = OptionFactory(question=yes_no, value="yes", label="Да", order=1)
    no = OptionFactory(question=yes_no, value="no", label="Нет", order=2)
    why = QuestionFactory(
        section=first, kind=Question.Kind.TEXT, text="В каких олимпиадах?", show_if=yes, order=3, help_text="Коротко"
    )
    single = QuestionFactory(section=first, kind=Question.Kind.SINGLE, text="Любимый предмет", order=4)
    OptionFactory(question=single, value="math", label="Математика")
    OptionFactory(question=single, value="bio", label="Биология")
    multiple = QuestionFactory(
        section=second, kind=Question.Kind.MULTIPLE, text="С чем нужна помощь?", required=False, order=1
    )
    for value, label in (("exams", "Экзамены"), ("projects", "Проекты"), ("career", "Профессия")):
        OptionFactory(question=multiple, value=value, label=label)
    long_text = QuestionFactory(section=second, kind=Question.Kind.LONG_TEXT, text="Что ещё?", required=False, order=2)
    matrix = QuestionFactory(
        section=second, kind=Question.Kind.MATRIX, text="Согласны ли Вы?", scale_min=1, scale_max=5, order=3
    )
    OptionFactory(question=matrix, value="goals", label="Цели понятны")
    OptionFactory(question=matrix, value="schedule", label="Встречи регулярны")
    campaign = CampaignFactory(organization=organization, questionnaire=questionnaire)
    pupil = StudentFactory(organization=organization, birth_date=birth_date, school_class="8А")
    recipient = RecipientFactory(campaign=campaign, person=pupil)
    return Kit(
        organization,
        questionnaire,
        campaign,
        recipient,
        scale,
        yes_no,
        yes,
        no,
        why,
        single,
        multiple,
        long_text,
        matrix,
    )
