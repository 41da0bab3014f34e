"""The seed documents as data (``fixtures/demo/seed_documents.json``): roadmaps, the programme,
the working group, and this school year's roadmap of «Гимназия «Жуковка»».

Idempotent: a document already present (same organization and title) is left as it is.
"""

import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from organizations.models import Membership, Organization
from organizations.roles import Role

from .models import (
    Activity,
    MentoringForm,
    Programme,
    Roadmap,
    RoadmapSection,
    RoleModel,
    Stage,
    WorkingGroupMember,
)

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
        # seeds 003 and 004 are roadmaps of the teacher system («…педагогических работников»)
        framework=data.get("framework")
        or (Roadmap.Framework.TEACHERS if "педагогических работников" in data["title"] else Roadmap.Framework.STUDENTS),
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
    from .reference_data import ensure_reference_data

    ensure_reference_data()
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
    fields = {"title": p["title"], "framework": p["framework"]} | {
        name: p.get(name, "") for name in Programme.TEXT_SECTIONS
    }
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
            "mechanism": p.get("mechanism", []),
        },
    )
    return programme


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
    # In force since the pedagogical council at the end of August, so what is late shows as overdue.
    _approve(
        roadmap,
        {
            "by": "director",
            "approval_date": f"{year}-08-29",
            "approval_basis": f"Протокол педагогического совета от 29.08.{year} № 1",
            "approver_position": "Директор Гимназии «Жуковка»",
            "approver_name": users["director"].short_name,
        },
        users,
    )
    return 1
