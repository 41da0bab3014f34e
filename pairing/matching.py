"""Подбор: mentors for a mentee ranked by a score whose parts are explained in Russian, and
«Подобрать всем» — one proposal for all unpaired mentees of a form that maximises the total score
under the mentors' free places (an assignment problem over mentor slots).

The parts (``MatchingCriterion.Key``) and their weights and «обязательно» are the organization's own
rows (defaults written on first use). Words are compared in their normal form (pymorphy3) and by the
topic groups of ``data/topic_groups.json`` («ИКТ» ↔ «цифровые инструменты»), which the settings page
shows. The whole score matrix is built at once with NumPy: every text is read once, each pair is a
matrix cell, and only the rows a page shows are explained in words.
"""

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from scipy.optimize import linear_sum_assignment

from mentoring_site.audit import delete_audited, save_audited
from mentoring_site.declension import _morph, gender_of
from mentoring_site.models import User
from mentoring_site.plural import ru_count, ru_plural_form
from organizations.models import Organization
from organizations.services import ensure_allowed
from participants.models import Consent, MenteeProfile, MentorProfile, Person
from programs.choices import ParticipantKind
from programs.deadlines import current_school_year
from programs.models import MentoringForm, RoleModel

from .models import MatchingCriterion, Mentorship, MentorshipMember, Preference
from .selectors import CURRENT_MEMBER, mentors_with_load
from .services import PAIR_EDITORS, mentorship_save

Key = MatchingCriterion.Key

# weight, required: what an organization starts with (then the curator changes them on a page)
DEFAULTS: dict[str, tuple[int, bool]] = {
    Key.SUBJECT: (3, False),
    Key.REQUEST: (2, False),
    Key.PREFERENCE: (2, False),
    Key.SAME_CLASS: (2, False),
    Key.PARALLEL: (1, False),
    Key.FREE_PLACES: (1, False),
}
PUPIL_PARTS = (Key.SAME_CLASS, Key.PARALLEL)  # only where both sides are pupils («ученик – ученик»)
NEXT_STEPS = (
    "продолжить поиск наставника, в том числе вне организации",
    "психолого-педагогическая поддержка наставляемого (при необходимости)",
)
TOPICS_FILE = Path(__file__).resolve().parent / "data" / "topic_groups.json"

# --- Words ------------------------------------------------------------------------------------------

_WORD = re.compile(r"[0-9a-zа-яё]+", re.IGNORECASE)
_FUNCTION_WORDS = {"PREP", "CONJ", "PRCL", "INTJ", "NPRO", "PRED"}
_GRADE = re.compile(r"^\s*(\d{1,2})")
_GRADE_RANGE = re.compile(r"(\d{1,2})\s*[–—-]\s*(\d{1,2})\s*класс")
_SUBJECT_SPLIT = re.compile(r"[,;/\n]|\s+и\s+")
_ITEM_SPLIT = re.compile(r"[\n;,]")
_TEACHER_WORDS = {"учитель", "преподаватель", "педагог"}


@lru_cache(maxsize=50_000)
def _lemma(word: str) -> str:
    """The normal form of a word, «» for a preposition, conjunction or particle; ё as е."""
    word = word.lower().replace("ё", "е")
    if word.isdigit() or len(word) < 2:
        return ""
    parses = _morph().parse(word)
    # A word that is itself a normal form stays itself («математика», not «математик» in the genitive).
    parse = next((p for p in parses if p.normal_form.replace("ё", "е") == word), parses[0])
    if parse.tag.POS in _FUNCTION_WORDS:
        return ""
    return str(parse.normal_form).replace("ё", "е")


@lru_cache(maxsize=20_000)
def lemmas(text: str) -> frozenset[str]:
    """The words of a text in their normal forms: «цифровыми инструментами» → {цифровой, инструмент}."""
    return frozenset(filter(None, (_lemma(w) for w in _WORD.findall(text))))


@dataclass(frozen=True)
class TopicGroup:
    name: str
    terms: tuple[str, ...]
    term_lemmas: tuple[frozenset[str], ...]


@dataclass(frozen=True)
class Topics:
    about: str
    groups: tuple[TopicGroup, ...]
    general_words: tuple[str, ...]
    general: frozenset[str]


@cache
def topics() -> Topics:
    """The topic groups of synonyms and the general words («работа», «помощь»), read once per process."""
    data = json.loads(TOPICS_FILE.read_text(encoding="utf-8"))
    groups = tuple(
        TopicGroup(g["name"], tuple(g["terms"]), tuple(lemmas(t) for t in g["terms"])) for g in data["groups"]
    )
    general = frozenset(lemma for word in data["general_words"] for lemma in lemmas(word))
    return Topics(data["about"], groups, tuple(data["general_words"]), general)


