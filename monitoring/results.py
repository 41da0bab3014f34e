"""Results of a campaign (DOMAIN.md §6): who answered, and what, counted in the database.

``campaign_results`` reads a campaign with a fixed number of queries whatever the number of questions or
responses: one aggregate query per kind of figure, grouped by question — how many answered each question,
the distribution of every scale, the means of scales and of matrix statements, the counts of options and of
people chosen — and the first open answers of every question through one window query. Shares and bars are
then worked out from those few rows, never from the answers themselves.

The questions are those of the version the campaign used (and of any version its responses name): a
questionnaire edited after answers exist becomes a new version, and the old answers stay readable.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Avg, Count, F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber

from mentoring_site.names import full_name
from pairing.models import Mentorship, MentorshipMember

from .models import Answer, Campaign, Option, Question, Questionnaire, Recipient, Response

TEXT_CAP = 20  # open answers shown per question on the results page; «Показать все» lists the rest
NO_CLASS = "Без класса (педагоги и другие)"
NO_PAIR = "Вне пар и групп"
ROLE_LABELS = {"mentee": "наставляемый", "mentor": "наставник", "curator": "куратор", "any": ""}


# --- numbers in Russian ---------------------------------------------------------------------------------


def decimal(value: float, digits: int = 1) -> str:
    """8.125 → «8,1»: a decimal comma, as Russian writes numbers."""
    return f"{value:.{digits}f}".replace(".", ",")


def signed(value: float) -> str:
    """A change: «+1,4», «−0,3», «0,0»."""
    text = decimal(abs(value))
    if text == decimal(0):
        return text
    return f"+{text}" if value > 0 else f"−{text}"


def percent(part: int, whole: int) -> int:
    """A whole percentage, rounded half up (45 of 60 → 75); 0 of nothing is 0."""
    return (200 * part + whole) // (2 * whole) if whole else 0


def rate_text(responded: int, total: int) -> str:
    """«ответили 45 из 60 (75 %)»."""
    return f"ответили {responded} из {total} ({percent(responded, total)} %)"


# --- who a person's pair was ----------------------------------------------------------------------------


def pair_at(person: str, starts: str, ends: str) -> Coalesce:
    """The pair or group a person (``person``: the path to a person id) was in between the dates at
    ``starts`` and ``ends`` — as a mentee, else as the mentor; the latest one, cancelled pairs left out.
    An expression for annotations: a subquery, no query per row."""
    cancelled = Mentorship.Status.CANCELLED
    as_mentee = (
        MentorshipMember.objects.filter(mentee__person=OuterRef(person), joined_on__lte=OuterRef(ends))
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=OuterRef(starts)))
        .exclude(mentorship__status=cancelled)
        .order_by("-mentorship__started_on", "-mentorship_id")
        .values("mentorship_id")[:1]
    )
    as_mentor = (
        Mentorship.objects.filter(mentor__person=OuterRef(person), started_on__lte=OuterRef(ends))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=OuterRef(starts)))
        .exclude(status=cancelled)
        .order_by("-started_on", "-pk")
        .values("pk")[:1]
    )
    return Coalesce(Subquery(as_mentee), Subquery(as_mentor), output_field=models.BigIntegerField())


def pair_labels(pair_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """For each pair: its label («Кузнецов Павел Игоревич — Белова Анна Дмитриевна»), its form's id and name.
    Two queries whatever the number of pairs."""
    ids = {pk for pk in pair_ids if pk}
    if not ids:
        return {}
    pairs = Mentorship.objects.filter(pk__in=ids).values(
        "pk", "form_id", "form__name", "mentor__person__last_name", "mentor__person__first_name",
        "mentor__person__patronymic",
    )  # fmt: skip
    mentees: dict[int, list[str]] = defaultdict(list)
    members = (
        MentorshipMember.objects.filter(mentorship_id__in=ids)
        .filter(Q(left_on__isnull=True) | Q(left_with_pair=True))
        .order_by("mentee__person__last_name", "mentee__person__first_name", "pk")
        .values_list("mentorship_id", "mentee__person__last_name", "mentee__person__first_name",
                     "mentee__person__patronymic")
    )  # fmt: skip
    for pair_id, *name in members:
        mentees[pair_id].append(full_name(*name))
    result = {}
    for row in pairs:
        mentor = full_name(
            row["mentor__person__last_name"], row["mentor__person__first_name"], row["mentor__person__patronymic"]
        )
        names = mentees[row["pk"]]
        kind = "Группа" if len(names) > 1 else "Пара"
        label = f"{mentor} — {', '.join(names)}" if names else mentor
        result[row["pk"]] = {"label": label, "kind": kind, "form_id": row["form_id"], "form": row["form__name"]}
    return result


def own_mentees(user: Any, organization: Any) -> QuerySet[MentorshipMember, Any]:
    """The people a mentor may read the answers of: the current mentees of the pairs and groups they lead
    (as ``MentorshipMember.objects.visible_to`` lets a mentor see them). Person ids, for ``__in``."""
    return (
        MentorshipMember.objects.for_organization(organization)
        .filter(mentorship__mentor__person__user=user, left_on__isnull=True)
        .exclude(mentorship__status__in=(Mentorship.Status.CANCELLED,))
        .values("mentee__person_id")
    )


def mentors_may_see(questionnaire: Questionnaire) -> bool:
    """A mentor reads their own pairs' answers only where the questionnaire allows it, never anonymous ones."""
    return questionnaire.mentors_see_results and not questionnaire.anonymous


