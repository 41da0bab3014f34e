"""The questionnaire constructor: copies of the standard originals, questionnaires of an organization, their
sections, questions and options, and the versions that keep old answers readable.

Every change of a questionnaire's content goes through :func:`_writable`: when the questionnaire already has
answers, or a campaign that uses it has started, the change is made in its next version (a deep copy,
``version + 1``, ``previous`` → the old one), and the old version stays as it was, with its answers and
campaigns. Standard questionnaires of the target model (no organization) are never changed: they are copied.
"""

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypedDict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from mentoring_site.audit import save_audited
from organizations.models import Organization
from organizations.services import ensure_allowed
from programs.models import MentoringForm

from .models import Campaign, Option, Question, Questionnaire, QuestionnaireQuerySet, Section
from .reference import YES_NO
from .selectors import has_answers

STANDARD_READ_ONLY = (
    "Стандартная анкета целевой модели только для чтения: создайте копию для организации и изменяйте её."
)
NOT_ALLOWED = "Изменять анкеты могут куратор и директор организации."
CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
VALUE_PATTERN = re.compile(r"^[-a-z0-9_]+$")
SCALE_LIMITS = (0, 10)

_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        (
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
        ),  # fmt: skip
        strict=True,
    )
)


def slug_from_label(label: str) -> str:
    """«Очень полезно!» → «ochen-polezno»: a stable code of an option (Latin letters, digits, hyphens)."""
    latin = "".join(_TRANSLIT.get(char, char) for char in label.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", latin).strip("-")
    return slug[:50].strip("-") or "variant"


# --- Reading ------------------------------------------------------------------------------------------------


def questionnaires_for(organization: Organization | None) -> QuestionnaireQuerySet:
    """The questionnaires a page of ``organization`` may open: the standard originals and its own."""
    if organization is None:
        return Questionnaire.objects.none()
    return Questionnaire.objects.available_to(organization)


def list_rows(organization: Organization, *, archived: bool = False) -> dict[str, list[Questionnaire]]:
    """The list page: the standard originals and the organization's latest versions (archived ones when asked),
    each with its number of questions and of the organization's campaigns, counted in the database."""
    campaigns = Count("campaigns", filter=Q(campaigns__organization=organization), distinct=True)
    rows = (
        questionnaires_for(organization)
        .latest_versions()
        .select_related("form", "source")
        .annotate(question_count=Count("questions", distinct=True), campaign_count=campaigns)
        .order_by("title", "pk")
    )
    standard = list(rows.filter(organization__isnull=True))
    own = list(rows.filter(organization=organization, is_archived=archived))
    return {"standard": standard, "own": own}


def versions_of(questionnaire: Questionnaire) -> list[Questionnaire]:
    """Every version of the questionnaire's line, oldest first, with their answers and campaigns counted."""
    ids = []
    current: Questionnaire | None = questionnaire
    while current is not None and current.pk not in ids:  # back to the first version
        ids.append(current.pk)
        current = current.previous
    later = Questionnaire.objects.filter(previous=questionnaire).first()
    while later is not None and later.pk not in ids:  # forward to the latest
        ids.append(later.pk)
        later = Questionnaire.objects.filter(previous=later).first()
    return list(
        Questionnaire.objects.filter(pk__in=ids)
        .annotate(response_count=Count("responses", distinct=True), campaign_count=Count("campaigns", distinct=True))
        .order_by("version", "pk")
    )


def latest_version(questionnaire: Questionnaire) -> Questionnaire:
    current = questionnaire
    while (following := Questionnaire.objects.filter(previous=current).first()) is not None:
        current = following
    return current


def structure(questionnaire: Questionnaire) -> list[Section]:
    """Sections with their questions (``section.question_list``) and each question's options
    (``question.option_list``) and condition (``question.show_if.question``): four queries."""
    sections = list(questionnaire.sections.order_by("order", "pk"))
    questions = list(
        questionnaire.questions.select_related("show_if__question").order_by("section__order", "order", "pk")
    )
    options: dict[int, list[Option]] = {}
    for option in Option.objects.filter(question__questionnaire=questionnaire).order_by("order", "pk"):
        options.setdefault(option.question_id, []).append(option)
    by_section: dict[int, list[Question]] = {}
    for question in questions:
        question.option_list = options.get(question.pk, [])  # type: ignore[attr-defined]
        by_section.setdefault(question.section_id, []).append(question)
    for section in sections:
        section.question_list = by_section.get(section.pk, [])  # type: ignore[attr-defined]
    return sections


def condition_choices(questionnaire: Questionnaire, question: Question | None = None) -> list[tuple[int, str]]:
    """The options a question may depend on: those of the questionnaire's choice questions before it."""
    questions = questionnaire.questions.filter(kind__in=Question.CHOICE).order_by("section__order", "order", "pk")
    if question is not None and question.pk:
        questions = questions.exclude(pk=question.pk)
    choices = []
    for option in (
        Option.objects.filter(question__in=questions)
        .select_related("question")
        .order_by("question__section__order", "question__order", "question__pk", "order", "pk")
    ):
        choices.append((option.pk, f"«{_short(option.question.text)}» — {option.label}"))
    return choices


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- Versions -----------------------------------------------------------------------------------------------


@dataclass
class Remap:
    """Old version's rows → the new version's copies (by the old primary key)."""

    sections: dict[int, Section] = field(default_factory=dict)
    questions: dict[int, Question] = field(default_factory=dict)
    options: dict[int, Option] = field(default_factory=dict)

    def section(self, section: Section) -> Section:
        return self.sections.get(section.pk, section)

    def question(self, question: Question) -> Question:
        return self.questions.get(question.pk, question)

    def option(self, option: Option) -> Option:
        return self.options.get(option.pk, option)


class Edited(NamedTuple):
    """What an edit changed: the questionnaire (a new version when one was made) and the row it touched."""

    questionnaire: Questionnaire
    new_version: bool
    obj: Any = None
    previous: Questionnaire | None = None


def version_message(edited: Edited, done: str = "Изменения сохранены") -> str:
    if not edited.new_version or edited.previous is None:
        return f"{done}."
    old = edited.previous.version
    if has_answers(edited.previous):
        kept = f"ответы на версию {old} сохранены без изменений"
    else:
        kept = f"версия {old} и её анкетирования остались без изменений"
    return f"{done} в новой версии {edited.questionnaire.version}: {kept}."


def campaign_started(questionnaire: Questionnaire) -> bool:
    today = timezone.localdate()
    return (
        Campaign.objects.filter(questionnaire=questionnaire)
        .filter(Q(opens_on__lte=today) | Q(closed_at__isnull=False))
        .exists()
    )


def needs_new_version(questionnaire: Questionnaire) -> bool:
    """Answers exist, or a campaign with it has started: an edit goes to the next version."""
    return has_answers(questionnaire) or campaign_started(questionnaire)


def _clone(questionnaire: Questionnaire, actor: Any, **overrides: Any) -> tuple[Questionnaire, Remap]:
    """A deep copy: the questionnaire, its sections, questions and options, conditions pointing at the copies."""
    fields = {
        "organization": questionnaire.organization,
        "key": questionnaire.key,
        "title": questionnaire.title,
        "description": questionnaire.description,
        "audience": questionnaire.audience,
        "purpose": questionnaire.purpose,
        "form": questionnaire.form,
        "anonymous": questionnaire.anonymous,
        "mentors_see_results": questionnaire.mentors_see_results,
        "basis": questionnaire.basis,
        "source": questionnaire.source,
        "version": questionnaire.version,
        "previous": None,
        "is_archived": False,
        "created_by": actor,
    }
    fields.update(overrides)
    copy = save_audited(Questionnaire(**fields), actor)
    remap = Remap()
    sections = list(questionnaire.sections.order_by("order", "pk"))
    new_sections = Section.objects.bulk_create(
        [Section(questionnaire=copy, title=s.title, description=s.description, order=s.order) for s in sections]
    )
    remap.sections = {old.pk: new for old, new in zip(sections, new_sections, strict=True)}
    questions = list(questionnaire.questions.order_by("section__order", "order", "pk"))
    new_questions = Question.objects.bulk_create(
        [
            Question(
                questionnaire=copy,
                section=remap.sections[q.section_id],
                order=q.order,
                kind=q.kind,
                text=q.text,
                help_text=q.help_text,
                required=q.required,
                scale_min=q.scale_min,
                scale_max=q.scale_max,
                min_label=q.min_label,
                max_label=q.max_label,
                code=q.code,
            )
            for q in questions
        ]
    )
    remap.questions = {old.pk: new for old, new in zip(questions, new_questions, strict=True)}
    options = list(Option.objects.filter(question__questionnaire=questionnaire).order_by("question", "order", "pk"))
    new_options = Option.objects.bulk_create(
        [Option(question=remap.questions[o.question_id], order=o.order, label=o.label, value=o.value) for o in options]
    )
    remap.options = {old.pk: new for old, new in zip(options, new_options, strict=True)}
    conditional = []
    for old, new in zip(questions, new_questions, strict=True):
        if old.show_if_id and old.show_if_id in remap.options:
            new.show_if = remap.options[old.show_if_id]
            conditional.append(new)
    Question.objects.bulk_update(conditional, ["show_if"])
    return copy, remap


def _ensure_editor(questionnaire: Questionnaire, actor: Any) -> None:
    organization = questionnaire.organization
    if organization is None:
        raise PermissionDenied(STANDARD_READ_ONLY)
    ensure_allowed(actor, organization, "questionnaires.edit", NOT_ALLOWED)


def _writable(questionnaire: Questionnaire, actor: Any) -> tuple[Questionnaire, Remap | None]:
    """The version to change: this one, or its new next version when answers or a started campaign hold it."""
    _ensure_editor(questionnaire, actor)
    locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    following = Questionnaire.objects.filter(previous=locked).first()
    if following is not None:
        raise ValidationError(
            f"Это версия {locked.version}, её уже заменила версия {latest_version(following).version}: "
            "откройте последнюю версию анкеты и изменяйте её."
        )
    if locked.is_archived:
        raise ValidationError("Анкета в архиве: верните её из архива, чтобы изменить.")
    if not needs_new_version(locked):
        return locked, None
    return _clone(
        locked, actor, version=locked.version + 1, previous=locked, is_archived=False, created_by=locked.created_by
    )


def _edited(questionnaire: Questionnaire, remap: Remap | None, original: Questionnaire, obj: Any = None) -> Edited:
    new = remap is not None
    return Edited(questionnaire, new, obj, original if new else None)


def questionnaire_new_version(*, questionnaire: Questionnaire, actor: Any) -> Questionnaire:
    """The next version of the latest version, whatever holds it (the demo shows a questionnaire's versions)."""
    with transaction.atomic():
        _ensure_editor(questionnaire, actor)
        if Questionnaire.objects.filter(previous=questionnaire).exists():
            raise ValidationError("У этой версии уже есть следующая.")
        copy, _ = _clone(questionnaire, actor, version=questionnaire.version + 1, previous=questionnaire)
        return copy


# --- Questionnaires -----------------------------------------------------------------------------------------


class QuestionnaireFields(TypedDict, total=False):
    title: str
    description: str
    audience: str
    purpose: str
    form: MentoringForm | None
    anonymous: bool
    mentors_see_results: bool


def _check_settings(questionnaire: Questionnaire) -> None:
    if questionnaire.anonymous and questionnaire.mentors_see_results:
        raise ValidationError(
            {"mentors_see_results": "Ответы анонимной анкеты не показываются наставникам: снимите одну из отметок."}
        )
    form = questionnaire.form
    if form is not None and form.organization_id not in (None, questionnaire.organization_id):
        raise ValidationError({"form": "Выберите форму наставничества своей организации."})


@transaction.atomic
def questionnaire_copy(*, questionnaire: Questionnaire, organization: Organization, actor: Any) -> Questionnaire:
    """The organization's own, editable copy of a standard original (or of its own questionnaire)."""
    ensure_allowed(actor, organization, "questionnaires.edit", NOT_ALLOWED)
    if questionnaire.organization_id not in (None, organization.pk):
        raise ValidationError("Копировать можно стандартные анкеты и анкеты своей организации.")
    title = questionnaire.title if questionnaire.is_standard else f"{questionnaire.title} (копия)"
    copy, _ = _clone(questionnaire, actor, organization=organization, source=questionnaire, version=1, title=title)
    return copy


@transaction.atomic
def questionnaire_create(*, organization: Organization, actor: Any, **data: Any) -> Questionnaire:
    """A new questionnaire with its first section, ready for questions."""
    ensure_allowed(actor, organization, "questionnaires.edit", NOT_ALLOWED)
    questionnaire = Questionnaire(organization=organization, created_by=actor, **data)
    _check_settings(questionnaire)
    save_audited(questionnaire, actor)
    Section.objects.create(questionnaire=questionnaire, title="Вопросы", order=1)
    return questionnaire


@transaction.atomic
def questionnaire_update(*, questionnaire: Questionnaire, actor: Any, **data: Any) -> Edited:
    target, remap = _writable(questionnaire, actor)
    for name, value in data.items():
        setattr(target, name, value)
    _check_settings(target)
    save_audited(target, actor)
    return _edited(target, remap, questionnaire, target)


@transaction.atomic
def questionnaire_archive(*, questionnaire: Questionnaire, actor: Any, archived: bool) -> Questionnaire:
    """Archive (or restore) a questionnaire: it leaves the list and new campaigns; its answers stay."""
    _ensure_editor(questionnaire, actor)
    if (
        archived
        and Campaign.objects.filter(questionnaire=questionnaire, closed_at__isnull=True)
        .filter(closes_on__gte=timezone.localdate())
        .exists()
    ):
        raise ValidationError("Анкета используется в идущем или запланированном анкетировании: дождитесь его конца.")
    questionnaire.is_archived = archived
    return save_audited(questionnaire, actor)


# --- Sections -----------------------------------------------------------------------------------------------


def _renumber(rows: list[Any]) -> None:
    for order, row in enumerate(rows, start=1):
        row.order = order
    if rows:
        type(rows[0]).objects.bulk_update(rows, ["order"])


def _own(obj: Any, questionnaire: Questionnaire, what: str) -> None:
    if obj is not None and obj.questionnaire_id != questionnaire.pk:
        raise ValidationError(f"{what} из другой анкеты.")


@transaction.atomic
def section_save(
    *, questionnaire: Questionnaire, actor: Any, section: Section | None = None, title: str, description: str = ""
) -> Edited:
    target, remap = _writable(questionnaire, actor)
    if remap and section is not None:
        section = remap.section(section)
    _own(section, target, "Раздел")
    if section is None:
        last = target.sections.aggregate(last=Max("order"))["last"] or 0
        section = Section(questionnaire=target, order=last + 1)
    section.title = title.strip()
    section.description = description.strip()
    if not section.title:
        raise ValidationError({"title": "Назовите раздел."})
    section.full_clean()
    section.save()
    return _edited(target, remap, questionnaire, section)


@transaction.atomic
def section_move(*, section: Section, actor: Any, up: bool) -> Edited:
    original = section.questionnaire
    target, remap = _writable(original, actor)
    section = remap.section(section) if remap else section
    rows = list(target.sections.order_by("order", "pk"))
    index = next(i for i, row in enumerate(rows) if row.pk == section.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(rows):
        raise ValidationError("Раздел уже первый." if up else "Раздел уже последний.")
    rows[index], rows[other] = rows[other], rows[index]
    _renumber(rows)
    check_conditions(target)
    return _edited(target, remap, original, section)


def _dependents_outside(questions: QuerySet[Question] | list[Question], questionnaire: Questionnaire) -> list[str]:
    """Questions (outside ``questions``) whose condition is an option of one of ``questions``."""
    ids = [q.pk for q in questions]
    return list(
        Question.objects.filter(questionnaire=questionnaire, show_if__question__in=ids)
        .exclude(pk__in=ids)
        .values_list("text", flat=True)
    )


def _refuse_dependents(texts: list[str]) -> None:
    if texts:
        names = ", ".join(f"«{_short(text)}»" for text in texts)
        raise ValidationError(
            f"От ответа на этот вопрос зависит показ вопросов {names}: сначала снимите у них условие."
        )


@transaction.atomic
def section_delete(*, section: Section, actor: Any) -> Edited:
    original = section.questionnaire
    target, remap = _writable(original, actor)
    section = remap.section(section) if remap else section
    _refuse_dependents(_dependents_outside(list(section.questions.all()), target))
    section.delete()
    _renumber(list(target.sections.order_by("order", "pk")))
    return _edited(target, remap, original)


# --- Questions ----------------------------------------------------------------------------------------------


class OptionRow(TypedDict, total=False):
    id: int | None  # an existing option of the question (of the version the page showed)
    label: str
    value: str


def _position(question: Question) -> tuple[int, int, int]:
    return (question.section.order, question.order, question.pk or 10**9)


def check_conditions(questionnaire: Questionnaire) -> None:
    """Every condition points at an option of an earlier choice question of the same questionnaire."""
    questions = list(
        questionnaire.questions.select_related("section", "show_if__question__section").order_by(
            "section__order", "order", "pk"
        )
    )
    for question in questions:
        option = question.show_if
        if option is None:
            continue
        source = option.question
        if source.questionnaire_id != questionnaire.pk or source.kind not in Question.CHOICE:
            raise ValidationError(
                f"Условие вопроса «{_short(question.text)}» должно ссылаться на вариант вопроса с выбором этой анкеты."
            )
        if _position(source) >= _position(question):
            raise ValidationError(
                f"Вопрос «{_short(question.text)}» показывается по ответу на вопрос «{_short(source.text)}», "
                "а тот идёт после него: условие может ссылаться только на более ранний вопрос."
            )


def _clean_scale(kind: str, scale_min: int | None, scale_max: int | None) -> dict[str, str]:
    errors = {}
    low, high = SCALE_LIMITS
    if scale_min is None:
        errors["scale_min"] = "Укажите начало шкалы (от 0 до 10)."
    elif not low <= scale_min <= high:
        errors["scale_min"] = "Шкала начинается с числа от 0 до 10."
    if scale_max is None:
        errors["scale_max"] = "Укажите конец шкалы (от 0 до 10)."
    elif not low <= scale_max <= high:
        errors["scale_max"] = "Шкала заканчивается числом от 0 до 10."
    if not errors and scale_min is not None and scale_max is not None and scale_min >= scale_max:
        errors["scale_max"] = "Конец шкалы должен быть больше её начала."
    return errors


def _option_rows(kind: str, rows: list[OptionRow]) -> list[OptionRow]:
    """Options typed for the kind, each with its value (generated from the label when not typed, unique)."""
    if kind == Question.Kind.YES_NO:
        return [{"id": None, "value": value, "label": label} for value, label in YES_NO]
    if kind not in (Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.MATRIX):
        return []
    filled = [row for row in rows if (row.get("label") or "").strip()]
    if kind == Question.Kind.MATRIX and not filled:
        raise ValidationError({"__all__": "Добавьте утверждения матрицы: каждое оценивают по одной шкале."})
    if kind != Question.Kind.MATRIX and len(filled) < 2:
        raise ValidationError({"__all__": "Добавьте хотя бы два варианта ответа."})
    typed = [(row.get("value") or "").strip().lower() for row in filled]
    for value in typed:
        if value and not VALUE_PATTERN.match(value):
            raise ValidationError(
                {"__all__": f"Код варианта «{value}»: только латинские буквы, цифры, дефис и подчёркивание."}
            )
    duplicates = sorted({v for v in typed if v and typed.count(v) > 1})
    if duplicates:
        raise ValidationError({"__all__": f"Код варианта «{duplicates[0]}» повторяется: коды должны различаться."})
    taken = {v for v in typed if v}
    result: list[OptionRow] = []
    for row, value in zip(filled, typed, strict=True):
        if not value:
            base = slug_from_label(row["label"])
            value, n = base, 2
            while value in taken:
                value, n = f"{base}-{n}", n + 1
            taken.add(value)
        result.append({"id": row.get("id"), "label": row["label"].strip(), "value": value})
    return result


@transaction.atomic
def question_save(
    *,
    questionnaire: Questionnaire,
    actor: Any,
    question: Question | None = None,
    options: list[OptionRow] | None = None,
    **data: Any,
) -> Edited:
    """Add or change a question with its options; the condition (``show_if``) must be an option of an earlier
    choice question of the same questionnaire."""
    target, remap = _writable(questionnaire, actor)
    if remap:
        question = remap.question(question) if question else None
        data["section"] = remap.section(data["section"]) if data.get("section") else None
        data["show_if"] = remap.option(data["show_if"]) if data.get("show_if") else None
        options = [{**row, "id": _remapped_id(remap, row.get("id"))} for row in options or []]
    _own(question, target, "Вопрос")
    section = data.get("section")
    if section is None or section.questionnaire_id != target.pk:
        raise ValidationError({"section": "Выберите раздел этой анкеты."})
    kind = data.get("kind") or Question.Kind.SCALE
    errors: dict[str, Any] = {}
    if not (data.get("text") or "").strip():
        errors["text"] = "Напишите текст вопроса."
    if kind in Question.NUMERIC:
        errors.update(_clean_scale(kind, data.get("scale_min"), data.get("scale_max")))
    else:
        data.update(scale_min=None, scale_max=None, min_label="", max_label="")
    code = (data.get("code") or "").strip()
    if code and not CODE_PATTERN.match(code):
        errors["code"] = (
            "Код параметра — строчные латинские буквы, цифры, точка, дефис или подчёркивание: mentee.confidence."
        )
    elif code and target.questions.filter(code=code).exclude(pk=question.pk if question else 0).exists():
        errors["code"] = f"Параметр «{code}» уже измеряет другой вопрос этой анкеты."
    data["code"] = code
    try:
        rows = _option_rows(kind, options or [])
    except ValidationError as error:
        errors.update(error.message_dict)
        rows = []
    show_if = data.get("show_if")
    if show_if is not None:
        source = show_if.question
        if source.questionnaire_id != target.pk:
            errors["show_if"] = "Условие — вариант ответа вопроса этой же анкеты."
        elif question is not None and source.pk == question.pk:
            errors["show_if"] = "Вопрос не может зависеть от ответа на самого себя."
        elif source.kind not in Question.CHOICE:
            errors["show_if"] = "Условие — вариант ответа вопроса с выбором (один вариант, несколько, да/нет)."
    if errors:
        raise ValidationError(errors)

    is_new = question is None
    if question is None:
        question = Question(questionnaire=target)
    moved = is_new or question.section_id != section.pk
    if question.pk and question.kind in Question.CHOICE and kind not in Question.CHOICE:
        _refuse_dependents(_dependents_outside([question], target))
    for name in (
        "section", "kind", "text", "help_text", "required", "scale_min", "scale_max", "min_label", "max_label", "code",
        "show_if",
    ):  # fmt: skip
        if name in data:
            setattr(question, name, data[name])
    question.kind = kind
    question.text = question.text.strip()
    if moved:
        last = target.questions.filter(section=section).aggregate(last=Max("order"))["last"] or 0
        question.order = last + 1
    question.full_clean(exclude=["code"])
    question.save()
    _save_options(question, rows)
    check_conditions(target)
    return _edited(target, remap, questionnaire, question)


def _remapped_id(remap: Remap, option_id: int | None) -> int | None:
    if option_id is None:
        return None
    found = remap.options.get(option_id)
    return found.pk if found else None


def _save_options(question: Question, rows: list[OptionRow]) -> None:
    existing = {option.pk: option for option in question.options.all()}
    by_value = {option.value: option for option in existing.values()}
    kept: list[Option] = []
    for order, row in enumerate(rows, start=1):
        option = existing.get(row.get("id") or 0) or by_value.get(row["value"])
        if option is None or option in kept:
            option = Option(question=question)
        option.order, option.label, option.value = order, row["label"], row["value"]
        kept.append(option)
    gone = [option for option in existing.values() if option not in kept]
    if gone:
        used = list(Question.objects.filter(show_if__in=gone).exclude(pk=question.pk).values_list("text", flat=True))
        _refuse_dependents(used)
        Question.objects.filter(pk=question.pk, show_if__in=gone).update(show_if=None)
        Option.objects.filter(pk__in=[o.pk for o in gone]).delete()
    # values swap between rows without tripping the unique constraint: park the changed ones first
    changed = [o for o in kept if o.pk and existing[o.pk].value != o.value]
    for option in changed:
        Option.objects.filter(pk=option.pk).update(value=f"~{option.pk}")
    for option in kept:
        option.full_clean(exclude=["question"])
        option.save()


@transaction.atomic
def question_move(*, question: Question, actor: Any, up: bool) -> Edited:
    original = question.questionnaire
    target, remap = _writable(original, actor)
    question = remap.question(question) if remap else question
    rows = list(target.questions.filter(section=question.section_id).order_by("order", "pk"))
    index = next(i for i, row in enumerate(rows) if row.pk == question.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(rows):
        raise ValidationError(
            "Вопрос уже первый в разделе: чтобы перенести его в другой раздел, выберите раздел в вопросе."
            if up
            else "Вопрос уже последний в разделе: чтобы перенести его в другой раздел, выберите раздел в вопросе."
        )
    rows[index], rows[other] = rows[other], rows[index]
    _renumber(rows)
    check_conditions(target)
    return _edited(target, remap, original, question)


@transaction.atomic
def question_delete(*, question: Question, actor: Any) -> Edited:
    original = question.questionnaire
    target, remap = _writable(original, actor)
    question = remap.question(question) if remap else question
    _refuse_dependents(_dependents_outside([question], target))
    section_id = question.section_id
    question.delete()
    _renumber(list(target.questions.filter(section=section_id).order_by("order", "pk")))
    return _edited(target, remap, original)
