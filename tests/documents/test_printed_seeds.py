"""The printed documents read beside their seeds (../shared/seeds), page by page (issue 11).

Each test prints a document through the code its page uses and reads the PDF's text (``pdftotext``:
one string per page) for what a director checks before signing.
"""

import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.documents import order_pdf
from documents.models import LocalAct, Order
from mentoring_site.printing import standalone_pdf
from organizations.models import Organization
from participants.models import Person
from programs.models import Activity, Roadmap
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def pages(pdf: bytes, tmp_path) -> list[str]:
    """The PDF's text page by page, in writing order, with whitespace folded."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    raw = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    folded = [" ".join(page.replace("\u00ad", "").split()) for page in raw.split("\f") if page.strip()]
    # a word hyphenated at a line's end («методиче‐ скую», «Сов- Дарская») is read whole
    return [re.sub(r"(?<=\w)([‐-]) (?=\w)", lambda m: "" if m[1] == "‐" else "-", page) for page in folded]


def text(pdf: bytes, tmp_path) -> str:
    return " ".join(pages(pdf, tmp_path))


def roadmap_pdf(slug: str) -> bytes:
    roadmap = Roadmap.objects.filter(organization__slug=slug).order_by("start_year", "pk").first()
    return standalone_pdf("programs.roadmap", roadmap.organization, roadmap.pk, timezone.localdate(), title="")


def served(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_organizations_name_prints_with_nested_quotes_in_every_document(demo_documents, client, tmp_path):
    """«Гимназия «Жуковка»» in the header of an order, a roadmap, the Положение, the consent form, the
    printed base and the list of ПП 1119 prints as «Гимназия „Жуковка“» (one pair of «» per quotation)."""
    zhukovka = Organization.objects.get(slug="zhukovka")
    act = LocalAct.objects.get(organization=zhukovka, kind=LocalAct.Kind.REGULATION)
    client_for(client, zhukovka.memberships.get(role="director").user)
    person = Person.objects.filter(organization=zhukovka).first()
    documents = {
        "order": order_pdf(Order.objects.get(organization=zhukovka, number="16/1-О")),
        "roadmap": roadmap_pdf("zhukovka"),
        "act": standalone_pdf("documents.local_act", zhukovka, act.pk, timezone.localdate(), title=act.title),
        "consent": served(client, reverse("participants:consent-pdf", args=[person.pk])),
        "base": served(client, reverse("participants:base-export", args=["mentors", "pdf"])),
        "pd_access": served(client, reverse("organizations:pd-access-pdf")),
    }
    for name, pdf in documents.items():
        printed = text(pdf, tmp_path)
        assert "«Жуковка»»" not in printed, name
        assert "«Гимназия „Жуковка“»" in printed, name


def _draft_order(organization: Organization, kind: str) -> Order:
    """An order of ``kind`` as the curator gets it: the draft's text and its proposed appendices."""
    from documents import services
    from documents.order_kinds import order_draft

    today = timezone.localdate()
    draft = order_draft(kind, organization, today)
    return services.order_create(
        organization=organization,
        actor=organization.memberships.filter(role="director").first().user,
        kind=kind,
        number=services.next_order_number(organization, today),
        date=today,
        title=draft.title or "О наставничестве",
        preamble=draft.preamble,
        points="\n".join(draft.points),
        appendices=draft.appendices,
    )


def test_an_orders_signature_never_starts_a_page_alone(demo_documents, tmp_path):
    """ГОСТ Р 7.0.97: the signature stays on a page with the text it signs (the Сов-Дарская ООШ's order on
    implementation filled its first page and left «Директор … Л.Н. Прохорова» alone on the second)."""
    for organization in Organization.objects.all():
        for kind, _ in Order.Kind.choices:
            order = _draft_order(organization, kind)
            signed = [page for page in pages(order_pdf(order), tmp_path) if order.signer_name in page]
            assert signed, (organization.slug, kind)
            assert not signed[0].startswith(order.signer_position), (organization.slug, kind, signed[0][:80])


