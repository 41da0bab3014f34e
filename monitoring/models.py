"""Questionnaires and feedback online (DOMAIN.md §6): the constructor, campaigns with personal links, answers.

A questionnaire is a version: once answers exist it is never changed again, an edit makes the next version
(``previous`` → this one), and every answer keeps pointing at the question it answered. Standard
questionnaires of the target model have no organization: read-only originals that an organization copies.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mentoring_site.models import TimeStampedModel
from organizations.models import Organization
from organizations.querysets import TenantQuerySet
from pairing.models import Meeting, Mentorship
from participants.models import Person
from programs.models import Activity, MentoringForm, Programme


def new_token() -> str:
    """A personal link's secret: 192 random bits, URL-safe (32 characters)."""
    return secrets.token_urlsafe(24)


class QuestionnaireQuerySet(TenantQuerySet):
    def standard(self):
        return self.filter(organization__isnull=True)

    def available_to(self, organization):
        """The standard originals and the organization's own questionnaires."""
        return self.filter(Q(organization__isnull=True) | Q(organization=organization))

    def latest_versions(self):
        """Versions that no later version replaces."""
        return self.filter(next_version__isnull=True)


class Questionnaire(TimeStampedModel):
    class Audience(models.TextChoices):
        MENTOR = "mentor", "Наставники"
        MENTEE = "mentee", "Наставляемые"
        CURATOR = "curator", "Куратор"
        ANY = "any", "Все участники"

    class Purpose(models.TextChoices):
        BEFORE = "before", "Входная анкета (до участия в программе)"
        AFTER = "after", "Итоговая анкета (после программы)"
        MENTOR_PROFILE = "mentor_profile", "«Чем я могу быть полезен в качестве наставника?»"
        MENTEE_REQUEST = "mentee_request", "Анкета запроса наставляемого"
        PREFERENCE = "preference", "Анкета предпочтений после общей встречи"
        MEETING = "meeting", "Обратная связь после встречи"
        SATISFACTION = "satisfaction", "Анкета удовлетворённости"
        CURATOR = "curator", "Анкета куратора"
        OTHER = "other", "Другая"

    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.CASCADE,
        related_name="questionnaires",
        null=True,
        blank=True,
        help_text="Пусто — стандартная анкета целевой модели (только для чтения, её копируют).",
    )
    key = models.SlugField(
        "код стандартной анкеты", max_length=64, blank=True, help_text="Для стандартных анкет и их копий."
    )
    title = models.CharField("название", max_length=255)
    description = models.TextField("вступительный текст", blank=True)
    audience = models.CharField("для кого", max_length=16, choices=Audience.choices, default=Audience.ANY)
    purpose = models.CharField("назначение", max_length=16, choices=Purpose.choices, default=Purpose.OTHER)
    form = models.ForeignKey(
        MentoringForm,
        verbose_name="форма наставничества",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Пусто — для любой формы.",
    )
    anonymous = models.BooleanField(
        "анонимная", default=False, help_text="Ответы не связываются с человеком; видна только доля ответивших."
    )
    mentors_see_results = models.BooleanField(
        "наставник видит ответы своих пар", default=False, help_text="Только для неанонимных анкет."
    )
    basis = models.CharField(
        "основание",
        max_length=255,
        blank=True,
        help_text="Например: «на основе методических рекомендаций»",
    )
    source = models.ForeignKey(
        "self",
        verbose_name="скопирована из",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
    )
    version = models.PositiveSmallIntegerField("версия", default=1)
    previous = models.OneToOneField(
        "self",
        verbose_name="предыдущая версия",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
    )
    is_archived = models.BooleanField("в архиве", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="создал",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = QuestionnaireQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = "анкета"
        verbose_name_plural = "анкеты"
        ordering = ["title", "-version", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(organization__isnull=True) & ~Q(key="") & Q(previous__isnull=True),
                name="questionnaire_standard_key_unique",
            ),
        ]

    def __str__(self):
        return f"{self.title} (версия {self.version})" if self.version > 1 else self.title

    def get_absolute_url(self):
        return reverse("monitoring:questionnaire-detail", kwargs={"pk": self.pk})

    @property
    def is_standard(self) -> bool:
        return self.organization_id is None


