"""Orders: the registry, numbers, appendices of any app, signing (documents.services, tested directly)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from documents import services
from documents.documents import order_context
from documents.models import LocalAct, Order
from pairing.models import Mentorship
from programs import services as programs_services
from programs.models import Roadmap, WorkingGroupMember
from tests.factories import MentorshipFactory, approve

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def roadmap(org, curator):
    return programs_services.roadmap_create_from_template(organization=org, actor=curator, start_year=2026)


def _order(org, actor, number="16/1-О", day=date(2026, 8, 22), **kwargs):
    return services.order_create(
        organization=org,
        actor=actor,
        kind=kwargs.pop("kind", Order.Kind.IMPLEMENTATION),
        number=number,
        date=day,
        title="О внедрении целевой модели наставничества",
        points="Внедрить.",
        **kwargs,
    )


def test_order_numbers_are_unique_per_organization_and_year(org, other_org, curator, outsider):
    _order(org, curator)
    with pytest.raises(ValidationError, match="уже зарегистрирован"):
        _order(org, curator)
    _order(org, curator, day=date(2027, 1, 10))  # a new year starts the numbering again
    _order(other_org, outsider)  # another organization has its own registry
    assert Order.objects.filter(organization=org).count() == 2


def test_only_editors_prepare_orders(org, mentor, admin_user):
    for actor in (mentor, admin_user):
        with pytest.raises(ValidationError, match="куратор или директор"):
            _order(org, actor)
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    ("existing", "expected"),
    [
        ([], "1"),
        (["16/1-О"], "17-О"),
        (["41-од", "42-од"], "43-од"),
        (["7-О", "12-О", "9-О"], "13-О"),
        (["01-10/123"], "01-10/124"),
        (["007-од"], "008-од"),
        (["№ 5"], "№ 6"),
    ],
)
def test_the_next_number_follows_the_organizations_format(org, curator, existing, expected):
    for day, number in enumerate(existing, start=1):
        _order(org, curator, number=number, day=date(2026, 3, day))
    assert services.next_order_number(org, date(2026, 9, 1)) == expected


def test_a_new_year_numbers_from_one_in_last_years_format(org, curator):
    _order(org, curator, number="41-од", day=date(2025, 12, 1))
    assert services.next_order_number(org, date(2026, 1, 9)) == "1-од"


def test_the_director_signs_and_a_signed_order_is_locked(org, curator, director):
    order = _order(org, curator)
    with pytest.raises(ValidationError, match="Подписать приказ может только директор"):
        services.order_sign(order=order, actor=curator)
    services.order_submit(order=order, actor=curator)
    order = services.order_sign(order=order, actor=director)
    assert order.status == Order.Status.SIGNED
    with pytest.raises(ValidationError, match="текст менять нельзя"):
        services.order_update(order=order, actor=curator, title="Другое")


def test_appendices_belong_to_the_same_organization(org, other_org, curator, outsider):
    foreign = programs_services.roadmap_create_from_template(organization=other_org, actor=outsider, start_year=2026)
    order = _order(org, curator)
    with pytest.raises(ValidationError, match="действующий документ этой же организации"):
        services.order_attach(order=order, actor=curator, kind="programs.roadmap", object_id=foreign.pk)
    assert not order.appendices.exists()
    assert Roadmap.objects.count() == 1


def test_an_unknown_printable_is_refused(org, curator):
    order = _order(org, curator)
    with pytest.raises(ValidationError, match="не печатается как приложение"):
        services.order_attach(order=order, actor=curator, kind="nothing.here", object_id=None)


def test_an_order_is_signed_only_with_approved_appendices(org, roadmap, curator, director):
    order = _order(org, curator, appendices=[roadmap])
    with pytest.raises(ValidationError, match="Подписывается приказ, отправленный на подпись"):
        services.order_sign(order=order, actor=director)
    services.order_submit(order=order, actor=curator)
    with pytest.raises(ValidationError, match="приложения должны быть утверждены"):
        services.order_sign(order=order, actor=director)
    approve(roadmap, director)
    order = services.order_sign(order=order, actor=director)
    assert order.status == Order.Status.SIGNED


def test_the_same_document_is_attached_once_and_numbers_close_up(org, roadmap, curator):
    WorkingGroupMember.objects.create(organization=org, full_name="Лебедева М.О.")
    order = _order(org, curator, appendices=[roadmap, ("programs.working_group", None)])
    assert [(a.number, a.kind) for a in order.appendices.all()] == [
        (1, "programs.roadmap"),
        (2, "programs.working_group"),
    ]
    with pytest.raises(ValidationError, match="уже приложен"):
        services.order_attach(order=order, actor=curator, kind="programs.roadmap", object_id=roadmap.pk)
    services.order_detach(appendix=order.appendices.get(number=1), actor=curator)
    assert [(a.number, a.kind) for a in order.appendices.all()] == [(1, "programs.working_group")]


def test_the_pairs_order_prints_its_list_of_pairs_and_keeps_it_once_signed(org, curator, director):
    pair = MentorshipFactory(organization=org, for_order=True)
    mentee_name = pair.members.get().mentee.person.full_name
    order = _order(org, curator, kind=Order.Kind.PAIRS, appendices=[("pairing.pairs", None)])
    html = str(order_context(order)["appendices"][0].html)
    assert pair.mentor.person.full_name in html and mentee_name in html
    services.order_submit(order=order, actor=curator)
    order = services.order_sign(order=order, actor=director)
    pair.refresh_from_db()
    assert (pair.status, pair.order_number, pair.order_date) == (Mentorship.Status.FIXED, order.number, order.date)
    # The pair ends later: the signed order still prints the list as it was signed.
    Mentorship.objects.filter(pk=pair.pk).update(status=Mentorship.Status.FINISHED)
    appendix = order.appendices.get()
    assert mentee_name in appendix.signed_html
    printed = order_context(Order.objects.get(pk=order.pk))["appendices"][0]
    assert mentee_name in str(printed.html)
    assert "Приложение 1" in str(printed.html) and "№ 16/1-О" in str(printed.html)


def test_the_public_print_leaves_out_an_appendix_with_personal_data(org, curator):
    MentorshipFactory(organization=org, for_order=True)
    order = _order(org, curator, kind=Order.Kind.PAIRS, appendices=[("pairing.pairs", None)])
    printed = order_context(order, public=True)["appendices"][0]
    assert printed.html is None
    assert "не публикуется" in printed.note


def test_a_local_act_is_written_or_uploaded(org, curator, mentor):
    act = LocalAct(organization=org)
    with pytest.raises(ValidationError, match="Напишите текст акта или приложите файл"):
        services.local_act_save(act=act, actor=curator, kind=LocalAct.Kind.OTHER, title="Пустой", body="  ")
    with pytest.raises(ValidationError, match="куратор или директор"):
        services.local_act_save(act=act, actor=mentor, kind=LocalAct.Kind.OTHER, title="Акт", body="Текст")
    saved = services.local_act_save(act=act, actor=curator, kind=LocalAct.Kind.OTHER, title="Акт", body="Текст")
    assert saved.history.first().history_user == curator


def test_a_replaced_appendix_is_named_and_the_signed_title_is_the_documents(org, roadmap, curator, director):
    order = _order(org, curator, appendices=[roadmap])
    approve(roadmap, director)
    programs_services.document_new_version(document=roadmap, actor=curator)  # the attached one is replaced
    services.order_submit(order=order, actor=curator)
    with pytest.raises(ValidationError, match="заменена новой версией"):
        services.order_sign(order=order, actor=director)
    other = programs_services.roadmap_create_from_template(organization=org, actor=curator, start_year=2027)
    services.order_return(order=order, actor=director)
    services.order_detach(appendix=order.appendices.get(), actor=curator)
    services.order_attach(order=order, actor=curator, kind="programs.roadmap", object_id=other.pk)
    programs_services.roadmap_update(roadmap=other, actor=curator, title="Дорожная карта на 2027/2028 учебный год")
    approve(other, director)
    services.order_submit(order=order, actor=curator)
    order = services.order_sign(order=order, actor=director)
    assert order.appendices.get().title == "Дорожная карта на 2027/2028 учебный год"


def test_attaching_and_detaching_are_for_editors(org, roadmap, curator, mentor):
    order = _order(org, curator, appendices=[roadmap])
    with pytest.raises(ValidationError, match="куратор или директор"):
        services.order_attach(order=order, actor=mentor, kind="programs.working_group", object_id=None)
    with pytest.raises(ValidationError, match="куратор или директор"):
        services.order_detach(appendix=order.appendices.get(), actor=mentor)
    assert order.appendices.count() == 1
