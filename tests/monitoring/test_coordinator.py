"""The municipal coordinator: the municipality's organizations with levels, coverage, pairs and overdue
activities; one organization's aggregates; never a person's data; another municipality's school is 404."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from monitoring import evaluation as services
from organizations.roles import Role
from pairing.models import Mentorship
from tests.factories import (
    MentorshipFactory,
    MunicipalityFactory,
    OrganizationFactory,
    ProgrammeFactory,
    member,
)

pytestmark = pytest.mark.django_db


def _approved(organization, scores, year=2025):
    curator, director = member(organization, Role.CURATOR), member(organization, Role.DIRECTOR)
    evaluation = services.evaluation_create(
        programme=ProgrammeFactory(organization=organization), school_year=year, actor=curator
    )
    services.evaluation_save_scores(
        evaluation=evaluation, actor=curator, scores={n: (s, "") for n, s in enumerate(scores, start=1)}
    )
    services.evaluation_submit(evaluation=evaluation, actor=curator)
    return services.evaluation_approve(evaluation=evaluation, actor=director, on=date(2026, 6, 10))


@pytest.fixture
def municipality(db):
    return MunicipalityFactory(name="Жуковский район")


@pytest.fixture
def schools(municipality):
    first = OrganizationFactory(short_name="МБОУ «Школа № 1»", slug="s1", municipality=municipality)
    second = OrganizationFactory(short_name="МБОУ «Школа № 2»", slug="s2", municipality=municipality)
    _approved(first, [2] * 8 + [0])  # 16: оптимальный
    _approved(second, [1] * 9)  # 9: допустимый
    for _ in range(3):
        MentorshipFactory(organization=first, status=Mentorship.Status.ACTIVE)
    MentorshipFactory(organization=second, status=Mentorship.Status.FORMING)  # not at work yet
    return first, second


@pytest.fixture
def coordinator_client(client, municipality):
    from tests.factories import MembershipFactory

    user = MembershipFactory(organization=None, municipality=municipality, role=Role.COORDINATOR).user
    client.force_login(user)
    return client


def test_the_table_shows_each_schools_level_and_pairs(coordinator_client, schools):
    page = coordinator_client.get(reverse("monitoring:municipality")).content.decode()
    assert "16 из 18 — оптимальный уровень" in page and "9 из 18 — допустимый уровень" in page
    assert "10.06.2026" in page  # the last monitoring: the evaluation's approval
    rows = coordinator_client.get(reverse("monitoring:municipality"), {"sort": "-pairs"}).context["rows"]
    assert [(r.organization.slug, r.pairs_working) for r in rows] == [("s1", 3), ("s2", 0)]


def test_pairs_at_work_are_those_working_today_as_the_coverage_counts_them(municipality, schools):
    """A pair fixed by an order but starting next week, or one that ended yesterday, is not at work today."""
    from monitoring.coordinator import municipality_rows

    first, _second = schools
    today = date(2026, 11, 29)
    MentorshipFactory(organization=first, status=Mentorship.Status.FIXED, started_on=date(2026, 12, 7))
    MentorshipFactory(
        organization=first, status=Mentorship.Status.FINISHED, started_on=date(2026, 9, 1), ended_on=date(2026, 11, 28)
    )
    MentorshipFactory(organization=first, status=Mentorship.Status.FIXED, started_on=date(2026, 11, 20))  # at work
    rows = {r.organization.slug: r.pairs_working for r in municipality_rows(municipality, today=today)}
    assert rows == {"s1": 4, "s2": 0}


def test_filters_by_level_and_name(coordinator_client, schools):
    rows = coordinator_client.get(reverse("monitoring:municipality"), {"level": "acceptable"}).context["rows"]
    assert [r.organization.slug for r in rows] == ["s2"]
    rows = coordinator_client.get(reverse("monitoring:municipality"), {"q": "№ 1"}).context["rows"]
    assert [r.organization.slug for r in rows] == ["s1"]
    rows = coordinator_client.get(reverse("monitoring:municipality"), {"sort": "bogus", "level": "x"}).context["rows"]
    assert len(rows) == 2


def test_queries_do_not_grow_with_the_organizations(
    coordinator_client, schools, municipality, django_assert_max_num_queries
):
    for n in range(6):
        _approved(OrganizationFactory(slug=f"more-{n}", municipality=municipality), [2] * 9)
    with django_assert_max_num_queries(12):
        response = coordinator_client.get(reverse("monitoring:municipality"))
    assert len(response.context["rows"]) == 8


def test_no_personal_data_on_the_coordinators_pages(coordinator_client, schools):
    first, _second = schools
    names = [pair.mentor.person.full_name for pair in Mentorship.objects.filter(organization=first)]
    names += [
        m.mentee.person.full_name for pair in Mentorship.objects.filter(organization=first) for m in pair.members.all()
    ]
    pages = [
        coordinator_client.get(reverse("monitoring:municipality")).content.decode(),
        coordinator_client.get(
            reverse("monitoring:municipality-organization", kwargs={"pk": first.pk})
        ).content.decode(),
    ]
    xlsx = coordinator_client.get(reverse("monitoring:municipality-organization-xlsx", kwargs={"pk": first.pk}))
    cells = " ".join(str(c.value) for row in load_workbook(BytesIO(xlsx.content)).active.iter_rows() for c in row)
    pages.append(cells)
    assert names and not [name for name in names for page in pages if name in page]
    assert "16 из 18" in pages[1] and "Работает" in pages[1]


def test_the_xlsx_of_one_organization_holds_the_drill_downs_tables(coordinator_client, schools):
    first, _second = schools
    response = coordinator_client.get(reverse("monitoring:municipality-organization-xlsx", kwargs={"pk": first.pk}))
    rows = [[c.value for c in row] for row in load_workbook(BytesIO(response.content)).active.iter_rows(min_row=3)]
    assert rows[0] == ["Раздел", "Показатель", "Число", "Из", "Доля или пояснение"]
    sections = {r[0] for r in rows[1:]}
    assert {"Показатели для региона", "Оценка эффективности", "Пары и группы по статусам"} <= sections
    assert ["Пары и группы по статусам", "Работает", 3, None, None] in rows
    evaluation = next(r for r in rows if r[0] == "Оценка эффективности")
    assert evaluation[2:4] == [16, 18] and evaluation[4].startswith("оптимальный уровень")
    elsewhere = OrganizationFactory(slug="far-x", municipality=MunicipalityFactory(name="Другой район"))
    url = reverse("monitoring:municipality-organization-xlsx", kwargs={"pk": elsewhere.pk})
    assert coordinator_client.get(url).status_code == 404


def test_another_municipalitys_school_is_not_found(coordinator_client, schools):
    elsewhere = OrganizationFactory(slug="far", municipality=MunicipalityFactory(name="Другой район"))
    url = reverse("monitoring:municipality-organization", kwargs={"pk": elsewhere.pk})
    assert coordinator_client.get(url).status_code == 404


def test_only_the_coordinator(client, schools):
    client.force_login(member(schools[0], Role.DIRECTOR))
    assert client.get(reverse("monitoring:municipality")).status_code == 403


def test_the_xlsx_of_the_table(coordinator_client, schools):
    response = coordinator_client.get(reverse("monitoring:municipality-xlsx"), {"sort": "level"})
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert [(r[0], r[2], r[3]) for r in rows] == [
        ("МБОУ «Школа № 2»", "допустимый уровень", 9),
        ("МБОУ «Школа № 1»", "оптимальный уровень", 16),
    ]


def test_the_drill_down_draws_charts_with_their_figures_as_tables(coordinator_client, schools):
    first, _second = schools
    response = coordinator_client.get(reverse("monitoring:municipality-organization", kwargs={"pk": first.pk}))
    charts = response.context["charts"]
    assert charts[0].title == "Пары и группы по статусам" and ("Работает", 3) in charts[0].rows
    page = response.content.decode()
    assert page.count('src="data:image/svg+xml;base64,') == len(charts)
    assert "Пары и группы по статусам: цифры" in page
    assert "<script" not in charts[0].svg
