"""The orders registry pages (documents.order_views): drafts, appendices, signing, PDF, the kinds."""

import subprocess
from datetime import date

import pytest
from django.urls import reverse

from documents import services
from documents.models import Order
from programs import services as programs_services
from programs.models import WorkingGroupMember
from tests.factories import MentorshipFactory, approve

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


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


def _create(org, curator, **overrides):
    data = {**_form(**overrides), "date": date.fromisoformat(overrides.get("date", "2026-08-22"))}
    return services.order_create(organization=org, actor=curator, **data)


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "order.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def test_the_draft_is_filled_from_the_data_and_proposes_the_roadmap(client, curator, org):
    curator.last_name, curator.first_name, curator.patronymic = "Лебедева", "Марина", "Олеговна"
    curator.save()
    curator.memberships.filter(organization=org).update(position="Заместитель директора по УВР")
    roadmap = programs_services.roadmap_create_from_template(organization=org, actor=curator, start_year=2026)
    WorkingGroupMember.objects.create(organization=org, full_name="Лебедева М.О.")
    client.force_login(curator)
    response = client.get(reverse("documents:order-create") + "?kind=implementation")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["title"] == "О внедрении целевой модели наставничества"
    assert (
        "Назначить куратором внедрения целевой модели наставничества Лебедеву Марину Олеговну, "
        "заместителя директора по УВР." in form.initial["points"]
    )
    assert f"Внедрить целевую модель наставничества в {org.short_name_prepositional} с" in form.initial["points"]
    assert "ПРИКАЗЫВАЮ" not in form.initial["points"]
    assert "Р-145" in form.initial["preamble"] and "  " not in form.initial["preamble"]
    assert form.initial["number"] == "1"
    assert set(response.context["appendix_form"].initial["appendix"]) == {
        f"programs.roadmap:{roadmap.pk}",
        "programs.working_group:",
    }


def test_the_pairs_order_proposes_the_list_of_pairs(client, curator, org):
    MentorshipFactory(organization=org, for_order=True)  # chosen for the order on the pairs board
    MentorshipFactory(organization=org)  # still being formed, not chosen: waits for the next order
    client.force_login(curator)
    response = client.get(reverse("documents:order-create") + "?kind=pairs")
    assert response.status_code == 200
    assert "согласно приложению" in response.context["form"].initial["points"]
    assert response.context["appendix_form"].initial["appendix"] == ["pairing.pairs:"]
    assert 'value="pairing.pairs:" id="id_appendix_0_0" checked' in response.content.decode()
    assert "Список наставнических пар и групп, закрепляемых приказом (1 пара или группа)" in response.content.decode()


def test_the_next_number_follows_the_last_one(client, curator, org):
    _create(org, curator, number="41-од")
    client.force_login(curator)
    response = client.get(reverse("documents:order-create") + "?kind=curator")
    assert response.context["form"].initial["number"] == "42-од"


def test_without_a_kind_the_curator_chooses_one(client, curator):
    client.force_login(curator)
    response = client.get(reverse("documents:order-create") + "?kind=nonsense")
    assert response.status_code == 200
    assert "Выберите вид приказа" in response.content.decode()


def test_curator_registers_an_order_with_an_appendix(client, curator, org):
    roadmap = programs_services.roadmap_create_from_template(organization=org, actor=curator, start_year=2026)
    client.force_login(curator)
    response = client.post(
        reverse("documents:order-create") + "?kind=implementation",
        {**_form(), "appendix": [f"programs.roadmap:{roadmap.pk}"]},
    )
    order = Order.objects.get()
    assert response.status_code == 302
    appendix = order.appendices.get()
    assert (appendix.kind, appendix.object_id, appendix.number) == ("programs.roadmap", roadmap.pk, 1)
    assert order.prepared_by == curator


@pytest.mark.parametrize("junk", ["junk", "programs.roadmap:abc", "programs.roadmap:99999", ":"])
def test_a_made_up_appendix_is_refused_and_nothing_is_saved(client, curator, junk):
    client.force_login(curator)
    response = client.post(reverse("documents:order-create") + "?kind=implementation", {**_form(), "appendix": [junk]})
    assert response.status_code == 200
    assert "Исправьте ошибки в форме." in response.content.decode()
    assert not Order.objects.exists()


def test_an_appendix_of_another_organization_is_refused_and_nothing_is_saved(client, curator, org, other_org, outsider):
    foreign = programs_services.roadmap_create_from_template(organization=other_org, actor=outsider, start_year=2026)
    client.force_login(curator)
    response = client.post(
        reverse("documents:order-create") + "?kind=implementation",
        {**_form(), "appendix": [f"programs.roadmap:{foreign.pk}"]},
    )
    assert response.status_code == 200
    assert "Такого документа для приложения нет: выберите из списка." in response.content.decode()
    assert not Order.objects.exists()


