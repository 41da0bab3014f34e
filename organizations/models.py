"""Organizations, municipalities and who holds which role where."""

import re

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mentoring_site.declension import CASES, decline_full_name
from mentoring_site.models import DeclinedNamesModel, TimeStampedModel
from mentoring_site.names import signature_name_from_text

from .querysets import MembershipQuerySet, OrganizationQuerySet
from .roles import Role


class Municipality(TimeStampedModel):
    """A municipal district or city district; its coordinator sees its organizations' aggregates."""

    name = models.CharField("наименование", max_length=255, unique=True)
    region = models.CharField("субъект РФ", max_length=255, blank=True)

    history = HistoricalRecords(verbose_name="история муниципалитета", verbose_name_plural="история муниципалитета")

    class Meta:
        verbose_name = "муниципалитет"
        verbose_name_plural = "муниципалитеты"
        ordering = ["name"]

    def __str__(self):
        return self.name


_SETTLEMENT = re.compile(
    r"(?<![\w-])(?:г\.|город|пгт\.?|пос\.|п\.|с\.|ст\.|ст-ца|станица|д\.|х\.|аул)\s*[А-ЯЁ][\w-]+(?:[ -][А-ЯЁ][\w-]+)?"
)
_CASE_FIELD = {
    "max_length": 500,
    "blank": True,
    "help_text": "Заполняется автоматически по наименованию; исправьте, если склонение неверно.",
}


class Organization(DeclinedNamesModel, TimeStampedModel):
    """An educational organization (образовательная организация): the tenant of every record."""

    class Kind(models.TextChoices):
        SCHOOL = "school", "Школа"
        COLLEGE = "college", "Колледж"
        OTHER = "other", "Другое"

    full_name = models.CharField(
        "полное наименование",
        max_length=500,
        help_text="Как в уставе и в шапке документов.",
    )
    short_name = models.CharField("краткое наименование", max_length=255)
    kind = models.CharField("тип", max_length=16, choices=Kind.choices, default=Kind.SCHOOL)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name="муниципалитет",
        on_delete=models.PROTECT,
        related_name="organizations",
        null=True,
        blank=True,
    )
    address = models.CharField("адрес", max_length=500, blank=True)
    director_name = models.CharField("ФИО руководителя", max_length=255, blank=True, help_text="Например: Демина Е.И.")
    director_position = models.CharField("должность руководителя", max_length=255, default="Директор")
    # The names in the cases documents need («в Гимназии «Жуковка»», «Директору … Деминой Е.И.»),
    # filled by the library on save and corrected here by hand when it misses.
    full_name_genitive = models.CharField("полное наименование в родительном падеже (чего?)", **_CASE_FIELD)
    full_name_dative = models.CharField("полное наименование в дательном падеже (чему?)", **_CASE_FIELD)
    full_name_accusative = models.CharField("полное наименование в винительном падеже (что?)", **_CASE_FIELD)
    full_name_instrumental = models.CharField("полное наименование в творительном падеже (чем?)", **_CASE_FIELD)
    full_name_prepositional = models.CharField("полное наименование в предложном падеже (в чём?)", **_CASE_FIELD)
    short_name_genitive = models.CharField("краткое наименование в родительном падеже", **_CASE_FIELD)
    short_name_dative = models.CharField("краткое наименование в дательном падеже", **_CASE_FIELD)
    short_name_accusative = models.CharField("краткое наименование в винительном падеже", **_CASE_FIELD)
    short_name_instrumental = models.CharField("краткое наименование в творительном падеже", **_CASE_FIELD)
    short_name_prepositional = models.CharField("краткое наименование в предложном падеже", **_CASE_FIELD)
    director_name_dative = models.CharField("ФИО руководителя в дательном падеже (кому?)", **_CASE_FIELD)
    director_name_genitive = models.CharField("ФИО руководителя в родительном падеже (кого?)", **_CASE_FIELD)
    phone = models.CharField("телефон", max_length=64, blank=True)
    email = models.EmailField("e-mail", blank=True)
    website = models.URLField("сайт", blank=True)
    slug = models.SlugField(
        "адрес в системе",
        max_length=64,
        unique=True,
        help_text="Латиницей, для ссылок: /o/<адрес>/nastavnichestvo/",
    )

    objects = OrganizationQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="история организации", verbose_name_plural="история организации")

    class Meta:
        verbose_name = "организация"
        verbose_name_plural = "организации"
        ordering = ["short_name"]

    DECLINED = {
        "short_name": CASES,
        "full_name": CASES,
        "director_name": ("genitive", "dative"),
    }

    def auto_case(self, source: str, text: str, case: str) -> str:
        if source == "director_name":
            return decline_full_name(text, case)
        return super().auto_case(source, text, case)

    @property
    def director_signature(self) -> str:
        """«Е.И. Демина», as under a signature, however the director's name was typed."""
        return signature_name_from_text(self.director_name)

    @property
    def place_of_issue(self) -> str:
        """The settlement of the address, as an order prints its place of issue («г. Жуковка»)."""
        match = _SETTLEMENT.search(self.address)
        if not match:
            return ""
        place = re.sub(r"^город\s*", "г. ", match[0])
        place = re.sub(r"^станица\s*", "ст-ца ", place)
        return re.sub(r"\.(?=\S)", ". ", " ".join(place.split()), count=1)

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return reverse("organizations:detail")


class Membership(TimeStampedModel):
    """A user's role in an organization, or a coordinator's attachment to a municipality."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="пользователь",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.CASCADE,
        related_name="memberships",
        null=True,
        blank=True,
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name="муниципалитет",
        on_delete=models.CASCADE,
        related_name="coordinators",
        null=True,
        blank=True,
        help_text="Только для муниципального координатора.",
    )
    role = models.CharField("роль", max_length=16, choices=Role.choices)
    position = models.CharField("должность", max_length=255, blank=True)
    since = models.DateField("с какого числа", default=timezone.localdate)
    is_active = models.BooleanField("действует", default=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="история роли", verbose_name_plural="история роли")

    class Meta:
        verbose_name = "роль в организации"
        verbose_name_plural = "роли в организациях"
        ordering = ["organization__short_name", "role", "user__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"],
                condition=models.Q(organization__isnull=False),
                name="membership_unique_org_role",
                violation_error_message="У пользователя уже есть эта роль в этой организации.",
            ),
            models.UniqueConstraint(
                fields=["user", "municipality"],
                condition=models.Q(municipality__isnull=False),
                name="membership_unique_municipality",
                violation_error_message="Пользователь уже координатор этого муниципалитета.",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(role=Role.COORDINATOR, municipality__isnull=False, organization__isnull=True)
                    | (
                        ~models.Q(role=Role.COORDINATOR)
                        & models.Q(organization__isnull=False, municipality__isnull=True)
                    )
                ),
                name="membership_scope_matches_role",
                violation_error_message=(
                    "Муниципальному координатору укажите муниципалитет (без организации), "
                    "остальным ролям — организацию (без муниципалитета)."
                ),
            ),
        ]

    def __str__(self):
        where = self.organization or self.municipality
        return f"{self.user} — {self.get_role_display()} ({where})"
