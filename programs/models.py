"""Programmes, roadmaps, the working group and their approval (stage 1 of the target model)."""

import re

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mentoring_site.files import document_file_validator
from mentoring_site.models import TimeStampedModel
from organizations.models import Organization
from organizations.querysets import ReferenceQuerySet, TenantQuerySet

from .choices import ActivityStatus, DocumentStatus, Framework, ParticipantKind, kinds_text
from .querysets import ActivityQuerySet, ProgrammeQuerySet, ProgrammeRowQuerySet, RoadmapQuerySet, SectionQuerySet

# --- Reference data: the seven stages, the forms of mentoring and their role models ------------


class Stage(models.Model):
    """One of the seven stages of the target model (reference data, DOMAIN.md §2)."""

    number = models.PositiveSmallIntegerField("номер", unique=True)
    title = models.CharField("название", max_length=255)
    task = models.TextField("задача этапа", blank=True)

    history = HistoricalRecords(verbose_name="история этапа", verbose_name_plural="история этапа")

    class Meta:
        verbose_name = "этап целевой модели"
        verbose_name_plural = "этапы целевой модели"
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.title}"


class MentoringForm(TimeStampedModel):
    """A form of mentoring («учитель – учитель»). Without an organization it is the standard one."""

    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.CASCADE,
        related_name="mentoring_forms",
        null=True,
        blank=True,
        help_text="Пусто — стандартная форма целевой модели, общая для всех.",
    )
    name = models.CharField("название", max_length=255)
    mentor = models.TextField("кто наставник", blank=True)
    mentee = models.TextField("кто наставляемый", blank=True)
    mentor_kinds = models.JSONField(
        "кто может быть наставником",
        default=list,
        blank=True,
        help_text="Пусто — без ограничений.",
    )
    mentee_kinds = models.JSONField(
        "кто может быть наставляемым",
        default=list,
        blank=True,
        help_text="Пусто — без ограничений.",
    )
    order = models.PositiveSmallIntegerField("порядок", default=0)

    objects = ReferenceQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name="история формы наставничества", verbose_name_plural="история формы наставничества"
    )

    class Meta:
        verbose_name = "форма наставничества"
        verbose_name_plural = "формы наставничества"
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="mentoring_form_unique_name"),
        ]

    def __str__(self):
        return f"«{self.name}»"

    def refuses(self, side: str, kind: str) -> str:
        """Why a person of ``kind`` cannot be the ``side`` («mentor» or «mentee») in this form; empty
        if they can. «Петров П. П. (педагог)» is put before it by the caller."""
        kinds = self.mentor_kinds if side == "mentor" else self.mentee_kinds
        kinds = [k for k in kinds if k in ParticipantKind.values] if isinstance(kinds, list) else []
        if not kinds or kind in kinds:  # no rule (or none that names a known kind): anyone
            return ""
        role, role_here = ("наставником", "наставник") if side == "mentor" else ("наставляемым", "наставляемый")
        return f"не может быть {role} в форме «{self.name}»: {role_here} в ней — {kinds_text(kinds)}."


class RoleModel(TimeStampedModel):
    """A role model (вариация) of a form: «Опытный педагог – молодой специалист»."""

    form = models.ForeignKey(MentoringForm, verbose_name="форма", on_delete=models.CASCADE, related_name="role_models")
    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.CASCADE,
        related_name="role_models",
        null=True,
        blank=True,
    )
    name = models.CharField("название", max_length=255)
    goal = models.TextField("цель", blank=True)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    objects = ReferenceQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="история ролевой модели", verbose_name_plural="история ролевой модели")

    class Meta:
        verbose_name = "ролевая модель"
        verbose_name_plural = "ролевые модели"
        ordering = ["form__order", "order", "name"]

    def __str__(self):
        return f"«{self.name}»"


# --- Approval of documents ------------------------------------------------------------------------


