"""Demo pairs and groups of «Гимназия «Жуковка»» and «МБОУ «СОШ ст. Старица»» (seed 003).

Formed through the service, as a curator would; some mentees are left without a pair so that the
«без пары» filter shows somebody. Idempotent: a mentor who already has pairs is skipped.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from organizations.models import Organization
from participants.models import MenteeProfile, MentorProfile
from programs.models import MentoringForm, RoleModel

from .models import Mentorship
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
    return created
