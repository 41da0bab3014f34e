from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from .names import full_name, signature_name


class TimeStampedModel(models.Model):
    """The one abstract timestamped base of every model of the project."""

    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    class Meta:
        abstract = True


class User(AbstractUser):
    """An account. Names follow Russian documents: фамилия, имя, отчество."""

    patronymic = models.CharField("отчество", max_length=150, blank=True)

    history = HistoricalRecords(
        excluded_fields=["password", "last_login"],
        verbose_name="история пользователя",
        verbose_name_plural="история пользователя",
    )

    class Meta:
        verbose_name = "пользователь"
        verbose_name_plural = "пользователи"
        ordering = ["last_name", "first_name", "patronymic", "username"]
        constraints = [
            models.UniqueConstraint(
                Lower("username"),
                name="user_username_ci_unique",
                violation_error_message="Пользователь с таким логином уже есть (регистр букв не важен).",
            ),
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_ci_unique",
                condition=~models.Q(email=""),
                violation_error_message="Пользователь с таким e-mail уже есть.",
            ),
        ]

    def __str__(self):
        return self.full_name or self.username

    @property
    def full_name(self) -> str:
        """«Демина Елена Ивановна» (mentoring_site.names: the one format of pickers, lists and pages)."""
        return full_name(self.last_name, self.first_name, self.patronymic)

    @property
    def short_name(self) -> str:
        """«Е.И. Демина», as under a signature (and in the narrow top bar: whose session it is)."""
        return signature_name(self.last_name, self.first_name, self.patronymic) if self.last_name else self.username
