"""Demo orders and local acts: seed 001's order «О внедрении целевой модели наставничества» of
22.08.2022 № 16/1-О with the roadmap as appendix 1, the approved Положение of «Гимназия «Жуковка»», and
this year's order on its pairs, waiting for the director's signature.

Idempotent: an order with the same number and year, or a Положение of the organization, is kept.
"""

import json
from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone

from organizations.models import Organization
from participants.models import Person
from programs.demo import SEED_DOCUMENTS
from programs.models import Roadmap
from programs.services import document_approve, document_submit

from . import services
from .documents import regulation_text
from .models import LocalAct, Order
from .order_kinds import order_draft


def _implementation_order(organization: Organization, roadmap: Roadmap, appendix: dict, users: dict) -> int:
    """Seed 001: the roadmap is «Приложение 1 к приказу от 22.08.2022 №16/1-О»."""
    order_date = date.fromisoformat(appendix["date"])
    if Order.objects.filter(organization=organization, year=order_date.year, number=appendix["number"]).exists():
        return 0
    curator = users.get("curator")
    order = services.order_create(
        organization=organization,
        actor=curator or users["director"],
        kind=Order.Kind.IMPLEMENTATION,
        number=appendix["number"],
        date=order_date,
        title="О внедрении целевой модели наставничества",
        preamble=(
            "В соответствии с распоряжением Министерства просвещения Российской Федерации от 25.12.2019 № Р-145 "
            "«Об утверждении методологии (целевой модели) наставничества обучающихся…», письмом Минпросвещения России "
            "от 23.01.2020 № МР-42/02, в целях повышения эффективности системы образования,"
        ),
        points="\n".join(
            [
                f"Внедрить целевую модель наставничества в {organization.in_case('prepositional')} "
                "в 2022–2023 учебном году.",
                "Утвердить дорожную карту реализации целевой модели наставничества на 2022–2023 гг. (приложение 1).",
                f"Назначить куратором проекта наставничества {curator.in_case('accusative') if curator else '_____'}, "
                "заместителя директора по УВР.",
                "Куратору разместить документы в разделе «Наставничество» на сайте Гимназии до 01.09.2022.",
                "Контроль за исполнением настоящего приказа оставляю за собой.",
            ]
        ),
        signer_position="Директор",
        signer_name="Е.И. Демина",
        acquainted_people=list(
            Person.objects.filter(organization=organization, user__in=[u for u in (curator, users.get("mentor")) if u])
        ),
        appendices=[roadmap],
    )
    services.order_submit(order=order, actor=curator or users["director"])
    services.order_sign(order=order, actor=users["director"])
    return 1


def _regulation(users: dict) -> int:
    organization = Organization.objects.get(slug="zhukovka")
    if LocalAct.objects.filter(organization=organization, kind=LocalAct.Kind.REGULATION).exists():
        return 0
    act = services.local_act_save(
        act=LocalAct(organization=organization),
        actor=users["curator"],
        kind=LocalAct.Kind.REGULATION,
        title="Положение о наставничестве в Гимназии «Жуковка»",
        number="16/2-О",
        date=date(2022, 8, 22),
        body=regulation_text(organization),
    )
    document_submit(document=act, actor=users["curator"])
    document_approve(
        document=act,
        actor=users["director"],
        approval_date=date(2022, 8, 22),
        approval_basis="Приказ от 22.08.2022 № 16/1-О",
        approver_position="Директор Гимназии «Жуковка»",
        approver_name="Е.И.Демина",
    )
    return 1


def _pairs_orders(users: dict) -> int:
    """This year's orders on the pairs, listing the pairs the curators chose for them (pairing's demo):
    in «Жуковка» prepared by the curator and waiting for the director's signature (the demo director's
    dashboard opens with it in «Ждут вашего решения»); in «СОШ ст. Старица» signed, so its pairs are
    «Закреплена приказом»."""
    created = 0
    for slug, curator, director, sign in (
        ("zhukovka", "curator", "director", False),
        ("staritsa", "curator2", "director2", True),
    ):
        organization = Organization.objects.filter(slug=slug).first()
        if organization is None or curator not in users or director not in users:
            continue
        if Order.objects.filter(organization=organization, kind=Order.Kind.PAIRS).exists():
            continue
        today = timezone.localdate()
        draft = order_draft(Order.Kind.PAIRS, organization, today)
        order = services.order_create(
            organization=organization,
            actor=users[curator],
            kind=Order.Kind.PAIRS,
            number=services.next_order_number(organization, today),
            date=today,
            title=draft.title,
            preamble=draft.preamble,
            points="\n".join(draft.points),
            signer_position="Директор",
            signer_name=users[director].short_name,
            appendices=draft.appendices,
        )
        services.order_submit(order=order, actor=users[curator])
        if sign:
            services.order_sign(order=order, actor=users[director])
        created += 1
    return created


def load_demo_documents() -> int:
    users = {u.username: u for u in get_user_model().objects.all()}
    created = 0
    for slug, documents in json.loads(SEED_DOCUMENTS.read_text(encoding="utf-8")).items():
        organization = Organization.objects.get(slug=slug)
        for roadmap_data in documents.get("roadmaps", []):
            appendix = roadmap_data.get("appendix_of_order")
            roadmap = Roadmap.objects.filter(organization=organization, title=roadmap_data["title"]).first()
            if appendix and roadmap is not None:
                created += _implementation_order(organization, roadmap, appendix, users)
    return created + _regulation(users) + _pairs_orders(users)


RESULTS_ORDER = {"slug": "zhukovka", "number": "41-О", "date": date(2026, 5, 29)}


def load_demo_results_order() -> int:
    """Гимназия «Жуковка»: the order «Об итогах реализации программы наставничества в 2025/2026 учебном году»
    of 29.05.2026, drafted from the approved evaluation (its level, the справка as appendix 1) and signed."""
    organization = Organization.objects.filter(slug=RESULTS_ORDER["slug"]).first()
    order_date = RESULTS_ORDER["date"]
    if (
        organization is None
        or Order.objects.filter(
            organization=organization, year=order_date.year, number=RESULTS_ORDER["number"]
        ).exists()
    ):
        return 0
    users = {u.username: u for u in get_user_model().objects.filter(username__in=("curator", "director"))}
    draft = order_draft(Order.Kind.RESULTS, organization, order_date)
    if not draft.appendices:  # no approved evaluation to take the level from
        return 0
    order = services.order_create(
        organization=organization,
        actor=users["curator"],
        kind=Order.Kind.RESULTS,
        number=RESULTS_ORDER["number"],
        date=order_date,
        title=draft.title,
        preamble=draft.preamble,
        points="\n".join(draft.points),
        signer_position="Директор",
        signer_name="Е.И. Демина",
        appendices=draft.appendices,
    )
    services.order_submit(order=order, actor=users["curator"])
    services.order_sign(order=order, actor=users["director"])
    return 1
