"""The roadmap execution report: done and overdue by stage, against the roadmap's own statuses."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from freezegun import freeze_time
from openpyxl import load_workbook

from programs import services as programs
from programs.models import Activity
from tests.factories import approve

pytestmark = pytest.mark.django_db


@freeze_time("2026-11-29 12:00")
def test_done_and_overdue_by_stage(client, org, curator, director):
    roadmap = programs.roadmap_create_from_template(organization=org, actor=curator, start_year=2026)
    approve(roadmap, director)
    activities = list(Activity.objects.filter(section__roadmap=roadmap).order_by("section__order", "order", "pk"))
    first_stage = activities[0].section
    in_first = [a for a in activities if a.section_id == first_stage.pk]
    Activity.objects.filter(pk=in_first[0].pk).update(status=Activity.Status.DONE)
    Activity.objects.filter(pk=in_first[1].pk).update(due_date=date(2026, 10, 1), status=Activity.Status.PLANNED)
    client.force_login(curator)
    response = client.get(reverse("monitoring:roadmap-report"))
    stage = next(s for s in response.context["stages"] if s["section__title"] == first_stage.title)
    assert (stage["total"], stage["done"]) == (len(in_first), 1) and stage["overdue"] >= 1
    assert in_first[1].title in response.content.decode()
    sheet = load_workbook(BytesIO(client.get(reverse("monitoring:roadmap-report-xlsx")).content)).active
    first_row = [c.value for c in sheet[4]]
    assert first_row[:3] == [first_stage.title, len(in_first), 1]


def test_without_a_roadmap_the_report_says_so(client, curator):
    client.force_login(curator)
    assert "Дорожной карты пока нет" in client.get(reverse("monitoring:roadmap-report")).content.decode()