@lru_cache(maxsize=20_000)
def features(text: str) -> frozenset[tuple[str, object]]:
    """What a line is about: its meaningful words and the topic groups it touches."""
    words = lemmas(text)
    known = topics()
    found: set[tuple[str, object]] = {("w", w) for w in words - known.general if len(w) > 2}
    for index, group in enumerate(known.groups):
        if any(term and term <= words for term in group.term_lemmas):
            found.add(("g", index))
    return frozenset(found)


def _items(text: str) -> list[str]:
    return [item.strip(" .-–•") for item in _ITEM_SPLIT.split(text or "") if item.strip(" .-–•")]


def subject_items(person: Person) -> list[str]:
    """A person's subjects: the «предметы» field, else what a teacher's position names («Учитель
    русского языка и литературы» → «русского языка», «литературы»)."""
    text = person.subjects
    if not text.strip() and person.position:
        words = person.position.split()
        if words and words[0].lower() in _TEACHER_WORDS:
            text = " ".join(words[1:])
    return [item.strip() for item in _SUBJECT_SPLIT.split(text or "") if item.strip()]


def grade(school_class: str) -> int | None:
    match = _GRADE.match(school_class or "")
    return int(match.group(1)) if match else None


def pupils_form(form: MentoringForm) -> bool:
    """«Ученик – ученик»: both sides are pupils, so the same class or parallel can count."""
    return form.mentor_kinds == [ParticipantKind.STUDENT] and form.mentee_kinds == [ParticipantKind.STUDENT]


def grade_range(form: MentoringForm) -> tuple[int, int] | None:
    """The grades a pupil mentor comes from, as the form's own text says («9–11 классы»)."""
    match = _GRADE_RANGE.search(form.mentor or "")
    return (int(match.group(1)), int(match.group(2))) if match else None


# --- Settings -----------------------------------------------------------------------------------------


def criteria(organization: Organization) -> dict[str, MatchingCriterion]:
    """The organization's weights, the defaults written the first time they are asked for."""
    rows = {c.key: c for c in MatchingCriterion.objects.filter(organization=organization)}
    missing = [k for k in Key.values if k not in rows]
    if missing:
        MatchingCriterion.objects.bulk_create(
            [
                MatchingCriterion(organization=organization, key=k, weight=DEFAULTS[k][0], required=DEFAULTS[k][1])
                for k in missing
            ],
            ignore_conflicts=True,
        )
        rows = {c.key: c for c in MatchingCriterion.objects.filter(organization=organization)}
    return {k: rows[k] for k in Key.values}


@transaction.atomic
def criteria_save(*, organization: Organization, actor: User, values: dict[str, tuple[int, bool]]) -> None:
    """The curator's weights and «обязательно»: all of them or none."""
    ensure_allowed(actor, organization, "pairs.manage", "Настройки подбора меняет куратор или директор.")
    errors = {}
    for key, (weight, _required) in values.items():
        if key not in Key.values:
            errors[key] = "Такой части оценки нет."
        elif not 0 <= weight <= 10:
            errors[key] = f"«{Key(key).label}»: вес — целое число от 0 до 10."
    if errors:
        raise ValidationError(errors)
    for key, criterion in criteria(organization).items():
        if key in values and (criterion.weight, criterion.required) != values[key]:
            criterion.weight, criterion.required = values[key]
            save_audited(criterion, actor)


# --- Preferences ----------------------------------------------------------------------------------------


@transaction.atomic
def preference_add(
    *, organization: Organization, actor: User, person: Person, preferred: Person, school_year: int
) -> Preference:
    """«X предпочёл Y после общей встречи», recorded by the curator (stage 5)."""
    ensure_allowed(actor, organization, "pairs.manage", PAIR_EDITORS)
    if person.organization_id != organization.pk or preferred.organization_id != organization.pk:
        raise ValidationError("Оба участника должны быть из этой организации.")
    if person.pk == preferred.pk:
        raise ValidationError({"preferred": "Участник не может предпочесть сам себя."})
    if Preference.objects.filter(person=person, preferred=preferred, school_year=school_year).exists():
        raise ValidationError(
            {"preferred": f"Это предпочтение уже записано: {person.full_name} → {preferred.full_name}."}
        )
    rank = Preference.objects.filter(person=person, school_year=school_year).count() + 1
    preference = Preference(
        organization=organization,
        person=person,
        preferred=preferred,
        rank=rank,
        school_year=school_year,
        source=Preference.Source.CURATOR,
    )
    save_audited(preference, actor)
    return preference


