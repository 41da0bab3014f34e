"""The form of a personal link: built from one questionnaire version, bound to what was typed.

Not a ``django.forms.Form``: a questionnaire is data (sections, questions of eight kinds, options,
conditions), and the page renders its own big tap targets. The form reads a POST (or a saved draft),
keeps every value as typed, and validates in two ways:

- ``loosely`` (a draft): what was typed is kept, only values that cannot be an answer (an option the
  questionnaire does not have, a scale value out of range, a person not offered) are dropped;
- ``strictly`` (submit): every visible question is checked, with a Russian message next to it.

Values are keyed by the question's pk (as a string, the draft is JSON): a string for a scale, a choice,
a yes/no, a person and a text; a list of option values for a multiple choice; a dict row value → scale
value for a matrix. A question hidden by its condition (``show_if``) is ignored on submit.
"""

from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

from .models import Option, Question, Questionnaire, Section

TEXT_LIMIT = {Question.Kind.TEXT: 1000, Question.Kind.LONG_TEXT: 5000}
DRAFT_TEXT_LIMIT = 20000  # a draft keeps even an over-long text, so that nothing typed is lost


@dataclass
class Structure:
    """A questionnaire version read once: sections, questions and their options (three queries)."""

    questionnaire: Questionnaire
    sections: list[Section]
    questions: list[Question]
    options: dict[int, list[Option]]  # question pk → options (rows of a matrix)

    @classmethod
    def load(cls, questionnaire: Questionnaire) -> "Structure":
        sections = list(questionnaire.sections.order_by("order", "pk"))
        questions = list(
            Question.objects.filter(questionnaire=questionnaire)
            .select_related("show_if")
            .order_by("section__order", "section_id", "order", "pk")
        )
        options: dict[int, list[Option]] = {q.pk: [] for q in questions}
        for option in Option.objects.filter(question__questionnaire=questionnaire).order_by("question", "order", "pk"):
            options[option.question_id].append(option)
        return cls(questionnaire=questionnaire, sections=sections, questions=questions, options=options)

    @property
    def has_person_questions(self) -> bool:
        return any(q.kind == Question.Kind.PERSON for q in self.questions)

    def by_code(self, code: str) -> Question | None:
        return next((q for q in self.questions if q.code == code), None)


@dataclass
class QuestionView:
    """One question as the page shows it: its name in the form, choices, the value typed and its error."""

    question: Question
    name: str
    options: list[Option] = field(default_factory=list)
    people: list[tuple[str, str]] = field(default_factory=list)
    value: Any = None
    error: str = ""
    condition: str = ""  # "q12=yes": shown only when option «yes» of question 12 is chosen

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def scale(self) -> list[str]:
        return [str(v) for v in self.question.scale_values]

    @property
    def chosen(self) -> list[str]:
        """The chosen option values (a multiple choice; one for a single choice or a yes/no)."""
        if isinstance(self.value, list):
            return self.value
        return [self.value] if self.value else []

    @property
    def rows(self) -> list[tuple[Option, str]]:
        """A matrix: each statement with its chosen value."""
        values = self.value if isinstance(self.value, dict) else {}
        return [(row, values.get(row.value, "")) for row in self.options]

    @property
    def text_limit(self) -> int:
        return TEXT_LIMIT.get(self.question.kind, 0)


