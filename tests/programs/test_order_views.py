from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs import services
from programs.models import Order

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "kind": "implementation",
        "number": "16/1-О",
        "date": "2026-08-22",
        "place": "",
        "title": "О внедрении целевой модели наставничества",
        "preamble": "В соответствии с …,",
        "points": "Внедрить целевую модель.\nКонтроль за исполнением настоящего приказа оставляю за собой.",
        "signer_position": "Директор",
        "signer_name": "А.Б. Тестова",
    }
    data.update(overrides)
    return data


def test_the_draft_is_filled_from_the_data(client, curator, org):
    roadmap = services.roadmap_create_from_template(organization=org, actor=curator, start_year=2026)
    client.force_login(curator)
    response = client.get(reverse("documents:order-create") + "?kind=implementation")
    form = response.context["form"]
    assert form.initial["title"] == "О внедрении целевой модели наставничества"
    assert curator.full_name in form.initial["points"]
    assert "ПРИКАЗЫВАЮ" not in form.initial["points"]
    assert "Р-145" in form.initial["preamble"]
    assert any(doc == roadmap for _key, _label, doc in response.context["attachable"])


def test_without_a_kind_the_curator_chooses_one(client, curator):
    client.force_login(curator)
    response = client.get(reverse("documents:order-create") + "?kind=nonsense")
    assert "Выберите вид приказа" in response.content.decode()


def test_curator_registers_an_order_with_an_appendix(client, curator, org):
    roadmap = services.roadmap_create_from_template(organization=org, actor=curator, start_year=2026)
    client.force_login(curator)
    response = client.post(
        reverse("documents:order-create") + "?kind=implementation",
        {**_form(), "appendix": [f"roadmap-{roadmap.pk}"]},
    )
    order = Order.objects.get()
    assert response.status_code == 302
    assert order.appendices.get().roadmap == roadmap
    assert order.prepared_by == curator


def test_a_duplicate_number_is_refused_and_nothing_is_saved(client, curator, org):
    client.force_login(curator)
    client.post(reverse("documents:order-create") + "?kind=implementation", _form())
    response = client.post(reverse("documents:order-create") + "?kind=implementation", _form(title="Другой"))
    html = response.content.decode()
    assert "Приказ № 16/1-О за 2026 год уже зарегистрирован." in html
    assert "Другой" in html  # what was typed is kept
    assert Order.objects.count() == 1


def test_director_signs_through_the_page_and_the_pdf_has_the_signature(client, curator, director, org, tmp_path):
    order = services.order_create(organization=org, actor=curator, **{**_form(), "date": date(2026, 8, 22)})
    client.force_login(curator)
    client.post(reverse("documents:order-action", args=[order.pk, "submit"]))
    sign = client.post(reverse("documents:order-action", args=[order.pk, "sign"]), follow=True)
    assert "Подписать приказ может только директор организации." in sign.content.decode()
    client.force_login(director)
    client.post(reverse("documents:order-action", args=[order.pk, "sign"]))
    order.refresh_from_db()
    assert order.status == Order.Status.SIGNED
    pdf = client.get(reverse("documents:order-pdf", args=[order.pk]))
    assert pdf.content.startswith(b"%PDF")


def test_the_registry_runs_a_constant_number_of_queries(client, curator, org):
    client.force_login(curator)
    services.order_create(organization=org, actor=curator, **{**_form(), "date": date(2026, 8, 22)})
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("documents:order-list"))
    for i in range(30):
        services.order_create(organization=org, actor=curator, **{**_form(number=f"{i}-од"), "date": date(2026, 9, 1)})
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("documents:order-list"))
    assert len(many) == len(few)
    assert response.context["page_obj"].paginator.count == 31


def test_the_registry_filters_by_kind_and_year(client, curator, org):
    services.order_create(organization=org, actor=curator, **{**_form(), "date": date(2025, 8, 22)})
    services.order_create(
        organization=org, actor=curator, **{**_form(kind="curator", number="2"), "date": date(2026, 9, 1)}
    )
    client.force_login(curator)
    assert client.get(reverse("documents:order-list") + "?year=2025").context["page_obj"].paginator.count == 1
    assert client.get(reverse("documents:order-list") + "?kind=curator").context["page_obj"].paginator.count == 1
    assert client.get(reverse("documents:order-list") + "?kind=junk&year=abc").status_code == 200


def test_mentors_do_not_see_orders(client, mentor):
    client.force_login(mentor)
    assert client.get(reverse("documents:order-list")).status_code == 403
