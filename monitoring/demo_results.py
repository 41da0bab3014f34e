"""Demo results (part D of issue 13): closed campaigns with answers in «Гимназия «Жуковка»» and «МБОУ «СОШ ст.
Старица»», so that the results pages and «до/после» show real figures.

In each organization: the entry questionnaires of the target model for mentees and mentors (the standard
originals ``mentee-before`` and ``mentor-before``) in September, after this year's pairs were formed; the
final ones (``mentee-after``, ``mentor-after``) in November, at the end of the first term; and the anonymous
satisfaction questionnaire. Every campaign is closed. The answers are invented but deterministic (seeded by
the person's name): most scores rise, some stay and some fall; one mentee skipped the final questionnaire
and one the entry one, so «до/после» leaves them out. Idempotent: a campaign already there (by its title in
the organization) is skipped.
"""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from organizations.models import Organization
from pairing.models import Mentorship, MentorshipMember
from participants.models import MenteeProfile, Person
from programs.models import Programme

from .models import Answer, Campaign, Question, Questionnaire, Recipient, Response
from .reference import ensure_standard_questionnaires
from .results import summary_text

ORGANIZATIONS = (("zhukovka", "curator"), ("staritsa", "curator2"))
BEFORE_DATES = (date(2026, 9, 16), date(2026, 9, 30))
AFTER_DATES = (date(2026, 11, 2), date(2026, 11, 13))
SATISFACTION_DATES = (date(2026, 11, 9), date(2026, 11, 18))

# (questionnaire key, title, dates)
CAMPAIGNS = (
    ("mentee-before", "Входное анкетирование наставляемых", BEFORE_DATES),
    ("mentor-before", "Входное анкетирование наставников", BEFORE_DATES),
    ("mentee-after", "Итоговое анкетирование наставляемых (I четверть)", AFTER_DATES),
    ("mentor-after", "Итоговое анкетирование наставников (I четверть)", AFTER_DATES),
    ("satisfaction", "Удовлетворённость участников программой", SATISFACTION_DATES),
)
# Who did not answer (by surname): one mentee skipped the final questionnaire, one the entry one.
SKIPPED = {"mentee-after": {"Павлова", "Кравцова"}, "mentee-before": {"Сидоров"}}

TEXTS = {
    "mentee.experience_where": ["В школе: помогал однокласснику с математикой", "На прошлой работе, как стажёр"],
    "mentee.expectations": [
        "Хочу научиться планировать время и не бояться спрашивать",
        "Жду помощи в подготовке к контрольным и олимпиаде",
        "Хочу увереннее вести уроки и работать с родителями",
        "Разобраться с электронным журналом и рабочими программами",
    ],
    "mentee.most_useful": [
        "Разбор моих уроков после посещения",
        "Совместная подготовка к контрольной: стало понятнее",
        "Что можно было прийти с любым вопросом",
        "Встречи раз в две недели и план на месяц",
    ],
    "mentee.to_change": ["Больше групповых встреч", "Встречаться чаще перед контрольными", "Ничего, всё устроило"],
    "mentor.experience_where": ["Вёл молодых специалистов методического объединения", "Руководил проектом учеников"],
    "mentor.expectations": [
        "Передать опыт и самому посмотреть на уроки свежим взглядом",
        "Помочь наставляемому освоиться в коллективе",
    ],
    "mentor.results": [
        "Наставляемый провёл два самостоятельных открытых урока",
        "Оценки по математике у группы выросли, ребята сами готовятся к контрольным",
    ],
    "mentor.difficulties": ["Мало времени на встречи в конце четверти", "Сложно совместить расписания"],
    "sat.best": [
        "Поддержка наставника",
        "Понятные цели на каждую встречу",
        "Встречи в группе: можно было учиться друг у друга",
        "Обратная связь после уроков",
    ],
    "sat.improve": ["Больше времени на встречи", "Общий сбор всех пар раз в четверть", "Электронный дневник встреч"],
}