@transaction.atomic
def preference_delete(*, preference: Preference, actor: User) -> None:
    ensure_allowed(actor, preference.organization, "pairs.manage", PAIR_EDITORS)
    delete_audited(preference, actor)


# --- The score matrix -----------------------------------------------------------------------------------


@dataclass
class Part:
    key: str
    text: str
    points: float

    @property
    def label(self) -> str:
        """«совпадает предмет «физика»: +3», «свободно 1 место из 3: +0,3»."""
        return f"{self.text}: +{format_points(self.points)}"


def format_points(points: float) -> str:
    rounded = round(points, 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}".replace(".", ",")


@dataclass
class Candidate:
    mentor: MentorProfile
    score: float
    parts: list[Part]
    missing: list[str] = field(default_factory=list)  # the required parts it lacks

    @property
    def score_label(self) -> str:
        return format_points(self.score)


@dataclass
class _Side:
    """What the matrix needs of one person, read once."""

    profile: Any
    person: Person
    lines: list[str]  # requests (mentee) or competences and «чем может быть полезен» (mentor)
    line_features: list[frozenset[tuple[str, object]]]
    subject_lines: list[str]
    subject_features: list[frozenset[tuple[str, object]]]


def _mentee_side(mentee: MenteeProfile) -> _Side:
    person = mentee.person
    requests = mentee.request_list
    subjects = subject_items(person)
    return _Side(
        mentee,
        person,
        requests,
        [features(r) for r in requests],
        subjects + requests,
        [features(s) for s in subjects + requests],
    )


def _mentor_side(mentor: MentorProfile) -> _Side:
    person = mentor.person
    lines = _items(mentor.competences) + _items(mentor.can_help_with)
    subjects = subject_items(person)
    return _Side(mentor, person, lines, [features(x) for x in lines], subjects, [features(s) for s in subjects])


Lines = Sequence[Iterable[frozenset[tuple[str, object]]]]


def _coordinates(groups: Lines, vocabulary: dict[Any, int]) -> tuple[list[int], list[int]]:
    """(row, column) of every feature of every item of ``groups`` (an item: the union of its lines)."""
    rows: list[int] = []
    cols: list[int] = []
    for r, group in enumerate(groups):
        for feats in group:
            for f in feats:
                rows.append(r)
                cols.append(vocabulary.setdefault(f, len(vocabulary)))
    return rows, cols


def _shared(left: Lines, right: Lines) -> np.ndarray:
    """``len(left) × len(right)`` booleans: do the two share a word or a topic group?"""
    vocabulary: dict[Any, int] = {}
    left_at, right_at = _coordinates(left, vocabulary), _coordinates(right, vocabulary)
    a = np.zeros((len(left), len(vocabulary) + 1), dtype=np.float32)
    b = np.zeros((len(right), len(vocabulary) + 1), dtype=np.float32)
    a[left_at] = 1.0
    b[right_at] = 1.0
    return (a @ b.T) > 0