class QuestionnaireForm:
    def __init__(
        self,
        structure: Structure,
        *,
        data: QueryDict | None = None,
        initial: dict[str, Any] | None = None,
        people: list[tuple[int, str]] | None = None,
    ) -> None:
        self.structure = structure
        self.people = [(str(pk), label) for pk, label in (people or [])]
        self.people_ids = {pk for pk, _ in self.people}
        self.values: dict[str, Any] = self._read(data) if data is not None else self._loose(initial or {})
        self.errors: dict[int, str] = {}

    # --- reading --------------------------------------------------------------------------------------

    def _read(self, data: QueryDict) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for question in self.structure.questions:
            name = f"q{question.pk}"
            if question.kind == Question.Kind.MULTIPLE:
                values[str(question.pk)] = [v for v in data.getlist(name) if v]
            elif question.kind == Question.Kind.MATRIX:
                values[str(question.pk)] = {
                    row.value: data.get(f"{name}-{row.value}", "").strip()
                    for row in self.structure.options[question.pk]
                }
            elif question.kind in Question.TEXTUAL:
                values[str(question.pk)] = data.get(name, "").replace("\r\n", "\n").strip()
            else:
                values[str(question.pk)] = data.get(name, "").strip()
        return values

    def _loose(self, values: dict[str, Any]) -> dict[str, Any]:
        """Only what can be an answer: the same check as a draft's (a draft from an older page, a forged one)."""
        kept: dict[str, Any] = {}
        for question in self.structure.questions:
            key = str(question.pk)
            value = values.get(key)
            option_values = {o.value for o in self.structure.options[question.pk]}
            if question.kind == Question.Kind.MULTIPLE:
                kept[key] = [v for v in value if v in option_values] if isinstance(value, list) else []
            elif question.kind == Question.Kind.MATRIX:
                value = value if isinstance(value, dict) else {}
                kept[key] = {
                    row: str(value[row]) if self._in_scale(question, value.get(row)) else "" for row in option_values
                }
            elif question.kind in Question.TEXTUAL:
                kept[key] = value[:DRAFT_TEXT_LIMIT] if isinstance(value, str) else ""
            elif question.kind == Question.Kind.SCALE:
                kept[key] = str(value) if self._in_scale(question, value) else ""
            elif question.kind == Question.Kind.PERSON:
                kept[key] = value if isinstance(value, str) and value in self.people_ids else ""
            else:
                kept[key] = value if isinstance(value, str) and value in option_values else ""
        return kept

    @staticmethod
    def _in_scale(question: Question, value: Any) -> bool:
        try:
            number = int(str(value))
        except (TypeError, ValueError):
            return False
        return number in question.scale_values

    # --- conditions -----------------------------------------------------------------------------------

    def is_visible(self, question: Question, _depth: int = 0) -> bool:
        """Shown unless its condition's option is not chosen (or the question holding it is hidden itself)."""
        option = question.show_if
        if option is None:
            return True
        controlling = next((q for q in self.structure.questions if q.pk == option.question_id), None)
        if controlling is None or _depth > 20 or not self.is_visible(controlling, _depth + 1):
            return False
        value = self.values.get(str(controlling.pk))
        return option.value in value if isinstance(value, list) else value == option.value

    # --- validation -----------------------------------------------------------------------------------

    def clean_draft(self) -> dict[str, Any]:
        """What a draft keeps: everything typed that can be an answer."""
        return self._loose(self.values)

    def is_valid(self) -> bool:
        self.errors = {}
        for question in self.structure.questions:
            key = str(question.pk)
            if not self.is_visible(question):
                continue
            message = self._check(question, self.values.get(key))
            if message:
                self.errors[question.pk] = message
        return not self.errors

    def _check(self, question: Question, value: Any) -> str:
        kind = question.kind
        option_values = [o.value for o in self.structure.options[question.pk]]
        low, high = question.scale_min, question.scale_max
        if kind == Question.Kind.MULTIPLE:
            if not value:
                return "Выберите хотя бы один вариант." if question.required else ""
            if any(v not in option_values for v in value):
                return "Такого варианта ответа нет в анкете: выберите из списка."
            return ""
        if kind == Question.Kind.MATRIX:
            value = value or {}
            filled = [v for v in value.values() if v]
            if not filled:
                return "Оцените каждое утверждение." if question.required else ""
            if any(v and not self._in_scale(question, v) for v in value.values()):
                return f"Выберите значение от {low} до {high}."
            if question.required and len(filled) < len(option_values):
                return "Оцените каждое утверждение."
            return ""
        if not value:
            if not question.required:
                return ""
            if kind in (Question.Kind.TEXT, Question.Kind.LONG_TEXT):
                return "Напишите ответ: это обязательный вопрос."
            if kind == Question.Kind.PERSON:
                return "Выберите человека из списка: это обязательный вопрос."
            return "Выберите ответ: это обязательный вопрос."
        if kind == Question.Kind.SCALE and not self._in_scale(question, value):
            return f"Выберите значение от {low} до {high}."
        if kind in (Question.Kind.SINGLE, Question.Kind.YES_NO) and value not in option_values:
            return "Такого варианта ответа нет в анкете: выберите из списка."
        if kind == Question.Kind.PERSON and value not in self.people_ids:
            return "Выберите человека из списка: другого участника здесь выбрать нельзя."
        if kind in TEXT_LIMIT and len(value) > TEXT_LIMIT[kind]:
            return f"Ответ длиннее {TEXT_LIMIT[kind]} символов (сейчас {len(value)}): сократите его."
        return ""

    # --- what is stored -------------------------------------------------------------------------------

    def answers(self) -> list[dict[str, Any]]:
        """The Answer rows of a valid form (visible questions with a value), as keyword arguments."""
        rows: list[dict[str, Any]] = []
        for question in self.structure.questions:
            value = self.values.get(str(question.pk))
            if not value or not self.is_visible(question):
                continue
            options = {o.value: o for o in self.structure.options[question.pk]}
            kind = question.kind
            if kind == Question.Kind.SCALE:
                rows.append({"question": question, "number": int(value)})
            elif kind in (Question.Kind.SINGLE, Question.Kind.YES_NO):
                rows.append({"question": question, "option": options[value]})
            elif kind == Question.Kind.MULTIPLE:
                rows.extend({"question": question, "option": options[v]} for v in value)
            elif kind == Question.Kind.MATRIX:
                rows.extend(
                    {"question": question, "option": options[row], "number": int(number)}
                    for row, number in value.items()
                    if number
                )
            elif kind == Question.Kind.PERSON:
                rows.append({"question": question, "person_id": int(value)})
            else:
                rows.append({"question": question, "text": value})
        return rows

    def value_of(self, code: str) -> tuple[Question | None, Any]:
        """The submitted value of the visible question with ``code`` (None when there is none)."""
        question = self.structure.by_code(code)
        if question is None or not self.is_visible(question):
            return question, None
        return question, self.values.get(str(question.pk)) or None

    # --- the page -------------------------------------------------------------------------------------

    def sections(self) -> list[tuple[Section, list[QuestionView]]]:
        by_section: dict[int, list[QuestionView]] = {s.pk: [] for s in self.structure.sections}
        for question in self.structure.questions:
            option = question.show_if
            by_section.setdefault(question.section_id, []).append(
                QuestionView(
                    question=question,
                    name=f"q{question.pk}",
                    options=self.structure.options[question.pk],
                    people=self.people if question.kind == Question.Kind.PERSON else [],
                    value=self.values.get(str(question.pk)),
                    error=self.errors.get(question.pk, ""),
                    condition=f"q{option.question_id}={option.value}" if option else "",
                )
            )
        return [(s, by_section[s.pk]) for s in self.structure.sections if by_section[s.pk]]