def _at(day: date, minutes: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(15, 0)) + timedelta(minutes=minutes))


def _people(
    organization: Organization,
) -> tuple[list[tuple[Person, Mentorship | None]], list[tuple[Person, Mentorship]]]:
    """The organization's base mentees (with their current pair, if any) and the mentors leading current pairs."""
    members = {
        m.mentee.person_id: m.mentorship
        for m in MentorshipMember.objects.filter(
            mentorship__organization=organization,
            mentorship__status__in=Mentorship.CURRENT,
            left_on__isnull=True,
        ).select_related("mentorship__form", "mentee")
    }
    mentees = [
        (p.person, members.get(p.person_id))
        for p in MenteeProfile.objects.filter(person__organization=organization)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    ]
    mentors: dict[int, tuple[Person, Mentorship]] = {}
    for pair in (
        Mentorship.objects.filter(organization=organization, status__in=Mentorship.CURRENT)
        .select_related("mentor__person", "form")
        .order_by("started_on", "pk")
    ):
        mentors.setdefault(pair.mentor.person_id, (pair.mentor.person, pair))
    return mentees, sorted(mentors.values(), key=lambda x: x[0].full_name)


def _rng(*parts: object) -> random.Random:
    return random.Random(":".join(str(p) for p in parts))  # noqa: S311  (seeded demo data, not a secret)


def _before_score(seed: str, person: Person, code: str) -> int:
    """A person's level of a parameter before the programme."""
    return _rng(seed, person.last_name, person.first_name, code).randint(3, 7)


def _after_score(seed: str, person: Person, code: str) -> int:
    """The same parameter after: most rise by 1–3, some stay, some fall by 1–2."""
    before = _before_score(seed, person, code)
    rng = _rng(seed, person.last_name, person.first_name, code, "after")
    roll = rng.random()
    if roll < 0.15:
        return max(1, before - rng.randint(1, 2))
    if roll < 0.3:
        return before
    return min(10, before + rng.randint(1, 3))


def _answers_for(
    questions: list[Question], *, seed: str, person: Person, phase: str, measured: set[str]
) -> list[Answer]:
    """Answers to one questionnaire: the measured scales from the person's levels before and after, the other
    scales, yes/no, matrices and texts at random (seeded); a conditional question only when its condition holds."""
    rng = _rng(seed, phase, person.last_name, person.first_name)
    answers: list[Answer] = []
    chosen: set[int] = set()
    for q in questions:
        if q.show_if_id and q.show_if_id not in chosen:
            continue
        if q.kind == Question.Kind.SCALE:
            if q.code in measured:
                value = _before_score(seed, person, q.code) if phase == "before" else _after_score(seed, person, q.code)
            else:
                value = rng.choice((6, 7, 8, 8, 9, 9, 10))
            answers.append(Answer(question=q, number=max(q.scale_min or 0, min(q.scale_max or 10, value))))
        elif q.kind == Question.Kind.YES_NO:
            options = {o.value: o for o in q.options.all()}
            chance = 0.4 if q.code.endswith("experience") else 0.85
            option = options["yes"] if rng.random() < chance else options["no"]
            chosen.add(option.pk)
            answers.append(Answer(question=q, option=option))
        elif q.kind == Question.Kind.MATRIX:
            top, bottom = q.scale_max or 5, q.scale_min or 1
            answers.extend(  # mostly agree: the upper half of the scale
                Answer(question=q, option=o, number=max(bottom, top - rng.choice((0, 0, 1, 1, 2))))
                for o in q.options.all()
            )
        elif q.kind in Question.TEXTUAL:
            texts = TEXTS.get(q.code)
            if texts and rng.random() < 0.8:
                answers.append(Answer(question=q, text=rng.choice(texts)))
    return answers


def _standard(key: str) -> Questionnaire:
    return Questionnaire.objects.get(organization__isnull=True, key=key, previous__isnull=True)


