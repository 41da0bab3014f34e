from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from . import declension
from .names import full_name, signature_name


class TimeStampedModel(models.Model):
    """The one abstract timestamped base of every model of the project."""

    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    class Meta:
        abstract = True


class DeclinedNamesModel(models.Model):
    """Stored case forms of a model's names, pre-filled by ``mentoring_site.declension`` and editable.

    ``DECLINED`` maps a source (an attribute holding the name in the nominative) to its cases; each
    case is a field ``<source>_<case>``. On save an empty form is filled, and a form the library
    filled for the old name follows a changed name; a form corrected by hand stays as it is."""

    DECLINED: dict[str, tuple[str, ...]] = {}

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.fill_declensions()
        super().save(*args, **kwargs)
        self._declined_from = {source: self.declension_source(source) for source in self.DECLINED}

    def declension_source(self, source: str) -> str:
        return str(getattr(self, source) or "")

    def auto_case(self, source: str, text: str, case: str) -> str:
        return declension.decline_phrase(text, case)

    @classmethod
    def from_db(cls, db, field_names, values):  # type: ignore[no-untyped-def]
        instance = super().from_db(db, field_names, values)
        if not instance.get_deferred_fields():
            instance._declined_from = {source: instance.declension_source(source) for source in cls.DECLINED}
        return instance

    def in_case(self, case: str, source: str | None = None) -> str:
        """The name in ``case`` («genitive», «dative»…): the stored form, else the library's."""
        source = source or next(iter(self.DECLINED))
        if case == "nominative":
            return self.declension_source(source)
        stored = getattr(self, f"{source}_{case}", "") if case in self.DECLINED[source] else ""
        return stored or self.auto_case(source, self.declension_source(source), case)

    def fill_declensions(self) -> None:
        loaded = getattr(self, "_declined_from", {})
        for source, cases in self.DECLINED.items():
            text, old = self.declension_source(source), loaded.get(source)
            for case in cases:
                field = f"{source}_{case}"
                current = getattr(self, field)
                follows_old = old is not None and old != text and current == self.auto_case(source, old, case)
                if text and (not current or follows_old):
                    setattr(self, field, self.auto_case(source, text, case))


NAME_CASES = ("genitive", "dative", "accusative", "instrumental")
_NAME_HELP = "Заполняется автоматически; исправьте, если склонение неверно."


class PersonNameCases(DeclinedNamesModel):
    """A person's ФИО in the cases of documents: «назначить куратором Лебедеву Марину Олеговну»."""

    DECLINED = {"name": NAME_CASES}

    name_genitive = models.CharField(
        "ФИО в родительном падеже (кого?)", max_length=255, blank=True, help_text=_NAME_HELP
    )
    name_dative = models.CharField("ФИО в дательном падеже (кому?)", max_length=255, blank=True, help_text=_NAME_HELP)
    name_accusative = models.CharField(
        "ФИО в винительном падеже (кого?)", max_length=255, blank=True, help_text=_NAME_HELP
    )
    name_instrumental = models.CharField(
        "ФИО в творительном падеже (кем?)", max_length=255, blank=True, help_text=_NAME_HELP
    )

    class Meta:
        abstract = True

    def declension_source(self, source: str) -> str:
        return full_name(self.last_name, self.first_name, self.patronymic)  # type: ignore[attr-defined]

    def auto_case(self, source: str, text: str, case: str) -> str:
        return declension.decline_full_name(text, case) if text else ""


class User(PersonNameCases, AbstractUser):
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