# --- what the page shows --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """How many of a group got a link and how many answered."""

    label: str
    total: int
    responded: int

    @property
    def percent(self) -> int:
        return percent(self.responded, self.total)

    @property
    def text(self) -> str:
        return rate_text(self.responded, self.total)


@dataclass(frozen=True)
class Bar:
    """One value of a scale, one option, one statement or one person chosen, with its share in percent."""

    label: str
    count: int
    share: int  # of those who answered the question, 0–100: the bar's width
    mean: str = ""  # a matrix statement's mean («7,5»)


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    mean: float | None = None
    bars: list[Bar] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def mean_text(self) -> str:
        """«7,4 из 10»."""
        if self.mean is None:
            return ""
        return f"{decimal(self.mean)} из {self.question.scale_max}"

    @property
    def more_texts(self) -> int:
        """How many open answers are not shown on the page."""
        return max(0, self.answered - len(self.texts)) if self.question.kind in Question.TEXTUAL else 0


@dataclass
class SectionResult:
    title: str
    questions: list[QuestionResult]


@dataclass
class CampaignResults:
    campaign: Campaign
    rate: Rate
    responses: int
    by_class: list[Rate]
    by_pair: list[Rate]
    sections: list[SectionResult]
    restricted: bool  # a mentor's view: their own pairs' mentees only
    show_people: bool  # counts of «выбор человека» (managers only)

    @property
    def questions(self) -> list[QuestionResult]:
        return [q for section in self.sections for q in section.questions]


def _class_key(label: str) -> tuple[int, int, str]:
    """«7В» before «10Б»; the group without a class last."""
    digits = "".join(ch for ch in label[:2] if ch.isdigit())
    return (1 if label == NO_CLASS else 0, int(digits) if digits else 99, label)


def _rates(recipients: QuerySet[Recipient, Any], group: str) -> list[dict[str, Any]]:
    return list(
        recipients.values(group)
        .annotate(total=Count("pk"), responded=Count("pk", filter=Q(responded_at__isnull=False)))
        .order_by()
    )


