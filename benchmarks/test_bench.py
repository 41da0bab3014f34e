"""Speed targets, measured and printed by `make bench` (not part of `make test`).

Each benchmark prints its median beside its target and fails only when the target is missed.
"""

import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.roles import Role
from tests.factories import MembershipFactory, OrganizationFactory, ProgrammeFactory, member

pytestmark = [pytest.mark.bench, pytest.mark.django_db]


def _median_ms(func, runs=15):
    func()  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _report(name, value, target, unit="мс"):
    status = "OK" if value <= target else "МЕДЛЕННО"
    print(f"\n{name}: {value:.1f} {unit} (цель ≤ {target} {unit}) — {status}")
    assert value <= target


def test_dashboard_of_a_school_with_2000_people(client, org):
    director = member(org, Role.DIRECTOR)
    from django.contrib.auth import get_user_model

    from organizations.models import Membership

    client.force_login(director)
    with CaptureQueriesContext(connection) as empty:  # the baseline: the same dashboard of an empty school
        client.get(reverse("dashboard"))
    user_model = get_user_model()
    people = user_model.objects.bulk_create(
        [user_model(username=f"bench{i}", last_name=f"Ученик{i}", password="!") for i in range(2000)]
    )
    Membership.objects.bulk_create(
        [Membership(user=u, organization=org, role=Role.MENTEE if i % 4 else Role.MENTOR) for i, u in enumerate(people)]
    )
    for i in range(30):
        ProgrammeFactory(organization=org, title=f"Программа {i}")
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("dashboard"))
    # One or two queries per panel (tests/mentoring_site/test_dashboard.py pins them): the target is that the
    # number does not grow with the school, i.e. that of the empty school in the same run.
    print(f"\nГлавная директора пустой школы: SQL-запросов {len(empty)}")
    _report("Главная директора, 2000 участников: SQL-запросов", len(queries), len(empty), unit="шт.")
    _report("Главная директора, 2000 участников", _median_ms(lambda: client.get(reverse("dashboard"))), 150)


def test_coordinator_overview_of_300_organizations(client, org):
    from organizations.models import Organization

    municipality = org.municipality
    Organization.objects.bulk_create(
        [
            Organization(
                full_name=f"Школа {i}", short_name=f"Школа № {i}", slug=f"bench-{i}", municipality=municipality
            )
            for i in range(300)
        ]
    )
    coordinator = MembershipFactory(organization=None, municipality=municipality, role=Role.COORDINATOR).user
    client.force_login(coordinator)
    url = reverse("programs:municipality-overview")
    _report("Сводка координатора, 300 организаций", _median_ms(lambda: client.get(url), runs=7), 400)


def test_personal_data_access_list_pdf(client, org):
    director = member(org, Role.DIRECTOR)
    for _ in range(60):
        member(org, Role.MENTOR)
    OrganizationFactory()
    client.force_login(director)
    url = reverse("organizations:pd-access-pdf")
    _report("PDF перечня доступа к ПДн, 60 человек", _median_ms(lambda: client.get(url), runs=5), 1500)


def test_seed_003_programme_pdf(demo_documents):
    from django.utils import timezone

    from mentoring_site.printing import standalone_pdf
    from programs.models import Programme

    programme = Programme.objects.get(organization__slug="staritsa")

    def render():
        return standalone_pdf(
            "programs.programme", programme.organization, programme.pk, timezone.localdate(), title=programme.title
        )

    _report("PDF программы наставничества (seed 003)", _median_ms(render, runs=5), 1500)


def test_roadmap_pdf_with_60_activities(org):
    from django.utils import timezone

    from mentoring_site.printing import standalone_pdf
    from programs import services
    from programs.models import Activity

    curator = member(org, Role.CURATOR)
    roadmap = services.roadmap_create_from_template(organization=org, actor=curator, start_year=2026)
    sections = list(roadmap.sections.all())
    while Activity.objects.filter(section__roadmap=roadmap).count() < 60:
        section = sections[Activity.objects.filter(section__roadmap=roadmap).count() % len(sections)]
        services.activity_save(
            activity=Activity(section=section),
            actor=curator,
            title="Проведение методического семинара для наставников и наставляемых по организации работы пар",
            responsible="Заместитель директора по УВР, куратор",
            deadline="Январь – май",
            result="Методические материалы, протокол",
        )

    def render():
        return standalone_pdf("programs.roadmap", org, roadmap.pk, timezone.localdate(), title=roadmap.title)

    _report("PDF дорожной карты, 60 мероприятий", _median_ms(render, runs=5), 1000)


