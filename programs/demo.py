"""The demo installation built from the seed documents (``fixtures/demo/organizations.json``).

``load_demo`` is idempotent: a second run finds every row in place and changes nothing, so no
audit-history rows are added either. Never used in production (the command refuses).
"""

import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from mentoring_site.access import Role

from .models import (
    Activity,
    LocalAct,
    Membership,
    MentoringForm,
    Municipality,
    Order,
    Organization,
    Programme,
    Roadmap,
    RoadmapSection,
    RoleModel,
    Stage,
    WorkingGroupMember,
)

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "organizations.json"
DEMO_SINCE = date(2025, 9, 1)


def _upsert(model, lookup: dict, values: dict):
    """Create the row, or update only the fields that differ (so history records real changes)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        return obj, True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean()
        obj.save()
    return obj, False


def _user(data: dict, password: str):
    user_model = get_user_model()
    values = {
        "last_name": data["last_name"],
        "first_name": data["first_name"],
        "patronymic": data.get("patronymic", ""),
        "email": data.get("email", ""),
        "is_active": True,
    }
    user = user_model.objects.filter(username=data["username"]).first()
    if user is None:
        user = user_model(username=data["username"], **values)
        user.set_password(password)
        user.full_clean()
        user.save()
        return user
    changed = [name for name, value in values.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, values[name])
    if changed:
        user.save()
    return user


def _membership(user, *, role, position, organization=None, municipality=None):
    lookup = {"user": user, "role": role}
    if organization is not None:
        lookup["organization"] = organization
    else:
        lookup["municipality"] = municipality
    return _upsert(Membership, lookup, {"position": position, "since": DEMO_SINCE, "is_active": True})[0]


@transaction.atomic
def load_demo(*, data_file: Path = DEMO_FILE, documents: bool = True) -> dict:
    from .reference_data import ensure_reference_data

    ensure_reference_data()
    data = json.loads(data_file.read_text(encoding="utf-8"))
    password = data["password"]
    municipality, _ = _upsert(
        Municipality, {"name": data["municipality"]["name"]}, {"region": data["municipality"]["region"]}
    )
    users = {}
    organizations = {}
    for org in data["organizations"]:
        organization, _ = _upsert(
            Organization,
            {"slug": org["slug"]},
            {
                "full_name": org["full_name"],
                "short_name": org["short_name"],
                "kind": org["kind"],
                "address": org["address"],
                "director_name": org["director_name"],
                "director_position": org["director_position"],
                "municipality": municipality,
            },
        )
        organizations[org["slug"]] = organization
        for person in org["people"]:
            user = _user(person, password)
            users[person["username"]] = user
            for role in person["roles"]:
                _membership(user, role=Role(role), position=person.get("position", ""), organization=organization)
    for person in data["coordinators"]:
        user = _user(person, password)
        users[person["username"]] = user
        _membership(user, role=Role.COORDINATOR, position=person["position"], municipality=municipality)
    for extra in data.get("extra_memberships", []):
        _membership(
            users[extra["username"]],
            role=Role(extra["role"]),
            position=extra["position"],
            organization=organizations[extra["organization"]],
        )
    created = load_seed_documents() if documents else 0
    return {"organizations": len(organizations), "users": len(users), "documents": created}


SEED_DOCUMENTS = Path(settings.BASE_DIR) / "fixtures" / "demo" / "seed_documents.json"


def _school_year() -> int:
    from .deadlines import current_school_year

    return current_school_year()


def _roadmap_from_data(organization, data: dict, actor, start_year: int, programme=None) -> Roadmap:
    from .deadlines import parse_deadline

    roadmap = Roadmap(
        organization=organization,
        programme=programme,
        title=data["title"],
        start_year=start_year,
        layout=data["layout"],
        introduction=data["introduction"],
        signed_by_name=data["signed_by_name"],
    )
    roadmap._history_user = actor
    roadmap.full_clean()
    roadmap.save()
    stages = {stage.number: stage for stage in Stage.objects.all()}
    for order, section_data in enumerate(data["sections"], start=1):
        section = RoadmapSection(
            roadmap=roadmap,
            number=section_data["number"],
            title=section_data["title"],
            task=section_data["task"],
            stage=stages.get(section_data["stage"]),
            order=order,
        )
        section._history_user = actor
        section.save()
        bulk_create_with_history(
            [
                Activity(
                    section=section,
                    number=a["number"],
                    title=a["title"],
                    content=a.get("content", ""),
                    responsible=a.get("responsible", ""),
                    deadline=a.get("deadline", ""),
                    due_date=parse_deadline(a.get("deadline", ""), start_year),
                    result=a.get("result", ""),
                    order=index,
                )
                for index, a in enumerate(section_data["activities"], start=1)
            ],
            Activity,
            default_user=actor,
        )
    return roadmap


def _set_status(activities, status, actor):
    for activity in activities:
        activity.status = status
        activity._history_user = actor
        activity.save(update_fields=["status"])


def _approve(document, approval: dict, users: dict):
    from .services import document_approve, document_submit

    document_submit(document=document, actor=users[approval["by"]])
    document_approve(
        document=document,
        actor=users[approval["by"]],
        approval_date=date.fromisoformat(approval["approval_date"]) if approval["approval_date"] else None,
        approval_basis=approval["approval_basis"],
        approver_position=approval["approver_position"],
        approver_name=approval["approver_name"],
    )


@transaction.atomic
def load_seed_documents(*, data_file: Path = SEED_DOCUMENTS) -> int:
    """Roadmaps, the programme, the working group and the orders of the five seed documents.

    A document already present (same organization and title) is left as it is.
    """
    from . import services

    data = json.loads(data_file.read_text(encoding="utf-8"))
    users = {u.username: u for u in get_user_model().objects.all()}
    created = 0
    for slug, documents in data.items():
        organization = Organization.objects.get(slug=slug)
        curator = Membership.objects.filter(organization=organization, role=Role.CURATOR).select_related("user").first()
        director = (
            Membership.objects.filter(organization=organization, role=Role.DIRECTOR).select_related("user").first()
        )
        actor = (curator or director).user
        programme = None
        if "programme" in documents:
            p = documents["programme"]
            programme = Programme.objects.filter(organization=organization, title=p["title"]).first()
            if programme is None:
                programme = _programme_from_data(organization, p, actor)
                services.document_submit(document=programme, actor=actor)
                created += 1
        for roadmap_data in documents.get("roadmaps", []):
            if Roadmap.objects.filter(organization=organization, title=roadmap_data["title"]).exists():
                continue
            start_year = roadmap_data["start_year"] or _school_year()
            roadmap = _roadmap_from_data(
                organization, roadmap_data, actor, start_year, programme if roadmap_data.get("in_programme") else None
            )
            created += 1
            if start_year < _school_year():
                # A finished year: every activity of the seed roadmap was carried out.
                _set_status(Activity.objects.filter(section__roadmap=roadmap), Activity.Status.DONE, actor)
            if roadmap_data["approval"]:
                _approve(roadmap, roadmap_data["approval"], users)
            appendix = roadmap_data.get("appendix_of_order")
            if appendix:
                _demo_implementation_order(organization, roadmap, appendix, users, actor)
        for index, member in enumerate(documents.get("working_group", []), start=1):
            WorkingGroupMember.objects.get_or_create(
                organization=organization,
                full_name=member["full_name"],
                defaults={"group_role": member["group_role"], "position": member["position"], "order": index},
            )
    created += _demo_current_year(users)
    return created


def _programme_from_data(organization, p: dict, actor) -> Programme:
    from . import services

    forms = list(MentoringForm.objects.filter(organization=None, name__in=p["forms"]))
    role_models = list(RoleModel.objects.filter(organization=None, name__in=p["role_models"], form__in=forms))
    fields = {name: p[name] for name in ("title", "framework", *Programme.TEXT_SECTIONS)}
    curator = Membership.objects.filter(organization=organization, role=Role.CURATOR).select_related("user").first()
    programme = services.programme_create(
        organization=organization,
        actor=actor,
        forms=forms,
        role_models=role_models,
        start_year=_school_year(),
        curator=curator.user if curator else None,
        **fields,
    )
    services.programme_set_rows(
        programme=programme,
        actor=actor,
        rows={
            "responsibilities": p["responsibilities"],
            "stages": p["stages"],
            "participant_profiles": p["participant_profiles"],
        },
    )
    return programme


def _demo_implementation_order(organization, roadmap, appendix: dict, users: dict, actor):
    """Seed 001: the roadmap is «Приложение 1 к приказу от 22.08.2022 №16/1-О»."""
    from . import services

    order_date = date.fromisoformat(appendix["date"])
    if Order.objects.filter(organization=organization, year=order_date.year, number=appendix["number"]).exists():
        return
    curator = users.get("curator")
    order = services.order_create(
        organization=organization,
        actor=actor,
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
                f"Внедрить целевую модель наставничества в {organization.short_name} в 2022–2023 учебном году.",
                "Утвердить дорожную карту реализации целевой модели наставничества на 2022–2023 гг. (приложение 1).",
                f"Назначить куратором проекта наставничества {curator.full_name if curator else '_____'}, "
                "заместителя директора по УВР.",
                "Куратору разместить документы в разделе «Наставничество» на сайте Гимназии до 01.09.2022.",
                "Контроль за исполнением настоящего приказа оставляю за собой.",
            ]
        ),
        signer_position="Директор",
        signer_name="Е.И. Демина",
        acquainted=[u for u in (curator, users.get("mentor")) if u],
        appendices=[roadmap],
    )
    services.order_submit(order=order, actor=actor)
    services.order_sign(order=order, actor=users["director"])


def _demo_current_year(users: dict) -> int:
    """Гимназия «Жуковка» this school year: last roadmap copied forward, partly done, some overdue."""
    from . import services

    organization = Organization.objects.get(slug="zhukovka")
    source = Roadmap.objects.filter(organization=organization, start_year=2022).first()
    year = _school_year()
    if source is None or Roadmap.objects.filter(organization=organization, start_year=year).exists():
        return 0
    roadmap = services.roadmap_copy_for_next_year(
        roadmap=source, actor=users["curator"], years=year - source.start_year
    )
    curator = users["curator"]
    _set_status(
        Activity.objects.filter(section__roadmap=roadmap, section__stage__number__in=[1, 2]),
        Activity.Status.DONE,
        curator,
    )
    _set_status(
        Activity.objects.filter(section__roadmap=roadmap, section__stage__number=3),
        Activity.Status.IN_PROGRESS,
        curator,
    )
    if not LocalAct.objects.filter(organization=organization, kind=LocalAct.Kind.REGULATION).exists():
        from .act_templates import regulation_text

        act = services.local_act_save(
            act=LocalAct(organization=organization),
            actor=users["curator"],
            kind=LocalAct.Kind.REGULATION,
            title="Положение о наставничестве в Гимназии «Жуковка»",
            number="16/2-О",
            date=date(2022, 8, 22),
            body=regulation_text(organization),
        )
        services.document_submit(document=act, actor=users["curator"])
        services.document_approve(
            document=act,
            actor=users["director"],
            approval_date=date(2022, 8, 22),
            approval_basis="Приказ от 22.08.2022 № 16/1-О",
            approver_position="Директор Гимназии «Жуковка»",
            approver_name="Е.И.Демина",
        )
    return 1
