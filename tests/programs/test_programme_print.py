"""The programme prints as the school wrote it (seed 003): every table a table, every number kept,
the blocks in the school's order, no heading left alone at a page's foot.

The seed is a copy of ``../shared/seeds/003_b220e19e468f49c0.txt`` (the text the demo was converted
from) kept beside this file, so that a clean clone tests against it too; the PDF is read back with
pdftotext, page by page.
"""

import re
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from mentoring_site.printing import render_body, standalone_pdf
from mentoring_site.text import text_blocks
from programs import services
from programs.models import MentoringForm, Programme, RoleModel
from tests.factories import ProgrammeFactory

SEED = (Path(__file__).parent / "seed_003_programme.txt").read_text(encoding="utf-8")

_TAG = re.compile(r"<[^>]+>")
_NUMBER_CELL = re.compile(r"^\d+(?:\.\d+)*\.?$")  # «2.3.», «4.1»: a number in a cell of its own
_IN_CELL = re.compile(r"(?:^|\s)(\d+(?:\.\d+)*\.)\s+(?=[А-ЯЁ«])")  # «… 2. Разработка …» inside a cell or a line
_SECTION_HEADING = re.compile(r"^\d+\.\s+[А-ЯЁ]{3,}(?:\s+[А-ЯЁ]+)+")  # «6. МОНИТОРИНГ И ОЦЕНКА …»


def seed_numbered_items() -> list[tuple[str, str]]:
    """(number, text) of every numbered item of the seed but its section headings: the items of the
    management table, the monitoring and incentive lists and the rows and sections of the roadmap."""
    items = []
    for line in SEED.splitlines():
        if _SECTION_HEADING.match(line.strip()):
            continue
        cells = [_TAG.sub(" ", cell).strip() for cell in line.split("\t")]
        for index, cell in enumerate(cells):
            if _NUMBER_CELL.match(cell) and index + 1 < len(cells):
                items.append((cell, cells[index + 1]))
                continue
            parts = _IN_CELL.split(cell)
            items.extend((number, text.strip()) for number, text in zip(parts[1::2], parts[2::2], strict=True))
    return items


def seed_table_headers() -> list[list[str]]:
    """The header cells of every table of the seed: the first tab-separated row after a line of text,
    with the row under it when that row fills only the cells on the right («Проявление» → its three)."""
    lines = SEED.splitlines()
    headers, previous = [], ""
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if "\t" in line and "\t" not in previous:
            cells = [cell.strip() for cell in line.split("\t")]
            if not _NUMBER_CELL.match(cells[0]) and not _IN_CELL.match(cells[0]):
                header = [cell for cell in cells if cell]
                below = lines[index + 1] if index + 1 < len(lines) else ""
                if below.startswith("\t"):
                    header += [cell.strip() for cell in below.split("\t") if cell.strip()]
                headers.append(header)
        previous = line
    return headers


def seed_text_lines() -> list[str]:
    """The lines of running text of the seed (not table rows), without Markdown and list markers."""
    lines = []
    for line in SEED.splitlines():
        line = line.replace("*", "").strip().lstrip("-–+ ").strip()
        if line and "\t" not in line and "<" not in line:
            lines.append(line)
    return lines


def squeeze(text: str) -> str:
    """Text without spaces, dashes and soft hyphens: line breaks and hyphenation do not matter."""
    return re.sub(r"[\s\-‐–\u00ad]", "", text)


def first_words(text: str, count: int) -> str:
    return " ".join(text.split()[:count])