def _staff_file(rows: int) -> bytes:
    import io
    from datetime import date

    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["Список работников"])
    sheet.append(["№ п/п", "Ф.И.О.", "Дата рождения", "Должность", "Стаж", "Телефон", "E-mail"])
    for i in range(rows):
        sheet.append(
            [
                i + 1,
                f"Фамилия{i} Имя{i % 97} Отчество{i % 53}",
                date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
                "Учитель",
                f"{i % 40} лет",
                f"8912{i:07d}",
                f"person{i}@school.example",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_import_of_10000_staff(org):
    import io
    import time
    import tracemalloc

    from openpyxl import load_workbook

    from participants.importer import apply_import, plan_import
    from participants.models import Person

    content = _staff_file(10_000)
    curator = member(org, Role.CURATOR)
    start = time.perf_counter()
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    for _row in workbook.worksheets[0].iter_rows(values_only=True):
        pass
    workbook.close()
    bare = time.perf_counter() - start
    print(f"\nЧтение 10 000 строк openpyxl (read_only), эталон: {bare * 1000:.0f} мс")
    start = time.perf_counter()
    plan = plan_import(io.BytesIO(content), organization=org, kind="staff")
    preview = time.perf_counter() - start
    assert plan.ok and len(plan.created) == 10_000
    start = time.perf_counter()
    apply_import(plan, organization=org, actor=curator)
    imported = time.perf_counter() - start
    # Peak memory of a whole preview + import, measured on its own run (tracemalloc slows Python).
    Person.objects.filter(organization=org).delete()
    tracemalloc.start()
    apply_import(plan_import(io.BytesIO(content), organization=org, kind="staff"), organization=org, actor=curator)
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    _report("Предпросмотр импорта 10 000 строк", preview * 1000, round(bare * 3000))
    _report("Запись импорта 10 000 строк", imported * 1000, round(bare * 3000))
    _report("Пик памяти при импорте 10 000 строк", peak, 300, unit="МБ")


BARE_LIST_MS = 4.4  # the figure for a bare 50-row Django list page on this machine


def _machine_scale(client, settings) -> float:
    """How much slower than the issue's reference this machine runs now (never below 1): the list
    targets (15 ms for people) were given beside «a bare 50-row list page takes about 4.4 ms here»."""
    settings.ROOT_URLCONF = "benchmarks.bare_urls"
    bare = _median_ms(lambda: client.get("/bench/bare-list/"), runs=15)
    print(f"\nЭталон: голая страница списка из 50 строк {bare:.1f} мс (в задаче ≈{BARE_LIST_MS} мс)")
    return max(1.0, bare / BARE_LIST_MS)


def test_first_page_of_10000_people(client, org, settings):
    from participants.models import Person, search_key

    director = member(org, Role.DIRECTOR)
    Person.objects.bulk_create(
        [
            Person(
                organization=org,
                last_name=f"Фамилия{i}",
                first_name="Имя",
                search_name=search_key(f"Фамилия{i}", "Имя"),
            )
            for i in range(10_000)
        ]
    )
    client.force_login(director)
    url = reverse("participants:person-list")
    scale = _machine_scale(client, settings)
    _report(
        "Первая страница списка участников (10 000 человек)",
        _median_ms(lambda: client.get(url), runs=9),
        round(15 * scale, 1),
    )


def test_first_page_of_2000_pairs(client, org, settings):
    from datetime import date

    from pairing.models import Mentorship, MentorshipMember
    from participants.models import MenteeProfile, MentorProfile, Person
    from programs.models import MentoringForm

    curator = member(org, Role.CURATOR)
    form = MentoringForm.objects.get(organization=None, name="Учитель – учитель")
    people = Person.objects.bulk_create(
        [Person(organization=org, last_name=f"Участник{i}", first_name="Имя", school_class="9А") for i in range(4000)]
    )
    mentors = MentorProfile.objects.bulk_create([MentorProfile(person=p, status="active") for p in people[:2000]])
    mentees = MenteeProfile.objects.bulk_create([MenteeProfile(person=p, requests="Запрос") for p in people[2000:]])
    pairs = Mentorship.objects.bulk_create(
        [
            Mentorship(organization=org, mentor=m, form=form, started_on=date(2026, 9, 15), school_year=2026)
            for m in mentors
        ]
    )
    MentorshipMember.objects.bulk_create(
        [
            MentorshipMember(mentorship=p, mentee=m, joined_on=date(2026, 9, 15))
            for p, m in zip(pairs, mentees, strict=True)
        ]
    )
    client.force_login(curator)
    url = reverse("pairing:list")
    scale = _machine_scale(client, settings)
    _report("Первая страница списка пар (2000 пар)", _median_ms(lambda: client.get(url), runs=9), round(25 * scale, 1))


def test_refusing_a_small_file_of_millions_of_tiny_strings(org):
    """Issue 10: a small .xlsx whose shared strings unpack to ~47 MB (which kept a worker busy for 20–30 s)
    is refused within a second or two: the count stops at the limit, before openpyxl reads anything."""
    import io
    import zipfile

    from participants.importer import ImportFileError, check_file

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + b"<si><t>a</t></si>" * 2_700_000 + b"</sst>")
    content = buffer.getvalue()

    def refuse():
        try:
            check_file(io.BytesIO(content))
        except ImportFileError:
            return
        raise AssertionError("not refused")

    _report(f"Отказ по файлу {len(content) // 1024} КБ с ~47 МБ крошечных строк", _median_ms(refuse, runs=3), 2000)


def test_an_order_with_three_appendices_against_its_pages_rendered_alone(org):
    """One WeasyPrint pass for the order and its appendices, not one per appendix merged afterwards:
    within 1.3× the time of rendering the same pages as separate documents."""
    from documents import services as documents
    from documents.documents import order_context
    from mentoring_site.pdf import render_pdf
    from programs import services
    from tests.factories import LocalActFactory, ProgrammeFactory

    curator = member(org, Role.CURATOR)
    roadmap = services.roadmap_create_from_template(organization=org, actor=curator, start_year=2026)
    programme = ProgrammeFactory(organization=org, goal="Рост профессионального мастерства педагогов")
    act = LocalActFactory(organization=org)
    from datetime import date

    order = documents.order_create(
        organization=org,
        actor=curator,
        kind="approval",
        number="17-О",
        date=date(2026, 8, 29),
        title="Об утверждении положения, программы и дорожной карты",
        points="Утвердить документы.\nКонтроль за исполнением настоящего приказа оставляю за собой.",
    )
    for kind, document in (
        ("programs.roadmap", roadmap),
        ("programs.programme", programme),
        ("documents.local_act", act),
    ):
        documents.order_attach(order=order, actor=curator, kind=kind, object_id=document.pk)
    context = order_context(order)
    alone = {**context, "appendices": []}

    def together():
        render_pdf("documents/documents/order.html", context)

    def apart():
        render_pdf("documents/documents/order.html", alone)
        for appendix in context["appendices"]:
            render_pdf(
                "pdf/standalone.html",
                {"title": appendix.title, "orientation": appendix.orientation, "body": appendix.html},
            )

    one_pass, separate = _median_ms(together, runs=5), _median_ms(apart, runs=5)
    print(
        f"\nПриказ с тремя приложениями одним PDF: {one_pass:.0f} мс; те же страницы по отдельности: {separate:.0f} мс"
    )
    _report("Приказ с приложениями относительно тех же страниц по отдельности", one_pass / separate, 1.3, unit="×")


def test_declension_per_document():
    """The cases a document needs (a ФИО and an organization's name) cost under 5 ms: the analysers load
    once per process and each new name is declined once."""
    from mentoring_site.declension import decline, decline_full_name, decline_phrase

    decline("Лебедева Марина Олеговна", "genitive")  # the analysers load once per process
    counter = iter(range(10_000))

    def one_document():
        index = next(counter)  # new names every time: no cache hits
        decline_full_name(f"Петрова{index} Анна Сергеевна", "dative")
        decline_phrase(f"Муниципальное автономное учреждение «Школа № {index}»", "prepositional")

    _report("Склонение имён и наименования на один документ", _median_ms(one_document, runs=50), 5)