@dataclass
class Matrix:
    """Scores of every mentee (rows) × mentor (columns) of one form, and whether the pair may be made."""

    form: MentoringForm
    weights: dict[str, MatchingCriterion]
    mentees: list[_Side]
    mentors: list[_Side]
    free: np.ndarray  # free places of each mentor
    capacity: np.ndarray
    score: np.ndarray
    allowed: np.ndarray
    subject: np.ndarray
    requests: np.ndarray  # matched requests per pair
    request_hit: np.ndarray  # mentee request line × mentor
    request_owner: np.ndarray
    mentee_prefers: np.ndarray
    mentor_prefers: np.ndarray
    same_class: np.ndarray
    parallel: np.ndarray
    missing: np.ndarray  # bit mask of the required parts a pair lacks
    applicable: list[str]

    def mentor_index(self, pk: int) -> int | None:
        return next((j for j, m in enumerate(self.mentors) if m.profile.pk == pk), None)

    def explain(self, i: int, j: int) -> Candidate:
        """The parts of the score of mentee ``i`` with mentor ``j``, in Russian."""
        w = {k: c.weight for k, c in self.weights.items()}
        mentee, mentor = self.mentees[i], self.mentors[j]
        parts: list[Part] = []
        if self.subject[i, j] and w[Key.SUBJECT]:
            parts.append(
                Part(Key.SUBJECT, f"совпадает предмет {_quote(self._subject(mentee, mentor))}", w[Key.SUBJECT])
            )
        if w[Key.REQUEST]:
            rows = np.flatnonzero(self.request_owner == i)
            for row, request in zip(rows, mentee.lines, strict=False):
                if self.request_hit[row, j]:
                    wanted = mentee.line_features[row - rows[0]]
                    competence, shared = next(
                        (
                            (line, f & wanted)
                            for line, f in zip(mentor.lines, mentor.line_features, strict=True)
                            if f & wanted
                        ),
                        ("", frozenset()),
                    )
                    text = f"запрос {_quote(request)} ↔ компетенция {_quote(competence)}{_topic_of(shared)}"
                    parts.append(Part(Key.REQUEST, text, w[Key.REQUEST]))
        if self.mentee_prefers[i, j] and w[Key.PREFERENCE]:
            verb = "предпочла" if _female(mentee.person) else "предпочёл"
            parts.append(Part(Key.PREFERENCE, f"{verb} этого наставника после общей встречи", w[Key.PREFERENCE]))
        if self.mentor_prefers[i, j] and w[Key.PREFERENCE]:
            verb = "предпочла" if _female(mentor.person) else "предпочёл"
            parts.append(
                Part(Key.PREFERENCE, f"наставник {verb} этого наставляемого после общей встречи", w[Key.PREFERENCE])
            )
        if Key.SAME_CLASS in self.applicable and self.same_class[i, j] and w[Key.SAME_CLASS]:
            parts.append(Part(Key.SAME_CLASS, f"тот же класс ({mentee.person.school_class})", w[Key.SAME_CLASS]))
        if Key.PARALLEL in self.applicable and self.parallel[i, j] and w[Key.PARALLEL]:
            parts.append(
                Part(Key.PARALLEL, f"та же параллель ({grade(mentee.person.school_class)}-е классы)", w[Key.PARALLEL])
            )
        free, capacity = int(self.free[j]), int(self.capacity[j])
        if w[Key.FREE_PLACES] and free > 0:
            places = ru_count(free, "место", "места", "мест")
            parts.append(
                Part(Key.FREE_PLACES, f"свободно {places} из {capacity}", w[Key.FREE_PLACES] * free / capacity)
            )
        return Candidate(mentor.profile, float(self.score[i, j]), parts, _missing_labels(int(self.missing[i, j])))

    @staticmethod
    def _subject(mentee: _Side, mentor: _Side) -> str:
        for text, feats in zip(mentor.subject_lines, mentor.subject_features, strict=True):
            if any(feats & f for f in mentee.subject_features):
                return text
        return mentor.subject_lines[0] if mentor.subject_lines else ""


def _topic_of(shared: frozenset[tuple[str, object]]) -> str:
    """« (тема «Цифровые технологии»)» when the two lines meet only through a topic group."""
    if any(kind == "w" for kind, _ in shared):
        return ""
    groups = topics().groups
    names = [groups[int(str(index))].name for kind, index in shared if kind == "g"]
    return f" (тема «{sorted(names)[0]}»)" if names else ""


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"«{text if len(text) <= limit else text[: limit - 1].rstrip() + '…'}»"


def _female(person: Person) -> bool:
    return gender_of(person.last_name, person.first_name, person.patronymic) == "female"


