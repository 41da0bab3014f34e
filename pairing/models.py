"""Наставнические пары и группы: one mentor, one or several mentees (DOMAIN.md §1, §5)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mentoring_site.models import TimeStampedModel
from organizations.models import Organization
from organizations.querysets import TenantQuerySet
from participants.models import MenteeProfile, MentorProfile, Person
from programs.deadlines import current_school_year
from programs.models import MentoringForm, Programme, RoleModel


class MentorshipQuerySet(TenantQuerySet):
    def current(self):
        """Pairs not ended: being formed, fixed by an order, or working."""
        return self.filter(status__in=Mentorship.CURRENT)

    def current_first(self):
        """Pairs not ended first, then the ended ones; the newest first within each."""
        ended = models.Case(models.When(status__in=Mentorship.CURRENT, then=0), default=1)
        return self.order_by(ended, "-started_on", "-pk")

    def of_user(self, user):
        """Pairs and groups where ``user`` is the mentor or a current mentee."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(self._own(user))

    def _own(self, user) -> models.Q:
        as_mentee = MentorshipMember.objects.filter(left_on__isnull=True, mentee__person__user=user).values(
            "mentorship_id"
        )
        return models.Q(mentor__person__user=user) | models.Q(pk__in=as_mentee)

    def visible_to(self, user, organization=None):
        """Managers (``pairs.view``) see the organization's pairs; a mentor or mentee only their own."""
        qs = super().visible_to(user, organization)
        if not user.is_authenticated:
            return qs
        return qs.filter(self._managed_by(user, "pairs.view") | self._own(user))


class MentorshipMemberQuerySet(TenantQuerySet):
    organization_lookup = "mentorship__organization"

    def visible_to(self, user, organization=None):
        """Who sees a mentee in a pair: managers all; the pair's mentor those now in it; a mentee only
        themselves while in it. Nobody but managers sees a mentee who left or a pair that ended."""
        qs = super().visible_to(user, organization)
        if not user.is_authenticated:
            return qs
        current = models.Q(left_on__isnull=True)
        mine = models.Q(mentorship__mentor__person__user=user) | models.Q(mentee__person__user=user)
        return qs.filter(self._managed_by(user, "pairs.view") | (current & mine))