class Section(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name="анкета", on_delete=models.CASCADE, related_name="sections"
    )
    title = models.CharField("название раздела", max_length=255)
    description = models.TextField("пояснение", blank=True)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "раздел анкеты"
        verbose_name_plural = "разделы анкеты"
        ordering = ["questionnaire", "order", "pk"]

    def __str__(self):
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", "Шкала"
        SINGLE = "single", "Один вариант"
        MULTIPLE = "multiple", "Несколько вариантов"
        YES_NO = "yes_no", "Да / нет"
        TEXT = "text", "Короткий ответ"
        LONG_TEXT = "long_text", "Развёрнутый ответ"
        MATRIX = "matrix", "Матрица (несколько утверждений на одной шкале)"
        PERSON = "person", "Выбор человека"

    # Kinds whose answers are numbers (a mean is meaningful) and kinds answered by options.
    NUMERIC = (Kind.SCALE, Kind.MATRIX)
    CHOICE = (Kind.SINGLE, Kind.MULTIPLE, Kind.YES_NO)
    TEXTUAL = (Kind.TEXT, Kind.LONG_TEXT)

    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name="анкета", on_delete=models.CASCADE, related_name="questions"
    )
    section = models.ForeignKey(Section, verbose_name="раздел", on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField("порядок", default=0)
    kind = models.CharField("тип вопроса", max_length=16, choices=Kind.choices, default=Kind.SCALE)
    text = models.TextField("вопрос")
    help_text = models.CharField("подсказка", max_length=500, blank=True)
    required = models.BooleanField("обязательный", default=True)
    scale_min = models.SmallIntegerField(
        "шкала: от",
        null=True,
        blank=True,
        validators=[MinValueValidator(0, "Шкала начинается с 0 или больше.")],
    )
    scale_max = models.SmallIntegerField(
        "шкала: до",
        null=True,
        blank=True,
        validators=[MaxValueValidator(10, "Шкала заканчивается не выше 10.")],
    )
    min_label = models.CharField("подпись начала шкалы", max_length=100, blank=True)
    max_label = models.CharField("подпись конца шкалы", max_length=100, blank=True)
    code = models.SlugField(
        "параметр",
        max_length=64,
        blank=True,
        help_text="Один код у вопросов входной и итоговой анкет, которые измеряют одно и то же («до/после»); "
        "коды profile.*, request.* заполняют базы.",
    )
    show_if = models.ForeignKey(
        "Option",
        verbose_name="показывать, если выбран ответ",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependent_questions",
    )

    class Meta:
        verbose_name = "вопрос"
        verbose_name_plural = "вопросы"
        ordering = ["questionnaire", "section__order", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_min__isnull=True)
                | Q(scale_max__isnull=True)
                | Q(scale_min__lt=models.F("scale_max")),
                name="question_scale_ordered",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def is_numeric(self) -> bool:
        return self.kind in self.NUMERIC

    @property
    def scale_values(self) -> range:
        return range(self.scale_min or 0, (self.scale_max or 0) + 1)


class Option(models.Model):
    """A choice of a single/multiple/yes-no question, or a statement (row) of a matrix question."""

    question = models.ForeignKey(Question, verbose_name="вопрос", on_delete=models.CASCADE, related_name="options")
    order = models.PositiveSmallIntegerField("порядок", default=0)
    label = models.CharField("текст варианта", max_length=500)
    value = models.SlugField("код варианта", max_length=64, help_text="Неизменный код: по нему считают ответы.")

    class Meta:
        verbose_name = "вариант ответа"
        verbose_name_plural = "варианты ответа"
        ordering = ["question", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["question", "value"], name="option_value_unique")]

    def __str__(self):
        return self.label


class CampaignQuerySet(TenantQuerySet):
    def open_on(self, day):
        return self.filter(closed_at__isnull=True, opens_on__lte=day, closes_on__gte=day)