def build_matrix(
    *,
    form: MentoringForm,
    weights: dict[str, MatchingCriterion],
    mentees: Sequence[MenteeProfile],
    mentors: Sequence[MentorProfile],
    preferences: Iterable[tuple[int, int]] = (),
) -> Matrix:
    """The scores in bulk. ``mentors`` carry ``load`` (``selectors.mentors_with_load``); ``preferences``
    are (person_id, preferred_id) of the school year. Eligibility of whole people (base status,
    consent, the form's rules) is decided before: here only what depends on the pair."""
    mentee_sides = [_mentee_side(m) for m in mentees]
    mentor_sides = [_mentor_side(m) for m in mentors]
    n, m = len(mentee_sides), len(mentor_sides)
    w = {k: c.weight for k, c in weights.items()}
    capacity = np.array([x.max_mentees for x in mentors], dtype=np.int64)
    free = np.maximum(capacity - np.array([getattr(x, "load", 0) for x in mentors], dtype=np.int64), 0)

    subject = _shared([s.subject_features for s in mentee_sides], [s.subject_features for s in mentor_sides])
    request_owner = np.array([i for i, s in enumerate(mentee_sides) for _ in s.lines], dtype=np.int64)
    request_hit = _shared([[f] for s in mentee_sides for f in s.line_features], [s.line_features for s in mentor_sides])
    requests = np.zeros((n, m), dtype=np.float64)
    if len(request_owner):
        np.add.at(requests, request_owner, request_hit.astype(np.float64))
    mentee_person = {s.person.pk: i for i, s in enumerate(mentee_sides)}
    mentor_person = {s.person.pk: j for j, s in enumerate(mentor_sides)}
    mentee_prefers = np.zeros((n, m), dtype=bool)
    mentor_prefers = np.zeros((n, m), dtype=bool)
    for person_id, preferred_id in preferences:
        if person_id in mentee_person and preferred_id in mentor_person:
            mentee_prefers[mentee_person[person_id], mentor_person[preferred_id]] = True
        if person_id in mentor_person and preferred_id in mentee_person:
            mentor_prefers[mentee_person[preferred_id], mentor_person[person_id]] = True

    applicable = [k for k in Key.values if k not in PUPIL_PARTS or pupils_form(form)]
    mentee_class = np.array([s.person.school_class or "" for s in mentee_sides], dtype=object)
    mentor_class = np.array([s.person.school_class or "" for s in mentor_sides], dtype=object)
    same_class = (mentee_class[:, None] == mentor_class[None, :]) & (mentee_class[:, None] != "")
    mentee_grade = np.array([grade(c) or -1 for c in mentee_class], dtype=np.int64)
    mentor_grade = np.array([grade(c) or -2 for c in mentor_class], dtype=np.int64)
    parallel = mentee_grade[:, None] == mentor_grade[None, :]
    if Key.SAME_CLASS not in applicable:
        same_class = np.zeros((n, m), dtype=bool)
        parallel = np.zeros((n, m), dtype=bool)

    free_share = np.where(capacity > 0, free / np.maximum(capacity, 1), 0.0)
    score = (
        w[Key.SUBJECT] * subject
        + w[Key.REQUEST] * requests
        + w[Key.PREFERENCE] * (mentee_prefers.astype(np.float64) + mentor_prefers)
        + w[Key.SAME_CLASS] * same_class
        + w[Key.PARALLEL] * parallel
        + w[Key.FREE_PLACES] * free_share[None, :]
    ).astype(np.float64)

    met: dict[str, np.ndarray] = {
        Key.SUBJECT: subject,
        Key.REQUEST: requests > 0,
        Key.PREFERENCE: mentee_prefers | mentor_prefers,
        Key.SAME_CLASS: same_class,
        Key.PARALLEL: parallel,
        Key.FREE_PLACES: np.broadcast_to(free[None, :] > 0, (n, m)),
    }
    missing = np.zeros((n, m), dtype=np.int64)
    for bit, key in enumerate(Key.values):
        if weights[key].required and key in applicable:
            missing |= (~met[key]).astype(np.int64) << bit
    mentee_person_ids = np.array([s.person.pk for s in mentee_sides], dtype=np.int64)
    mentor_person_ids = np.array([s.person.pk for s in mentor_sides], dtype=np.int64)
    different = mentee_person_ids[:, None] != mentor_person_ids[None, :]
    allowed = (missing == 0) & different & (free[None, :] > 0)
    return Matrix(
        form,
        weights,
        mentee_sides,
        mentor_sides,
        free,
        capacity,
        score,
        allowed,
        subject,
        requests,
        request_hit,
        request_owner,
        mentee_prefers,
        mentor_prefers,
        same_class,
        parallel,
        missing,
        applicable,
    )


# --- Who may take part ---------------------------------------------------------------------------------


def _consented() -> Exists:
    return Exists(Consent.objects.filter(person_id=OuterRef("person_id"), withdrawn_at__isnull=True))


def forms_for_mentee(organization: Organization, mentee: MenteeProfile) -> list[MentoringForm]:
    """The forms in which the mentee may be a mentee."""
    return [f for f in MentoringForm.objects.available_to(organization) if not f.refuses("mentee", mentee.person.kind)]


def mentor_refusal(mentor: MentorProfile, form: MentoringForm, form_ids: set[int] | None = None) -> str:
    """Why a mentor of the base is not proposed in a form at all (empty: they may be)."""
    if mentor.status != MentorProfile.Status.ACTIVE:
        return f"не в базе наставников (статус: «{mentor.get_status_display()}»)"
    if not getattr(mentor, "consented", True):
        return "нет действующего согласия на обработку ПДн"
    if form_ids and form.pk not in form_ids:
        return f"не работает в форме «{form.name}»"
    if refusal := form.refuses("mentor", mentor.person.kind):
        return refusal.rstrip(".")
    limits = grade_range(form)
    if limits and mentor.person.kind == ParticipantKind.STUDENT:
        mentor_grade = grade(mentor.person.school_class)
        if mentor_grade is not None and not limits[0] <= mentor_grade <= limits[1]:
            return f"наставник в форме «{form.name}» — обучающийся {limits[0]}–{limits[1]} классов"
    load = getattr(mentor, "load", 0)
    if load >= mentor.max_mentees:
        return f"мест нет: наставляемых {load} из {mentor.max_mentees}"
    return ""


