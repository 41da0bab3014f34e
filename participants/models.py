from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mentoring_site.files import document_file_validator
from mentoring_site.models import PersonNameCases, TimeStampedModel
from mentoring_site.names import full_name
from mentoring_site.text import text_lines
from organizations.models import Organization
from organizations.querysets import TenantQuerySet
from programs.choices import ParticipantKind
from programs.models import MentoringForm


def search_key(*parts: str) -> str:
    """The same for «Ёлкина», «ЁЛКИНА» and «елкина»: SQLite compares Cyrillic case-sensitively."""
    return " ".join(p for p in parts if p).lower().replace("ё", "е")


class PersonQuerySet(TenantQuerySet):
    def visible_to(self, user, organization=None):
        """Managers of the organization (``people.manage``) see its people; anybody else only their own card."""
        qs = super().visible_to(user, organization)
        if not user.is_authenticated or self._manages(user, organization, "people.manage"):
            return qs
        return qs.filter(self._managed_by(user, "people.manage") | models.Q(user_id=user.pk))

    def _consented_ids(self):
        return Consent.objects.filter(withdrawn_at__isnull=True).values("person_id")

    def with_valid_consent(self):
        return self.filter(pk__in=self._consented_ids())

    def without_valid_consent(self):
        return self.exclude(pk__in=self._consented_ids())


class ConsentQuerySet(TenantQuerySet):
    organization_lookup = "person__organization"

    def visible_to(self, user, organization=None):
        """Consents (scans, representatives) are the managers' (``people.manage``) only."""
        qs = super().visible_to(user, organization)
        if not user.is_authenticated or self._manages(user, organization, "people.manage"):
            return qs
        return qs.filter(self._managed_by(user, "people.manage"))


class Person(PersonNameCases, TimeStampedModel):
    """A participant of an organization: teacher, staff member, pupil or external mentor."""

    Kind = ParticipantKind  # the forms of mentoring (programs) name who may be mentor and mentee

    class Category(models.TextChoices):
        NONE = "", "без категории"
        FIRST = "first", "первая"
        HIGHEST = "highest", "высшая"
        CONFORMITY = "conformity", "соответствие занимаемой должности"

    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.PROTECT, related_name="people"
    )
    kind = models.CharField("кто это", max_length=16, choices=Kind.choices, default=Kind.TEACHER)
    last_name = models.CharField("фамилия", max_length=150)
    first_name = models.CharField("имя", max_length=150)
    patronymic = models.CharField("отчество", max_length=150, blank=True)
    birth_date = models.DateField("дата рождения", null=True, blank=True)
    position = models.CharField("должность", max_length=255, blank=True)
    subjects = models.CharField("предметы", max_length=255, blank=True)
    experience_years = models.PositiveSmallIntegerField(
        "педагогический стаж, лет", null=True, blank=True, validators=[MaxValueValidator(70)]
    )
    qualification = models.CharField("квалификационная категория", max_length=16, choices=Category.choices, blank=True)
    school_class = models.CharField("класс, группа", max_length=16, blank=True, help_text="Например: 9А")
    employer = models.CharField("место работы (для внешних)", max_length=255, blank=True)
    phone = models.CharField("телефон", max_length=32, blank=True)
    email = models.EmailField("e-mail", blank=True)
    parent_name = models.CharField("родитель / законный представитель (ФИО)", max_length=255, blank=True)
    parent_phone = models.CharField("телефон представителя", max_length=32, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="учётная запись",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    anonymized_at = models.DateTimeField("обезличен", null=True, blank=True)
    search_name = models.CharField(
        "ФИО для поиска", max_length=500, blank=True, editable=False, db_index=True, help_text="строчными, ё → е"
    )

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="история участника", verbose_name_plural="история участника")

    class Meta:
        verbose_name = "участник"
        verbose_name_plural = "участники"
        ordering = ["last_name", "first_name", "patronymic", "pk"]
        indexes = [models.Index(fields=["organization", "last_name", "first_name"], name="person_org_name_idx")]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("participants:person-detail", kwargs={"pk": self.pk})

    @property
    def full_name(self) -> str:
        """«Кузнецов Павел Игоревич»: how pickers, lists and pages name a person (mentoring_site.names)."""
        return full_name(self.last_name, self.first_name, self.patronymic)

    @property
    def place(self) -> str:
        """Class for a pupil, position for staff: «9А», «Учитель физики»."""
        return self.school_class or self.position

    @property
    def name_and_place(self) -> str:
        return f"{self.full_name} — {self.place}" if self.place else self.full_name

    def age(self, on: date | None = None) -> int | None:
        if not self.birth_date:
            return None
        on = on or timezone.localdate()
        return on.year - self.birth_date.year - ((on.month, on.day) < (self.birth_date.month, self.birth_date.day))

    def has_valid_consent(self) -> bool:
        """A consent to the processing of personal data that has not been withdrawn."""
        return self.consents.filter(withdrawn_at__isnull=True).exists()

    @property
    def is_minor(self) -> bool:
        age = self.age()
        return age is not None and age < 18


