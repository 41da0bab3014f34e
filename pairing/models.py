"""Наставнические пары и группы: one mentor, one or several mentees (DOMAIN.md §1, §5)."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from mentoring_site.models import TimeStampedModel
from organizations.models import Organization
from organizations.querysets import TenantQuerySet
from participants.models import MenteeProfile, MentorProfile
from programs.models import MentoringForm, RoleModel


class MentorshipQuerySet(TenantQuerySet):
    def active(self):
        return self.filter(status=Mentorship.Status.ACTIVE)

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
        ACTIVE = "active", "Работает"
        FINISHED = "finished", "Завершена"
        TERMINATED = "terminated", "Прекращена досрочно"

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
    goal = models.TextField("цель и задачи", blank=True)
    started_on = models.DateField("начало работы")
    planned_end_on = models.DateField("плановое окончание", null=True, blank=True)
    ended_on = models.DateField("окончание", null=True, blank=True)
    end_reason = models.CharField("итог или причина прекращения", max_length=255, blank=True)
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.ACTIVE)

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
        return self.status == self.Status.ACTIVE and self.started_on > timezone.localdate()

    @property
    def status_label(self) -> str:
        """«Работает», or «Начнёт работу 01.12.2026» for a pair formed ahead of its start."""
        if self.not_started:
            return f"Начнёт работу {self.started_on:%d.%m.%Y}"
        return self.get_status_display()

    @property
    def status_badge(self) -> str:
        """Bootstrap classes of the status badge."""
        if self.not_started:
            return "text-bg-info"
        return {
            self.Status.ACTIVE: "text-bg-success",
            self.Status.FINISHED: "text-bg-secondary",
        }.get(self.status, "text-bg-warning")

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


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