class Mentorship(TimeStampedModel):
    """A mentoring pair (one mentee) or group (several), fixed by the curator, later by an order."""

    class Status(models.TextChoices):
        FORMING = "forming", "Формируется"
        FIXED = "fixed", "Закреплена приказом"
        ACTIVE = "active", "Работает"
        FINISHED = "finished", "Завершена"
        TERMINATED = "terminated", "Прекращена досрочно"
        CANCELLED = "cancelled", "Отменена"

    # Not ended: the pair's mentees are in it, its mentor's places are taken.
    CURRENT = (Status.FORMING, Status.FIXED, Status.ACTIVE)

    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.PROTECT, related_name="mentorships"
    )
    mentor = models.ForeignKey(
        MentorProfile, verbose_name="наставник", on_delete=models.PROTECT, related_name="mentorships"
    )
    form = models.ForeignKey(
        MentoringForm, verbose_name="форма наставничества", on_delete=models.PROTECT, related_name="+"
    )
    role_model = models.ForeignKey(
        RoleModel,
        verbose_name="ролевая модель",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name="программа наставничества",
        on_delete=models.PROTECT,
        related_name="mentorships",
        null=True,
        blank=True,
    )
    school_year = models.PositiveSmallIntegerField(
        "учебный год (начало)", editable=False, help_text="2026 — для 2026/2027 учебного года"
    )
    goal = models.TextField("цель и задачи", blank=True)
    started_on = models.DateField("начало работы")
    planned_end_on = models.DateField("плановое окончание", null=True, blank=True)
    ended_on = models.DateField("окончание", null=True, blank=True)
    end_reason = models.CharField("итог или причина прекращения", max_length=255, blank=True)
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.FORMING)
    # The order that fixed the pair («закреплена приказом от … № …»): set when the director signs it.
    order_number = models.CharField("приказ о закреплении: номер", max_length=32, blank=True)
    order_date = models.DateField("приказ о закреплении: дата", null=True, blank=True)
    # Chosen by the curator for the next pairs order: its appendix lists exactly these (while «Формируется»).
    for_order = models.BooleanField("в проекте приказа о закреплении", default=False, editable=False)
    # The last held meeting (kept by the meeting services): the 14-day flag without a subquery per pair.
    last_meeting_on = models.DateField("последняя встреча", null=True, blank=True, editable=False)
    reminded_on = models.DateField("напоминание о встрече отправлено", null=True, blank=True, editable=False)
    # Completion (stage 7).
    result = models.TextField("итоги работы", blank=True)
    mentor_reflection = models.TextField("рефлексия наставника", blank=True)
    mentee_reflection = models.TextField("рефлексия наставляемого", blank=True)
    is_case = models.BooleanField("лучшая практика (кейс)", default=False)
    case_title = models.CharField("название кейса", max_length=255, blank=True)
    case_summary = models.TextField("описание кейса", blank=True)

    objects = MentorshipQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="история пары", verbose_name_plural="история пары")

    # Not fields: set only on pairs read through ``selectors.current_members()`` (a prefetch
    # ``to_attr``) and ``selectors.mentorships_of()``. Bare annotations, for the type checker.
    current_members: "list[MentorshipMember]"
    as_mentor: bool

    class Meta:
        verbose_name = "наставническая пара (группа)"
        verbose_name_plural = "наставнические пары и группы"
        ordering = ["-started_on", "-pk"]
        # The list: an organization's pairs of a status, newest first — read in index order, no sort.
        indexes = [
            models.Index(fields=["organization", "status", "-started_on", "-id"], name="mentorship_org_status_idx")
        ]

    def __str__(self):
        return f"{self.kind_label}: наставник {self.mentor.person.full_name}"

    def save(self, *args, **kwargs):
        if self.started_on:
            self.school_year = current_school_year(self.started_on)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pairing:detail", kwargs={"pk": self.pk})

    @property
    def kind_label(self) -> str:
        """«Пара» or «Группа»: from the ``mentees_now`` count when annotated (pages that show a participant
        only part of a group), else the prefetched ``current_members``, else one query."""
        count = getattr(self, "mentees_now", None)
        if count is None:
            members = getattr(self, "current_members", None)
            count = len(members) if members is not None else self.members.filter(left_on__isnull=True).count()
        return "Группа" if count > 1 else "Пара"

    @property
    def not_started(self) -> bool:
        """Formed, but its work begins on a later day."""
        return self.is_current and self.started_on > timezone.localdate()

    @property
    def status_label(self) -> str:
        """«Работает», «Закреплена приказом от 01.09.2026 № 16/1-О», or «Начнёт работу 01.12.2026»."""
        if self.status == self.Status.FIXED and self.order_date:
            return f"Закреплена приказом от {self.order_date:%d.%m.%Y} № {self.order_number}"
        if self.status == self.Status.ACTIVE and self.not_started:
            return f"Начнёт работу {self.started_on:%d.%m.%Y}"
        if self.status == self.Status.FORMING and self.not_started:
            return f"Формируется, начнёт работу {self.started_on:%d.%m.%Y}"
        return self.get_status_display()

    @property
    def status_badge(self) -> str:
        """Bootstrap classes of the status badge."""
        if self.status == self.Status.ACTIVE and self.not_started:
            return "text-bg-info"
        return {
            self.Status.FORMING: "text-bg-light border",
            self.Status.FIXED: "text-bg-primary",
            self.Status.ACTIVE: "text-bg-success",
            self.Status.FINISHED: "text-bg-secondary",
            self.Status.CANCELLED: "text-bg-secondary",
        }.get(self.status, "text-bg-warning")

    @property
    def is_current(self) -> bool:
        """Not ended (see ``CURRENT``)."""
        return self.status in self.CURRENT

    @property
    def is_fixed_by_order(self) -> bool:
        """A signed order fixed it: its mentor and mentees change only through a new order."""
        return bool(self.order_number) and self.is_current


