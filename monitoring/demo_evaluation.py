"""Demo of the efficiency evaluation: the previous school year (2025/2026) evaluated and approved in both demo
organizations — «Гимназия «Жуковка»» at the optimal level, «СОШ ст. Старица» at the acceptable one — with the
curator's comments and conclusions, as the справка and the order «Об итогах…» print them.

The seeds hold no evaluation, so the scores are the demo's own; neither school's programme of that year is in
the product (Старица's programme starts in 2026), so each evaluation is of the organization's mentoring as a
whole. Idempotent: an organization's evaluation of that year is kept as it is.
"""

from datetime import date

from django.contrib.auth import get_user_model

from organizations.models import Organization

from . import evaluation as services
from . import prefill
from .models import Evaluation

YEAR = 2025
APPROVED_ON = date(2026, 5, 28)
DEMO = {
    "zhukovka": {
        "users": ("curator", "director"),
        "scores": [2, 2, 2, 1, 2, 2, 2, 1, 2],  # 16: оптимальный
        "comments": {
            4: "Климат комфортный, но в двух параллелях мало совместных мероприятий наставников и наставляемых.",
            8: "Активность высокая в пятых–седьмых классах, ниже в выпускных.",
        },
        "conclusions": (
            "Программа реализована на оптимальном уровне. Все пары провели итоговые встречи, наставляемые "
            "применяют полученные навыки на уроках и в проектах.\n"
            "Предложения: расширить форму «ученик – ученик» на 8–9 классы, провести общую встречу наставников "
            "в начале учебного года."
        ),
    },
    "staritsa": {
        "users": ("curator2", "director2"),
        "scores": [2, 1, 1, 2, 1, 2, 1, 1, 2],  # 13: допустимый
        "comments": {
            3: "Современные технологии (онлайн-встречи, цифровые портфолио) используются эпизодически.",
            5: "Не у всех наставников составлены индивидуальные планы.",
        },
        "conclusions": (
            "Программа реализована на допустимом уровне. Наставляемые удовлетворены взаимодействием, но "
            "индивидуальные планы составлены не во всех парах.\n"
            "Предложения: обучить наставников составлению индивидуальных планов, проводить встречи не реже "
            "двух раз в месяц."
        ),
    },
}


def load_demo_evaluations() -> int:
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=[n for d in DEMO.values() for n in d["users"]])
    }
    created = 0
    for slug, data in DEMO.items():
        organization = Organization.objects.filter(slug=slug).first()
        curator, director = (users.get(name) for name in data["users"])
        if organization is None or curator is None or director is None:
            continue
        if Evaluation.objects.filter(organization=organization, school_year=YEAR).exists():
            continue
        evaluation = services.evaluation_create(
            programme=None, organization=organization, school_year=YEAR, actor=curator
        )
        scores = {
            number: (score, data["comments"].get(number, "")) for number, score in enumerate(data["scores"], start=1)
        }
        services.evaluation_save_scores(
            evaluation=evaluation, actor=curator, scores=scores, conclusions=data["conclusions"]
        )
        services.evaluation_submit(evaluation=evaluation, actor=curator)
        services.evaluation_approve(evaluation=evaluation, actor=director, on=APPROVED_ON)
        created += 1
    created += _current_year(users)
    return created


def _current_year(users: dict) -> int:
    """Жуковка, 2026/2027: scored from the autumn's questionnaires («Подсказать баллы по анкетам»), the rest by
    the curator, and sent to the director — it waits in her «Ждут вашего решения»."""
    organization = Organization.objects.filter(slug="zhukovka").first()
    curator = users.get("curator")
    if organization is None or curator is None:
        return 0
    if Evaluation.objects.filter(organization=organization, school_year=YEAR + 1).exists():
        return 0
    evaluation = services.evaluation_create(
        programme=None, organization=organization, school_year=YEAR + 1, actor=curator
    )
    prefill.evaluation_prefill(evaluation=evaluation, actor=curator)
    by_hand = {1: 2, 2: 2, 3: 1, 4: 2, 5: 2, 6: 2, 7: 2, 8: 1, 9: 1}  # where the questionnaires said nothing
    missing = set(services.missing_indicators(evaluation))
    services.evaluation_save_scores(
        evaluation=evaluation,
        actor=curator,
        scores={n: (by_hand[n], "Оценено куратором по итогам посещения встреч.") for n in missing},
        conclusions=(
            "Итоги I четверти: наставляемые оценивают работу с наставниками выше, чем в начале года.\n"
            "Предложения: провести групповую встречу наставников по обмену опытом в декабре."
        ),
    )
    services.evaluation_submit(evaluation=evaluation, actor=curator)
    return 1