def _mentor_forms(mentors: Sequence[MentorProfile]) -> dict[int, set[int]]:
    through = MentorProfile.forms.through.objects.filter(mentorprofile_id__in=[m.pk for m in mentors])
    result: dict[int, set[int]] = {}
    for mentor_id, form_id in through.values_list("mentorprofile_id", "mentoringform_id"):
        result.setdefault(mentor_id, set()).add(form_id)
    return result


def split_mentors(
    organization: Organization, form: MentoringForm
) -> tuple[list[MentorProfile], list[tuple[MentorProfile, str]]]:
    """The organization's mentors (two queries): those who may mentor in the form, and the others
    with the reason. Candidates and excluded people are left out of the second list."""
    mentors = list(
        mentors_with_load(organization)
        .exclude(status__in=[MentorProfile.Status.CANDIDATE, MentorProfile.Status.EXCLUDED])
        .annotate(consented=_consented())
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "person__patronymic", "pk")
    )
    form_ids = _mentor_forms(mentors)
    fit: list[MentorProfile] = []
    refused: list[tuple[MentorProfile, str]] = []
    for mentor in mentors:
        reason = mentor_refusal(mentor, form, form_ids.get(mentor.pk))
        if reason:
            refused.append((mentor, reason))
        else:
            fit.append(mentor)
    return fit, refused


def unpaired_mentees(organization: Organization, form: MentoringForm | None = None) -> Any:
    """Mentees in the base with a valid consent and no pair not ended (in ``form``, or in any form)."""
    busy = MentorshipMember.objects.filter(CURRENT_MEMBER)
    if form is not None:
        busy = busy.filter(mentorship__form=form)
    return (
        MenteeProfile.objects.filter(person__organization=organization, status=MenteeProfile.Status.ACTIVE)
        .annotate(consented=_consented())
        .exclude(pk__in=busy.values("mentee_id"))
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "person__patronymic", "pk")
    )


def _preferences(organization: Organization, school_year: int) -> list[tuple[int, int]]:
    return list(
        Preference.objects.filter(organization=organization, school_year=school_year).values_list(
            "person_id", "preferred_id"
        )
    )


def matrix_for(
    organization: Organization, form: MentoringForm, mentees: Sequence[MenteeProfile], *, today: date
) -> tuple[Matrix, list[tuple[MentorProfile, str]]]:
    """The matrix of ``mentees`` × every mentor who may mentor in ``form`` (and the others, with why)."""
    fit, refused = split_mentors(organization, form)
    matrix = build_matrix(
        form=form,
        weights=criteria(organization),
        mentees=mentees,
        mentors=fit,
        preferences=_preferences(organization, current_school_year(today)),
    )
    return matrix, refused


# --- One mentee -----------------------------------------------------------------------------------------


@dataclass
class Ranking:
    form: MentoringForm
    candidates: list[Candidate]
    failing: list[Candidate]  # lack a required part
    refused: list[tuple[MentorProfile, str]]
    mentee_refusal: str
    notice: str  # why nobody is proposed, when nobody is


def rank(organization: Organization, form: MentoringForm, mentee: MenteeProfile, *, today: date) -> Ranking:
    """Mentors for one mentee in a form, best first, each with the parts of its score."""
    mentee_refusal = ""
    if refusal := form.refuses("mentee", mentee.person.kind):
        mentee_refusal = f"{mentee.person.full_name} ({mentee.person.get_kind_display().lower()}) {refusal}"
    elif mentee.status != MenteeProfile.Status.ACTIVE:
        mentee_refusal = f"{mentee.person.full_name}: не в базе наставляемых (статус: «{mentee.get_status_display()}»)."
    elif not mentee.person.has_valid_consent():
        mentee_refusal = f"{mentee.person.full_name}: нет действующего согласия на обработку ПДн."
    matrix, refused = matrix_for(organization, form, [mentee], today=today)
    candidates, failing = [], []
    for j in range(len(matrix.mentors)):
        candidate = matrix.explain(0, j)
        if matrix.allowed[0, j]:
            candidates.append(candidate)
        elif candidate.missing:
            failing.append(candidate)
    candidates.sort(key=lambda c: (-c.score, c.mentor.person.full_name))
    notice = ""
    if not matrix.mentors:
        notice = f"В форме «{form.name}» нет наставников в базе со свободным местом: подбирать не из кого."
    elif not candidates and failing:
        required = ", ".join(f"«{c.get_key_display().lower()}»" for c in matrix.weights.values() if c.required)
        notice = f"Ни один наставник не проходит по обязательным частям оценки ({required})."
    return Ranking(form, candidates if not mentee_refusal else [], failing, refused, mentee_refusal, notice)


