"""The информационная справка: the nine indicators with their scores, the total and the level, as PDF text."""

import subprocess

import pytest
from django.urls import reverse

from monitoring import evaluation as services
from organizations.roles import Role
from tests.factories import CampaignFactory, ProgrammeFactory, RecipientFactory, member

pytestmark = pytest.mark.django_db


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_report_holds_each_indicator_the_total_and_the_level(client, org, curator, tmp_path):
    director = member(org, Role.DIRECTOR)
    evaluation = services.evaluation_create(
        programme=ProgrammeFactory(organization=org), school_year=2026, actor=curator
    )
    scores = [2, 1, 2, 2, 1, 2, 2, 1, 2]
    services.evaluation_save_scores(
        evaluation=evaluation,
        actor=curator,
        scores={n: (s, f"Пояснение {n}") for n, s in enumerate(scores, start=1)},
        conclusions="Продолжить программу, расширить форму «ученик – ученик».",
    )
    services.evaluation_submit(evaluation=evaluation, actor=curator)
    services.evaluation_approve(evaluation=evaluation, actor=director)
    campaign = CampaignFactory(organization=org, title="Итоговое анкетирование наставляемых")
    RecipientFactory(campaign=campaign)
    client.force_login(director)
    response = client.get(reverse("monitoring:evaluation-report", kwargs={"pk": evaluation.pk}))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(_text(response.content, tmp_path).split())
    assert "Информационная справка по итогам мониторинга программы наставничества" in text
    for number, score in enumerate(scores, start=1):
        assert f"{score} Пояснение {number}" in text
    assert "Итого 15 из 18" in text and "оптимальный уровень реализации" in text
    assert "Итоговое анкетирование наставляемых" in text and "1 0 (0 %)" in text
    assert "Продолжить программу" in text


def test_a_report_of_an_evaluation_with_no_scores_and_no_data_still_prints(client, org, curator, tmp_path):
    evaluation = services.evaluation_create(
        programme=ProgrammeFactory(organization=org), school_year=2026, actor=curator
    )
    client.force_login(curator)
    response = client.get(reverse("monitoring:evaluation-report", kwargs={"pk": evaluation.pk}))
    text = " ".join(_text(response.content, tmp_path).split())
    assert "оценены не все показатели" in text and "Анкетирования в 2026/2027 учебном году не проводились" in text


def test_the_report_holds_the_before_and_after_of_the_year_with_a_chart(client, org, curator, tmp_path):
    from tests.monitoring.test_prefill import _answered_pairs

    _answered_pairs(org)
    evaluation = services.evaluation_create(programme=None, organization=org, school_year=2026, actor=curator)
    client.force_login(curator)
    response = client.get(reverse("monitoring:evaluation-report", kwargs={"pk": evaluation.pk}))
    text = " ".join(_text(response.content, tmp_path).split())
    assert "4. Динамика «до/после»" in text and "Наставляемые: средние оценки до и после" in text
    # one mentee: 4 → 7 on «уверенность» (+3,0), 100 % of the scores rose
    assert "Насколько Вы уверены 4,0 7,0 +3,0 100 %" in text