class ApprovableDocument(TimeStampedModel):
    """Fields of a document that the curator submits and the director approves.

    An approved document is read-only; a change makes a new version (``previous_version``).
    """

    # Every concrete document declares its own ``organization`` foreign key (with its own
    # related_name); this bare annotation only tells the type checker so and creates no field.
    organization: Organization

    status = models.CharField("статус", max_length=16, choices=DocumentStatus, default=DocumentStatus.DRAFT)
    version = models.PositiveSmallIntegerField("версия", default=1)
    submitted_at = models.DateTimeField("отправлен на согласование", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="отправил",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    approved_at = models.DateTimeField("утверждён в системе", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="утвердил",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    approver_position = models.CharField(
        "должность утверждающего", max_length=255, blank=True, help_text="Как в грифе: «Директор школы»."
    )
    approver_name = models.CharField("И.О. Фамилия утверждающего", max_length=255, blank=True)
    approval_date = models.DateField("дата утверждения", null=True, blank=True)
    approval_basis = models.CharField(
        "основание утверждения",
        max_length=255,
        blank=True,
        help_text="Например: Протокол педсовета № 8 от 28.09.2020",
    )
    return_comment = models.TextField("замечания при возврате", blank=True)

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        return self.status in {DocumentStatus.DRAFT}

    @property
    def is_approved(self) -> bool:
        return self.status == DocumentStatus.APPROVED

    @property
    def is_locked(self) -> bool:
        """Approved or replaced by a newer version: read-only everywhere, the admin included."""
        return self.status in {DocumentStatus.APPROVED, DocumentStatus.ARCHIVED}

    @property
    def is_in_review(self) -> bool:
        return self.status == DocumentStatus.REVIEW

    @property
    def is_archived(self) -> bool:
        return self.status == DocumentStatus.ARCHIVED

    @property
    def status_badge(self) -> str:
        """Bootstrap classes of the status badge."""
        return {
            DocumentStatus.APPROVED: "text-bg-success",
            DocumentStatus.REVIEW: "text-bg-warning",
            DocumentStatus.ARCHIVED: "text-bg-light border",
        }.get(self.status, "text-bg-secondary")


TEXT_HELP = "Абзац — строка; строки «- …» печатаются перечнем, «1. …» — нумерованным перечнем с этими номерами."
LIST_LEAD_HELP = "Первой строкой можно написать свою вводную фразу с двоеточием, например"


class Programme(ApprovableDocument):
    """A mentoring programme of an organization (seed 003), printed with numbered sections."""

    Framework = Framework

    Status = DocumentStatus

    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.PROTECT, related_name="programmes"
    )
    previous_version = models.ForeignKey(
        "self", verbose_name="предыдущая версия", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(
        "название",
        max_length=500,
        help_text="Например: Программа наставничества в МБОУ «СОШ ст. Старица»",
    )
    framework = models.CharField("основа", max_length=16, choices=Framework.choices, default=Framework.STUDENTS)
    start_year = models.PositiveSmallIntegerField(
        "учебный год (начало)",
        validators=[MinValueValidator(2019), MaxValueValidator(2100)],
        help_text="Для 2022/2023 учебного года — 2022.",
    )
    period = models.CharField("срок реализации", max_length=255, blank=True, help_text="Например: 2022–2025 гг.")
    curator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="куратор",
        on_delete=models.PROTECT,
        related_name="curated_programmes",
        null=True,
        blank=True,
    )
    # 1. Пояснительная записка
    legal_basis = models.TextField("нормативная основа", blank=True, help_text="Один документ на строке.")
    introduction = models.TextField("вводная часть", blank=True, help_text=TEXT_HELP)
    goal = models.TextField("цель", blank=True)
    tasks = models.TextField(
        "задачи", blank=True, help_text=f"Одна задача на строке. {LIST_LEAD_HELP} «Задачи Программы:»."
    )
    expected_results = models.TextField(
        "ожидаемые результаты",
        blank=True,
        help_text=f"Один результат на строке. {LIST_LEAD_HELP} «Ожидаемые результаты внедрения…:».",
    )
    terms = models.TextField(
        "понятия и термины",
        blank=True,
        help_text="«Термин – определение», по одному на строке; первой строкой можно написать вводную фразу: "
        "«В Программе используются следующие понятия и термины.»",
    )
    # 4. Кадровые условия
    staffing = models.TextField("кадровые условия", blank=True, help_text=TEXT_HELP)
    mentee_base = models.TextField(
        "из кого формируется база наставляемых",
        blank=True,
        help_text=f"По строке. {LIST_LEAD_HELP} «База наставляемых формируется из следующих категорий:».",
    )
    mentor_base = models.TextField(
        "из кого формируется база наставников",
        blank=True,
        help_text=f"По строке. {LIST_LEAD_HELP} «База наставников формируется из:».",
    )
    bases_note = models.TextField(
        "о базах после их перечней",
        blank=True,
        help_text="Печатается после перечней баз: «База наставляемых и база наставников может меняться…».",
    )
    # 5. Формы наставничества
    forms = models.ManyToManyField(MentoringForm, verbose_name="формы наставничества", blank=True, related_name="+")
    role_models = models.ManyToManyField(
        RoleModel,
        verbose_name="ролевые модели",
        blank=True,
        related_name="+",
        help_text="Печатаются таблицей «Формы взаимодействия наставников и наставляемых»: форма и её цель.",
    )
    forms_description = models.TextField(
        "описание форм наставничества",
        blank=True,
        help_text="Цель, задачи, ожидаемый результат формы. Характеристика участников, формы взаимодействия "
        f"и механизм реализации — таблицами ниже. {TEXT_HELP}",
    )
    # 6–8
    monitoring = models.TextField(
        "мониторинг и оценка результатов",
        blank=True,
        help_text=f"Текст до таблицы показателей эффективности. {TEXT_HELP}",
    )
    monitoring_results = models.TextField(
        "мониторинг: после таблицы показателей",
        blank=True,
        help_text=f"Печатается после таблицы показателей и шкалы баллов: что даёт мониторинг. {TEXT_HELP}",
    )
    mentor_criteria = models.TextField("критерии эффективности работы наставника", blank=True, help_text=TEXT_HELP)
    incentives = models.TextField(
        "механизмы мотивации и поощрения наставников",
        blank=True,
        help_text="По строке. Строка с двоеточием в конце — вводная фраза перечня; строки «1. …», «2. …» "
        "печатаются нумерованным перечнем с этими номерами.",
    )

    # The text sections of the programme, in the order they are printed.
    TEXT_SECTIONS = (
        "legal_basis",
        "introduction",
        "goal",
        "tasks",
        "expected_results",
        "terms",
        "staffing",
        "mentee_base",
        "mentor_base",
        "bases_note",
        "forms_description",
        "monitoring",
        "monitoring_results",
        "mentor_criteria",
        "incentives",
    )

    objects = ProgrammeQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name="история программы", verbose_name_plural="история программы", m2m_fields=[forms, role_models]
    )

    class Meta:
        verbose_name = "программа наставничества"
        verbose_name_plural = "программы наставничества"
        ordering = ["-start_year", "title", "-version"]

    def __str__(self):
        return f"{self.title} ({self.school_year})"

    @property
    def school_year(self) -> str:
        return f"{self.start_year}/{self.start_year + 1}"

    def get_absolute_url(self):
        return reverse("programs:programme-detail", kwargs={"pk": self.pk})


