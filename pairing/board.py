"""Reads of the pairs board: columns by status, filters, the counts beside them. A fixed number of queries
whatever the number of pairs (``CARDS_PER_COLUMN`` cards a column, the rest counted)."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.db.models import BooleanField, Case, Count, ExpressionWrapper, F, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber

from organizations.models import Organization
from participants.models import MentorProfile, Person
from programs.deadlines import current_school_year
from programs.models import MentoringForm

from .models import Mentorship, MentorshipMember
from .selectors import _Count, current_members, idle_q, mentees_in_base, mentors_with_load, paired_mentee_ids

CARDS_PER_COLUMN = 60
ENDED = "ended"
S = Mentorship.Status
COLUMNS = [
    (S.FORMING, "Формируется"),
    (S.FIXED, "Закреплена приказом"),
    (S.ACTIVE, "Работает"),
    (ENDED, "Завершена, прекращена, отменена"),
]


class BoardFilter(forms.Form):
    form = forms.ModelChoiceField(
        label="Форма наставничества", queryset=MentoringForm.objects.none(), required=False, empty_label="Все"
    )
    mentor = forms.ModelChoiceField(
        label="Наставник", queryset=MentorProfile.objects.none(), required=False, empty_label="Все"
    )
    school_class = forms.ChoiceField(label="Класс наставляемого", required=False)
    idle = forms.BooleanField(label="Без встреч больше 14 дней", required=False)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["form"].queryset = MentoringForm.objects.available_to(organization)  # type: ignore[attr-defined]
        mentors = MentorProfile.objects.filter(person__organization=organization, mentorships__isnull=False)
        self.fields["mentor"].queryset = (  # type: ignore[attr-defined]
            mentors.distinct().select_related("person").order_by("person__last_name", "person__first_name", "pk")
        )
        self.fields["mentor"].label_from_instance = lambda m: m.person.full_name  # type: ignore[attr-defined]
        classes = (
            Person.objects.filter(organization=organization, mentee_profile__memberships__isnull=False)
            .exclude(school_class="")
            .order_by("school_class")
            .values_list("school_class", flat=True)
            .distinct()
        )
        self.fields["school_class"].choices = [("", "Все"), *((c, c) for c in classes)]  # type: ignore[attr-defined]


@dataclass
class Column:
    key: str
    title: str
    count: int = 0
    cards: list[Mentorship] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.count - len(self.cards)


def _column_of() -> Case:
    return Case(
        *(When(status=key, then=Value(key)) for key, _ in COLUMNS if key != ENDED),
        default=Value(ENDED),
    )


def filtered(organization: Organization, data: dict[str, Any], today: date) -> QuerySet[Mentorship]:
    """The organization's pairs on the board: not ended, and those ended this school year."""
    queryset = Mentorship.objects.for_organization(organization).filter(
        Q(status__in=Mentorship.CURRENT) | Q(school_year=current_school_year(today))
    )
    if data.get("form"):
        queryset = queryset.filter(form=data["form"])
    if data.get("mentor"):
        queryset = queryset.filter(mentor=data["mentor"])
    if data.get("school_class"):
        members = MentorshipMember.objects.filter(mentee__person__school_class=data["school_class"])
        queryset = queryset.filter(pk__in=members.values("mentorship_id"))
    if data.get("idle"):
        queryset = queryset.filter(idle_q(today))
    return queryset


def board(organization: Organization, data: dict[str, Any], today: date) -> list[Column]:
    """The columns with their first ``CARDS_PER_COLUMN`` cards (newest first) and full counts: two queries
    and a prefetch of the mentees."""
    queryset = filtered(organization, data, today).annotate(column=_column_of())
    counts = dict(queryset.order_by().values_list("column").annotate(n=Count("pk")))
    cards = (
        queryset.annotate(
            place=Window(RowNumber(), partition_by=[F("column")], order_by=[F("started_on").desc(), F("pk").desc()]),
            idle=ExpressionWrapper(idle_q(today), output_field=BooleanField()),
        )
        .filter(place__lte=CARDS_PER_COLUMN)
        .select_related("mentor__person", "form", "role_model")
        .prefetch_related(current_members(at_the_end=True))
        .order_by("-started_on", "-pk")
    )
    columns = {key: Column(key, title, counts.get(key, 0)) for key, title in COLUMNS}
    for mentorship in cards:
        columns[mentorship.column].cards.append(mentorship)  # type: ignore[attr-defined]
    return list(columns.values())


def board_counts(organization: Organization, today: date) -> dict[str, int]:
    """Mentees in the base without a pair, mentors in the base with free places, idle pairs: one query."""
    alone = mentees_in_base(organization).exclude(pk__in=paired_mentee_ids()).order_by().values("pk")
    free = (
        mentors_with_load(organization)
        .filter(status=MentorProfile.Status.ACTIVE, load__lt=F("max_mentees"))
        .order_by()
        .values("pk")
    )
    idle = Mentorship.objects.filter(organization=organization).filter(idle_q(today)).order_by().values("pk")
    return (
        Organization.objects.filter(pk=organization.pk)
        .annotate(without_pair=_Count(alone), free_mentors=_Count(free), idle=_Count(idle))
        .values("without_pair", "free_mentors", "idle")
        .get()
    )
