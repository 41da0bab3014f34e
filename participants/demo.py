"""Demo bases of «Гимназия «Жуковка»» and «МБОУ «СОШ ст. Старица»» (seed 003: «Учитель – учитель»).

Invented, clearly fictional people; the demo accounts `mentor`, `mentee`, `curator`, `mentor2`
are linked to their cards. Idempotent: a person with the same name and birth date is reused.
"""

from datetime import date

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.db import transaction

from organizations.models import Organization
from programs.models import MentoringForm

from .models import Consent, MenteeCategory, MenteeProfile, MentorProfile, Person, search_key
from .reference_data import load_categories
from .services import required_signature

T, S = Person.Kind.TEACHER, Person.Kind.STUDENT

# (org, kind, ФИО, birth date, position or class, experience, user, parent, base, details)
PEOPLE = [
    (
        "zhukovka",
        T,
        "Кузнецов Павел Игоревич",
        date(1979, 4, 12),
        "Учитель физики",
        21,
        "mentor",
        "",
        "mentor",
        {
            "can_help_with": "Подготовка к олимпиадам, проектная деятельность, работа с лабораторным оборудованием",
            "forms": ["Учитель – учитель"],  # a teacher is no mentor in «Ученик – ученик» (its rule)
            "status": "active",
        },
    ),
    (
        "zhukovka",
        T,
        "Лебедева Марина Олеговна",
        date(1975, 11, 2),
        "Заместитель директора по УВР",
        26,
        "curator",
        "",
        "mentor",
        {
            "can_help_with": "Методическая помощь молодым специалистам, классное руководство",
            "forms": ["Учитель – учитель"],
            "status": "active",
        },
    ),
    (
        "zhukovka",
        T,
        "Ершова Татьяна Сергеевна",
        date(1983, 6, 30),
        "Учитель начальных классов",
        17,
        "zh-mentor-3",
        "",
        "mentor",
        {
            "can_help_with": "Адаптация первоклассников, работа с родителями",
            "forms": ["Учитель – учитель"],
            "status": "training",
        },
    ),
    (
        "zhukovka",
        T,
        "Белова Анна Дмитриевна",
        date(2001, 2, 17),
        "Учитель английского языка",
        1,
        "mentee",
        "",
        "mentee",
        {
            "categories": ["Молодой специалист (стаж 0–3 года)"],
            "requests": "Организация учебного процесса в 7-х классах\nРабота с родителями",
        },
    ),
    (
        "zhukovka",
        T,
        "Мельников Кирилл Алексеевич",
        date(1999, 9, 5),
        "Учитель истории",
        2,
        "zh-mentee-2",
        "",
        "mentee",
        {
            "categories": [
                "Молодой специалист (стаж 0–3 года)",
                "Освоение современных программ, цифровых навыков, ИКТ-компетенций",
            ],
            "requests": "Электронный журнал и цифровые образовательные ресурсы",
        },
    ),
    (
        "zhukovka",
        S,
        "Григорьев Артём Павлович",
        date(2009, 5, 21),
        "11А",
        None,
        "",
        "Григорьева Елена Викторовна",
        "mentor",
        {
            "can_help_with": "Помощь по математике и физике, подготовка к олимпиадам",
            "forms": ["Ученик – ученик"],
            "status": "active",
            "max_mentees": 2,
        },
    ),
    (
        "zhukovka",
        S,
        "Соловьёва Полина Андреевна",
        date(2010, 1, 9),
        "10Б",
        None,
        "",
        "Соловьёв Андрей Игоревич",
        "mentor",
        {
            "can_help_with": "Школьный медиацентр, организация мероприятий",
            "forms": ["Ученик – ученик"],
            "status": "interview",
        },
    ),
    (
        "zhukovka",
        S,
        "Тихонов Даниил Сергеевич",
        date(2012, 8, 3),
        "8А",
        None,
        "",
        "Тихонова Ольга Николаевна",
        "mentee",
        {
            "categories": ["Низкая учебная мотивация"],
            "requests": "Повысить успеваемость по алгебре",
            "source": "class_teacher",
        },
    ),
    (
        "zhukovka",
        S,
        "Захарова Виктория Романовна",
        date(2013, 3, 28),
        "7В",
        None,
        "",
        "Захаров Роман Олегович",
        "mentee",
        {
            "categories": ["Адаптация в новом коллективе"],
            "requests": "Освоиться в новом классе после переезда",
            "source": "psychologist",
        },
    ),
    ("zhukovka", S, "Фомин Егор Ильич", date(2012, 12, 11), "8Б", None, "", "Фомина Светлана Петровна", "", {}),
    (
        "staritsa",
        T,
        "Фролов Игорь Александрович",
        date(1972, 7, 14),
        "Учитель математики",
        28,
        "mentor2",
        "",
        "mentor",
        {
            "can_help_with": "Методика преподавания математики, подготовка к ОГЭ и ЕГЭ",
            "forms": ["Учитель – учитель"],
            "status": "active",
        },
    ),
    (
        "staritsa",
        T,
        "Ковалёва Наталья Ивановна",
        date(1968, 3, 3),
        "Учитель русского языка и литературы",
        33,
        "",
        "",
        "mentor",
        {
            "can_help_with": "Классное руководство, работа с трудными подростками",
            "forms": ["Учитель – учитель"],
            "status": "active",
        },
    ),
    (
        "staritsa",
        T,
        "Смирнова Дарья Юрьевна",
        date(2002, 10, 22),
        "Учитель русского языка и литературы",
        0,
        "st-mentee-1",
        "",
        "mentee",
        {
            "categories": ["Молодой специалист (стаж 0–3 года)"],
            "requests": "Планирование уроков\nОценивание письменных работ\nДисциплина на уроке",
        },
    ),
    (
        "staritsa",
        T,
        "Орехов Максим Витальевич",
        date(1998, 1, 30),
        "Учитель информатики",
        3,
        "",
        "",
        "mentee",
        {"categories": ["Адаптация на новом месте работы"], "requests": "Классное руководство в 5-м классе"},
    ),
    (
        "staritsa",
        T,
        "Лаптева Ирина Геннадьевна",
        date(1980, 5, 19),
        "Учитель биологии",
        15,
        "",
        "",
        "mentee",
        {
            "categories": ["Эмоциональное выгорание, хроническая усталость"],
            "requests": "Профилактика выгорания, обмен опытом",
        },
    ),
]


