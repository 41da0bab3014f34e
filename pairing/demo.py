"""Demo pairs and groups of «Гимназия «Жуковка»» and «МБОУ «СОШ ст. Старица»» (seed 003).

Formed through the service, as a curator would; some mentees are left without a pair so that the
«без пары» filter shows somebody. Idempotent: a mentor who already has pairs is skipped.
"""

from datetime import date, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from organizations.models import Organization
from participants import services as people
from participants.models import MenteeProfile, MentorProfile, Person
from programs.deadlines import current_school_year
from programs.models import MentoringForm, RoleModel

from . import matching
from .meetings import meeting_save, mentor_contacts_save
from .models import Meeting, Mentorship, Preference
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
    return created + load_demo_lifecycle(users | _curators(), orgs | _orgs())


def _curators() -> dict:
    return {u.username: u for u in get_user_model().objects.filter(username__in=("curator", "curator2"))}


def _orgs() -> dict:
    return {o.slug: o for o in Organization.objects.filter(slug__in=("zhukovka", "staritsa"))}


# Last school year's pairs (formed before the lifecycle: «Работает» without an order), closed in May;
# two of them are the cases of the база успешных практик.
# (org, curator, mentor, mentee, status, ended_on, reason, result, mentor's and mentee's reflections, case)
PAST_PAIRS = [
    (
        "zhukovka",
        "curator",
        "Кузнецов Павел Игоревич",
        "Мельников Кирилл Алексеевич",
        Mentorship.Status.FINISHED,
        date(2026, 5, 29),
        "",
        "Цель 1 (методика урока): проведён открытый урок истории, оценка методического объединения — «отлично».\n"
        "Цель 2 (электронный журнал): журнал ведётся без замечаний с ноября.",
        "Кирилл Алексеевич быстро перенимает опыт, стал увереннее на уроке.",
        "Понял, как выстраивать урок и работать с журналом; хочу продолжить в проекте.",
        (
            "От первого урока до открытого урока за год",
            "Молодой учитель истории и опытный учитель физики: взаимопосещение уроков раз в две недели, разбор "
            "каждого урока по карте наблюдения, совместная подготовка открытого урока к весне.",
        ),
    ),
    (
        "staritsa",
        "curator2",
        "Ковалёва Наталья Ивановна",
        "Лаптева Ирина Геннадьевна",
        Mentorship.Status.TERMINATED,
        date(2025, 11, 20),
        "Наставляемая по запросу перешла к наставнику — учителю своего цикла предметов",
        "",
        "",
        "",
        None,
    ),
    (
        "staritsa",
        "curator2",
        "Фролов Игорь Александрович",
        "Лаптева Ирина Геннадьевна",
        Mentorship.Status.FINISHED,
        date(2026, 5, 29),
        "",
        "Цель (профилактика выгорания): проведены три мастер-класса для коллег, нагрузка перераспределена.",
        "Обмен опытом полезен обеим сторонам.",
        "Вернулся интерес к работе, появились новые форматы уроков.",
        (
            "Равный наставник против выгорания",
            "Два опытных педагога: взаимопосещения, совместные мастер-классы для коллег и план снижения "
            "нагрузки; по итогам года — новые форматы уроков биологии.",
        ),
    ),
]
PAST_START = date(2025, 9, 15)
CANCELLED_PAIR = (
    "zhukovka",
    "curator",
    "Лебедева Марина Олеговна",
    "Мельников Кирилл Алексеевич",
    "После общей встречи наставляемый выбрал другой формат: проектная группа методического объединения",
)