def _lines(pdf: bytes, tmp_path) -> list[str]:
    """The lines of the text up to the acquaintance sheet (an order's own pages, a consent form)."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    raw = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [line.strip() for line in raw.split("Лист ознакомления")[0].splitlines() if line.strip()]


# «№ | 273-ФЗ», «273- | ФЗ», «ст. | Старица» (but «2026 г.» ends a line well)
BROKEN = re.compile(r"(№|[0-9А-ЯЁ]-|(?<![\d_]\s)(?<!\w)(ст|г)\.)$")


def test_no_line_ends_inside_a_number_an_abbreviation_or_a_laws_name(demo_documents, client, tmp_path):
    """The Сов-Дарская ООШ's order broke «№ 273-ФЗ» as «273- | ФЗ», Старица's order «ст. | Старина», the
    consent form «152- | ФЗ»: a number, «№» before it and «ст.» before a name stay on one line."""
    documents = {}
    for organization in Organization.objects.all():
        for kind in (Order.Kind.IMPLEMENTATION, Order.Kind.APPROVAL, Order.Kind.CURATOR):
            documents[f"{organization.slug} {kind}"] = order_pdf(_draft_order(organization, kind))
    zhukovka = Organization.objects.get(slug="zhukovka")
    client_for(client, zhukovka.memberships.get(role="director").user)
    for person in Person.objects.filter(organization=zhukovka)[:3]:
        documents[f"consent {person}"] = served(client, reverse("participants:consent-pdf", args=[person.pk]))
    for name, pdf in documents.items():
        lines = _lines(pdf, tmp_path)
        broken = [line for line in lines if BROKEN.search(line)]
        assert not broken, (name, broken)
        # and nothing tied breaks a justified line too early («В | соответствии с … зако‐ | ном»)
        first = [" ".join(line.split()) for line in lines if re.match(r"В\s+соответствии\s+с\s+Федер", line)]
        assert all("законом от 29.12.2012" in line for line in first), (name, first)
        # … or leaves one word on a line of its own in mid-sentence («наставниче‐ | ства | педагогических»)
        pairs = zip(lines, lines[1:], strict=False)
        alone = [f"{a} | {b}" for a, b in pairs if " " not in a and re.search("[а-яё]", a) and b[:1].islower()]
        assert not alone, (name, alone)


def test_seed_001_roadmap_keeps_the_wording_of_each_stages_task(demo_documents, tmp_path):
    """Seed 001 opens the tasks of stages 6 and 7 with its own words; the print no longer replaces them
    with «Задача этапа — …»."""
    printed = text(roadmap_pdf("zhukovka"), tmp_path)
    assert "Задача этапа — создание благоприятных условий для запуска программы наставничества" in printed
    assert "Задача данного этапа — закрепление гармоничных и продуктивных отношений" in printed
    assert "Задачи этапа: подведение итогов работы каждой пары или группы" in printed
    assert "Задача этапа — Задач" not in printed


def test_seed_001_roadmap_heads_its_table_as_the_seed_does(demo_documents, tmp_path):
    printed = pages(roadmap_pdf("zhukovka"), tmp_path)
    table = [page for page in printed if "Ответственный Срок Результат мероприятия" in page]
    assert table
    assert all("Мероприятие, которое необходимо провести для внедрения ЦМН Ответственный" in page for page in table)


def test_a_roadmap_row_that_opens_items_stays_with_them(demo_documents, tmp_path):
    """Seed 002: «7.1. Контроль реализации мероприятий …:» (no deadline, no one responsible) was left at the
    foot of page 4, its item 7.1.1 on page 5; it goes over with its item, and its section with it."""
    printed = pages(roadmap_pdf("sov-dar"), tmp_path)
    leads = [
        activity
        for activity in Activity.objects.filter(section__roadmap__organization__slug="sov-dar").order_by(
            "section__order", "order"
        )
        if activity.is_lead
    ]
    assert {a.number for a in leads} == {"7.1.", "7.2."}
    for lead in leads:
        page = next(page for page in printed if f"{lead.number} {lead.title[:20]}" in page)
        assert f"{lead.number}1." in page, lead.number  # «7.1.» and «7.1.1.» on one page
    section = next(page for page in printed if "7. Координация и управление" in page)
    assert "7.1. Контроль" in section


def test_seed_002_activities_break_lines_only_where_the_school_did(demo_documents):
    """The seed's text was copied from a narrow column: «утвержденной распоряжением | Минпросвещения
    России», «в | 2021/2022 учебном году» printed as forced line breaks in the middle of a sentence. A
    roadmap prints a line break of an activity as typed, so only a list item («- …», «· …») or the end of
    a sentence or a lead-in starts a new line."""
    titles = Activity.objects.filter(section__roadmap__organization__slug="sov-dar").values_list("title", flat=True)
    breaks = [
        re.search(r"(\S*)\s*$", before)[1] + " | " + after.lstrip()
        for title in titles
        for before, after in _breaks(title)
    ]
    assert breaks  # the lists of items 1.6, 3.4, 3.7 and 7.1.1 keep theirs
    mid_sentence = [b for b in breaks if not re.search(r"[:;.,] \| |\| [-·]", b)]
    assert not mid_sentence


def _breaks(title: str) -> list[tuple[str, str]]:
    lines = title.split("\n")
    return [(lines[i], lines[i + 1]) for i in range(len(lines) - 1)]


def test_the_order_on_approval_names_its_appendices_by_the_numbers_they_print_under(demo_documents, client, tmp_path):
    """«Гимназия „Жуковка“» has a Положение and a roadmap but no programme: the order approves these two
    (its title names no programme), the text says «(приложение 1)» and «(приложение 2)», and the appendices
    print under those numbers, whatever order the form's list of documents sends them in."""
    zhukovka = Organization.objects.get(slug="zhukovka")
    client_for(client, zhukovka.memberships.get(role="director").user)
    url = reverse("documents:order-create") + "?kind=approval"
    form = client.get(url).context["form"]
    assert form.initial["title"] == "Об утверждении положения о наставничестве и дорожной карты"
    points = form.initial["points"]
    assert "Утвердить Положение о наставничестве в Гимназии «Жуковка» (приложение 1)." in points
    assert "Утвердить дорожную карту реализации Целевой модели наставничества" in points
    assert "(приложение 2)." in points
    act = LocalAct.objects.get(organization=zhukovka, kind=LocalAct.Kind.REGULATION)
    roadmap = Roadmap.objects.filter(organization=zhukovka).order_by("-start_year").first()
    data = {key: value for key, value in form.initial.items() if value is not None}
    data["date"] = data["date"].isoformat()
    data["appendix"] = [f"programs.roadmap:{roadmap.pk}", f"documents.local_act:{act.pk}"]  # the list's order
    assert client.post(url, data).status_code == 302
    order = Order.objects.get(organization=zhukovka, title=form.initial["title"])
    assert [(a.number, a.kind) for a in order.appendices.all()] == [(1, "documents.local_act"), (2, "programs.roadmap")]
    printed = pages(order_pdf(order), tmp_path)
    first = next(page for page in printed if f"Приложение 1 к приказу от {order.date:%d.%m.%Y}" in page)
    assert "Положение о наставничестве в Гимназии" in first