class ProgrammeRow(models.Model):
    """A row of one of the programme's tables: kept in the order the school typed them."""

    order = models.PositiveSmallIntegerField("порядок", default=0)

    objects = ProgrammeRowQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "pk"]


class ProgrammeResponsibility(ProgrammeRow):
    """A row of «Структура управления реализацией программы»: who does what, when."""

    programme = models.ForeignKey(
        Programme, verbose_name="программа", on_delete=models.CASCADE, related_name="responsibilities"
    )
    directions = models.TextField("направления деятельности", help_text="Одно направление на строке.")
    deadline = models.CharField("сроки исполнения", max_length=255, blank=True)
    responsible = models.CharField("ответственный исполнитель", max_length=255)

    history = HistoricalRecords(
        verbose_name="история структуры управления", verbose_name_plural="история структуры управления"
    )

    class Meta(ProgrammeRow.Meta):
        verbose_name = "строка структуры управления"
        verbose_name_plural = "структура управления"

    def __str__(self):
        return self.responsible


class ProgrammeStage(ProgrammeRow):
    """A row of «Этапы реализации программы»: stage, its activities and the result."""

    programme = models.ForeignKey(Programme, verbose_name="программа", on_delete=models.CASCADE, related_name="stages")
    title = models.CharField("этап", max_length=255)
    activities = models.TextField("мероприятия", help_text="Одно мероприятие на строке.")
    result = models.TextField("результат", blank=True)

    history = HistoricalRecords(verbose_name="история этапов программы", verbose_name_plural="история этапов программы")

    class Meta(ProgrammeRow.Meta):
        verbose_name = "этап реализации программы"
        verbose_name_plural = "этапы реализации программы"

    def __str__(self):
        return self.title


