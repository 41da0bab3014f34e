"""Demo pairs and groups of «Гимназия «Жуковка»» and «МБОУ «СОШ ст. Старица»» (seed 003).

Formed through the service, as a curator would; some mentees are left without a pair so that the
«без пары» filter shows somebody. Idempotent: a mentor who already has pairs is skipped.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from organizations.models import Organization
from participants import services as people
from participants.models import MenteeProfile, MentorProfile, Person
from programs.deadlines import current_school_year
from programs.models import MentoringForm, RoleModel

from . import matching
from .models import Mentorship, Preference
from .services import mentorship_save

# (org, curator account, mentor, mentees, form, role model, goal)
PAIRS = [
    (
        "zhukovka",
        "curator",
        "Кузнецов Павел Игоревич",
        ["Белова Анна Дмитриевна"],
        "Учитель – учитель",
        "Опытный педагог – молодой специалист",
        "Адаптация молодого специалиста в коллективе, освоение методики урока и классного руководства.",
    ),
    (
        "zhukovka",
        "curator",
        "Григорьев Артём Павлович",
        ["Тихонов Даниил Сергеевич", "Захарова Виктория Романовна"],
        "Ученик – ученик",
        "Успевающий – неуспевающий",
        "Повышение учебной мотивации, помощь в подготовке к контрольным работам по математике.",
    ),
    (
        "staritsa",
        "curator2",
        "Фролов Игорь Александрович",
        ["Смирнова Дарья Юрьевна"],
        "Учитель – учитель",
        "Опытный педагог – молодой специалист",
        "Развитие профессиональных компетенций молодого педагога (программа наставничества, раздел 3).",
    ),
    (
        "staritsa",
        "curator2",
        "Ковалёва Наталья Ивановна",
        ["Орехов Максим Витальевич"],
        "Учитель – учитель",
        "Опытный предметник – неопытный предметник",
        "Освоение подготовки обучающихся к ГИА.",
    ),
]
STARTED_ON = date(2026, 9, 15)
PLANNED_END_ON = date(2027, 5, 31)


def _profile(model, organization, full_name):
    last, first, *rest = full_name.split()
    return model.objects.select_related("person").get(
        person__organization=organization,
        person__last_name=last,
        person__first_name=first,
        person__patronymic=" ".join(rest),
    )


@transaction.atomic
def load_demo_pairs() -> int:
    users = {u.username: u for u in get_user_model().objects.filter(username__in={p[1] for p in PAIRS})}
    orgs = {o.slug: o for o in Organization.objects.filter(slug__in={p[0] for p in PAIRS})}
    created = 0
    for slug, curator, mentor_name, mentee_names, form_name, role_model_name, goal in PAIRS:
        organization = orgs.get(slug)
        if organization is None:
            continue
        mentor = _profile(MentorProfile, organization, mentor_name)
        if Mentorship.objects.filter(mentor=mentor).exists():
            continue
        form = MentoringForm.objects.get(organization=None, name=form_name)
        mentorship_save(
            mentorship=Mentorship(organization=organization),
            actor=users.get(curator),
            mentees=[_profile(MenteeProfile, organization, name) for name in mentee_names],
            mentor=mentor,
            form=form,
            role_model=RoleModel.objects.filter(form=form, name=role_model_name).first() if role_model_name else None,
            started_on=STARTED_ON,
            planned_end_on=PLANNED_END_ON,
            goal=goal,
        )
        created += 1
    load_demo_matching(orgs, users)
    return created


# --- Подбор (matching) -----------------------------------------------------------------------------------

# (org, ФИО, position or class, birth date, representative, requests): mentees left without a pair so
# that «Подобрать всем» has something to propose (and one pupil whom nobody can take: no free places).
MATCHING_MENTEES = [
    (
        "zhukovka",
        "Журавлёва Ольга Петровна",
        "Учитель информатики",
        date(1999, 4, 12),
        "",
        "ИКТ на уроках\nПодготовка к ОГЭ по информатике",
    ),
    (
        "zhukovka",
        "Сидоров Никита Андреевич",
        "Учитель физики",
        date(2000, 2, 3),
        "",
        "Лабораторные работы по физике\nДисциплина на уроке",
    ),
    ("zhukovka", "Павлова Ксения Игоревна", "8А", date(2012, 3, 9), "Павлов Игорь Андреевич", "Подтянуть геометрию"),
    (
        "staritsa",
        "Кравцова Елена Сергеевна",
        "Учитель математики",
        date(2001, 7, 21),
        "",
        "Подготовка к ЕГЭ по математике\nЦифровые инструменты на уроке",
    ),
]
# (org, mentor, subjects, competences) — filled only where empty
MATCHING_MENTORS = [
    ("zhukovka", "Кузнецов Павел Игоревич", "физика", "Лабораторное оборудование\nОлимпиадная физика"),
    ("zhukovka", "Лебедева Марина Олеговна", "история, обществознание", "Цифровые инструменты учителя\nМетодика урока"),
    ("staritsa", "Фролов Игорь Александрович", "математика", "Подготовка к ОГЭ и ЕГЭ\nКомпьютерные тренажёры"),
    (
        "staritsa",
        "Ковалёва Наталья Ивановна",
        "русский язык, литература",
        "Профилактика выгорания\nКлассное руководство",
    ),
]
# (org, who, whom): after the general meeting
MATCHING_PREFERENCES = [
    ("zhukovka", "Мельников Кирилл Алексеевич", "Лебедева Марина Олеговна"),
    ("zhukovka", "Кузнецов Павел Игоревич", "Сидоров Никита Андреевич"),
    ("staritsa", "Лаптева Ирина Геннадьевна", "Ковалёва Наталья Ивановна"),
]


def _person(organization, full_name):
    last, first, *rest = full_name.split()
    return Person.objects.filter(
        organization=organization, last_name=last, first_name=first, patronymic=" ".join(rest)
    ).first()


def load_demo_matching(orgs, users) -> None:
    """Matching settings, mentors' subjects and competences, a few preferences and unpaired mentees."""
    curators = {"zhukovka": users.get("curator"), "staritsa": users.get("curator2")}
    today = timezone.localdate()
    for organization in orgs.values():
        matching.criteria(organization)  # the defaults, as the curator's first visit writes them
    for slug, full_name, place, born, parent, requests in MATCHING_MENTEES:
        organization, actor = orgs.get(slug), curators.get(slug)
        if organization is None or actor is None or _person(organization, full_name):
            continue
        last, first, middle = full_name.split()
        pupil = parent != ""
        person = people.person_save(
            person=Person(organization=organization),
            actor=actor,
            last_name=last,
            first_name=first,
            patronymic=middle,
            kind=Person.Kind.STUDENT if pupil else Person.Kind.TEACHER,
            birth_date=born,
            school_class=place if pupil else "",
            position="" if pupil else place,
            parent_name=parent,
        )
        people.consent_record(
            person=person,
            actor=actor,
            given_on=date(2026, 9, 10),
            signed_by=people.required_signature(person, date(2026, 9, 10)),
            representative=parent,
        )
        people.mentee_profile_save(person=person, actor=actor, requests=requests)
    for slug, full_name, subjects, competences in MATCHING_MENTORS:
        organization = orgs.get(slug)
        person = _person(organization, full_name) if organization else None
        if person is None:
            continue
        Person.objects.filter(pk=person.pk, subjects="").update(subjects=subjects)
        MentorProfile.objects.filter(person=person, competences="").update(competences=competences)
    for slug, who, whom in MATCHING_PREFERENCES:
        organization = orgs.get(slug)
        person = _person(organization, who) if organization else None
        preferred = _person(organization, whom) if organization else None
        if person and preferred:
            Preference.objects.get_or_create(
                person=person,
                preferred=preferred,
                school_year=current_school_year(today),
                defaults={"organization": organization, "source": Preference.Source.CURATOR},
            )