# --- «Подобрать всем» -----------------------------------------------------------------------------------


def solve(score: np.ndarray, allowed: np.ndarray, capacity: np.ndarray) -> list[int | None]:
    """The mentor of each mentee (row) that first pairs as many mentees as possible, then maximises
    the total score, with at most ``capacity[j]`` mentees per mentor. One column per free place;
    a pair that is not allowed costs as much as no pair and is dropped afterwards."""
    n, m = score.shape
    if n == 0 or m == 0:
        return [None] * n
    places = np.minimum(np.asarray(capacity, dtype=np.int64), n).clip(min=0)
    if places.sum() == 0:
        return [None] * n
    slot_mentor = np.repeat(np.arange(m), places)
    big = float(np.abs(score).max(axis=1).sum() + 1.0)  # one more pair outweighs any sum of scores
    cost = np.where(allowed, -(score + big), 0.0)[:, slot_mentor]
    rows, cols = linear_sum_assignment(cost)
    result: list[int | None] = [None] * n
    for r, c in zip(rows, cols, strict=True):
        j = int(slot_mentor[c])
        if allowed[r, j]:
            result[r] = j
    return result


OPTIONS_SHOWN = 20  # the best allowed mentors a row of the proposal offers to change to


@dataclass
class Option:
    mentor: MentorProfile
    score: float

    @property
    def score_label(self) -> str:
        return format_points(self.score)


@dataclass
class ProposalRow:
    mentee: MenteeProfile
    mentor: MentorProfile | None
    candidate: Candidate | None
    options: list[Option]  # the best allowed mentors of this mentee (and the proposed one)
    allowed: int  # how many mentors may take them at all
    reason: str = ""
    next_steps: tuple[str, ...] = ()
    keep: bool = True  # the curator may drop a row before accepting
    options_html: str = ""  # the page's <option>s, built by the view


@dataclass
class Proposal:
    form: MentoringForm
    rows: list[ProposalRow]
    unmatched: list[ProposalRow]
    notice: str
    total: float
    mentors: int

    @property
    def total_label(self) -> str:
        return format_points(self.total)


def _missing_labels(mask: int) -> list[str]:
    return [str(Key(k).label).lower() for n, k in enumerate(Key.values) if mask & (1 << n)]


def _why_nobody(matrix: Matrix, i: int, taken: bool) -> str:
    if not matrix.mentors:
        return f"в форме «{matrix.form.name}» нет наставников со свободными местами"
    if taken:
        return "подходящие наставники заняты другими наставляемыми (мест меньше, чем наставляемых)"
    lacks = _missing_labels(int(np.bitwise_or.reduce(matrix.missing[i])))
    if lacks:
        return "ни один наставник не проходит по обязательному: " + ", ".join(lacks)
    return "нет наставника, который мог бы с ним работать"


def propose(organization: Organization, form: MentoringForm, *, today: date) -> Proposal:
    """«Подобрать всем»: one mentor for every unpaired mentee of the form (who may be a mentee in it)."""
    mentees = [m for m in unpaired_mentees(organization) if m.consented and not form.refuses("mentee", m.person.kind)]
    matrix, _refused = matrix_for(organization, form, mentees, today=today)
    assignment = solve(matrix.score, matrix.allowed, matrix.free)
    return proposal_of(matrix, assignment)