def test_the_list_of_ppd_1119_is_approved_by_the_director_of_the_organization(demo_documents, client, tmp_path):
    """The grif read «Директор | Гимназия «Жуковка» | Демина Е.И.»: the organization in the genitive and the
    name as under a signature, as every other grif."""
    zhukovka = Organization.objects.get(slug="zhukovka")
    client_for(client, zhukovka.memberships.get(role="director").user)
    printed = text(served(client, reverse("organizations:pd-access-pdf")), tmp_path)
    assert "УТВЕРЖДАЮ Директор Гимназии «Жуковка» _____________ Е.И. Демина" in printed


def test_the_printed_base_of_mentors_shows_a_student_mentors_class(demo_documents, client, tmp_path):
    zhukovka = Organization.objects.get(slug="zhukovka")
    student = Person.objects.get(organization=zhukovka, last_name="Григорьев")
    assert student.school_class and not student.position
    client_for(client, zhukovka.memberships.get(role="director").user)
    printed = text(served(client, reverse("participants:base-export", args=["mentors", "pdf"])), tmp_path)
    assert f"Григорьев Артём Павлович {student.school_class} Ученик – ученик" in printed
    assert "Класс / должность" in printed


def test_seed_002_working_group_prints_as_the_school_wrote_it(demo_documents, tmp_path):
    """Seed 002: «Состав рабочей группы, осуществляющей организационную, методическую и аналитическую
    деятельность по внедрению Целевой модели наставничества в МБОУ Сов_Дарская ООШ», a row per member: the
    role, the name, «Должность и место работы». The order on implementation prints it as its appendix 1."""
    sov_dar = Organization.objects.get(slug="sov-dar")
    order = _draft_order(sov_dar, Order.Kind.IMPLEMENTATION)
    assert "Утвердить состав рабочей группы по внедрению целевой модели наставничества (приложение 1)." in order.points
    title = (
        "Состав рабочей группы, осуществляющей организационную, методическую и аналитическую деятельность "
        "по внедрению целевой модели наставничества в МБОУ Сов-Дарская ООШ"
    )
    printed = pages(order_pdf(order), tmp_path)
    assert f"Приложения: 1. {title} 2." in " ".join(printed[:2])
    group = next(page for page in printed if f"Приложение 1 к приказу от {order.date:%d.%m.%Y}" in page)
    assert title in group
    assert "Роль в группе ФИО Должность и место работы" in group
    assert "Председатель группы Цвиринько Ирина Петровна Заместитель директора по УВР" in group
    assert "Куратор Сиваш Ольга Анатольевна Руководитель МО" in group


def test_seed_001_curator_is_appointed_curator_once(demo_documents, tmp_path):
    """Seed 001 names Лебедева М.О. «заместителя директора по УВР»; with «куратор проекта наставничества» in
    her position the order read «Назначить …, куратора проекта наставничества, куратором реализации…»."""
    zhukovka = Organization.objects.get(slug="zhukovka")
    printed = text(order_pdf(_draft_order(zhukovka, Order.Kind.CURATOR)), tmp_path)
    assert "Назначить Лебедеву Марину Олеговну, заместителя директора по УВР, куратором реализации" in printed


