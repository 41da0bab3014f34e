"""Text typed one item per line (requests, order points, programme lists) → the items."""

LIST_MARKERS = "-•+·"


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
