"""The efficiency evaluation: nine indicators × 0–2 points → the level; scored, sent, approved, read-only."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from monitoring import evaluation as services
from monitoring.models import Evaluation, IndicatorScore
from monitoring.scoring import INDICATOR_COUNT, MAX_TOTAL, indicators, level_for
from organizations.roles import Role
from tests.factories import ProgrammeFactory, member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("total", "level"),
    [
        (0, "unacceptable"),
        (8, "unacceptable"),
        (9, "acceptable"),
        (14, "acceptable"),
        (15, "optimal"),
        (18, "optimal"),
    ],
)
def test_the_level_boundaries_of_the_seed(total, level):
    assert level_for(total).code == level


@pytest.mark.parametrize("total", [-1, 19])
def test_a_total_outside_the_scale_is_refused(total):
    with pytest.raises(ValueError):
        level_for(total)


def test_the_nine_indicators_of_the_seed_in_three_criteria():
    numbered = indicators()
    assert [i.number for i in numbered] == list(range(1, 10)) and INDICATOR_COUNT == 9 and MAX_TOTAL == 18
    assert len({i.criterion for i in numbered}) == 3
    assert numbered[5].text == "Степень удовлетворенности всех участников наставнической деятельности"


@pytest.fixture
def programme(org):
    return ProgrammeFactory(organization=org)


@pytest.fixture
def evaluation(programme, curator):
    return services.evaluation_create(programme=programme, school_year=2026, actor=curator)


def _all(score_list):
    return {number: (score, f"Комментарий {number}") for number, score in enumerate(score_list, start=1)}


def test_a_new_evaluation_has_nine_unscored_indicators_and_one_per_programme_and_year(evaluation, programme, curator):
    assert evaluation.scores.count() == 9 and services.missing_indicators(evaluation) == list(range(1, 10))
    with pytest.raises(ValidationError, match="2026/2027 учебный год уже есть"):
        services.evaluation_create(programme=programme, school_year=2026, actor=curator)
    assert services.evaluation_create(programme=programme, school_year=2027, actor=curator).school_year == 2027


def test_total_and_level_follow_the_scores_once_all_nine_are_given(evaluation, curator):
    services.evaluation_save_scores(evaluation=evaluation, actor=curator, scores={1: (2, ""), 2: (1, "")})
    evaluation.refresh_from_db()
    assert (evaluation.total, evaluation.level) == (None, "")
    services.evaluation_save_scores(evaluation=evaluation, actor=curator, scores=_all([2, 2, 1, 2, 1, 2, 1, 2, 1]))
    evaluation.refresh_from_db()
    assert (evaluation.total, evaluation.level) == (14, "acceptable")
    assert IndicatorScore.objects.get(evaluation=evaluation, number=9).comment == "Комментарий 9"


@pytest.mark.parametrize("bad", [3, -1, 7])
def test_a_score_outside_0_2_is_refused_and_nothing_is_saved(evaluation, curator, bad):
    with pytest.raises(ValidationError) as error:
        services.evaluation_save_scores(evaluation=evaluation, actor=curator, scores={1: (2, ""), 2: (bad, "")})
    assert error.value.message_dict == {"score_2": [f"Балл — 0, 1 или 2, а не {bad}."]}
    assert not evaluation.scores.filter(score__isnull=False).exists()


def test_an_evaluation_missing_an_indicator_cannot_be_sent(evaluation, curator):
    scores = _all([2] * 9)
    del scores[7]
    services.evaluation_save_scores(evaluation=evaluation, actor=curator, scores=scores)
    with pytest.raises(ValidationError, match="не оценены № 7"):
        services.evaluation_submit(evaluation=evaluation, actor=curator)


def test_approved_once_then_read_only(evaluation, curator, director):
    services.evaluation_save_scores(evaluation=evaluation, actor=curator, scores=_all([2] * 8 + [0]))
    with pytest.raises(ValidationError, match="отправил на утверждение"):
        services.evaluation_approve(evaluation=evaluation, actor=director)
    services.evaluation_submit(evaluation=evaluation, actor=curator)
    with pytest.raises(ValidationError, match="утверждает директор"):
        services.evaluation_approve(evaluation=evaluation, actor=curator)
    approved = services.evaluation_approve(evaluation=evaluation, actor=director)
    assert (approved.status, approved.total, approved.level) == ("approved", 16, "optimal")
    with pytest.raises(ValidationError, match="уже утверждена"):
        services.evaluation_approve(evaluation=evaluation, actor=director)
    with pytest.raises(ValidationError, match="больше не меняются"):
        services.evaluation_save_scores(evaluation=evaluation, actor=director, scores={1: (0, "")})
    assert evaluation.history.first().history_user == director  # audited


def test_returned_with_remarks_becomes_a_draft_again(evaluation, curator, director):
    services.evaluation_save_scores(evaluation=evaluation, actor=curator, scores=_all([1] * 9))
    services.evaluation_submit(evaluation=evaluation, actor=curator)
    with pytest.raises(ValidationError):
        services.evaluation_return(evaluation=evaluation, actor=director, comment="  ")
    returned = services.evaluation_return(evaluation=evaluation, actor=director, comment="Обоснуйте показатель 4.")
    assert (returned.status, returned.return_comment) == ("draft", "Обоснуйте показатель 4.")


def test_the_curator_scores_in_the_browser_form_and_a_bad_value_keeps_what_was_typed(client, evaluation, curator):
    client.force_login(curator)
    url = reverse("monitoring:evaluation-edit", kwargs={"pk": evaluation.pk})
    data = {f"score_{n}": "2" for n in range(1, 10)} | {"comment_1": "Цели выполнены", "score_5": "5"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Балл — 0, 1 или 2." in response.content.decode() and "Цели выполнены" in response.content.decode()
    assert not evaluation.scores.filter(score__isnull=False).exists()
    data["score_5"] = "1"
    response = client.post(url, data, follow=True)
    assert "Баллы сохранены." in response.content.decode()
    page = client.get(evaluation.get_absolute_url()).content.decode()
    assert "17 из 18 — оптимальный уровень" in page and "Цели выполнены" in page


def test_the_director_approves_from_her_inbox(client, evaluation, curator, director):
    services.evaluation_save_scores(evaluation=evaluation, actor=curator, scores=_all([1] * 9))
    services.evaluation_submit(evaluation=evaluation, actor=curator)
    client.force_login(director)
    dashboard = client.get("/").content.decode()
    assert "Оценка эффективности программы" in dashboard and evaluation.get_absolute_url() in dashboard
    client.post(reverse("monitoring:evaluation-approve", kwargs={"pk": evaluation.pk}))
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.total, evaluation.level) == ("approved", 9, "acceptable")
    assert evaluation.approved_by == director


def test_the_list_shows_the_level_with_constant_queries(client, org, curator, django_assert_max_num_queries):
    for year in range(2020, 2026):
        made = services.evaluation_create(programme=ProgrammeFactory(organization=org), school_year=year, actor=curator)
        services.evaluation_save_scores(evaluation=made, actor=curator, scores=_all([2, 1] * 4 + [0]))
    client.force_login(curator)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("monitoring:evaluation-list")).content.decode()
    assert page.count("12 из 18 — допустимый уровень") == 6


def test_a_mentor_may_not_see_it_and_another_school_does_not_find_it(client, evaluation, org, other_org):
    client.force_login(member(org, Role.MENTOR))
    assert client.get(evaluation.get_absolute_url()).status_code == 403
    client.force_login(member(other_org, Role.CURATOR))
    assert client.get(evaluation.get_absolute_url()).status_code == 404
    assert Evaluation.objects.count() == 1


def test_the_detail_draws_the_level_and_the_indicator_bars_with_tables(client, evaluation, curator):
    services.evaluation_save_scores(evaluation=evaluation, actor=curator, scores=_all([2, 2, 2, 2, 2, 1, 1, 1, 0]))
    client.force_login(curator)
    response = client.get(evaluation.get_absolute_url())
    level, bars = response.context["charts"]
    assert level.title == "Итог: допустимый уровень" and ("Итог", 13) in level.rows
    assert [row[2] for row in bars.rows] == [2, 2, 2, 2, 2, 1, 1, 1, 0]
    assert "Баллы по показателям: цифры" in response.content.decode()


def test_the_dashboard_shows_the_level_coverage_and_overdue_at_a_glance(client, evaluation, curator, director):
    client.force_login(director)
    page = client.get("/").content.decode()
    assert "Мониторинг программы" in page and "утверждённой оценки эффективности пока нет" in page
    services.evaluation_save_scores(evaluation=evaluation, actor=curator, scores=_all([2] * 9))
    services.evaluation_submit(evaluation=evaluation, actor=curator)
    services.evaluation_approve(evaluation=evaluation, actor=director)
    page = client.get("/").content.decode()
    assert "18 из 18" in page and "оптимальный уровень, 2026/2027 уч. год" in page
    assert "обучающихся 10–18 лет в наставничестве (0 из 0)" in page


def test_an_organization_without_a_programme_in_the_product_is_evaluated_as_a_whole(org, curator):
    made = services.evaluation_create(programme=None, organization=org, school_year=2026, actor=curator)
    assert made.subject == "Наставничество в организации (программа не внесена)"
    with pytest.raises(ValidationError, match="2026/2027 учебный год уже есть"):
        services.evaluation_create(programme=None, organization=org, school_year=2026, actor=curator)


def test_the_curator_starts_an_evaluation_without_a_programme_on_the_page(client, org, curator):
    client.force_login(curator)
    response = client.post(reverse("monitoring:evaluation-create"), {"programme": "", "school_year": "2026"})
    made = Evaluation.objects.get(organization=org)
    assert response.status_code == 302 and response["Location"] == reverse("monitoring:evaluation-edit", args=[made.pk])
    again = client.post(reverse("monitoring:evaluation-create"), {"programme": "", "school_year": "2026"})
    assert again.status_code == 200 and "уже есть" in again.content.decode()


def test_year_over_year_and_the_scores_as_xlsx(client, org, curator, director):
    from io import BytesIO

    from openpyxl import load_workbook

    made = []
    for year, score in ((2024, 1), (2025, 2)):
        evaluation = services.evaluation_create(programme=None, organization=org, school_year=year, actor=curator)
        services.evaluation_save_scores(evaluation=evaluation, actor=curator, scores=_all([score] * 9))
        services.evaluation_submit(evaluation=evaluation, actor=curator)
        made.append(services.evaluation_approve(evaluation=evaluation, actor=director))
    client.force_login(curator)
    chart = client.get(reverse("monitoring:evaluation-list")).context["years_chart"]
    assert chart.rows == (("2024/2025: допустимый уровень", 9), ("2025/2026: оптимальный уровень", 18))
    response = client.get(reverse("monitoring:evaluation-xlsx", kwargs={"pk": made[0].pk}))
    rows = [[c.value for c in row] for row in load_workbook(BytesIO(response.content)).active.iter_rows(min_row=4)]
    assert len(rows) == 10 and rows[0][0] == 1 and rows[0][3] == 1 and rows[-1][2:4] == ["Итого", 9]


def test_the_charts_write_numbers_as_russian_does():
    """Values on the bars and the axis: «4,8» with a comma, a whole number without «,0»."""
    from monitoring import charts

    chart = charts.before_after([("Уверенность", 4.8, 6.0)], title="До и после")
    values = re.findall(r'class="value[^"]*"[^>]*>([^<]+)<', chart.svg)
    assert "4,8" in values and "6" in values and not any("." in v for v in values)
    assert chart.rows == (("Уверенность", "4,8", "6,0", "+1,2"),)
    shares = charts.shares([("Входное", 6, 7)], title="Доля ответивших", part="Ответили", whole="Получили")
    texts = re.findall(r"<text[^>]*>([^<]*%)</text>", shares.svg)
    assert texts[:5] == ["0 %", "25 %", "50 %", "75 %", "100 %"] and "85,7 %" in texts  # an axis that fits in print