class Campaign(TimeStampedModel):
    """A questionnaire sent to a set of people between an opening and a closing date."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Запланирована"
        OPEN = "open", "Идёт сбор ответов"
        CLOSED = "closed", "Завершена"

    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.PROTECT, related_name="campaigns"
    )
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name="анкета", on_delete=models.PROTECT, related_name="campaigns"
    )
    programme = models.ForeignKey(
        Programme, verbose_name="программа", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField("название", max_length=255)
    opens_on = models.DateField("начало сбора ответов")
    closes_on = models.DateField("окончание сбора ответов")
    audience = models.CharField(
        "кому", max_length=500, blank=True, help_text="Как выбраны получатели: «наставляемые 7А, 7Б»."
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name="мероприятие дорожной карты",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Когда сбор ответов завершится, мероприятие будет отмечено выполненным.",
    )
    closed_at = models.DateTimeField("завершена", null=True, blank=True)
    summary = models.TextField("итоги", blank=True, help_text="Сводка на момент завершения.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="создал",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CampaignQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = "анкетирование"
        verbose_name_plural = "анкетирования"
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(opens_on__lte=models.F("closes_on")), name="campaign_dates_ordered"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("monitoring:campaign-detail", kwargs={"pk": self.pk})

    def status_on(self, day=None) -> str:
        day = day or timezone.localdate()
        if self.closed_at or day > self.closes_on:
            return self.Status.CLOSED
        if day < self.opens_on:
            return self.Status.SCHEDULED
        return self.Status.OPEN

    @property
    def status(self) -> str:
        return self.status_on()

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class RecipientQuerySet(TenantQuerySet):
    organization_lookup = "campaign__organization"

    def unanswered(self):
        return self.filter(responded_at__isnull=True)


class Recipient(models.Model):
    """One person's personal link in one campaign: /f/<token>/."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Электронная почта"
        SLIP = "slip", "Листок с QR-кодом"

    campaign = models.ForeignKey(
        Campaign, verbose_name="анкетирование", on_delete=models.CASCADE, related_name="recipients"
    )
    person = models.ForeignKey(Person, verbose_name="участник", on_delete=models.CASCADE, related_name="+")
    mentorship = models.ForeignKey(
        Mentorship, verbose_name="пара (группа)", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name="встреча", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    token = models.CharField("ключ личной ссылки", max_length=64, unique=True, default=new_token, editable=False)
    channel = models.CharField("как получает", max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    sent_at = models.DateTimeField("письмо отправлено", null=True, blank=True)
    send_attempts = models.PositiveSmallIntegerField("попыток отправки", default=0)
    send_error = models.CharField("ошибка отправки", max_length=500, blank=True)
    reminded_at = models.DateTimeField("напоминание отправлено", null=True, blank=True)
    opened_at = models.DateTimeField("ссылка открыта", null=True, blank=True)
    draft = models.JSONField("черновик", default=dict, blank=True)
    responded_at = models.DateTimeField("ответ получен", null=True, blank=True)

    objects = RecipientQuerySet.as_manager()

    class Meta:
        verbose_name = "получатель анкеты"
        verbose_name_plural = "получатели анкеты"
        ordering = ["campaign", "person__last_name", "person__first_name", "pk"]
        constraints = [
            # one link per person in a campaign; per pair when sent by pairs; per meeting for meeting feedback
            models.UniqueConstraint(
                fields=["campaign", "person"],
                condition=Q(mentorship__isnull=True, meeting__isnull=True),
                name="recipient_once_per_campaign",
            ),
            models.UniqueConstraint(
                fields=["campaign", "person", "mentorship"],
                condition=Q(mentorship__isnull=False, meeting__isnull=True),
                name="recipient_once_per_pair",
            ),
            models.UniqueConstraint(
                fields=["campaign", "person", "meeting"],
                condition=Q(meeting__isnull=False),
                name="recipient_once_per_meeting",
            ),
        ]
        indexes = [models.Index(fields=["campaign", "responded_at"], name="recipient_campaign_resp_idx")]

    def __str__(self):
        return f"{self.person} — {self.campaign}"

    def get_absolute_url(self):
        return reverse("fill:form", kwargs={"token": self.token})


class ResponseQuerySet(TenantQuerySet):
    organization_lookup = "campaign__organization"


class Response(models.Model):
    """A submitted questionnaire. An anonymous questionnaire's response keeps no link to the person."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="анкетирование", on_delete=models.CASCADE, related_name="responses"
    )
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name="анкета (версия)", on_delete=models.PROTECT, related_name="responses"
    )
    recipient = models.OneToOneField(
        Recipient, verbose_name="получатель", on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    person = models.ForeignKey(
        Person, verbose_name="участник", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    mentorship = models.ForeignKey(
        Mentorship, verbose_name="пара (группа)", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name="встреча", on_delete=models.SET_NULL, null=True, blank=True, related_name="feedback"
    )
    role = models.CharField("роль", max_length=16, choices=Questionnaire.Audience.choices, blank=True)
    form = models.ForeignKey(
        MentoringForm,
        verbose_name="форма наставничества",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    school_class = models.CharField("класс, группа", max_length=16, blank=True)
    submitted_at = models.DateTimeField("отправлена", default=timezone.now)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = "ответ на анкету"
        verbose_name_plural = "ответы на анкеты"
        ordering = ["campaign", "submitted_at", "pk"]

    def __str__(self):
        return f"Ответ на «{self.campaign}» от {timezone.localtime(self.submitted_at):%d.%m.%Y}"


class Answer(models.Model):
    """One value of a response: a number (scale, a matrix row), an option (choices; one row per option
    chosen), a text, or a person (the preference questionnaire's «выбор человека»)."""

    response = models.ForeignKey(Response, verbose_name="ответ", on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, verbose_name="вопрос", on_delete=models.PROTECT, related_name="answers")
    option = models.ForeignKey(
        Option,
        verbose_name="вариант (строка матрицы)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    number = models.SmallIntegerField("значение", null=True, blank=True)
    text = models.TextField("текст", blank=True)
    person = models.ForeignKey(
        Person, verbose_name="выбранный человек", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "значение ответа"
        verbose_name_plural = "значения ответов"
        ordering = ["response", "question", "pk"]
        indexes = [models.Index(fields=["question", "number"], name="answer_question_number_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "option"],
                condition=Q(option__isnull=False),
                name="answer_once_per_option",
            ),
            models.UniqueConstraint(
                fields=["response", "question"], condition=Q(option__isnull=True), name="answer_once_per_question"
            ),
        ]

    def __str__(self):
        return self.text or (str(self.number) if self.number is not None else str(self.option or self.person or ""))


class MailJob(models.Model):
    """A background job of a campaign (a mailing, reminders, a slip sheet) and its progress, shown on the page.

    Each recipient's ``sent_at`` / ``reminded_at`` is the truth of what went out: a job that dies between
    batches is resumed (its next batch task is already queued, or «Повторить» queues it) without sending twice.
    """

    class Kind(models.TextChoices):
        INVITATIONS = "invitations", "Рассылка приглашений"
        REMINDERS = "reminders", "Напоминания"
        SLIPS = "slips", "Листки с QR-кодами"

    class Status(models.TextChoices):
        QUEUED = "queued", "В очереди"
        RUNNING = "running", "Выполняется"
        DONE = "done", "Готово"
        FAILED = "failed", "С ошибками"

    campaign = models.ForeignKey(Campaign, verbose_name="анкетирование", on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField("задача", max_length=16, choices=Kind.choices)
    status = models.CharField("состояние", max_length=16, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField("всего", default=0)
    done = models.PositiveIntegerField("выполнено", default=0)
    failed = models.PositiveIntegerField("ошибок", default=0)
    error = models.TextField("ошибка", blank=True)
    file = models.FileField("файл", upload_to="campaigns/%Y/", blank=True)
    task_id = models.CharField("задача в очереди", max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="запустил",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("создана", auto_now_add=True)
    updated_at = models.DateTimeField("обновлена", auto_now=True)

    class Meta:
        verbose_name = "фоновая задача анкетирования"
        verbose_name_plural = "фоновые задачи анкетирования"
        ordering = ["campaign", "-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.done} из {self.total}"


class EvaluationQuerySet(TenantQuerySet):
    def approved(self):
        return self.filter(status=Evaluation.Status.APPROVED)


class Evaluation(TimeStampedModel):
    """«Оценка эффективности программы наставничества» (monitoring, stage 1; seed 003, section 6): the nine
    indicators scored 0–2 by the curator for one programme and one school year, approved by the director,
    then read-only. ``total`` and ``level`` are kept by the service for lists and the coordinator."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Черновик"
        REVIEW = "review", "На утверждении"
        APPROVED = "approved", "Утверждена"

    class Level(models.TextChoices):
        OPTIMAL = "optimal", "оптимальный уровень"
        ACCEPTABLE = "acceptable", "допустимый уровень"
        UNACCEPTABLE = "unacceptable", "недопустимый уровень"

    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.PROTECT, related_name="evaluations"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name="программа",
        on_delete=models.PROTECT,
        related_name="evaluations",
        null=True,
        blank=True,
        help_text="Пусто — наставничество организации в целом (программа ещё не внесена).",
    )
    school_year = models.PositiveSmallIntegerField("учебный год (начало)")
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.DRAFT)
    total = models.PositiveSmallIntegerField("сумма баллов", null=True, blank=True)
    level = models.CharField("уровень", max_length=16, choices=Level.choices, blank=True)
    conclusions = models.TextField("выводы и предложения", blank=True)
    submitted_at = models.DateTimeField("отправлена на утверждение", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="утвердил",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_on = models.DateField("дата утверждения", null=True, blank=True)
    return_comment = models.TextField("замечания при возврате", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="создал",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = EvaluationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = "оценка эффективности программы"
        verbose_name_plural = "оценки эффективности программы"
        ordering = ["-school_year", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "school_year"], name="evaluation_once_per_programme_year"),
            models.UniqueConstraint(
                fields=["organization", "school_year"],
                condition=Q(programme__isnull=True),
                name="evaluation_once_per_organization_year",
            ),
            models.CheckConstraint(condition=Q(total__isnull=True) | Q(total__lte=18), name="evaluation_total_range"),
        ]

    def __str__(self):
        return f"Оценка эффективности программы за {self.school_year_label} учебный год"

    def get_absolute_url(self):
        return reverse("monitoring:evaluation-detail", kwargs={"pk": self.pk})

    @property
    def school_year_label(self) -> str:
        return f"{self.school_year}/{self.school_year + 1}"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def subject(self) -> str:
        """What is evaluated: the programme's title, or the organization's mentoring as a whole."""
        return self.programme.title if self.programme_id else "Наставничество в организации (программа не внесена)"


class IndicatorScore(models.Model):
    """One of the nine indicators of an evaluation: 0 не проявляется, 1 частично, 2 в полной мере."""

    class Score(models.IntegerChoices):
        NONE = 0, "0 — не проявляется"
        PARTLY = 1, "1 — частично проявляется"
        FULLY = 2, "2 — проявляется в полной мере"

    evaluation = models.ForeignKey(Evaluation, verbose_name="оценка", on_delete=models.CASCADE, related_name="scores")
    number = models.PositiveSmallIntegerField(
        "показатель №",
        validators=[MinValueValidator(1, "Показатели нумеруются с 1."), MaxValueValidator(9, "Показателей девять.")],
    )
    score = models.PositiveSmallIntegerField("балл", null=True, blank=True, choices=Score.choices)
    comment = models.TextField("комментарий", blank=True)
    suggestion = models.PositiveSmallIntegerField("подсказка по анкетам", null=True, blank=True, choices=Score.choices)
    suggestion_rule = models.CharField("откуда подсказка", max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "балл показателя"
        verbose_name_plural = "баллы показателей"
        ordering = ["evaluation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "number"], name="indicator_score_once"),
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=9), name="indicator_number_range"),
            models.CheckConstraint(condition=Q(score__isnull=True) | Q(score__lte=2), name="indicator_score_range"),
        ]

    def __str__(self):
        return f"Показатель {self.number}: {self.score if self.score is not None else '—'}"


class ReportJob(models.Model):
    """The информационная справка of an evaluation made in the background (a large programme): its progress
    by step for the page that waits for it, and the PDF when done. The PDF holds the figures of the moment it
    was made (``finished_at``); «Сформировать заново» makes a new one."""

    class Status(models.TextChoices):
        QUEUED = "queued", "В очереди"
        RUNNING = "running", "Формируется"
        DONE = "done", "Готова"
        FAILED = "failed", "Ошибка"

    evaluation = models.ForeignKey(
        Evaluation, verbose_name="оценка эффективности", on_delete=models.CASCADE, related_name="report_jobs"
    )
    status = models.CharField("состояние", max_length=16, choices=Status.choices, default=Status.QUEUED)
    step = models.PositiveSmallIntegerField("этап", default=0)
    steps = models.PositiveSmallIntegerField("этапов", default=0)
    step_label = models.CharField("что делается", max_length=200, blank=True)
    participants = models.PositiveIntegerField("участников", default=0)
    file = models.FileField("файл", upload_to="reports/%Y/", blank=True)
    error = models.TextField("ошибка", blank=True)
    task_id = models.CharField("задача в очереди", max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="запросил",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("запрошена", auto_now_add=True)
    updated_at = models.DateTimeField("обновлена", auto_now=True)
    finished_at = models.DateTimeField("сформирована", null=True, blank=True)

    class Meta:
        verbose_name = "формирование справки"
        verbose_name_plural = "формирование справок"
        ordering = ["evaluation", "-created_at", "-pk"]

    def __str__(self):
        return f"Справка за {self.evaluation.school_year_label}: {self.get_status_display().lower()}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return round(self.step * 100 / self.steps) if self.steps else 0