def _split(full_name: str) -> tuple[str, str, str]:
    last, first, *rest = full_name.split()
    return last, first, " ".join(rest)


@transaction.atomic
def load_demo_people() -> int:
    users = {u.username: u for u in get_user_model().objects.all()}
    orgs = {o.slug: o for o in Organization.objects.filter(slug__in={row[0] for row in PEOPLE})}
    forms = {f.name: f for f in MentoringForm.objects.filter(organization=None)}
    if not MenteeCategory.objects.exists():  # flushed by a transactional test: restore the reference data
        load_categories(django_apps)
    categories = {c.name: c for c in MenteeCategory.objects.all()}
    created = 0
    for slug, kind, full_name, born, place, experience, username, parent, base, details in PEOPLE:
        last, first, middle = _split(full_name)
        person, is_new = Person.objects.get_or_create(
            organization=orgs[slug],
            last_name=last,
            first_name=first,
            patronymic=middle,
            birth_date=born,
            defaults={
                "kind": kind,
                "position": place if kind == T else "",
                "school_class": place if kind == S else "",
                "experience_years": experience,
                "user": users.get(username),
                "parent_name": parent,
                "email": users[username].email if username in users else "",
                "search_name": search_key(last, first, middle),
            },
        )
        if not is_new:
            continue
        created += 1
        if full_name == "Фомин Егор Ильич":
            continue  # no consent yet: the demo shows what that blocks
        signed_by = required_signature(person)
        Consent.objects.create(
            person=person,
            given_on=date(2025, 9, 5),
            signed_by=signed_by,
            representative=parent if signed_by != Consent.SignedBy.SELF else "",
            publication=kind == T,
        )
        details = dict(details)
        if base == "mentor":
            profile = MentorProfile.objects.create(
                person=person,
                can_help_with=details["can_help_with"],
                status=details["status"],
                max_mentees=details.get("max_mentees", 2),
            )
            profile.forms.set([forms[name] for name in details["forms"]])
        elif base == "mentee":
            profile = MenteeProfile.objects.create(
                person=person, requests=details["requests"], source=details.get("source", "questionnaire")
            )
            profile.categories.set([categories[name] for name in details["categories"]])
    return created