def load_demo_lifecycle(users: dict, orgs: dict) -> int:
    """A school year of pairs in every status: last year's finished and terminated pairs (two cases), a
    cancelled one, this year's pairs chosen for the pairs order (documents' demo prepares it: signed in
    «СОШ ст. Старица», on signature in «Жуковка»), and a nomination «Наставник года»."""
    from .lifecycle import mentorship_cancel, mentorship_set_case, mentorships_to_order, nomination_save
    from .services import mentorship_close

    created = 0
    teachers = MentoringForm.objects.get(organization=None, name="Учитель – учитель")
    for (
        slug,
        curator,
        mentor_name,
        mentee_name,
        status,
        ended_on,
        reason,
        result,
        by_mentor,
        by_mentee,
        case,
    ) in PAST_PAIRS:
        organization = orgs.get(slug)
        if organization is None:
            continue
        mentor = _profile(MentorProfile, organization, mentor_name)
        if Mentorship.objects.filter(mentor=mentor, school_year=PAST_START.year).exists():
            continue
        # the terminated pair came first; its mentee then went on with another mentor
        started_on = PAST_START if status == Mentorship.Status.TERMINATED or slug == "zhukovka" else date(2025, 12, 1)
        pair = mentorship_save(
            mentorship=Mentorship(organization=organization),
            actor=users[curator],
            mentees=[_profile(MenteeProfile, organization, mentee_name)],
            mentor=mentor,
            form=teachers,
            started_on=started_on,
            planned_end_on=date(2026, 5, 31),
            goal="Адаптация и профессиональное развитие педагога",
        )
        Mentorship.objects.filter(pk=pair.pk).update(status=Mentorship.Status.ACTIVE)  # formed before the lifecycle
        pair = mentorship_close(
            mentorship=pair,
            actor=users[curator],
            status=status,
            ended_on=ended_on,
            end_reason=reason,
            result=result,
            mentor_reflection=by_mentor,
            mentee_reflection=by_mentee,
            final_meeting=status == Mentorship.Status.FINISHED,
        )
        if case:
            mentorship_set_case(
                mentorship=pair, actor=users[curator], is_case=True, case_title=case[0], case_summary=case[1]
            )
        if slug == "zhukovka" and case:
            nomination_save(
                organization=organization,
                actor=users[curator],
                mentor=mentor,
                mentorship=pair,
                kind="mentor_of_year",
                reason="Результативное наставничество молодого педагога: открытый урок наставляемого",
                school_year=PAST_START.year,
            )
        created += 1
    slug, curator, mentor_name, mentee_name, reason = CANCELLED_PAIR
    organization = orgs.get(slug)
    if organization is not None:
        mentor = _profile(MentorProfile, organization, mentor_name)
        if not Mentorship.objects.filter(mentor=mentor, status=Mentorship.Status.CANCELLED).exists():
            pair = mentorship_save(
                mentorship=Mentorship(organization=organization),
                actor=users[curator],
                mentees=[_profile(MenteeProfile, organization, mentee_name)],
                mentor=mentor,
                form=teachers,
                started_on=STARTED_ON,
                goal="Освоение электронного журнала",
            )
            mentorship_cancel(mentorship=pair, actor=users[curator], reason=reason, on=date(2026, 9, 10))
            created += 1
    for slug, curator in (("zhukovka", "curator"), ("staritsa", "curator2")):
        organization = orgs.get(slug)
        forming = Mentorship.objects.filter(
            organization=organization, status=Mentorship.Status.FORMING, school_year=STARTED_ON.year, for_order=False
        )
        if organization is not None and forming.exists():
            mentorships_to_order(organization=organization, actor=users[curator], mentorships=forming)
    return created