@transaction.atomic
def load_demo_results() -> int:
    ensure_standard_questionnaires()  # a database a test has flushed lost the migration's rows
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[c for _, c in ORGANIZATIONS])}
    created = 0
    for slug, curator in ORGANIZATIONS:
        organization = Organization.objects.filter(slug=slug).first()
        if organization is None:
            continue
        mentees, mentors = _people(organization)
        programme = Programme.objects.filter(organization=organization).order_by("pk").first()
        for key, title, (opens_on, closes_on) in CAMPAIGNS:
            if Campaign.objects.filter(organization=organization, title=title).exists():
                continue
            questionnaire = _standard(key)
            audience = questionnaire.audience
            if audience == Questionnaire.Audience.MENTEE:
                people = mentees
            elif audience == Questionnaire.Audience.MENTOR:
                people = mentors
            else:  # everybody in a pair or group
                people = [(p, pair) for p, pair in mentees if pair] + mentors
            campaign = Campaign.objects.create(
                organization=organization,
                questionnaire=questionnaire,
                programme=programme,
                title=title,
                opens_on=opens_on,
                closes_on=closes_on,
                audience={"mentee": "наставляемые", "mentor": "наставники пар и групп"}.get(
                    audience, "участники пар и групп"
                ),
                closed_at=_at(closes_on, 180),
                created_by=users.get(curator),
            )
            questions = list(
                Question.objects.filter(questionnaire=questionnaire)
                .prefetch_related("options")
                .order_by("section__order", "order", "pk")
            )
            recipients = Recipient.objects.bulk_create(
                [
                    Recipient(
                        campaign=campaign,
                        person=person,
                        mentorship=pair,
                        channel=Recipient.Channel.SLIP
                        if person.kind == Person.Kind.STUDENT
                        else Recipient.Channel.EMAIL,
                        sent_at=_at(opens_on, -360),
                    )
                    for person, pair in people
                ]
            )
            measured = set(
                Question.objects.filter(
                    questionnaire__organization__isnull=True,
                    questionnaire__key=f"{audience}-before",
                    kind=Question.Kind.SCALE,
                ).values_list("code", flat=True)
            )
            mentor_ids = {person.pk for person, _ in mentors}
            answers: list[tuple[Response, list[Answer]]] = []
            for n, recipient in enumerate(recipients):
                person, pair = recipient.person, recipient.mentorship
                if person.last_name in SKIPPED.get(key, set()):
                    continue
                submitted = _at(opens_on + timedelta(days=n % 7), 7 * n)
                recipient.opened_at = submitted - timedelta(minutes=12)
                recipient.responded_at = submitted
                role = audience
                if audience == Questionnaire.Audience.ANY:
                    role = Questionnaire.Audience.MENTOR if person.pk in mentor_ids else Questionnaire.Audience.MENTEE
                response = Response(campaign=campaign, questionnaire=questionnaire, role=role, submitted_at=submitted)
                if questionnaire.anonymous:  # no link to the person, and no time that would match their link's
                    response.submitted_at = _at(closes_on, 0)
                else:
                    response.recipient = recipient
                    response.person = person
                    response.mentorship = pair
                    response.form = pair.form if pair else None
                    response.school_class = person.school_class
                phase = questionnaire.purpose
                rows = _answers_for(questions, seed=slug, person=person, phase=phase, measured=measured)
                answers.append((response, rows))
            Recipient.objects.bulk_update(recipients, ["opened_at", "responded_at"])
            if questionnaire.anonymous:  # nothing ties an anonymous response to its link: shuffle their order
                _rng(slug, key).shuffle(answers)
            Response.objects.bulk_create([response for response, _ in answers])
            for response, rows in answers:
                for answer in rows:
                    answer.response = response
            Answer.objects.bulk_create([answer for _, rows in answers for answer in rows])
            Campaign.objects.filter(pk=campaign.pk).update(summary=summary_text(campaign))
            created += 1
    return created