def response_rates(campaign: Campaign, people: QuerySet[Any, Any] | None = None) -> tuple[Rate, list[Rate], list[Rate]]:
    """The whole campaign's rate, per class and per pair or group — from the recipients (an anonymous response
    names nobody, but its recipient is marked answered). ``people`` narrows them (a mentor's own mentees)."""
    recipients = Recipient.objects.filter(campaign=campaign)
    if people is not None:
        recipients = recipients.filter(person_id__in=people)
    by_class = [
        Rate(row["person__school_class"] or NO_CLASS, row["total"], row["responded"])
        for row in _rates(recipients, "person__school_class")
    ]
    merged: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for rate in by_class:  # «» and a blank class are one group
        merged[rate.label][0] += rate.total
        merged[rate.label][1] += rate.responded
    by_class = sorted((Rate(label, t, r) for label, (t, r) in merged.items()), key=lambda r: _class_key(r.label))
    pair_rows = _rates(
        recipients.annotate(
            pair=Coalesce(
                "mentorship_id",
                pair_at("person_id", "campaign__opens_on", "campaign__closes_on"),
                output_field=models.BigIntegerField(),
            )
        ),
        "pair",
    )
    labels = pair_labels(row["pair"] for row in pair_rows)
    by_pair = sorted(
        (
            Rate(labels[row["pair"]]["label"] if row["pair"] in labels else NO_PAIR, row["total"], row["responded"])
            for row in pair_rows
        ),
        key=lambda r: (r.label == NO_PAIR, r.label),
    )
    whole = Rate("Всего", sum(r.total for r in by_class), sum(r.responded for r in by_class))
    return whole, by_class, by_pair


def campaign_questions(campaign: Campaign) -> list[Question]:
    """The questions of the version the campaign used and of any version its responses were given on."""
    versions = Response.objects.filter(campaign=campaign).values("questionnaire_id")
    return list(
        Question.objects.filter(Q(questionnaire_id=campaign.questionnaire_id) | Q(questionnaire_id__in=versions))
        .select_related("section", "questionnaire")
        .order_by("-questionnaire__version", "questionnaire_id", "section__order", "section_id", "order", "pk")
    )


def _options_by_question(questions: list[Question]) -> dict[int, list[Option]]:
    options: dict[int, list[Option]] = defaultdict(list)
    for option in Option.objects.filter(question__in=[q.pk for q in questions]).order_by("order", "pk"):
        options[option.question_id].append(option)
    return options


