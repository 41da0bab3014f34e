"""What is printed and signed across apps: orders (приказы) with their appendices, local acts."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from mentoring_site.files import document_file_validator
from mentoring_site.models import TimeStampedModel
from mentoring_site.text import text_lines
from organizations.models import Organization
from programs.models import ApprovableDocument

from .querysets import AppendixQuerySet, LocalActQuerySet, OrderQuerySet


class LocalAct(ApprovableDocument):
    """A local normative act: Положение о наставничестве, Положение о поощрении, протокол педсовета…

    Either written in the product (``body``, sections separated by headings) or uploaded as a file.
    """

    class Kind(models.TextChoices):
        REGULATION = "regulation", "Положение о наставничестве"
        INCENTIVES = "incentives", "Положение о поощрении наставников"
        PROTOCOL = "protocol", "Протокол педагогического совета"
        OTHER = "other", "Другой локальный акт"

    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.PROTECT, related_name="local_acts"
    )
    previous_version = models.ForeignKey(
        "self", verbose_name="предыдущая версия", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField("вид", max_length=16, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField("название", max_length=500)
    number = models.CharField("номер", max_length=64, blank=True)
    date = models.DateField("дата", null=True, blank=True)
    body = models.TextField("текст", blank=True, help_text="Разделы начинайте строкой «1. Общие положения» и т. д.")
    file = models.FileField(
        "файл", upload_to="acts/%Y/", max_length=255, blank=True, validators=[document_file_validator]
    )

    objects = LocalActQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="история локального акта", verbose_name_plural="история локального акта")

    class Meta:
        verbose_name = "локальный акт"
        verbose_name_plural = "локальные акты"
        ordering = ["-date", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("documents:act-detail", kwargs={"pk": self.pk})


class Order(TimeStampedModel):
    """Приказ: a registry entry and the document printed from it."""

    class Kind(models.TextChoices):
        IMPLEMENTATION = "implementation", "О внедрении целевой модели наставничества"
        CURATOR = "curator", "О назначении куратора"
        APPROVAL = "approval", "Об утверждении положения, программы и дорожной карты"
        PAIRS = "pairs", "О закреплении наставнических пар (групп)"
        INCENTIVES = "incentives", "О поощрении наставников"
        RESULTS = "results", "Об итогах реализации программы наставничества"
        OTHER = "other", "Другое"

    class Status(models.TextChoices):
        DRAFT = "draft", "Проект"
        REVIEW = "review", "На подписи"
        SIGNED = "signed", "Подписан"

    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.PROTECT, related_name="orders"
    )
    kind = models.CharField("вид приказа", max_length=16, choices=Kind.choices)
    number = models.CharField(
        "номер",
        max_length=32,
        validators=[RegexValidator(r"^[^\s].*$", "Укажите номер.")],
        help_text="Например: 16/1-О",
    )
    date = models.DateField("дата")
    year = models.PositiveSmallIntegerField("год регистрации", editable=False)
    place = models.CharField("место издания", max_length=255, blank=True)
    title = models.CharField("заголовок", max_length=500, help_text="«О …» / «Об …»")
    preamble = models.TextField("преамбула", blank=True, help_text="«В соответствии с …»")
    points = models.TextField("пункты приказа", help_text="Один пункт на строке; нумерация при печати.")
    signer_position = models.CharField("должность подписывающего", max_length=255, default="Директор")
    signer_name = models.CharField("И.О. Фамилия подписывающего", max_length=255, blank=True)
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.DRAFT)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="подготовил", on_delete=models.PROTECT, related_name="+", null=True
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="подписал",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    signed_at = models.DateTimeField("подписан в системе", null=True, blank=True)
    acquainted = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="лист ознакомления (учётные записи)", blank=True, related_name="+"
    )
    # Every employee may have to sign the sheet, with an account or without: the staff base's cards.
    acquainted_people = models.ManyToManyField(
        "participants.Person", verbose_name="лист ознакомления", blank=True, related_name="+"
    )

    objects = OrderQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name="история приказа",
        verbose_name_plural="история приказа",
        m2m_fields=[acquainted, acquainted_people],
    )

    class Meta:
        verbose_name = "приказ"
        verbose_name_plural = "приказы"
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "number"],
                name="order_number_unique_per_year",
                violation_error_message="Приказ с таким номером в этом году уже зарегистрирован.",
            ),
        ]

    def __str__(self):
        return f"Приказ от {self.date:%d.%m.%Y} № {self.number} «{self.title}»"

    @property
    def place_of_issue(self) -> str:
        """The place printed under the date and number: typed in the order, else from the organization's
        address; empty, the order prints none (ГОСТ Р 7.0.97 allows it when the name makes it clear)."""
        return self.place.strip() or self.organization.place_of_issue

    def get_absolute_url(self):
        return reverse("documents:order-detail", kwargs={"pk": self.pk})

    @property
    def point_list(self) -> list[str]:
        return text_lines(self.points)

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_signed(self) -> bool:
        return self.status == self.Status.SIGNED

    @property
    def is_in_review(self) -> bool:
        return self.status == self.Status.REVIEW

    @property
    def status_badge(self) -> str:
        return {self.Status.SIGNED: "text-bg-success", self.Status.REVIEW: "text-bg-warning"}.get(
            self.status, "text-bg-secondary"
        )

    @property
    def is_locked(self) -> bool:
        """Signed: read-only everywhere, the admin included."""
        return self.is_signed


class OrderAppendix(models.Model):
    """An appendix of an order: any printable document of any app («Приложение 1 к приказу от … № …»).

    ``kind`` names the printable in ``mentoring_site.printing`` («programs.roadmap», «pairing.pairs»),
    ``object_id`` its row when it is one document (a roadmap, a programme, a Положение) and is empty for
    a list drawn from the organization's data as they stand when printed (the pairs now working, the
    working group). When the order is signed, the appendix is printed once more and kept as
    ``signed_html``: a signed order never changes, whatever happens to the data later.
    """

    order = models.ForeignKey(Order, verbose_name="приказ", on_delete=models.CASCADE, related_name="appendices")
    number = models.PositiveSmallIntegerField("номер приложения", default=1)
    kind = models.CharField("вид документа", max_length=64)
    object_id = models.PositiveBigIntegerField("документ", null=True, blank=True)
    title = models.CharField("название", max_length=500)
    signed_html = models.TextField("текст на момент подписания", blank=True, editable=False)

    objects = AppendixQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name="история приложений к приказу",
        verbose_name_plural="история приложений к приказу",
        excluded_fields=["signed_html"],
    )

    class Meta:
        verbose_name = "приложение к приказу"
        verbose_name_plural = "приложения к приказу"
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["order", "number"], name="order_appendix_unique_number"),
            models.UniqueConstraint(
                fields=["order", "kind", "object_id"],
                name="order_appendix_unique_document",
                violation_error_message="Этот документ уже приложен к приказу.",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=""),
                name="order_appendix_has_kind",
                violation_error_message="Приложение — это документ: укажите, какой.",
            ),
        ]

    def __str__(self):
        return f"Приложение {self.number} к приказу от {self.order.date:%d.%m.%Y} № {self.order.number}"
