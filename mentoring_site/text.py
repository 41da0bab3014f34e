"""Text typed one item per line (requests, order points, programme lists) → the items, and text
typed as a school writes a document (paragraphs, lead-ins, «-» lists, numbered lists) → its blocks."""

import re
from dataclasses import dataclass, field
from typing import Literal

LIST_MARKERS = "-•+·"

# «- item», «– item», «• item», «+ item»: a bulleted line of a typed list.
_BULLET = re.compile(r"^[-–—•+·]\s*(?=\S)")
# «1. item», «2) item», «2.3. item»: a numbered line, the number kept as the school wrote it.
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*[.)])\s+(?=\S)")
_SENTENCE_END = ".,;:!?…"
HEADING_MAX_CHARS = 80


def text_lines(text: str | None, *, strip_markers: bool = False) -> list[str]:
    """Non-empty lines, stripped; with ``strip_markers`` also without a leading «-», «•», «+», «·»."""
    items = []
    for line in (text or "").splitlines():
        line = line.strip()
        if strip_markers:
            line = line.lstrip(LIST_MARKERS).strip()
        if line:
            items.append(line)
    return items


def list_items(text: str | None) -> list[str]:
    """The items of a list typed one per line, without the markers or numbers typed before them:
    the print numbers them itself («1. …» and «- …» both give «…»)."""
    return [_NUMBERED.sub("", _BULLET.sub("", line)).strip() for line in text_lines(text)]


@dataclass(frozen=True)
class TextBlock:
    """A block of a typed document text.

    ``lead`` is a line that introduces what follows («Задачи мониторинга:») and ``heading`` a short line
    without a full stop («ЭТАП 1»): both are printed with what follows, never alone at a page's foot.
    ``bullets`` and ``numbered`` hold their items as (number, text); a numbered item keeps its number.
    """

    kind: Literal["paragraph", "lead", "heading", "bullets", "numbered"]
    text: str = ""
    items: list[tuple[str, str]] = field(default_factory=list)


def _is_heading(line: str) -> bool:
    return len(line) <= HEADING_MAX_CHARS and line[0].isupper() and line[-1] not in _SENTENCE_END


def text_blocks(text: str | None, *, list_text: bool = False) -> list[TextBlock]:
    """The blocks of ``text`` in their order.

    A line starting with «-», «–», «•» or «+» is an item of a bulleted list, one starting with «1.»,
    «2)» or «2.3.» an item of a numbered list (the number kept); a line ending with a colon is a
    lead-in. Any other line is a paragraph of a text — or, with ``list_text`` (a field typed «one item
    per line»), an item of a bulleted list. A short line without a full stop followed by more text is a
    heading of a text.
    """
    lines = text_lines(text)
    blocks: list[TextBlock] = []

    def add_item(kind: Literal["bullets", "numbered"], number: str, item: str) -> None:
        if not blocks or blocks[-1].kind != kind:
            blocks.append(TextBlock(kind))
        blocks[-1].items.append((number, item))

    for index, line in enumerate(lines):
        if numbered := _NUMBERED.match(line):
            add_item("numbered", numbered.group(1), line[numbered.end() :])
        elif bullet := _BULLET.match(line):
            add_item("bullets", "", line[bullet.end() :])
        elif line.endswith(":"):
            blocks.append(TextBlock("lead", line))
        elif list_text:
            add_item("bullets", "", line)
        elif index + 1 < len(lines) and _is_heading(line):
            blocks.append(TextBlock("heading", line))
        else:
            blocks.append(TextBlock("paragraph", line))
    return blocks
