"""Statuses and kinds of the programs app, apart from the models so that querysets name them without a cycle."""

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


class Framework(models.TextChoices):
    """Which regulation a programme or roadmap follows (DOMAIN.md: two frameworks): orders cite its basis."""

    STUDENTS = "students", "Целевая модель наставничества обучающихся"
    TEACHERS = "teachers", "Система наставничества педагогических работников"


class ParticipantKind(models.TextChoices):
    """Who a participant is. The forms of mentoring say which kinds may be mentor and mentee, so the
    kinds live here, below the participants app whose ``Person.kind`` uses them."""

    TEACHER = "teacher", "Педагог"
    STAFF = "staff", "Сотрудник"
    STUDENT = "student", "Обучающийся"
    GRADUATE = "graduate", "Выпускник"
    EMPLOYER = "employer", "Представитель работодателя"


def kinds_text(kinds: list[str]) -> str:
    """«обучающийся или выпускник» for a list of kind codes."""
    labels = [str(ParticipantKind(code).label).lower() for code in kinds if code in ParticipantKind.values]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " или " + labels[-1]