class _Tables(HTMLParser):
    """The header cells (<th>) of every <table>, and the text of headings and lead-ins."""

    def __init__(self):
        super().__init__()
        self.tables: list[list[str]] = []
        self.headings: list[str] = []
        self._cell: list[str] | None = None
        self._heading: list[str] | None = None
        self._heading_tag = ""

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "th":
            self._cell = []
        elif tag in {"h1", "h2", "h3", "p"}:
            self._heading, self._heading_tag = [], tag
            self._lead = "lead-in" in (dict(attrs).get("class") or "")

    def handle_endtag(self, tag):
        if tag == "th" and self._cell is not None:
            self.tables[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == self._heading_tag and self._heading is not None:
            text = " ".join("".join(self._heading).split())
            # A heading, or a line that leads into what follows («Показатели …:», «Задачи:»).
            if text and (tag != "p" or self._lead or text.endswith(":")):
                self.headings.append(text)
            self._heading = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._heading is not None:
            self._heading.append(data)


@dataclass(frozen=True)
class Printed:
    html: str  # the programme's body, as the page and the PDF render it
    css: str  # the PDF's style sheet
    text: str  # the PDF's text, squeezed
    pages: list[str]  # the text of each page, squeezed, without its footer


def _pdf_pages(pdf: bytes, tmp: Path) -> list[str]:
    path = tmp / "programme.pdf"
    path.write_bytes(pdf)
    # -raw: the text in the order WeasyPrint wrote it, the order of the document (a table row's cells one
    # after another), not guessed from the columns of the page.
    raw = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = [re.sub(r"Страница\s*\d+\s*из\s*\d+", "", page) for page in raw.split("\f")]
    return [squeeze(page) for page in pages if page.strip()]


@pytest.fixture(scope="module")
def seed_programme(django_db_setup, django_db_blocker, tmp_path_factory) -> Printed:
    """The demo's programme of «СОШ ст. Старица», printed once for the module (the demo is rolled back)."""
    from mentoring_site.demo import load_everything

    with django_db_blocker.unblock(), transaction.atomic():
        load_everything()
        programme = Programme.objects.get(organization__slug="staritsa")
        on = timezone.localdate()
        html = render_body("programs.programme", programme.organization, programme.pk, on)
        pdf = standalone_pdf("programs.programme", programme.organization, programme.pk, on, title=programme.title)
        transaction.set_rollback(True)
    css = render_to_string("pdf/base.html")
    pages = _pdf_pages(pdf, tmp_path_factory.mktemp("programme"))
    return Printed(html=html, css=css, text="".join(pages), pages=pages)


def test_the_seed_has_what_the_tests_walk_through():
    """22 numbered items of section 2 and 8 the issue names, among those of sections 6 and 9."""
    numbers = [number for number, _ in seed_numbered_items()]
    assert len(numbers) == 45 and numbers.count("2.11.") == 1 and "4.1" in numbers
    assert len(seed_table_headers()) == 7


@pytest.mark.parametrize(
    ("number", "text"), seed_numbered_items(), ids=[f"{n}{first_words(t, 2)}" for n, t in seed_numbered_items()]
)
def test_the_seed_003_programme_pdf_keeps_every_numbered_item_with_its_number(seed_programme, number, text):
    assert squeeze(f"{number} {first_words(text, 6)}") in seed_programme.text


@pytest.mark.parametrize("header", seed_table_headers(), ids=[header[0] for header in seed_table_headers()])
def test_every_table_of_the_seed_prints_as_a_table_with_its_header(seed_programme, header):
    parser = _Tables()
    parser.feed(seed_programme.html)
    assert header in parser.tables, f"no table headed {header}; tables: {parser.tables}"


def test_the_blocks_print_in_the_seeds_order(seed_programme):
    """Every line of running text of the seed is found after the one before it (the «Формы
    взаимодействия» and indicator tables, the closing words of section 4 are where the school put them)."""
    position = 0
    for line in seed_text_lines():
        # A section heading is printed without the organization's name the school added to two of them.
        words = 3 if _SECTION_HEADING.match(line) else 6
        found = seed_programme.text.find(squeeze(first_words(line, words)), position)
        assert found >= 0, f"not printed after what comes before it in the seed: {line!r}"
        position = found


def test_no_heading_is_left_alone_at_a_pages_foot(seed_programme):
    parser = _Tables()
    parser.feed(seed_programme.html)
    assert "Показатели эффективности реализации Программы наставничества" in parser.headings
    for heading in parser.headings:
        printed = squeeze(heading).upper()  # a section heading prints in capitals
        pages = [page.upper() for page in seed_programme.pages if printed in page.upper()]
        assert pages, f"a heading split across pages: {heading!r}"
        assert not any(page.endswith(printed) for page in pages), f"alone at a page's foot: {heading!r}"


@pytest.mark.parametrize("selector", [".programme h2", ".programme h3", ".programme p.lead-in"])
def test_headings_and_lead_ins_keep_with_what_follows(seed_programme, selector):
    css = re.sub(r"/\*.*?\*/", "", seed_programme.css, flags=re.DOTALL)
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", css)
    styles = " ".join(body for selectors, body in rules if selector in [s.strip() for s in selectors.split(",")])
    assert re.search(r"(?<![-\w])break-after:\s*avoid", styles), selector


# --- Programmes of other schools, typed in the programme form ---------------------------------------------------


@pytest.fixture
def typed_programme(org, curator):
    """A programme as a curator types it: lists one item per line, no numbers, two forms."""
    programme = ProgrammeFactory(
        organization=org,
        goal="рост профессионального мастерства молодых педагогов",
        tasks="адаптация молодых специалистов\nобмен опытом",
        monitoring="Мониторинг проводится дважды в год.\nЭтапы мониторинга:\n1. Входная анкета.\n2. Итоговая анкета.",
        monitoring_results="По итогам мониторинга куратор готовит справку.",
        mentor_base="ветеранов педагогического труда",
        bases_note="Базы пополняются в течение года.",
        incentives="Благодарственные письма\nПредставление к награждению",
    )
    teachers = MentoringForm.objects.get(organization=None, name="Учитель – учитель")
    students = MentoringForm.objects.get(organization=None, name="Ученик – ученик")
    programme.forms.set([teachers, students])
    programme.role_models.set(RoleModel.objects.filter(organization=None, form__in=[teachers, students]))
    services.programme_set_rows(
        programme=programme,
        actor=curator,
        rows={
            "responsibilities": [
                {"directions": "Утверждение документов\nНазначение куратора", "responsible": "Директор"}
            ],
            "mechanism": [{"stage": "Обучение наставников", "activities": "Семинар\nПрактикум"}],
        },
    )
    return programme


def test_a_typed_programme_prints_its_lists_tables_and_numbers(typed_programme, tmp_path):
    html = render_body("programs.programme", typed_programme.organization, typed_programme.pk, timezone.localdate())
    parser = _Tables()
    parser.feed(html)
    assert ["Форма", "Цель"] in parser.tables and ["Этапы реализации", "Мероприятия"] in parser.tables
    # Two forms: the role models are told apart by their form's name.
    assert "Форма наставничества «Учитель – учитель»" in html and "Форма наставничества «Ученик – ученик»" in html
    assert "Программа предусматривает формы наставничества: «Ученик – ученик», «Учитель – учитель»." in html
    pdf = standalone_pdf(
        "programs.programme", typed_programme.organization, typed_programme.pk, timezone.localdate(), title="x"
    )
    text = "".join(_pdf_pages(pdf, tmp_path))
    for printed in (
        "Цель: рост профессионального мастерства",
        "Задачи: – адаптация молодых специалистов – обмен опытом",
        "1. Утверждение документов 2. Назначение куратора",  # the management table numbers its lines
        "Этапы мониторинга: 1. Входная анкета. 2. Итоговая анкета.",
        "Базы пополняются в течение года.",
        "Обучение наставников Семинар Практикум",
        "недопустимый уровень. По итогам мониторинга куратор готовит справку.",
        "8. МЕХАНИЗМЫ МОТИВАЦИИ И ПООЩРЕНИЯ НАСТАВНИКОВ – Благодарственные письма – Представление к награждению",
    ):
        assert squeeze(printed) in text, printed


def test_the_printed_order_of_section_4_and_6_follows_the_form(typed_programme):
    html = render_body("programs.programme", typed_programme.organization, typed_programme.pk, timezone.localdate())
    assert html.index("База наставников формируется из:") < html.index("ветеранов") < html.index("Базы пополняются")
    assert html.index("Итоговая анкета") < html.index("Показатели эффективности") < html.index("готовит справку")


def test_a_new_version_keeps_the_mechanism(typed_programme, curator, director):
    services.document_submit(document=typed_programme, actor=curator)
    services.document_approve(document=typed_programme, actor=director, approval_date=timezone.localdate())
    new = services.document_new_version(document=typed_programme, actor=curator)
    assert list(new.mechanism.values_list("stage", "activities")) == [("Обучение наставников", "Семинар\nПрактикум")]
    assert new.bases_note == "Базы пополняются в течение года."
    assert new.monitoring_results == "По итогам мониторинга куратор готовит справку."


# --- Typed text → the blocks of a document ----------------------------------------------------------------------


def test_typed_text_becomes_paragraphs_lead_ins_headings_and_lists():
    blocks = text_blocks(
        "ЭТАП 1\nПервый этап направлен на оценку.\nЦели мониторинга:\n1. Оценка качества.\n2) Оценка пользы.\n"
        "Задачи мониторинга:\n- сбор обратной связи;\n• контроль хода\nИтоги подводит куратор."
    )
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "ЭТАП 1"),
        ("paragraph", "Первый этап направлен на оценку."),
        ("lead", "Цели мониторинга:"),
        ("numbered", ""),
        ("lead", "Задачи мониторинга:"),
        ("bullets", ""),
        ("paragraph", "Итоги подводит куратор."),
    ]
    assert blocks[3].items == [("1.", "Оценка качества."), ("2)", "Оценка пользы.")]
    assert blocks[5].items == [("", "сбор обратной связи;"), ("", "контроль хода")]


def test_a_list_typed_one_item_per_line_keeps_its_lead_in_and_numbers():
    blocks = text_blocks("Мероприятия:\nконкурс «Наставник года»\n2.3. Форум наставников", list_text=True)
    assert [(b.kind, b.text, b.items) for b in blocks] == [
        ("lead", "Мероприятия:", []),
        ("bullets", "", [("", "конкурс «Наставник года»")]),
        ("numbered", "", [("2.3.", "Форум наставников")]),
    ]
    # A short last line is a paragraph, not a heading with nothing under it; a date is not a number.
    assert [b.kind for b in text_blocks("Итоги\n2022 год был первым")] == ["heading", "paragraph"]
    assert [b.kind for b in text_blocks("Первый абзац.\nИтоги")] == ["paragraph", "paragraph"]