class MentorshipMember(TimeStampedModel):
    """A mentee in a pair or group; leaving keeps the row (with the date) for the record."""

    mentorship = models.ForeignKey(
        Mentorship, verbose_name="пара (группа)", on_delete=models.CASCADE, related_name="members"
    )
    mentee = models.ForeignKey(
        MenteeProfile, verbose_name="наставляемый", on_delete=models.PROTECT, related_name="memberships"
    )
    joined_on = models.DateField("в паре с")
    left_on = models.DateField("вышел", null=True, blank=True)
    left_reason = models.CharField("причина выхода", max_length=255, blank=True)
    left_with_pair = models.BooleanField("был в паре до её окончания", default=False, editable=False)

    objects = MentorshipMemberQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="история участия в паре", verbose_name_plural="история участия в паре")

    class Meta:
        verbose_name = "наставляемый в паре (группе)"
        verbose_name_plural = "наставляемые в парах и группах"
        ordering = ["mentee__person__last_name", "mentee__person__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "mentee"], name="mentorship_member_unique"),
        ]

    def __str__(self):
        return str(self.mentee)


class PairRowQuerySet(TenantQuerySet):
    """Rows that belong to a pair (meetings, plans): managers see all of them; the mentor and the
    pair's current mentees those of their own pairs."""

    organization_lookup = "mentorship__organization"

    def visible_to(self, user, organization=None):
        qs = super().visible_to(user, organization)
        if not user.is_authenticated:
            return qs
        own = Mentorship.objects.of_user(user).values("pk")
        return qs.filter(self._managed_by(user, "pairs.view") | models.Q(mentorship__in=own))