def test_a_duplicate_number_is_refused_and_nothing_is_saved(client, curator, org):
    client.force_login(curator)
    client.post(reverse("documents:order-create") + "?kind=implementation", _form())
    response = client.post(reverse("documents:order-create") + "?kind=implementation", _form(title="Другой"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Приказ № 16/1-О за 2026 год уже зарегистрирован." in html
    assert "Другой" in html  # what was typed is kept
    assert Order.objects.count() == 1


def test_appendices_are_added_and_removed_on_the_draft(client, curator, org):
    WorkingGroupMember.objects.create(organization=org, full_name="Лебедева М.О.")
    order = _create(org, curator)
    client.force_login(curator)
    detail = client.get(order.get_absolute_url())
    assert detail.status_code == 200
    assert "Состав рабочей группы" in detail.content.decode()
    url = reverse("documents:order-appendix-add", args=[order.pk])
    added = client.post(url, {"document": "programs.working_group:"})
    assert added.status_code == 302
    appendix = order.appendices.get()
    assert appendix.kind == "programs.working_group"
    bad = client.post(reverse("documents:order-appendix-add", args=[order.pk]), {"document": "x:y"}, follow=True)
    assert "Выберите документ из списка." in bad.content.decode()
    client.post(reverse("documents:order-appendix-delete", args=[appendix.pk]))
    assert not order.appendices.exists()


def test_director_signs_through_the_page_and_the_pdf_holds_the_appendix(client, curator, director, org, tmp_path):
    roadmap = programs_services.roadmap_create_from_template(organization=org, actor=curator, start_year=2026)
    approve(roadmap, director)
    order = _create(org, curator)
    services.order_attach(order=order, actor=curator, kind="programs.roadmap", object_id=roadmap.pk)
    client.force_login(curator)
    client.post(reverse("documents:order-action", args=[order.pk, "submit"]))
    sign = client.post(reverse("documents:order-action", args=[order.pk, "sign"]))
    assert sign.status_code == 403  # signing is the director's: the page refuses before the service
    client.force_login(director)
    client.post(reverse("documents:order-action", args=[order.pk, "sign"]))
    order.refresh_from_db()
    assert order.status == Order.Status.SIGNED
    pdf = client.get(reverse("documents:order-pdf", args=[order.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = _pdf_text(pdf.content, tmp_path)
    assert "ПРИКАЗЫВАЮ" in text
    assert "Приложение 1 к приказу от 22.08.2026 № 16/1-О" in text
    assert roadmap.sections.first().activities.first().title.split()[0] in text
    assert "Лист ознакомления" in text


def test_the_registry_runs_a_constant_number_of_queries(client, curator, org, django_assert_num_queries):
    client.force_login(curator)
    _create(org, curator)
    with django_assert_num_queries(6):
        assert client.get(reverse("documents:order-list")).status_code == 200
    for i in range(30):
        _create(org, curator, number=f"{i}-од", date="2026-09-01")
    with django_assert_num_queries(6):
        response = client.get(reverse("documents:order-list"))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 31


def test_the_registry_filters_by_kind_and_year(client, curator, org):
    _create(org, curator, date="2025-08-22")
    _create(org, curator, kind="curator", number="2", date="2026-09-01")
    client.force_login(curator)
    assert client.get(reverse("documents:order-list") + "?year=2025").context["page_obj"].paginator.count == 1
    assert client.get(reverse("documents:order-list") + "?kind=curator").context["page_obj"].paginator.count == 1
    assert client.get(reverse("documents:order-list") + "?kind=junk&year=abc").status_code == 200


def test_the_wording_of_each_kind_is_readable_in_the_product(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("documents:order-kinds"))
    assert response.status_code == 200
    html = response.content.decode()
    for label in Order.Kind.labels:
        assert label in html
    assert "Закрепить наставнические пары (группы)" in html
    assert "autoescape" not in html and "{#" not in html  # the developer's wrapper and comments are not shown
    drafts = {kind["value"]: kind["draft"] for kind in response.context["kinds"]}
    assert drafts["curator"].title == "О назначении куратора программы наставничества"


def test_mentors_do_not_see_orders(client, mentor):
    client.force_login(mentor)
    assert client.get(reverse("documents:order-list")).status_code == 403
    assert client.post(reverse("documents:order-create") + "?kind=implementation", _form()).status_code == 403
    assert not Order.objects.exists()


def test_a_latin_letter_in_a_russian_order_number_is_refused(client, curator, org):
    _create(org, curator, number="44-О")
    client.force_login(curator)
    response = client.post(reverse("documents:order-create") + "?kind=implementation", _form(number="45-O"))
    assert response.status_code == 200
    assert "латинская буква «O»" in response.content.decode()
    assert Order.objects.count() == 1


def test_an_order_with_three_appendices_is_one_pdf_laid_out_by_gost(client, curator, org, tmp_path):
    from documents.documents import order_pdf
    from tests.factories import LocalActFactory, ProgrammeFactory

    org.address = "Брянская область, г. Жуковка"
    org.save()
    roadmap = programs_services.roadmap_create_from_template(organization=org, actor=curator, start_year=2026)
    programme = ProgrammeFactory(organization=org, title="Программа наставничества «Вместе»")
    act = LocalActFactory(organization=org, title="Положение о наставничестве")
    order = _create(org, curator, signer_name="Е.И. Демина")
    for kind, document in (
        ("programs.roadmap", roadmap),
        ("programs.programme", programme),
        ("documents.local_act", act),
    ):
        services.order_attach(order=order, actor=curator, kind=kind, object_id=document.pk)
    text = _pdf_text(order_pdf(order), tmp_path)
    assert "г. Жуковка" in text  # the place of issue, from the address
    # ГОСТ Р 7.0.97: the appendices are named after the text and before the signature…
    assert text.index("Приложения:") < text.index("Е.И. Демина") < text.index("Приложение 1 к приказу")
    # …and printed in the same PDF after it, each with its grif
    assert text.index("Приложение 1 к приказу") < text.index("Приложение 2 к приказу")
    assert text.index("Приложение 2 к приказу") < text.index("Приложение 3 к приказу")
    # the acquaintance sheet follows the signature; the appendices come after it
    assert text.index("Е.И. Демина") < text.index("Лист ознакомления") < text.index("Приложение 1 к приказу")


def test_a_paragraph_ties_one_letter_words_and_never_hyphenates_a_name():
    from mentoring_site.declension import typeset

    html = typeset("Назначить Лебедеву Марину в качестве куратора и <b>ответственного</b>")
    assert "в\u00a0качестве" in html and "и\u00a0&lt;b&gt;" in html  # escaped, tied
    assert '<span class="nohy">Лебедеву</span> <span class="nohy">Марину</span>' in html


def test_the_acquaintance_sheet_offers_every_employee_with_an_account_or_without(client, curator, org, tmp_path):
    from documents.documents import order_pdf
    from participants.models import Person
    from tests.factories import PersonFactory, StudentFactory

    without_account = PersonFactory(organization=org, last_name="Безучётнова", position="Учитель музыки")
    pupil = StudentFactory(organization=org, last_name="Школьников")
    client.force_login(curator)
    html = client.get(reverse("documents:order-create") + "?kind=implementation").content.decode()
    assert "Безучётнова" in html and "Школьников" not in html  # staff, not pupils
    order = _create(org, curator)
    response = client.post(
        reverse("documents:order-edit", args=[order.pk]),
        {**_form(), "acquainted_people": [without_account.pk]},
    )
    assert response.status_code == 302
    assert list(order.acquainted_people.all()) == [without_account]
    text = _pdf_text(order_pdf(order), tmp_path)
    assert "Лист ознакомления" in text and "Безучётнова" in text and "Учитель музыки" in text
    assert pupil.kind == Person.Kind.STUDENT


PLACE_MISSING = "Место издания не будет напечатано: в карточке организации не указан адрес."


def test_without_an_address_the_order_form_says_no_place_will_print(client, curator, director, org):
    """Seeds 000 and 002 give no address: no place is invented, the form says it will print none, where
    to type it, and (to whom may edit the organization) where to give the address."""
    assert not org.address
    url = reverse("documents:order-create") + "?kind=curator"
    client.force_login(curator)
    page = client.get(url).content.decode()
    assert PLACE_MISSING in page
    assert "Его можно указать в самом приказе — поле «Место издания»." in page
    assert reverse("organizations:edit") not in page  # a curator does not edit the organization
    client.force_login(director)
    page = client.get(url).content.decode()
    link = reverse("organizations:edit")
    assert f'<a class="alert-link" href="{link}">Указать адрес в карточке организации</a>' in page
    # a form sent back with a place typed in it no longer warns
    response = client.post(url, _form(place="с. Заречное", number=""))
    assert response.status_code == 200 and PLACE_MISSING not in response.content.decode()


def test_the_order_page_says_no_place_will_print_until_one_is_typed(client, curator, org):
    order = _create(org, curator)
    client.force_login(curator)
    assert PLACE_MISSING in client.get(order.get_absolute_url()).content.decode()
    assert PLACE_MISSING in client.get(reverse("documents:order-edit", args=[order.pk])).content.decode()
    services.order_update(order=order, actor=curator, place="с. Заречное")
    assert PLACE_MISSING not in client.get(order.get_absolute_url()).content.decode()


def test_an_address_that_names_the_settlement_prints_it_and_warns_of_nothing(client, curator, org, tmp_path):
    org.address = "Брянская область, г. Жуковка, ул. Октябрьская, 1"
    org.save()
    order = _create(org, curator)
    client.force_login(curator)
    page = client.get(order.get_absolute_url()).content.decode()
    assert "Место издания не будет напечатано" not in page
    assert "г. Жуковка" in _pdf_text(client.get(reverse("documents:order-pdf", args=[order.pk])).content, tmp_path)
    org.address = "ул. Октябрьская, 1"  # no settlement in it
    org.save()
    page = client.get(order.get_absolute_url()).content.decode()
    assert "Место издания не будет напечатано: в адресе организации не найден населённый пункт" in page