class ParticipantProfile(ProgrammeRow):
    """«Характеристика участников»: a mentor description beside the matching mentee description."""

    programme = models.ForeignKey(
        Programme, verbose_name="программа", on_delete=models.CASCADE, related_name="participant_profiles"
    )
    mentor = models.TextField("наставник")
    mentee = models.TextField("наставляемый")

    history = HistoricalRecords(
        verbose_name="история характеристики участников", verbose_name_plural="история характеристики участников"
    )

    class Meta(ProgrammeRow.Meta):
        verbose_name = "характеристика участников"
        verbose_name_plural = "характеристики участников"

    def __str__(self):
        return self.mentor[:60]


class ProgrammeMechanism(ProgrammeRow):
    """A row of «Механизм реализации» of the forms of mentoring: a stage and its activities."""

    programme = models.ForeignKey(
        Programme, verbose_name="программа", on_delete=models.CASCADE, related_name="mechanism"
    )
    stage = models.TextField("этап реализации")
    activities = models.TextField("мероприятия", blank=True, help_text="Одно мероприятие на строке.")

    history = HistoricalRecords(
        verbose_name="история механизма реализации", verbose_name_plural="история механизма реализации"
    )

    class Meta(ProgrammeRow.Meta):
        verbose_name = "строка механизма реализации"
        verbose_name_plural = "механизм реализации"

    def __str__(self):
        return self.stage[:60]


# --- Roadmap ----------------------------------------------------------------------------------------


class Roadmap(ApprovableDocument):
    """Дорожная карта: sections (stages) → activities, printed with the columns the school uses."""

    Framework = Framework

    class Layout(models.TextChoices):
        STAGE_ACTIVITIES = "stage", "Этап | Мероприятия | Сроки | Ответственные"
        ACTIVITY_RESULT = "result", "Мероприятие | Ответственный | Срок | Результат"
        NUMBERED_DEADLINE = "numbered", "№ | Мероприятие | Сроки | Ответственные | Результат"
        NUMBERED_RESULT_FORM = "form", "№ | Мероприятие | Форма представления результата | Сроки | Ответственный"
        STAGE_CONTENT = "content", "№ | Наименование этапа | Содержание деятельности"

    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.PROTECT, related_name="roadmaps"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name="программа",
        on_delete=models.SET_NULL,
        related_name="roadmaps",
        null=True,
        blank=True,
    )
    previous_version = models.ForeignKey(
        "self", verbose_name="предыдущая версия", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField("заголовок", max_length=500, help_text="Как в шапке документа.")
    start_year = models.PositiveSmallIntegerField(
        "учебный год (начало)",
        validators=[MinValueValidator(2019), MaxValueValidator(2100)],
        help_text="По нему вычисляются даты из сроков вида «до 31 октября».",
    )
    layout = models.CharField("колонки таблицы", max_length=16, choices=Layout.choices, default=Layout.ACTIVITY_RESULT)
    framework = models.CharField(
        "основа",
        max_length=16,
        choices=Framework.choices,
        default=Framework.STUDENTS,
        help_text="По ней приказы ссылаются на нормативную основу: Р-145 или письмо от 21.12.2021 и ст. 351.8 ТК РФ.",
    )
    introduction = models.TextField("пояснительная записка", blank=True)
    signed_by_name = models.CharField(
        "подпись под таблицей",
        max_length=255,
        blank=True,
        help_text="Например: Заместитель директора по УВР Арданова М.В.",
    )

    objects = RoadmapQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="история дорожной карты", verbose_name_plural="история дорожной карты")

    class Meta:
        verbose_name = "дорожная карта"
        verbose_name_plural = "дорожные карты"
        ordering = ["-start_year", "title", "-version"]

    def __str__(self):
        return f"{self.title} ({self.school_year})"

    @property
    def school_year(self) -> str:
        return f"{self.start_year}/{self.start_year + 1}"

    def get_absolute_url(self):
        return reverse("programs:roadmap-detail", kwargs={"pk": self.pk})


