"""The roles a person holds in an organization (or, for a coordinator, in a municipality)."""

from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Администратор"
    DIRECTOR = "director", "Директор"
    CURATOR = "curator", "Куратор"
    MENTOR = "mentor", "Наставник"
    MENTEE = "mentee", "Наставляемый"
    COORDINATOR = "coordinator", "Муниципальный координатор"


# Roles held in an organization (the coordinator's is held in a municipality).
ORGANIZATION_ROLES: frozenset[Role] = frozenset({Role.ADMIN, Role.DIRECTOR, Role.CURATOR, Role.MENTOR, Role.MENTEE})
# Roles that see everything of their organization, personal data included.
MANAGING_ROLES: frozenset[Role] = frozenset({Role.ADMIN, Role.DIRECTOR, Role.CURATOR})
