"""The paper blank of a questionnaire (for those who answer without a phone): A4, the organization's name, the
questions with circles and boxes to tick and lines to write on."""

from typing import Any

from mentoring_site.pdf import render_pdf

from .builder import structure
from .models import Question, Questionnaire

# Lines to write on: a short answer, a long one.
TEXT_LINES = {Question.Kind.TEXT: 1, Question.Kind.LONG_TEXT: 4, Question.Kind.PERSON: 1}


def blank_context(questionnaire: Questionnaire, organization: Any) -> dict[str, Any]:
    sections = structure(questionnaire)
    number = 0
    for section in sections:
        for question in section.question_list:  # type: ignore[attr-defined]
            number += 1
            question.number = number
            question.lines = range(TEXT_LINES.get(question.kind, 0))
    return {"questionnaire": questionnaire, "organization": organization, "sections": sections}


def blank_pdf(questionnaire: Questionnaire, organization: Any) -> bytes:
    return render_pdf("monitoring/builder/blank_pdf.html", blank_context(questionnaire, organization))