def proposal_of(matrix: Matrix, assignment: Sequence[int | None]) -> Proposal:
    """The table: each row's mentor explained, and the best allowed others to change to (scores only)."""
    rows, unmatched, total = [], [], 0.0
    for i, j in enumerate(assignment):
        mentee = matrix.mentees[i].profile
        allowed = np.flatnonzero(matrix.allowed[i])
        best = allowed[np.argsort(-matrix.score[i, allowed], kind="stable")][:OPTIONS_SHOWN]
        if j is not None and j not in best:
            best = np.append(best, j)
        options = [Option(matrix.mentors[int(k)].profile, float(matrix.score[i, k])) for k in best]
        if j is None:
            reason = _why_nobody(matrix, i, taken=len(allowed) > 0)
            unmatched.append(ProposalRow(mentee, None, None, options, len(allowed), reason, NEXT_STEPS))
            continue
        candidate = matrix.explain(i, j)
        rows.append(ProposalRow(mentee, candidate.mentor, candidate, options, len(allowed)))
        total += candidate.score
    notice = ""
    if not matrix.mentees:
        notice = f"В форме «{matrix.form.name}» нет наставляемых без пары."
    elif not matrix.mentors:
        notice = f"В форме «{matrix.form.name}» нет наставников в базе со свободными местами: подбирать не из кого."
    elif not matrix.allowed.any():
        required = ", ".join(f"«{c.get_key_display().lower()}»" for c in matrix.weights.values() if c.required)
        notice = (
            f"Ни одна пара не проходит по обязательным частям оценки ({required}). "
            "Снимите «обязательно» в настройках подбора или найдите наставников вне организации."
            if required
            else "Ни одну пару составить нельзя."
        )
    return Proposal(matrix.form, rows, unmatched, notice, total, len(matrix.mentors))


# --- Accepting ------------------------------------------------------------------------------------------


@dataclass
class AcceptFields:
    started_on: date
    planned_end_on: date | None = None
    role_model: RoleModel | None = None
    goal: str = ""


@transaction.atomic
def accept(
    *,
    organization: Organization,
    actor: User,
    form: MentoringForm,
    rows: Sequence[tuple[int, int]],
    fields: AcceptFields,
    today: date,
) -> list[Mentorship]:
    """Create the proposal's pairs («Формируется») through ``mentorship_save``: all of them, or none
    with every refused row named. ``rows`` are (mentee_id, mentor_id) as the curator left them."""
    ensure_allowed(actor, organization, "pairs.manage", PAIR_EDITORS)
    if not rows:
        raise ValidationError("В предложении не осталось ни одной пары.")
    mentee_ids = [r[0] for r in rows]
    if len(set(mentee_ids)) != len(mentee_ids):
        raise ValidationError("Один наставляемый указан в предложении дважды.")
    # Lock every row the pairs touch, in one order, before reading anything (PostgreSQL; SQLite
    # serialises writers): a second curator accepting the same proposal waits and then is refused.
    mentor_ids = sorted({r[1] for r in rows})
    list(MentorProfile.objects.select_for_update().filter(pk__in=mentor_ids).order_by("pk").values_list("pk"))
    list(MenteeProfile.objects.select_for_update().filter(pk__in=sorted(mentee_ids)).order_by("pk").values_list("pk"))
    mentees = {
        m.pk: m
        for m in MenteeProfile.objects.filter(pk__in=mentee_ids, person__organization=organization).select_related(
            "person"
        )
    }
    errors: list[str] = []
    unknown = [pk for pk in mentee_ids if pk not in mentees]
    if unknown:
        raise ValidationError("В предложении есть наставляемый не из базы этой организации.")
    matrix, _refused = matrix_for(organization, form, [mentees[pk] for pk in mentee_ids], today=today)
    created: list[Mentorship] = []
    for i, (mentee_id, mentor_id) in enumerate(rows):
        mentee = mentees[mentee_id]
        j = matrix.mentor_index(mentor_id)
        if j is None:
            errors.append(
                f"{mentee.person.full_name}: выбранный наставник не работает в форме «{form.name}» или у него нет мест."
            )
            continue
        mentor = matrix.mentors[j].profile
        if not matrix.allowed[i, j]:
            missing = matrix.explain(i, j).missing
            why = "нет обязательного: " + ", ".join(missing) if missing else "эту пару составить нельзя"
            errors.append(f"{mentee.person.full_name} — {mentor.person.full_name}: {why}.")
            continue
        try:
            with transaction.atomic():
                created.append(
                    mentorship_save(
                        mentorship=Mentorship(organization=organization),
                        actor=actor,
                        mentees=[mentee],
                        mentor=mentor,
                        form=form,
                        role_model=fields.role_model,
                        started_on=fields.started_on,
                        planned_end_on=fields.planned_end_on,
                        goal=fields.goal,
                    )
                )
        except ValidationError as error:
            prefix = f"{mentee.person.full_name}: "
            errors.extend(
                f"{mentee.person.full_name} — {mentor.person.full_name}: {m.removeprefix(prefix)}"
                for m in error.messages
            )
    if errors:
        raise ValidationError(errors)
    return created


def plural_pairs(n: int) -> str:
    return f"{n} {ru_plural_form(n, 'пара', 'пары', 'пар')}"