class Meeting(TimeStampedModel):
    """A meeting of a pair or group: planned ahead, then recorded as held (or called off)."""

    class Kind(models.TextChoices):
        ACQUAINTANCE = "acquaintance", "Встреча-знакомство"
        TRIAL = "trial", "Пробная рабочая встреча"
        PLANNING = "planning", "Встреча-планирование"
        REGULAR = "regular", "Регулярная встреча"
        FINAL = "final", "Итоговая встреча"

    class Format(models.TextChoices):
        IN_PERSON = "in_person", "Очно"
        ONLINE = "online", "Онлайн"

    class Status(models.TextChoices):
        PLANNED = "planned", "Запланирована"
        HELD = "held", "Состоялась"
        CANCELLED = "cancelled", "Отменена"

    mentorship = models.ForeignKey(
        Mentorship, verbose_name="пара (группа)", on_delete=models.CASCADE, related_name="meetings"
    )
    kind = models.CharField("вид встречи", max_length=16, choices=Kind.choices, default=Kind.REGULAR)
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.PLANNED)
    date = models.DateField("дата")
    starts_at = models.TimeField("начало", null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        "продолжительность, мин",
        default=45,
        validators=[
            MinValueValidator(5, "Встреча длится не меньше 5 минут."),
            MaxValueValidator(600, "Встреча длится не больше 10 часов."),
        ],
    )
    format = models.CharField("формат", max_length=16, choices=Format.choices, default=Format.IN_PERSON)
    place = models.CharField("место или ссылка", max_length=255, blank=True)
    topic = models.CharField("тема", max_length=255)
    outcome = models.TextField("итог встречи", blank=True)
    present = models.ManyToManyField(
        MenteeProfile, verbose_name="присутствовали", blank=True, related_name="meetings_attended"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="записал",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = PairRowQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name="история встречи", verbose_name_plural="история встречи", m2m_fields=[present]
    )

    class Meta:
        verbose_name = "встреча"
        verbose_name_plural = "встречи"
        ordering = ["-date", "-starts_at", "-pk"]
        indexes = [models.Index(fields=["mentorship", "status", "-date"], name="meeting_pair_status_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d.%m.%Y}: {self.topic}"


class IndividualPlan(TimeStampedModel):
    """Персонализированная программа наставничества of a pair (or of one mentee in a group); for a
    teacher, «Карта индивидуального образовательного маршрута педагога» (ИОМ, seed 003 2.6)."""

    class Kind(models.TextChoices):
        PERSONAL = "personal", "Персонализированная программа наставничества"
        ROUTE = "route", "Индивидуальный образовательный маршрут педагога"

    class Status(models.TextChoices):
        DRAFT = "draft", "Черновик"
        REVIEW = "review", "На утверждении"
        APPROVED = "approved", "Утверждён"

    mentorship = models.ForeignKey(
        Mentorship, verbose_name="пара (группа)", on_delete=models.CASCADE, related_name="plans"
    )
    mentee = models.ForeignKey(
        MenteeProfile,
        verbose_name="наставляемый",
        on_delete=models.PROTECT,
        related_name="plans",
        null=True,
        blank=True,
        help_text="Для группы: план одного наставляемого; пусто — план всей группы.",
    )
    kind = models.CharField("вид плана", max_length=16, choices=Kind.choices, default=Kind.PERSONAL)
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.DRAFT)
    deficits = models.TextField("дефициты и запросы", blank=True, help_text="Один пункт на строке.")
    goals = models.TextField("цели", blank=True, help_text="Одна цель на строке.")
    expected_results = models.TextField("ожидаемые результаты", blank=True)
    results = models.TextField("достигнутые результаты", blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="утвердил",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_on = models.DateField("дата утверждения", null=True, blank=True)
    # The grif «УТВЕРЖДАЮ» as printed: fixed at approval, so that a later change of roles keeps it.
    approver_position = models.CharField("должность утвердившего", max_length=255, blank=True)
    approver_name = models.CharField("И.О. Фамилия утвердившего", max_length=255, blank=True)
    return_comment = models.TextField("замечания при возврате", blank=True)

    objects = PairRowQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="история плана", verbose_name_plural="история плана")

    class Meta:
        verbose_name = "индивидуальный план"
        verbose_name_plural = "индивидуальные планы"
        ordering = ["mentorship", "pk"]

    def __str__(self):
        return self.get_kind_display()


class PlanItem(models.Model):
    """A row of a plan: the task, the activity with its date, its status and evidence."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Запланировано"
        DONE = "done", "Выполнено"
        NOT_DONE = "not_done", "Не выполнено"

    plan = models.ForeignKey(IndividualPlan, verbose_name="план", on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField("№", default=0)
    goal = models.CharField("цель", max_length=500, blank=True)
    task = models.CharField("задача", max_length=500)
    activity = models.TextField("мероприятие")
    due_on = models.DateField("срок", null=True, blank=True)
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.PLANNED)
    evidence = models.TextField("подтверждение (результат, продукт)", blank=True)

    history = HistoricalRecords(verbose_name="история пункта плана", verbose_name_plural="история пункта плана")

    class Meta:
        verbose_name = "пункт плана"
        verbose_name_plural = "пункты плана"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.task


class MatchingCriterion(models.Model):
    """A part of the matching score with the organization's own weight, and whether it must match.

    The defaults (``DEFAULTS``) are written for an organization the first time its curator opens the
    settings or runs matching; from then on they are the organization's and change on a page."""

    class Key(models.TextChoices):
        SUBJECT = "subject", "Совпадает предмет"
        REQUEST = "request", "Запрос наставляемого ↔ компетенции наставника"
        PREFERENCE = "preference", "Предпочтение после общей встречи"
        SAME_CLASS = "same_class", "Тот же класс"
        PARALLEL = "parallel", "Та же параллель"
        FREE_PLACES = "free_places", "Свободные места у наставника"

    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.CASCADE, related_name="matching_criteria"
    )
    key = models.CharField("часть оценки", max_length=16, choices=Key.choices)
    weight = models.SmallIntegerField(
        "вес",
        validators=[
            MinValueValidator(0, "Вес не может быть отрицательным."),
            MaxValueValidator(10, "Вес не больше 10."),
        ],
    )
    required = models.BooleanField("обязательно", default=False)

    history = HistoricalRecords(verbose_name="история настроек подбора", verbose_name_plural="история настроек подбора")

    class Meta:
        verbose_name = "критерий подбора"
        verbose_name_plural = "настройки подбора"
        ordering = ["organization", "pk"]
        constraints = [models.UniqueConstraint(fields=["organization", "key"], name="matching_criterion_unique")]

    def __str__(self):
        return self.get_key_display()