def campaign_results(
    campaign: Campaign,
    *,
    people: QuerySet[Any, Any] | None = None,
    show_people: bool = True,
    text_cap: int = TEXT_CAP,
) -> CampaignResults:
    """Everything the results page shows. ``people`` narrows the answers and rates to those people (a mentor's
    own mentees); ``show_people`` counts the people chosen in «выбор человека» questions (managers only)."""
    rate, by_class, by_pair = response_rates(campaign, people)
    answers = Answer.objects.filter(response__campaign=campaign)
    responses = Response.objects.filter(campaign=campaign)
    if people is not None:
        answers = answers.filter(response__person_id__in=people)
        responses = responses.filter(person_id__in=people)
    questions = campaign_questions(campaign)
    options = _options_by_question(questions)
    results = {q.pk: QuestionResult(q) for q in questions}

    # One aggregate query per kind of question, each over that kind's questions only (found by id: no join with
    # the questions). How many answered a question comes with its counts: a scale, a single choice, an open
    # question or a person is answered once per response; only a multiple choice and a matrix need a count of
    # distinct responses.
    ids: dict[str, list[int]] = defaultdict(list)
    for q in questions:
        ids[q.kind].append(q.pk)
    kind = Question.Kind
    if ids[kind.MULTIPLE] or ids[kind.MATRIX]:
        for row in (
            answers.filter(question_id__in=ids[kind.MULTIPLE] + ids[kind.MATRIX])
            .values("question_id")
            .annotate(n=Count("response_id", distinct=True))
            .order_by()
        ):
            results[row["question_id"]].answered = row["n"]

    # Scales: the count of every value.
    distribution: dict[int, dict[int, int]] = defaultdict(dict)
    for row in (
        answers.filter(question_id__in=ids[kind.SCALE], number__isnull=False)
        .values("question_id", "number")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        distribution[row["question_id"]][row["number"]] = row["n"]
        results[row["question_id"]].answered += row["n"]

    # Means of scales and of matrix statements.
    means: dict[tuple[int, int | None], tuple[float, int]] = {}
    for row in (
        answers.filter(question_id__in=ids[kind.SCALE] + ids[kind.MATRIX], number__isnull=False)
        .values("question_id", "option_id")
        .annotate(mean=Avg("number"), n=Count("pk"))
        .order_by()
    ):
        means[(row["question_id"], row["option_id"])] = (float(row["mean"]), row["n"])

    # Choices: the count of every option.
    chosen: dict[int, int] = {}
    single = set(ids[kind.SINGLE] + ids[kind.YES_NO])
    for row in (
        answers.filter(question_id__in=[*single, *ids[kind.MULTIPLE]], option__isnull=False)
        .values("question_id", "option_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        chosen[row["option_id"]] = row["n"]
        if row["question_id"] in single:
            results[row["question_id"]].answered += row["n"]

    # «Выбор человека»: how many chose each person.
    people_chosen: dict[int, list[tuple[str, int]]] = defaultdict(list)
    if show_people and ids[kind.PERSON]:
        for row in (
            answers.filter(question_id__in=ids[kind.PERSON], person__isnull=False)
            .values("question_id", "person__last_name", "person__first_name", "person__patronymic")
            .annotate(n=Count("pk"))
            .order_by("question_id", "-n", "person__last_name", "person__first_name")
        ):
            name = full_name(row["person__last_name"], row["person__first_name"], row["person__patronymic"])
            people_chosen[row["question_id"]].append((name, row["n"]))
            results[row["question_id"]].answered += row["n"]

    # Open answers: the first ``text_cap`` of each question and their number, in one window query. An anonymous
    # questionnaire's answers are listed by their text, so that their order tells nothing of who answered when.
    order = (
        [F("text").asc(), F("pk").asc()]
        if campaign.questionnaire.anonymous
        else [F("response__submitted_at").asc(), F("pk").asc()]
    )
    for row in (
        answers.filter(question_id__in=ids[kind.TEXT] + ids[kind.LONG_TEXT])
        .exclude(text="")
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("question_id")], order_by=order),
            total=Window(Count("pk"), partition_by=[F("question_id")]),
        )
        .filter(rank__lte=text_cap)
        .order_by("question_id", "rank")
        .values("question_id", "text", "total")
    ):
        results[row["question_id"]].texts.append(row["text"])
        results[row["question_id"]].answered = row["total"]

    for result in results.values():
        q = result.question
        if q.kind == Question.Kind.SCALE:
            counts = distribution.get(q.pk, {})
            result.bars = [
                Bar(str(value), counts.get(value, 0), percent(counts.get(value, 0), result.answered))
                for value in q.scale_values
            ]
            scale_mean = means.get((q.pk, None))
            result.mean = scale_mean[0] if scale_mean else None
        elif q.kind in Question.CHOICE:
            result.bars = [
                Bar(o.label, chosen.get(o.pk, 0), percent(chosen.get(o.pk, 0), result.answered))
                for o in options.get(q.pk, [])
            ]
        elif q.kind == Question.Kind.MATRIX:
            top = q.scale_max or 1
            for o in options.get(q.pk, []):
                row_mean = means.get((q.pk, o.pk))
                if row_mean is None:
                    result.bars.append(Bar(o.label, 0, 0, "—"))
                else:
                    result.bars.append(Bar(o.label, row_mean[1], round(100 * row_mean[0] / top), decimal(row_mean[0])))
        elif q.kind == Question.Kind.PERSON:
            result.bars = [Bar(name, n, percent(n, result.answered)) for name, n in people_chosen.get(q.pk, [])]

    several_versions = len({q.questionnaire_id for q in questions}) > 1
    sections: dict[int, SectionResult] = {}
    for q in questions:
        if q.kind == Question.Kind.PERSON and not show_people:
            continue
        if q.section_id not in sections:
            title = q.section.title
            if several_versions:
                title = f"Версия {q.questionnaire.version}: {title}"
            sections[q.section_id] = SectionResult(title, [])
        sections[q.section_id].questions.append(results[q.pk])
    return CampaignResults(
        campaign=campaign,
        rate=rate,
        responses=responses.count(),
        by_class=by_class,
        by_pair=by_pair,
        sections=list(sections.values()),
        restricted=people is not None,
        show_people=show_people,
    )


def open_answers(campaign: Campaign, question: Question, people: QuerySet[Any, Any] | None = None) -> QuerySet:
    """Every open answer to one question of the campaign (paginated by the page), as text only."""
    answers = Answer.objects.filter(response__campaign=campaign, question=question).exclude(text="")
    if people is not None:
        answers = answers.filter(response__person_id__in=people)
    if campaign.questionnaire.anonymous:
        return answers.order_by("text", "pk").values_list("text", flat=True)
    return answers.order_by("response__submitted_at", "pk").values_list("text", flat=True)


