"""Text of each kind of order, filled from the data already in the product.

The curator edits the text before sending it for signature; nothing here is typed twice.
Preamble acts are reference wording (DOMAIN.md §8, §10): editable in every draft.
"""

from mentoring_site.access import Role

from .deadlines import current_school_year
from .models import LocalAct, Membership, Order, Programme, Roadmap, WorkingGroupMember

LEGAL_BASIS = (
    "В соответствии с Федеральным законом от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации», "
    "распоряжением Министерства просвещения Российской Федерации от 25.12.2019 № Р-145 «Об утверждении методологии "
    "(целевой модели) наставничества обучающихся для организаций, осуществляющих образовательную деятельность по "
    "общеобразовательным, дополнительным общеобразовательным и программам среднего профессионального образования, "
    "в том числе с применением лучших практик обмена опытом между обучающимися», письмом Минпросвещения России "
    "от 23.01.2020 № МР-42/02 «О направлении целевой модели наставничества и методических рекомендаций»"
)
TEACHERS_BASIS = (
    "В соответствии со статьёй 351.8 Трудового кодекса Российской Федерации, письмом Минпросвещения России и "
    "Общероссийского Профсоюза образования от 21.12.2021 № АЗ-1128/08/657 «О Методических рекомендациях по разработке "
    "и внедрению системы (целевой модели) наставничества педагогических работников в образовательных организациях»"
)
CONTROL = "Контроль за исполнением настоящего приказа оставляю за собой."


def _school_year() -> tuple[int, str]:
    start = current_school_year()
    return start, f"{start}/{start + 1}"


def _curator(organization):
    membership = (
        Membership.objects.filter(organization=organization, role=Role.CURATOR, is_active=True)
        .select_related("user")
        .order_by("since")
        .first()
    )
    if membership is None:
        return "__________________", ""
    return membership.user.full_name, membership.position


def order_draft(kind: str, organization) -> dict:
    """Title, preamble and points of a new order of ``kind`` for ``organization``."""
    start, year = _school_year()
    name = organization.short_name
    programme = Programme.objects.for_organization(organization).exclude(status="archived").first()
    roadmap = Roadmap.objects.for_organization(organization).exclude(status="archived").first()
    curator_name, curator_position = _curator(organization)
    curator = f"{curator_name}{', ' + curator_position if curator_position else ''}"
    basis = TEACHERS_BASIS if programme and programme.framework == Programme.Framework.TEACHERS else LEGAL_BASIS
    goal = ", в целях создания условий для раскрытия потенциала личности наставляемых и профессионального развития педагогов"

    if kind == Order.Kind.IMPLEMENTATION:
        group = WorkingGroupMember.objects.for_organization(organization).count()
        points = [
            f"Внедрить целевую модель наставничества в {name} с {start}/{start + 1} учебного года.",
            f"Назначить куратором внедрения целевой модели наставничества {curator}.",
            "Утвердить состав рабочей группы по внедрению целевой модели наставничества"
            + (" (приложение)." if group else "."),
            "Утвердить дорожную карту внедрения целевой модели наставничества (приложение)."
            if roadmap
            else "Куратору разработать дорожную карту внедрения целевой модели наставничества.",
            "Провести мониторинг эффективности программ наставничества в декабре–январе и по итогам учебного года (май).",
            "Назначить ответственным за материально-техническое обеспечение программ наставничества "
            "__________________.",
            "Разместить документы о наставничестве в разделе «Наставничество» на официальном сайте.",
            CONTROL,
        ]
        return {"title": "О внедрении целевой модели наставничества", "preamble": basis + goal + ",", "points": points}
    if kind == Order.Kind.CURATOR:
        points = [
            f"Назначить {curator} куратором реализации программы наставничества в {name} на {year} учебный год.",
            "Куратору обеспечить формирование баз наставников и наставляемых, организацию обучения наставников, "
            "контроль проведения программ наставничества и мониторинг их эффективности.",
            CONTROL,
        ]
        return {"title": "О назначении куратора программы наставничества", "preamble": basis + ",", "points": points}
    if kind == Order.Kind.APPROVAL:
        points = []
        regulation = LocalAct.objects.filter(organization=organization, kind=LocalAct.Kind.REGULATION).first()
        if regulation:
            points.append(f"Утвердить «{regulation.title}» (приложение).")
        if programme:
            points.append(f"Утвердить программу наставничества «{programme.title}» (приложение).")
        if roadmap:
            points.append(f"Утвердить «{roadmap.title}» (приложение).")
        if not points:
            points.append(
                "Утвердить Положение о наставничестве, программу наставничества и дорожную карту (приложения)."
            )
        points += [
            "Куратору разместить утверждённые документы в разделе «Наставничество» на официальном сайте.",
            CONTROL,
        ]
        return {
            "title": "Об утверждении положения о наставничестве, программы наставничества и дорожной карты",
            "preamble": basis + ",",
            "points": points,
        }
    if kind == Order.Kind.PAIRS:
        points = [
            f"Закрепить наставнические пары (группы) на {year} учебный год согласно приложению, "
            "с письменного согласия их участников.",
            "Наставникам совместно с наставляемыми разработать индивидуальные планы развития в течение месяца.",
            "Куратору вести учёт встреч наставнических пар и сбор форм обратной связи.",
            CONTROL,
        ]
        return {
            "title": f"О закреплении наставнических пар (групп) на {year} учебный год",
            "preamble": basis + goal + ",",
            "points": points,
        }
    if kind == Order.Kind.INCENTIVES:
        points = [
            f"Объявить благодарность за результативную наставническую деятельность в {year} учебном году: "
            "__________________.",
            "Наградить грамотой «Лучший наставник» __________________.",
            "Куратору разместить информацию о лучших практиках наставничества на официальном сайте.",
            CONTROL,
        ]
        return {
            "title": f"О поощрении наставников по итогам {year} учебного года",
            "preamble": "На основании итогов мониторинга эффективности программы наставничества и в соответствии "
            "с Положением о формах и условиях поощрения наставников,",
            "points": points,
        }
    if kind == Order.Kind.RESULTS:
        points = [
            "Принять к сведению информационную справку о результатах мониторинга эффективности программы наставничества.",
            "Признать реализацию программы наставничества __________________ (оптимальный / допустимый уровень).",
            "Куратору подготовить предложения по корректировке программы и дорожной карты на следующий учебный год.",
            CONTROL,
        ]
        return {
            "title": f"Об итогах реализации программы наставничества в {year} учебном году",
            "preamble": "По итогам мониторинга реализации программы наставничества,",
            "points": points,
        }
    return {"title": "", "preamble": basis + ",", "points": [CONTROL]}