class Preference(TimeStampedModel):
    """Whom a participant would like as a partner after the general meeting (stage 5)."""

    class Source(models.TextChoices):
        CURATOR = "curator", "Записал куратор"
        QUESTIONNAIRE = "questionnaire", "Анкета предпочтений"

    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.CASCADE, related_name="preferences"
    )
    person = models.ForeignKey(Person, verbose_name="кто выбирает", on_delete=models.CASCADE, related_name="+")
    preferred = models.ForeignKey(Person, verbose_name="кого предпочитает", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField("приоритет", default=1)
    source = models.CharField("источник", max_length=16, choices=Source.choices, default=Source.CURATOR)
    school_year = models.PositiveSmallIntegerField("учебный год (начало)")

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="история предпочтений", verbose_name_plural="история предпочтений")

    class Meta:
        verbose_name = "предпочтение"
        verbose_name_plural = "предпочтения"
        ordering = ["person", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "preferred", "school_year"], name="preference_unique_per_year"),
        ]

    def __str__(self):
        return f"{self.person} → {self.preferred}"


class Nomination(TimeStampedModel):
    """A mentor put forward for an incentive; the order «О поощрении наставников» names them."""

    class Kind(models.TextChoices):
        MENTOR_OF_YEAR = "mentor_of_year", "Наставник года"
        BEST_PAIR = "best_pair", "Лучшая пара"
        CERTIFICATE = "certificate", "Почётная грамота"
        GRATITUDE = "gratitude", "Благодарность"

    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.PROTECT, related_name="nominations"
    )
    mentor = models.ForeignKey(
        MentorProfile, verbose_name="наставник", on_delete=models.PROTECT, related_name="nominations"
    )
    mentorship = models.ForeignKey(
        Mentorship, verbose_name="пара (группа)", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField("вид поощрения", max_length=16, choices=Kind.choices)
    reason = models.CharField("за что", max_length=500)
    school_year = models.PositiveSmallIntegerField("учебный год (начало)")
    order_number = models.CharField("приказ о поощрении: номер", max_length=32, blank=True)
    order_date = models.DateField("приказ о поощрении: дата", null=True, blank=True)

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="история поощрений", verbose_name_plural="история поощрений")

    class Meta:
        verbose_name = "поощрение наставника"
        verbose_name_plural = "поощрения наставников"
        ordering = ["-school_year", "kind", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.mentor}"


class CalendarFeed(TimeStampedModel):
    """A secret, revocable address of a user's iCalendar feed of planned meetings (read-only)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="пользователь", on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField("ключ", max_length=64, unique=True, editable=False)
    revoked_at = models.DateTimeField("отозван", null=True, blank=True)

    class Meta:
        verbose_name = "календарь встреч (ссылка)"
        verbose_name_plural = "календари встреч (ссылки)"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Календарь {self.user}"