class Consent(TimeStampedModel):
    """Consent to the processing of personal data (152-ФЗ), with its scan and withdrawal."""

    class SignedBy(models.TextChoices):
        SELF = "self", "Сам участник"
        PARENT = "parent", "Родитель (законный представитель)"
        BOTH = "both", "Участник и родитель (законный представитель)"

    person = models.ForeignKey(Person, verbose_name="участник", on_delete=models.CASCADE, related_name="consents")
    given_on = models.DateField("дата согласия")
    signed_by = models.CharField("кем подписано", max_length=8, choices=SignedBy.choices, default=SignedBy.SELF)
    representative = models.CharField("ФИО представителя", max_length=255, blank=True)
    publication = models.BooleanField(
        "согласие на публикацию", default=False, help_text="Имя и фото на сайте организации."
    )
    scan = models.FileField(
        "скан", upload_to="consents/%Y/", max_length=255, blank=True, validators=[document_file_validator]
    )
    withdrawn_at = models.DateField("отозвано", null=True, blank=True)

    objects = ConsentQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="история согласия", verbose_name_plural="история согласия")

    class Meta:
        verbose_name = "согласие на обработку ПДн"
        verbose_name_plural = "согласия на обработку ПДн"
        ordering = ["-given_on", "-pk"]

    def __str__(self):
        return f"Согласие от {self.given_on:%d.%m.%Y}"

    @property
    def is_valid(self) -> bool:
        return self.withdrawn_at is None


class MentorProfile(TimeStampedModel):
    """База наставников: «Чем я могу быть полезен в качестве наставника?», status, training."""

    class Status(models.TextChoices):
        CANDIDATE = "candidate", "Кандидат"
        INTERVIEW = "interview", "Собеседование"
        TRAINING = "training", "Обучение"
        ACTIVE = "active", "В базе"
        EXCLUDED = "excluded", "Исключён"

    person = models.OneToOneField(
        Person, verbose_name="участник", on_delete=models.CASCADE, related_name="mentor_profile"
    )
    competences = models.TextField("компетенции", blank=True)
    can_help_with = models.TextField("чем может быть полезен", blank=True)
    forms = models.ManyToManyField(MentoringForm, verbose_name="формы наставничества", blank=True, related_name="+")
    max_mentees = models.PositiveSmallIntegerField(
        "наставляемых не более",
        default=2,
        validators=[
            MinValueValidator(1, "Наставник берёт хотя бы одного наставляемого."),
            MaxValueValidator(30, "Не больше 30 наставляемых у одного наставника."),
        ],
    )
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.CANDIDATE)
    exclusion_reason = models.CharField("причина исключения", max_length=255, blank=True)
    interview_date = models.DateField("дата собеседования", null=True, blank=True)
    interview_result = models.TextField("результат собеседования", blank=True)
    training_course = models.CharField("обучение: программа", max_length=255, blank=True)
    training_hours = models.PositiveSmallIntegerField("часов", null=True, blank=True)
    certificate_number = models.CharField("№ удостоверения", max_length=64, blank=True)
    certificate_date = models.DateField("дата удостоверения", null=True, blank=True)
    # Which of the mentor's contacts their mentees see under «Мой наставник» (the mentor decides).
    show_phone = models.BooleanField("наставляемые видят мой телефон", default=False)
    show_email = models.BooleanField("наставляемые видят мою электронную почту", default=True)

    history = HistoricalRecords(verbose_name="история наставника", verbose_name_plural="история наставника")

    class Meta:
        verbose_name = "наставник (база)"
        verbose_name_plural = "база наставников"

    def __str__(self):
        return str(self.person)


class MenteeCategory(models.Model):
    """Categories of mentees (reference data, DOMAIN.md §4)."""

    class Audience(models.TextChoices):
        TEACHERS = "teachers", "Педагоги"
        STUDENTS = "students", "Обучающиеся"

    name = models.CharField("название", max_length=255, unique=True)
    audience = models.CharField("для кого", max_length=16, choices=Audience.choices)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    history = HistoricalRecords(verbose_name="история категории", verbose_name_plural="история категории")

    class Meta:
        verbose_name = "категория наставляемых"
        verbose_name_plural = "категории наставляемых"
        ordering = ["audience", "order", "name"]

    def __str__(self):
        return self.name


class MenteeProfile(TimeStampedModel):
    """База наставляемых: categories, requests, expected results, source."""

    class Source(models.TextChoices):
        QUESTIONNAIRE = "questionnaire", "Анкета"
        CLASS_TEACHER = "class_teacher", "Классный руководитель"
        PSYCHOLOGIST = "psychologist", "Педагог-психолог"
        SELF = "self", "Заявление самого участника"
        ADMINISTRATION = "administration", "Администрация"

    class Status(models.TextChoices):
        ACTIVE = "active", "В базе"
        FINISHED = "finished", "Завершил программу"
        EXCLUDED = "excluded", "Исключён"

    person = models.OneToOneField(
        Person, verbose_name="участник", on_delete=models.CASCADE, related_name="mentee_profile"
    )
    categories = models.ManyToManyField(MenteeCategory, verbose_name="категории", blank=True, related_name="+")
    requests = models.TextField("запросы", blank=True, help_text="Один запрос на строке.")
    expected_results = models.TextField("ожидаемые результаты", blank=True)
    source = models.CharField("источник", max_length=16, choices=Source.choices, default=Source.QUESTIONNAIRE)
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.ACTIVE)

    history = HistoricalRecords(verbose_name="история наставляемого", verbose_name_plural="история наставляемого")

    class Meta:
        verbose_name = "наставляемый (база)"
        verbose_name_plural = "база наставляемых"

    def __str__(self):
        return str(self.person)

    @property
    def request_list(self) -> list[str]:
        return text_lines(self.requests, strip_markers=True)