def test_a_roadmaps_deadline_keeps_the_year_with_its_abbreviation(demo_documents, tmp_path):
    """Seed 001's «Декабрь 2022 г.» printed «Декабрь 2022 | г.» in its narrow column."""
    path = tmp_path / "roadmap.pdf"
    path.write_bytes(roadmap_pdf("zhukovka"))
    run = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    layout = run.stdout.replace("\u00a0", " ")
    assert "2022 г." in layout
    assert not re.search(r"(^|\s{2})г\.(\s{2}|$)", layout, flags=re.MULTILINE)  # a lone «г.» in a cell


def _alone_fragments(pdf: bytes, tmp_path) -> list[str]:
    """Lines (of any column) holding only the first part of a hyphenated word («мониторин‐»)."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    layout = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return [line.strip() for line in layout.stdout.splitlines() if re.fullmatch(r"\s*\w+‐\s*", line)]


def test_a_hyphenated_word_never_leaves_its_first_part_alone_on_a_line(demo_documents, tmp_path):
    """Seed 001, stage 4: «…для будущего сравнения и | мониторин‐ | га влияния программ…» (the template's
    line break before the cell's end made WeasyPrint break the line too early)."""
    order = Order.objects.get(organization__slug="zhukovka", number="16/1-О")
    assert not _alone_fragments(order_pdf(order), tmp_path)
    # Старица's order on approval: an appendix's title split at the page's foot («настав‐ | ниче‐ | ства»)
    staritsa = _draft_order(Organization.objects.get(slug="staritsa"), Order.Kind.APPROVAL)
    assert not _alone_fragments(order_pdf(staritsa), tmp_path)


def test_the_printed_base_breaks_lines_only_where_they_end_and_never_inside_a_name(demo_documents, client, tmp_path):
    """The base of mentees printed «Молодой специа‐ | лист (стаж 0–3 года)» in a cell with room for the whole
    phrase (a box around a capitalised word), and the issue saw «Мари‐ | на» in a list of names."""
    zhukovka = Organization.objects.get(slug="zhukovka")
    client_for(client, zhukovka.memberships.get(role="director").user)
    for base in ("mentors", "mentees"):
        pdf = served(client, reverse("participants:base-export", args=[base, "pdf"]))
        assert not _alone_fragments(pdf, tmp_path), base
        path = tmp_path / "base.pdf"
        path.write_bytes(pdf)
        layout = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
        for person in Person.objects.filter(organization=zhukovka):
            for name in (person.last_name, person.first_name, person.patronymic):
                assert not any(f"{name[:cut]}‐" in layout for cut in range(2, len(name))), (base, name)
    mentees = served(client, reverse("participants:base-export", args=["mentees", "pdf"]))
    path.write_bytes(mentees)
    layout = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    assert "Молодой специалист (стаж 0–3 года)," in layout


@pytest.mark.parametrize("slug", ["oosh-11", "zhukovka", "sov-dar", "staritsa", "sevcol"])
def test_no_space_before_a_comma_or_a_colon_in_a_seed_roadmap(demo_documents, slug, tmp_path):
    """Seed 002 wrote «Зам.директора , Классные рукводители»: the punctuation is set right, the words are
    the school's."""
    printed = text(roadmap_pdf(slug), tmp_path)
    assert " ," not in printed and " :" not in printed


def test_the_grif_keeps_the_schools_name_whole(demo_documents, client, tmp_path):
    """«Директор школы МБОУ «СОШ ст. | Старица»» in the grif of seed 003's programme and of the ПП 1119 list."""
    from programs.models import Programme

    staritsa = Organization.objects.get(slug="staritsa")
    programme = Programme.objects.get(organization=staritsa)
    client_for(client, staritsa.memberships.get(role="director").user)
    documents = {
        "programme": standalone_pdf("programs.programme", staritsa, programme.pk, timezone.localdate(), title=""),
        "pd_access": served(client, reverse("organizations:pd-access-pdf")),
    }
    for name, pdf in documents.items():
        assert not [line for line in _lines(pdf, tmp_path) if BROKEN.search(line)], name


def test_seed_003_programme_is_justified_with_hyphenation(demo_documents, tmp_path):
    """Justified without hyphenation, the programme's first page read «Распоряжением     Правительства     от»."""
    from programs.models import Programme

    staritsa = Organization.objects.get(slug="staritsa")
    programme = Programme.objects.get(organization=staritsa)
    path = tmp_path / "programme.pdf"
    path.write_bytes(standalone_pdf("programs.programme", staritsa, programme.pk, timezone.localdate(), title=""))
    first = subprocess.run(["pdftotext", "-l", "1", str(path), "-"], capture_output=True, text=True).stdout
    assert first.count("‐\n") >= 3  # words hyphenated at the ends of the explanatory note's lines