class RoadmapSection(models.Model):
    """A stage or section of a roadmap: «Этап 1. Подготовка условий…», «2. Организационно-методическое…»."""

    roadmap = models.ForeignKey(
        Roadmap, verbose_name="дорожная карта", on_delete=models.CASCADE, related_name="sections"
    )
    stage = models.ForeignKey(
        Stage,
        verbose_name="этап целевой модели",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    number = models.CharField("номер", max_length=16, blank=True)
    title = models.TextField("название")
    task = models.TextField("задача этапа", blank=True)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    objects = SectionQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name="история раздела дорожной карты", verbose_name_plural="история раздела дорожной карты"
    )

    class Meta:
        verbose_name = "раздел дорожной карты"
        verbose_name_plural = "разделы дорожной карты"
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    @property
    def task_line(self) -> str:
        """The stage's task as printed: «Задача этапа — …», or as typed when it has its own opening
        words (seed 001: «Задача данного этапа — …», «Задачи этапа: …»)."""
        task = self.task.strip()
        if not task or re.match(r"(?i)задач[аи]\b", task):
            return task
        return f"Задача этапа — {task}"


class Activity(models.Model):
    """A roadmap activity with its deadline as the school wrote it and the date derived from it."""

    Status = ActivityStatus

    section = models.ForeignKey(
        RoadmapSection, verbose_name="раздел (этап)", on_delete=models.CASCADE, related_name="activities"
    )
    number = models.CharField("номер", max_length=16, blank=True, help_text="Например: 1.5.")
    title = models.TextField("мероприятие")
    content = models.TextField("содержание, шаги", blank=True)
    responsible = models.TextField("ответственные", blank=True, help_text="Должности или ФИО, как в документе.")
    responsible_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="ответственные в системе", blank=True, related_name="roadmap_activities"
    )
    deadline = models.CharField("срок", max_length=255, blank=True, help_text="Как в документе: «до 31 октября».")
    due_date = models.DateField("срок (дата)", null=True, blank=True)
    result = models.TextField("результат, документ", blank=True)
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.PLANNED)
    evidence_file = models.FileField(
        "подтверждающий файл",
        upload_to="evidence/%Y/",
        max_length=255,
        blank=True,
        validators=[document_file_validator],
    )
    evidence_url = models.CharField("ссылка на документ", max_length=500, blank=True)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    objects = ActivityQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="история мероприятия", verbose_name_plural="история мероприятия")

    class Meta:
        verbose_name = "мероприятие дорожной карты"
        verbose_name_plural = "мероприятия дорожной карты"
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.number} {self.title[:80]}".strip()

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def status_badge(self) -> str:
        return {self.Status.DONE: "text-bg-success", self.Status.IN_PROGRESS: "text-bg-info"}.get(
            self.status, "text-bg-light border"
        )

    def is_past_due(self, today=None) -> bool:
        """Its date has passed and it is not done (in a draft too: the curator should move the date)."""
        today = today or timezone.localdate()
        return bool(self.due_date and self.due_date < today and self.status != self.Status.DONE)

    def is_overdue(self, today=None) -> bool:
        """Past due in a roadmap in force: a draft or one under review is not late, it is not binding yet."""
        return self.section.roadmap.status == DocumentStatus.APPROVED and self.is_past_due(today)

    LONG_ROW_CHARS = 500

    @property
    def is_long(self) -> bool:
        """A row too long to keep on one page in the PDF (seed 002, item 1.6): it may split."""
        longest = max(len(self.title) + len(self.content), len(self.result), len(self.responsible))
        return longest > self.LONG_ROW_CHARS

    @property
    def is_lead(self) -> bool:
        """A row that only opens the items under it (seed 002: «7.1. Контроль реализации мероприятий …:»
        above 7.1.1): no deadline, no one responsible, no result. The PDF keeps it with the next row."""
        return not (self.deadline.strip() or self.responsible.strip() or self.result.strip())


# --- Working group, local acts, orders ---------------------------------------------------------------


class WorkingGroupMember(TimeStampedModel):
    """A member of the working group (seed 002: председатель, куратор, члены)."""

    class GroupRole(models.TextChoices):
        CHAIR = "chair", "Председатель группы"
        CURATOR = "curator", "Куратор"
        SECRETARY = "secretary", "Секретарь"
        MEMBER = "member", "Член группы"

    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.CASCADE, related_name="working_group"
    )
    group_role = models.CharField("роль в группе", max_length=16, choices=GroupRole.choices, default=GroupRole.MEMBER)
    full_name = models.CharField("ФИО", max_length=255)
    position = models.CharField("должность и место работы", max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="учётная запись",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField("порядок", default=0)

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="история рабочей группы", verbose_name_plural="история рабочей группы")

    class Meta:
        verbose_name = "член рабочей группы"
        verbose_name_plural = "рабочая группа"
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.full_name} ({self.get_group_role_display()})"
