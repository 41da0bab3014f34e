"""Results as Excel tables (row producers over the one safe XLSX writer: a text answer «=HYPERLINK(…)» stays
text): a campaign's summary, its raw answers (one row per response), and the before/after dynamics."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from mentoring_site.names import full_name
from mentoring_site.xlsx import Exporter, Row

from .dynamics import AUDIENCES, Dynamics, YearRow
from .models import Answer, Campaign, Option, Question, Response
from .results import ROLE_LABELS, CampaignResults, all_open_answers, campaign_questions, decimal


def _dates(campaign: Campaign) -> str:
    return f"{campaign.opens_on:%d.%m.%Y}–{campaign.closes_on:%d.%m.%Y}"


class CampaignSummaryExporter(Exporter):
    """Per question: the count and share of every value or option, the mean, every open answer."""

    title = "Итоги анкетирования"
    headers = ("Раздел", "Вопрос", "Значение или вариант", "Ответов", "Доля, %", "Среднее")

    def __init__(self, results: CampaignResults, people: QuerySet[Any, Any] | None = None) -> None:
        self.results = results
        self.campaign = results.campaign
        self.people = people  # a mentor's own mentees, as on the page

    def caption(self) -> str:
        return f"{self.campaign.title} ({_dates(self.campaign)}): {self.results.rate.text}"

    def filename(self) -> str:
        return f"Итоги — {self.campaign.title}.xlsx"

    def rows(self) -> Iterable[Row]:
        results = self.results
        yield ("Доля ответивших", "Всего", "", results.rate.responded, results.rate.percent, "")
        for rate in results.by_class:
            yield ("Доля ответивших", "Класс", rate.label, rate.responded, rate.percent, f"из {rate.total}")
        for rate in results.by_pair:
            yield ("Доля ответивших", "Пара (группа)", rate.label, rate.responded, rate.percent, f"из {rate.total}")
        texts = all_open_answers(self.campaign, self.people)
        for section in results.sections:
            for q in section.questions:
                question = q.question
                mean = decimal(q.mean) if q.mean is not None else ""
                yield (section.title, question.text, "Ответили на вопрос", q.answered, "", mean)
                if question.kind in Question.TEXTUAL:
                    for text in texts.get(question.pk, []):
                        yield (section.title, question.text, text, "", "", "")
                    continue
                for bar in q.bars:
                    if question.kind == "matrix":
                        yield (section.title, question.text, bar.label, bar.count, "", bar.mean)
                    else:
                        yield (section.title, question.text, bar.label, bar.count, bar.share, "")


class CampaignAnswersExporter(Exporter):
    """The raw answers: one row per response, one column per question (a matrix: one per statement).
    An anonymous questionnaire's rows name nobody, carry no date and are ordered by their answers."""

    title = "Ответы"

    def __init__(self, campaign: Campaign) -> None:
        self.campaign = campaign
        self.anonymous = campaign.questionnaire.anonymous
        self.questions = campaign_questions(campaign)
        self.options: dict[int, list[Option]] = defaultdict(list)
        for option in Option.objects.filter(question__in=[q.pk for q in self.questions]).order_by("order", "pk"):
            self.options[option.question_id].append(option)
        self.columns: list[tuple[int, int | None]] = []  # (question, matrix statement)
        headers = ["№"] if self.anonymous else ["№", "ФИО", "Роль", "Класс или должность", "Дата ответа"]
        for q in self.questions:
            if q.kind == "matrix":
                for option in self.options[q.pk]:
                    self.columns.append((q.pk, option.pk))
                    headers.append(f"{q.text} — {option.label}")
            else:
                self.columns.append((q.pk, None))
                headers.append(q.text)
        self.headers = tuple(headers)

    def caption(self) -> str:
        return f"Ответы: {self.campaign.title} ({_dates(self.campaign)})"

    def filename(self) -> str:
        return f"Ответы — {self.campaign.title}.xlsx"

    def rows(self) -> Iterable[Row]:
        values: dict[int, dict[tuple[int, int | None], list[Any]]] = defaultdict(lambda: defaultdict(list))
        answers = (
            Answer.objects.filter(response__campaign=self.campaign)
            .order_by("response_id", "question_id", "option__order", "pk")
            .values_list("response_id", "question_id", "question__kind", "option_id", "option__label", "number",
                         "text", "person__last_name", "person__first_name", "person__patronymic")
        )  # fmt: skip
        for response_id, question_id, kind, option_id, label, number, text, *person in answers:
            if kind == "matrix":
                values[response_id][(question_id, option_id)].append(number)
            elif kind == "scale":
                values[response_id][(question_id, None)].append(number)
            elif kind == "person":
                values[response_id][(question_id, None)].append(full_name(*person) if person[0] else "")
            elif option_id is not None:
                values[response_id][(question_id, None)].append(label)
            else:
                values[response_id][(question_id, None)].append(text)
        responses = Response.objects.filter(campaign=self.campaign).order_by("submitted_at", "pk")
        cells = []
        for response in responses.values(
            "pk", "role", "school_class", "submitted_at", "person__last_name", "person__first_name",
            "person__patronymic", "person__position", "person__school_class",
        ):  # fmt: skip
            answered = values.get(response["pk"], {})
            row = [self._cell(answered.get(column, [])) for column in self.columns]
            if self.anonymous:
                cells.append(row)
                continue
            name = full_name(
                response["person__last_name"] or "", response["person__first_name"] or "",
                response["person__patronymic"] or "",
            )  # fmt: skip
            place = response["school_class"] or response["person__school_class"] or response["person__position"] or ""
            role = ROLE_LABELS.get(response["role"], "")
            submitted = timezone.localtime(response["submitted_at"]).date()
            cells.append([name, role, place, submitted, *row])
        if self.anonymous:  # their order would tell who answered when
            cells.sort(key=lambda row: [str(cell) for cell in row])
        for n, row in enumerate(cells, start=1):
            yield (n, *row)

    @staticmethod
    def _cell(values: list[Any]) -> Any:
        if not values:
            return ""
        if len(values) == 1:
            return values[0]
        return "; ".join(str(v) for v in values)