def all_open_answers(campaign: Campaign, people: QuerySet[Any, Any] | None = None) -> dict[int, list[str]]:
    """Every open answer of the campaign by question, in one query (the summary's Excel table)."""
    answers = Answer.objects.filter(response__campaign=campaign, question__kind__in=Question.TEXTUAL).exclude(text="")
    if people is not None:
        answers = answers.filter(response__person_id__in=people)
    order = ("text", "pk") if campaign.questionnaire.anonymous else ("response__submitted_at", "pk")
    texts: dict[int, list[str]] = defaultdict(list)
    for question_id, text in answers.order_by("question_id", *order).values_list("question_id", "text"):
        texts[question_id].append(text)
    return texts


# --- the summary kept as the roadmap activity's evidence -------------------------------------------------


def summary_text(campaign: Campaign) -> str:
    """A short Russian summary of a campaign for the roadmap activity's evidence when it closes:
    «Ответили 45 из 60 (75 %). Средняя оценка удовлетворённости — 8,1 из 10.» Two queries."""
    counts = Recipient.objects.filter(campaign=campaign).aggregate(
        total=Count("pk"), responded=Count("pk", filter=Q(responded_at__isnull=False))
    )
    total, responded = counts["total"] or 0, counts["responded"] or 0
    if total:
        parts = [rate_text(responded, total).capitalize() + "."]
    else:
        parts = [f"Получено ответов: {Response.objects.filter(campaign=campaign).count()}."]
    # The mean of every scale answer, over the scale most answers were given on (1–10 as a rule).
    mean = (
        Answer.objects.filter(response__campaign=campaign, question__kind=Question.Kind.SCALE, number__isnull=False)
        .values("question__scale_max")
        .annotate(mean=Avg("number"), n=Count("pk"))
        .order_by("-n", "-question__scale_max")
        .first()
    )
    if mean and mean["mean"] is not None:
        what = (
            "удовлетворённости"
            if campaign.questionnaire.purpose == Questionnaire.Purpose.SATISFACTION
            else "по вопросам со шкалой"
        )
        parts.append(f"Средняя оценка {what} — {decimal(float(mean['mean']))} из {mean['question__scale_max']}.")
    return " ".join(parts)


# --- one response, question by question -----------------------------------------------------------------


@dataclass
class AnswerView:
    question: Question
    lines: list[str]  # what was answered, one line per option chosen or matrix statement; empty: no answer


@dataclass
class ResponseSection:
    title: str
    answers: list[AnswerView]


def response_answers(response: Response) -> list[ResponseSection]:
    """A response's answers in the order of its questionnaire version, sections with their questions; each
    answer as text («8 из 10», the options' labels, «Цели работы были понятны — 7», a person's name). Two
    queries."""
    answers: dict[int, list[Answer]] = defaultdict(list)
    for answer in (
        Answer.objects.filter(response=response)
        .select_related("option", "person")
        .order_by("question_id", "option__order", "pk")
    ):
        answers[answer.question_id].append(answer)
    sections: dict[int, ResponseSection] = {}
    for q in (
        Question.objects.filter(Q(questionnaire_id=response.questionnaire_id) | Q(pk__in=list(answers)))
        .select_related("section")
        .order_by("section__order", "section_id", "order", "pk")
    ):
        lines = [_answer_text(q, a) for a in answers.get(q.pk, [])]
        section = sections.setdefault(q.section_id, ResponseSection(q.section.title, []))
        section.answers.append(AnswerView(q, [line for line in lines if line]))
    return list(sections.values())


def _answer_text(question: Question, answer: Answer) -> str:
    if question.kind == Question.Kind.MATRIX:
        label = answer.option.label if answer.option else ""
        return f"{label} — {answer.number}" if answer.number is not None else label
    if question.kind == Question.Kind.SCALE:
        return f"{answer.number} из {question.scale_max}" if answer.number is not None else ""
    if question.kind == Question.Kind.PERSON:
        return answer.person.full_name if answer.person else ""
    if answer.option is not None:
        return answer.option.label
    return answer.text
