"""Demo individual plans of the demo pairs (``pairing.demo``), written through the plan services as the
mentors and directors would:

- «Гимназия «Жуковка»»: the ИОМ of Кузнецов П.И. (`mentor`) for Белова А.Д. (`mentee`), approved by the
  director, two activities done; the personal programme of the pupils' group of Григорьев А.П., a draft
  (a pupil mentor has no account: the curator keeps it for him);
- «МБОУ «СОШ ст. Старица»»: the ИОМ of Фролов И.А. (`mentor2`) for Смирнова Д.Ю., awaiting `director2`;
  the ИОМ of Ковалёва Н.И. for Орехов М.В., a draft.

Idempotent: a pair that has a plan is skipped.
"""

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from mentoring_site.audit import save_audited

from .models import IndividualPlan, Mentorship, MentorshipMember, PlanItem
from .plans import plan_approve, plan_progress, plan_save, plan_submit, prefill

# Activities for each request of the demo mentees: (task, activity, date).
ACTIVITIES: dict[str, list[tuple[str, str, date]]] = {
    "Организация учебного процесса в 7-х классах": [
        (
            "Освоить планирование урока по ФГОС",
            "Совместное планирование трёх уроков английского языка в 7-х классах",
            date(2026, 10, 15),
        ),
        (
            "Увидеть приёмы удержания внимания",
            "Посещение уроков наставника (физика, 7А и 7Б) с разбором",
            date(2026, 11, 20),
        ),
        ("Провести открытый урок", "Открытый урок в 7А, анализ с наставником", date(2027, 2, 12)),
    ],
    "Работа с родителями": [
        (
            "Подготовить родительское собрание",
            "Сценарий и проведение собрания в 7В вместе с наставником",
            date(2026, 12, 18),
        ),
    ],
    "Повысить успеваемость по алгебре": [
        (
            "Закрыть пробелы по теме «Линейные уравнения»",
            "Занятия с наставником после уроков, раз в неделю",
            date(2026, 12, 25),
        ),
    ],
    "Освоиться в новом классе после переезда": [
        ("Познакомиться с классом", "Участие в школьном проекте вместе с наставником", date(2027, 2, 20)),
    ],
    "Планирование уроков": [
        (
            "Составить технологические карты уроков",
            "Разбор трёх технологических карт с наставником",
            date(2026, 10, 30),
        ),
    ],
    "Оценивание письменных работ": [
        ("Согласовать критерии оценивания", "Совместная проверка контрольной работы 6-го класса", date(2026, 12, 10)),
    ],
    "Дисциплина на уроке": [
        ("Освоить приёмы организации класса", "Посещение уроков наставника и обсуждение", date(2027, 1, 29)),
    ],
    "Классное руководство в 5-м классе": [
        (
            "Спланировать воспитательную работу",
            "План классных часов на полугодие вместе с наставником",
            date(2026, 11, 30),
        ),
        ("Провести классный час", "Классный час в 5-м классе, разбор с наставником", date(2027, 3, 19)),
    ],
}

# The mentor's full name → what the demo does with their pair's plan.
PLANS = {
    "Кузнецов Павел Игоревич": "approved",
    "Григорьев Артём Павлович": "draft",
    "Фролов Игорь Александрович": "review",
    "Ковалёва Наталья Ивановна": "draft",
}
DONE = {
    "Совместное планирование трёх уроков английского языка в 7-х классах": "Три плана-конспекта уроков, "
    "согласованы с наставником 14.10.2026",
    "Посещение уроков наставника (физика, 7А и 7Б) с разбором": "Лист наблюдения, 4 урока посещено",
}


def _rows(requests: list[str]) -> list[dict[str, Any]]:
    return [
        {"goal": request, "task": task, "activity": activity, "due_on": due_on}
        for request in requests
        for task, activity, due_on in ACTIVITIES.get(request, [])
    ]


def _director(mentorship: Mentorship) -> Any:
    slug = mentorship.organization.slug
    return get_user_model().objects.filter(username="director" if slug == "zhukovka" else "director2").first()


@transaction.atomic
def load_demo_plans() -> int:
    created = 0
    pairs = (
        Mentorship.objects.current()
        .filter(organization__slug__in=("zhukovka", "staritsa"))
        .select_related("mentor__person__user", "organization")
    )
    for mentorship in pairs:
        outcome = PLANS.get(mentorship.mentor.person.full_name)
        if outcome is None or mentorship.plans.exists():
            continue
        mentees = [
            m.mentee
            for m in MentorshipMember.objects.filter(mentorship=mentorship, left_on__isnull=True).select_related(
                "mentee__person"
            )
        ]
        start = prefill(mentorship, mentees)
        fields = {"kind": start.kind, "deficits": start.deficits, "goals": start.goals}
        fields["expected_results"] = start.expected_results or "Наставляемый уверенно решает задачи своих запросов."
        mentor = mentorship.mentor.person.user
        plan = IndividualPlan(mentorship=mentorship)
        if mentor is None:  # a pupil mentor without an account: the curator types the draft in for him
            _store_for(plan, mentorship, fields, _rows(start.deficits.splitlines()))
        else:
            plan = plan_save(plan=plan, actor=mentor, items=_rows(start.deficits.splitlines()), **fields)
        if outcome in ("review", "approved"):
            plan_submit(plan=plan, actor=mentor)
        if outcome == "approved":
            plan = plan_approve(plan=plan, actor=_director(mentorship))
            marks = {item.pk: ("done", DONE[item.activity]) for item in plan.items.all() if item.activity in DONE}
            plan_progress(
                plan=plan,
                actor=mentor,
                items=marks,
                results="Уроки в 7-х классах планируются самостоятельно, по технологическим картам.",
            )
        created += 1
    return created


def _store_for(plan: IndividualPlan, mentorship: Mentorship, fields: dict[str, Any], rows: list[dict]) -> None:
    curator = get_user_model().objects.filter(username="curator").first()
    for name, value in fields.items():
        setattr(plan, name, value)
    save_audited(plan, curator)
    for number, row in enumerate(rows, start=1):
        save_audited(PlanItem(plan=plan, order=number, **row), curator)
