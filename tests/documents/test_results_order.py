"""The order «Об итогах реализации программы наставничества» takes the level and the figures from the approved
efficiency evaluation, and prints the информационная справка as its appendix."""

import subprocess
from datetime import date

import pytest

from documents import services
from documents.documents import order_pdf
from documents.models import Order
from documents.order_kinds import order_draft
from monitoring import evaluation as evaluations
from organizations.roles import Role
from tests.factories import ProgrammeFactory, member

pytestmark = pytest.mark.django_db


def _approved(org, curator, director, scores, year=2026):
    evaluation = evaluations.evaluation_create(
        programme=ProgrammeFactory(organization=org), school_year=year, actor=curator
    )
    evaluations.evaluation_save_scores(
        evaluation=evaluation, actor=curator, scores={n: (s, "") for n, s in enumerate(scores, start=1)}
    )
    evaluations.evaluation_submit(evaluation=evaluation, actor=curator)
    return evaluations.evaluation_approve(evaluation=evaluation, actor=director, on=date(2027, 5, 28))


def test_without_an_approved_evaluation_the_level_is_left_to_fill(org):
    draft = order_draft(Order.Kind.RESULTS, org, date(2027, 5, 30))
    assert "__________________ (оптимальным / допустимым)" in "\n".join(draft.points)
    assert draft.appendices == []


def test_the_draft_carries_the_level_and_attaches_the_report(org, curator, tmp_path):
    director = member(org, Role.DIRECTOR)
    evaluation = _approved(org, curator, director, [2, 2, 1, 2, 1, 2, 1, 1, 1])  # 13: допустимый
    draft = order_draft(Order.Kind.RESULTS, org, date(2027, 5, 30))
    assert draft.title == "Об итогах реализации программы наставничества в 2026/2027 учебном году"
    points = "\n".join(draft.points)
    assert "(приложение 1)" in points
    assert "учебном году допустимым: 13 баллов из 18 по девяти показателям" in points
    assert "повышению эффективности" not in points
    assert draft.appendices == [("monitoring.report", evaluation.pk)]
    order = services.order_create(
        organization=org,
        actor=curator,
        kind=Order.Kind.RESULTS,
        number="45-О",
        date=date(2027, 5, 30),
        title=draft.title,
        preamble=draft.preamble,
        points="\n".join(draft.points),
        appendices=draft.appendices,
    )
    services.order_submit(order=order, actor=curator)
    services.order_sign(order=order, actor=director)
    path = tmp_path / "order.pdf"
    path.write_bytes(order_pdf(Order.objects.get(pk=order.pk)))
    text = " ".join(
        subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True).stdout.split()
    )
    assert "допустимым: 13 баллов из 18" in text
    assert "Информационная справка по итогам мониторинга программы наставничества" in text
    assert "Итого 13 из 18" in text and "допустимый уровень реализации" in text


def test_an_unacceptable_level_asks_for_a_plan(org, curator):
    _approved(org, curator, member(org, Role.DIRECTOR), [1, 1, 1, 1, 0, 1, 1, 1, 1])  # 8
    points = "\n".join(order_draft(Order.Kind.RESULTS, org, date(2027, 5, 30)).points)
    assert "недопустимым: 8 баллов из 18" in points and "повышению эффективности" in points