class DynamicsExporter(Exporter):
    title = "Динамика «до и после»"
    headers = (
        "Группа", "Что это", "Кто отвечал", "Параметр", "Участников с двумя замерами", "Среднее до", "Среднее после",
        "Изменение", "Выросло у", "Доля выросших, %",
    )  # fmt: skip

    def __init__(self, result: Dynamics, organization_name: str, years: list[YearRow] | None = None) -> None:
        self.result = result
        self.organization_name = organization_name
        self.years = years or []

    def caption(self) -> str:
        programme = f", {self.result.programme.title}" if self.result.programme else ""
        return f"{self.title}: {self.organization_name}, {self.result.year_label}{programme}"

    def filename(self) -> str:
        return f"Динамика до и после — {self.result.school_year}-{self.result.school_year + 1}.xlsx"

    def rows(self) -> Iterable[Row]:
        groups = [self.result.whole] if self.result.whole else []
        for group in [*groups, *self.result.forms, *self.result.pairs, *self.result.mentees]:
            for change in group.changes:
                yield (
                    group.title,
                    group.subtitle,
                    AUDIENCES.get(change.audience, ""),
                    change.label,
                    change.people,
                    round(change.before, 2),
                    round(change.after, 2),
                    round(change.change, 2),
                    change.rose,
                    change.share_rose,
                )
        for year in self.years:  # year over year: the mentees with positive dynamics
            yield (
                "Год к году",
                f"{year.label} учебный год",
                AUDIENCES["mentee"],
                "Положительная динамика (параметров выросло больше, чем снизилось)",
                year.measured,
                None,
                None,
                None,
                year.positive,
                year.share,
            )
