"""Statuses of the programs app, apart from the models so that querysets name them without a cycle."""

from django.db import models


class DocumentStatus(models.TextChoices):
    """Where an approvable document (programme, roadmap, local act) is in its approval."""

    DRAFT = "draft", "Черновик"
    REVIEW = "review", "На согласовании"
    APPROVED = "approved", "Утверждён"
    ARCHIVED = "archived", "Заменён новой версией"


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", "Запланировано"
    IN_PROGRESS = "in_progress", "В работе"
    DONE = "done", "Выполнено"
