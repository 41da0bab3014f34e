"""Reads of the pairs board: columns by status, filters, the counts beside them. A fixed number of queries
whatever the number of pairs (``CARDS_PER_COLUMN`` cards a column, the rest counted)."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.db.models import BooleanField, Case, Count, ExpressionWrapper, F, Q, QuerySet, Value, When
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from mentoring_site.links import pk_url
from mentoring_site.names import full_name
from organizations.models import Organization
from participants.models import MentorProfile, Person
from programs.deadlines import current_school_year
from programs.models import MentoringForm

from .models import Mentorship, MentorshipMember
from .selectors import _Count, idle_q, mentees_in_base, mentors_with_load, paired_mentee_ids

CARDS_PER_COLUMN = 15
ENDED = "ended"
S = Mentorship.Status
COLUMNS = [
    (S.FORMING, "Формируется"),
    (S.FIXED, "Закреплена приказом"),
    (S.ACTIVE, "Работает"),
    (ENDED, "Завершена, прекращена, отменена"),
]


class BoardFilter(forms.Form):
    """Plain choices read with ``values_list``: a board of a large school renders hundreds of options."""

    form = forms.TypedChoiceField(label="Форма наставничества", required=False, coerce=int, empty_value=None)
    mentor = forms.TypedChoiceField(label="Наставник", required=False, coerce=int, empty_value=None)
    school_class = forms.ChoiceField(label="Класс наставляемого", required=False)
    idle = forms.BooleanField(label="Без встреч больше 14 дней", required=False)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        forms_ = MentoringForm.objects.available_to(organization).values_list("pk", "name")  # type: ignore[attr-defined]
        mentors = (
            MentorProfile.objects.filter(
                pk__in=Mentorship.objects.filter(organization=organization).values("mentor_id")
            )
            .order_by("person__last_name", "person__first_name", "pk")
            .values_list("pk", "person__last_name", "person__first_name", "person__patronymic")
        )
        classes = (
            Person.objects.filter(organization=organization, mentee_profile__memberships__isnull=False)
            .exclude(school_class="")
            .order_by("school_class")
            .values_list("school_class", flat=True)
            .distinct()
        )
        self.fields["form"].choices = [("", "Все"), *forms_]  # type: ignore[attr-defined]
        self.fields["mentor"].choices = [("", "Все"), *((pk, full_name(*name)) for pk, *name in mentors)]  # type: ignore[attr-defined]
        self.fields["school_class"].choices = [("", "Все"), *((c, c) for c in classes)]  # type: ignore[attr-defined]

    def selects(self) -> list[tuple[forms.BoundField, SafeString]]:
        """Each select with its options as HTML: built here, hundreds of options cost too much in a template loop."""
        result = []
        for name in ("form", "mentor", "school_class"):
            field = self[name]
            current = str(field.value() or "")
            options = mark_safe(  # noqa: S308 (every value and label escaped here)
                "".join(
                    f'<option value="{escape(v)}"{" selected" if str(v) == current else ""}>{escape(label)}</option>'
                    for v, label in field.field.choices  # type: ignore[attr-defined]
                )
            )
            result.append((field, options))
        return result


@dataclass
class Column:
    key: str
    title: str
    count: int = 0
    cards: list[SafeString] = field(default_factory=list)

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


CARD_FIELDS = (
    "pk",
    "status",
    "started_on",
    "order_number",
    "order_date",
    "for_order",
    "is_case",
    "idle",
    "form__name",
    "mentor__person__last_name",
    "mentor__person__first_name",
    "mentor__person__patronymic",
)
STATUS_LABELS = dict(Mentorship.Status.choices)
BADGES = {
    S.FORMING: "text-bg-light border",
    S.FIXED: "text-bg-primary",
    S.ACTIVE: "text-bg-success",
    S.FINISHED: "text-bg-secondary",
    S.CANCELLED: "text-bg-secondary",
}


def _card(row: dict[str, Any], mentees: list[str], detail_url: Any) -> dict[str, Any]:
    status = row["status"]
    label = STATUS_LABELS[status]
    if status == S.FIXED and row["order_date"]:
        label = f"Закреплена приказом от {row['order_date']:%d.%m.%Y} № {row['order_number']}"
    return {
        "pk": row["pk"],
        "url": detail_url(row["pk"]),
        "mentor": full_name(
            row["mentor__person__last_name"], row["mentor__person__first_name"], row["mentor__person__patronymic"]
        ),
        "mentees": mentees,
        "form": row["form__name"],
        "started_on": row["started_on"],
        "label": label,
        "badge": BADGES.get(status, "text-bg-warning"),
        "current": status in Mentorship.CURRENT,
        "in_order": status == S.FORMING and row["for_order"],
        "idle": row["idle"],
        "is_case": row["is_case"],
    }


CARD = (
    '<li class="list-group-item" data-pair="{pk}"><div class="d-flex gap-2">{checkbox}<div class="min-w-0">'
    '<a class="fw-semibold" href="{url}">{mentor}</a><div class="small">{mentees}</div>'
    '<div class="small text-body-secondary">{form} · с {started_on}</div>'
    '<div class="mt-1"><span class="badge {badge}">{label}</span>{flags}</div></div></div></li>'
)
CHECKBOX = (
    '<input class="form-check-input mt-1 flex-shrink-0" type="checkbox" name="pairs" value="{pk}" '
    'id="pair-{pk}" aria-label="Отметить: {mentor}">'
)
FLAGS = (
    ("in_order", "text-bg-info", "В проекте приказа"),
    ("idle", "text-bg-warning", "Нет встреч больше 14 дней"),
    ("is_case", "text-bg-success", "Лучшая практика"),
)


def card_html(card: dict[str, Any], *, manage: bool) -> SafeString:
    """One card of the board. Built with ``format_html`` (everything escaped): a template loop over
    a hundred cards costs several times the queries of the board."""
    checkbox = format_html(CHECKBOX, pk=card["pk"], mentor=card["mentor"]) if manage and card["current"] else ""
    flags = format_html_join(
        "", ' <span class="badge {}">{}</span>', ((badge, text) for key, badge, text in FLAGS if card[key])
    )
    return format_html(
        CARD,
        pk=card["pk"],
        checkbox=checkbox,
        url=card["url"],
        mentor=card["mentor"],
        mentees=", ".join(card["mentees"]) or "нет наставляемых",
        form=card["form"],
        started_on=f"{card['started_on']:%d.%m.%Y}",
        badge=card["badge"],
        label=card["label"],
        flags=flags,
    )


def board(organization: Organization, data: dict[str, Any], today: date, *, manage: bool = False) -> list[Column]:
    """The columns with their first ``CARDS_PER_COLUMN`` cards (newest first, read through the index of
    the organization's pairs by status) and full counts: six queries whatever the number of pairs."""
    queryset = filtered(organization, data, today)
    counts = dict(queryset.annotate(column=_column_of()).order_by().values_list("column").annotate(n=Count("pk")))
    cards = queryset.annotate(idle=ExpressionWrapper(idle_q(today), output_field=BooleanField())).order_by(
        "-started_on", "-pk"
    )
    rows: dict[str, list[dict[str, Any]]] = {}
    for key, _ in COLUMNS:
        by_status = (
            Q(status__in=[k for k in S.values if k not in Mentorship.CURRENT]) if key == ENDED else Q(status=key)
        )
        rows[key] = list(cards.filter(by_status).values(*CARD_FIELDS)[:CARDS_PER_COLUMN])
    ids = [row["pk"] for column in rows.values() for row in column]
    members: dict[int, list[str]] = {}
    for mentorship_id, *name, school_class in (
        MentorshipMember.objects.filter(mentorship__in=ids)
        .filter(Q(left_on__isnull=True) | Q(left_with_pair=True))
        .order_by("mentee__person__last_name", "mentee__person__first_name", "pk")
        .values_list(
            "mentorship_id",
            "mentee__person__last_name",
            "mentee__person__first_name",
            "mentee__person__patronymic",
            "mentee__person__school_class",
        )
    ):
        text = full_name(*name) + (f" ({school_class})" if school_class else "")
        members.setdefault(mentorship_id, []).append(text)
    detail_url = pk_url("pairing:detail")
    return [
        Column(
            key,
            title,
            counts.get(key, 0),
            [card_html(_card(row, members.get(row["pk"], []), detail_url), manage=manage) for row in rows[key]],
        )
        for key, title in COLUMNS
    ]


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
