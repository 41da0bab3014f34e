"""«Показатели для региона» against a hand count on a fixed reference date."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from monitoring.regional import XLSX_HEADERS, RegionalSettings, pupil_coverage, regional_figures
from pairing.models import Mentorship
from participants.models import Person
from tests.factories import (
    MenteeProfileFactory,
    MentorProfileFactory,
    MentorshipFactory,
    MentorshipMemberFactory,
    PersonFactory,
    StudentFactory,
)

pytestmark = pytest.mark.django_db
ON = date(2026, 10, 1)


def _pair(org, mentor_person, *mentee_people, started=date(2026, 9, 15), **fields):
    fields.setdefault("status", Mentorship.Status.ACTIVE)
    pair = MentorshipFactory(
        organization=org, mentor=MentorProfileFactory(person=mentor_person), started_on=started, member=None, **fields
    )
    for person in mentee_people:
        MentorshipMemberFactory(mentorship=pair, mentee=MenteeProfileFactory(person=person), joined_on=started)
    return pair


@pytest.fixture
def school(org):
    """On 01.10.2026: pupils aged 9, 10 (birthday that day), 14, 16, 18 and 19 (birthday that day), teachers."""
    pupil = lambda born, **kw: StudentFactory(organization=org, birth_date=born, **kw)  # noqa: E731
    nine = pupil(date(2016, 10, 2))  # 9 until tomorrow: not counted
    ten = pupil(date(2016, 10, 1))  # 10 today: counted
    fourteen = pupil(date(2012, 3, 1))
    sixteen = pupil(date(2010, 5, 5))
    eighteen = pupil(date(2007, 10, 2))  # 18 until tomorrow: counted
    nineteen = pupil(date(2007, 10, 1))  # 19 today: not counted
    teacher = lambda years: PersonFactory(organization=org, experience_years=years)  # noqa: E731
    veteran, young_a, young_b, other = teacher(25), teacher(1), teacher(3), teacher(10)
    # working pairs: veteran mentors ten and nine; young_a (mentee) with other; sixteen mentors fourteen
    _pair(org, veteran, ten, nine)
    _pair(org, other, young_a)
    _pair(org, sixteen, fourteen)
    # not counted on the day: a pair that begins later, a cancelled one, one that ended before
    _pair(org, PersonFactory(organization=org), eighteen, started=date(2026, 10, 2))
    _pair(org, PersonFactory(organization=org), nineteen, status=Mentorship.Status.CANCELLED)
    _pair(org, PersonFactory(organization=org), young_b, ended_on=date(2026, 9, 30), status="finished")
    return org


def test_figures_against_a_hand_count(school, django_assert_num_queries):
    with django_assert_num_queries(7):  # the bases, mentees, mentors, both; by form: the two roles and both
        figures = regional_figures([school.pk], RegionalSettings(on=ON, mentors_count=True))[school.pk]
    pupils = figures.figure("pupils_share")
    # aged 10–18 on the day: ten, fourteen, sixteen, eighteen = 4; involved: ten, fourteen (mentees), sixteen
    # (a mentor) = 3
    assert (pupils.numerator, pupils.denominator, pupils.percent) == (3, 4, Decimal("75.0"))
    assert figures.figure("pupils_mentees").numerator == 2
    assert figures.figure("pupil_mentors").numerator == 1
    # teachers: veteran, young_a, young_b, other and the three mentors of the pairs not counted = 7;
    # involved on the day: veteran, other (mentors), young_a (mentee) = 3
    teachers = figures.figure("teachers_share")
    assert (teachers.numerator, teachers.denominator) == (3, 7)
    assert figures.figure("teacher_mentors").numerator == 2
    young = figures.figure("young_share")
    assert (young.numerator, young.denominator, young.percent_text) == (1, 2, "50,0 %")
    assert "01.10.2026" in pupils.formula and "наставляемые или наставники" in pupils.formula


def test_without_pupil_mentors(school):
    figures = regional_figures([school.pk], RegionalSettings(on=ON, mentors_count=False))[school.pk]
    pupils = figures.figure("pupils_share")
    assert (pupils.numerator, pupils.denominator) == (2, 4)
    assert "наставляемые" in pupils.formula and "наставники" not in pupils.formula.split("(")[1].split(")")[0]


def test_by_form_counts_distinct_people(school):
    figures = regional_figures([school.pk], RegionalSettings(on=ON))[school.pk]
    # mentees: ten, fourteen (pupils), young_a (teacher); mentors: sixteen (pupil), veteran, other (teachers)
    assert figures.by_form == [("Учитель – учитель", 3, 3)]
    without = regional_figures([school.pk], RegionalSettings(on=ON, mentors_count=False))[school.pk]
    assert without.by_form == [("Учитель – учитель", 2, 3)]


def test_an_organization_without_people_divides_by_nothing(org):
    figures = regional_figures([org.pk], RegionalSettings(on=ON))[org.pk]
    assert figures.figure("pupils_share").percent is None and figures.figure("pupils_share").percent_text == "—"


def test_the_page_and_the_xlsx_keep_the_stable_columns(client, school, curator):
    client.force_login(curator)
    page = client.get(reverse("monitoring:regional"), {"on": "2026-10-01", "mentors": "on"}).content.decode()
    assert "75,0 %" in page and "01.10.2026" in page
    bad = client.get(reverse("monitoring:regional"), {"on": "31.02.2026"})
    assert bad.status_code == 200 and "Введите дату" in bad.content.decode()
    response = client.get(reverse("monitoring:regional-xlsx"), {"on": "2026-10-01", "mentors": "on"})
    sheet = load_workbook(BytesIO(response.content)).active
    assert [c.value for c in sheet[3]] == list(XLSX_HEADERS)
    row = [c.value for c in sheet[4]]
    assert row[0] == school.short_name and row[4:7] == [3, 4, 75.0]


def test_a_pupil_both_mentee_and_mentor_counts_once(school):
    ten = Person.objects.get(organization=school, birth_date=date(2016, 10, 1))
    _pair(school, ten, StudentFactory(organization=school, birth_date=date(2017, 1, 1)))  # ten mentors a 9-year-old
    figures = regional_figures([school.pk], RegionalSettings(on=ON))[school.pk]
    assert figures.figure("pupils_share").numerator == 3  # ten, fourteen, sixteen: ten once
    assert figures.figure("pupil_mentors").numerator == 2 and figures.figure("pupils_mentees").numerator == 2
    # by form: ten is mentee and mentor within the same form, counted once there too (ten, fourteen, sixteen)
    assert figures.by_form == [("Учитель – учитель", 3, 3)]


@pytest.mark.parametrize("mentors_count", [True, False])
def test_the_coverage_alone_is_the_regional_share(school, other_org, django_assert_num_queries, mentors_count):
    """The coordinator's table and the dashboard count the share in one query: the same figure as the page's."""
    ten = Person.objects.get(organization=school, birth_date=date(2016, 10, 1))
    _pair(school, ten, StudentFactory(organization=school, birth_date=date(2017, 1, 1)))  # a mentee who mentors
    gone = StudentFactory(organization=school, birth_date=date(2012, 1, 1))
    _pair(school, PersonFactory(organization=school), gone)
    Person.objects.filter(pk=gone.pk).update(anonymized_at=timezone.now())  # anonymized: nowhere
    empty = other_org
    settings = RegionalSettings(on=ON, mentors_count=mentors_count)
    with django_assert_num_queries(1):
        coverage = pupil_coverage([school.pk, empty.pk], settings)
    regional = regional_figures([school.pk, empty.pk], settings, with_forms=False)
    for organization in (school, empty):
        assert coverage[organization.pk] == regional[organization.pk].figure("pupils_share")
    assert (coverage[school.pk].numerator, coverage[school.pk].denominator) == ((3, 4) if mentors_count else (2, 4))
    assert coverage[empty.pk].percent_text == "—"


def test_a_pair_still_forming_has_involved_nobody(school):
    """Not fixed by an order yet: neither its pupil nor its mentor counts, in the page's figures or the coverage."""
    twelve = StudentFactory(organization=school, birth_date=date(2014, 2, 2))
    pair = _pair(school, PersonFactory(organization=school), twelve, status=Mentorship.Status.FORMING)
    settings = RegionalSettings(on=ON)
    figures = regional_figures([school.pk], settings)[school.pk]
    assert (figures.figure("pupils_share").numerator, figures.figure("pupils_share").denominator) == (3, 5)
    assert figures.figure("teacher_mentors").numerator == 2
    assert pupil_coverage([school.pk], settings)[school.pk].numerator == 3
    Mentorship.objects.filter(pk=pair.pk).update(status=Mentorship.Status.FIXED)
    figures = regional_figures([school.pk], settings)[school.pk]
    assert figures.figure("pupils_share").numerator == 4 and figures.figure("teacher_mentors").numerator == 3
    assert pupil_coverage([school.pk], settings)[school.pk].numerator == 4