# Meetings of the demo pairs, by mentor: (held, planned). A held meeting is (days after the pair's start,
# or negative: days before today; kind; topic; outcome); a planned one (days from today, hour, kind,
# topic, place). Dates follow the day the demo is loaded: Кузнецов's and Фролов's pairs have had no
# meeting for over 14 days (the flag and the reminder), the others meet regularly and plan ahead.
K = Meeting.Kind
MEETINGS = {
    "Кузнецов Павел Игоревич": (
        [
            (
                2,
                K.ACQUAINTANCE,
                "Знакомство, ожидания от работы в паре",
                "Обсудили запросы: 7-е классы, работа с родителями.",
            ),
            (
                9,
                K.PLANNING,
                "Составление плана на полугодие",
                "Составили план: посещение уроков, разбор двух уроков в месяц.",
            ),
            (
                -20,
                K.REGULAR,
                "Разбор урока английского языка в 7А",
                "Разобрали структуру урока, договорились о приёмах удержания внимания.",
            ),
        ],
        [(6, 15, K.REGULAR, "Подготовка к родительскому собранию", "Кабинет 214")],
    ),
    "Григорьев Артём Павлович": (
        [
            (3, K.ACQUAINTANCE, "Знакомство группы", "Договорились заниматься по вторникам после уроков."),
            (-30, K.REGULAR, "Дроби и проценты", "Решили 12 задач, двое справились с проверочной работой."),
            (-4, K.REGULAR, "Подготовка к контрольной по алгебре", "Повторили формулы сокращённого умножения."),
        ],
        [
            (3, 14, K.REGULAR, "Уравнения с параметром: разбор", "Кабинет математики"),
            (10, 14, K.REGULAR, "Подготовка к полугодовой контрольной", "Кабинет математики"),
        ],
    ),
    "Фролов Игорь Александрович": (
        [
            (5, K.ACQUAINTANCE, "Знакомство, запросы молодого педагога", "Запросы: планирование уроков, оценивание."),
            (
                -18,
                K.TRIAL,
                "Пробное занятие: технологическая карта урока",
                "Составили карту урока; следующий шаг — взаимопосещение.",
            ),
        ],
        [],
    ),
    # Fixed by the signed order, not met yet (the mentee joined late): «Закреплена приказом», and flagged.
    "Ковалёва Наталья Ивановна": (
        [],
        [
            (2, 15, K.ACQUAINTANCE, "Знакомство и план подготовки к ГИА", "Кабинет 305"),
            (8, 16, K.REGULAR, "Разбор пробного ОГЭ", "https://sferum.ru/?call_link=demo"),
        ],
    ),
}
# The mentor's choice of contacts the mentees see (and a phone for the demo card, if none).
CONTACTS = {
    "Кузнецов Павел Игоревич": (True, True, "+7 900 000-00-01"),
    "Фролов Игорь Александрович": (False, True, ""),
}


def load_demo_meetings() -> int:
    """Meetings in the demo pairs of both organizations, recorded through the services by the pair's mentor
    (or the curator when the mentor has no account). A pair that already has meetings is skipped."""
    today = timezone.localdate()
    created = 0
    pairs = (
        Mentorship.objects.current()
        .filter(organization__slug__in={p[0] for p in PAIRS})
        .select_related("mentor__person__user", "organization")
    )
    curators = {p[0]: p[1] for p in PAIRS}
    users = {u.username: u for u in get_user_model().objects.filter(username__in=set(curators.values()))}
    for mentorship in pairs:
        person = mentorship.mentor.person
        name = person.full_name
        if name in CONTACTS and person.user:
            show_phone, show_email, phone = CONTACTS[name]
            if phone and not person.phone:
                Person.objects.filter(pk=person.pk).update(phone=phone)
                person.phone = phone
            if (mentorship.mentor.show_phone, mentorship.mentor.show_email) != (show_phone, show_email):
                mentor_contacts_save(
                    profile=mentorship.mentor, actor=person.user, show_phone=show_phone, show_email=show_email
                )
        if name not in MEETINGS or mentorship.meetings.exists():
            continue
        actor = person.user or users.get(curators[mentorship.organization.slug])
        present = [m.mentee for m in mentorship.members.filter(left_on__isnull=True).select_related("mentee")]
        held, planned = MEETINGS[name]
        for offset, kind, topic, outcome in held:
            on = mentorship.started_on + timedelta(days=offset) if offset >= 0 else today + timedelta(days=offset)
            if not mentorship.started_on <= on <= today:
                continue
            meeting_save(
                meeting=Meeting(mentorship=mentorship),
                actor=actor,
                status=Meeting.Status.HELD,
                present=present,
                kind=kind,
                date=on,
                starts_at=time(15, 0),
                duration_minutes=45,
                format=Meeting.Format.IN_PERSON,
                topic=topic,
                outcome=outcome,
            )
            created += 1
        for days, hour, kind, topic, place in planned:
            meeting_save(
                meeting=Meeting(mentorship=mentorship),
                actor=actor,
                status=Meeting.Status.PLANNED,
                kind=kind,
                date=max(today, mentorship.started_on) + timedelta(days=days),
                starts_at=time(hour, 0),
                duration_minutes=60 if place.startswith("http") else 45,
                format=Meeting.Format.ONLINE if place.startswith("http") else Meeting.Format.IN_PERSON,
                place=place,
                topic=topic,
            )
            created += 1
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
