"""Charts drawn on the server as SVG (pygal): the same chart on a page and in a PDF, each with its figures
as a table beside it (for screen readers and for those who would rather read), legible in black and white
(values printed on the bars, dark and light fills, not colour alone).

A page shows a chart as ``<img src="data:image/svg+xml;base64,…">`` (an image runs no script and needs no
inline style, so the page's CSP stays strict); a PDF embeds the SVG itself (WeasyPrint draws inline SVG and
its restricted fetcher allows no ``data:`` URL).
"""

import base64
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

# Dark and light fills that stay apart when printed in grey; the font the PDFs embed.
PALETTE = ("#3d6a99", "#c9d7e6", "#8c2f26", "#6b7d8c", "#d9a441")
STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#222222",
    foreground_strong="#111111",
    foreground_subtle="#555555",
    colors=PALETTE,
    value_colors=("#ffffff", "#111111", "#ffffff", "#ffffff", "#111111"),
    font_family="DejaVu Serif, Doc Serif, serif",
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=12,
    value_label_font_size=12,
    legend_font_size=13,
    title_font_size=15,
    opacity="1",
    opacity_hover="1",
)
_SCRIPT = re.compile(r"<script.*?</script>", re.DOTALL)


@dataclass(frozen=True)
class Chart:
    title: str
    svg: str  # the SVG markup, without scripts
    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode("utf-8")).decode("ascii")

    @property
    def inline(self) -> SafeString:
        return mark_safe(self.svg)  # noqa: S308  (pygal's own markup; labels are escaped by pygal's etree)


def _ru(value: float | None) -> str:
    """A value on a bar or an axis as Russian writes it: «4,8», «5»."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def _config(**overrides: Any) -> dict[str, Any]:
    return {
        "style": STYLE,
        "value_formatter": _ru,
        "js": [],
        "disable_xml_declaration": True,
        "print_values": True,
        "show_legend": True,
        "legend_at_bottom": True,
        "width": 760,
        "height": 420,
        "truncate_label": -1,
        "truncate_legend": -1,
        "explicit_size": False,
        **overrides,
    }


def _render(chart: Any, title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> Chart:
    svg = _SCRIPT.sub("", chart.render(is_unicode=True))
    return Chart(title=title, svg=svg, headers=tuple(headers), rows=tuple(tuple(r) for r in rows))


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def indicator_bars(scores: Sequence[tuple[int, str, int | None]], title: str = "Баллы по показателям") -> Chart:
    """The nine indicators' scores 0–2 as horizontal bars, the first on top: (number, text, score)."""
    chart = pygal.HorizontalBar(**_config(range=(0, 2), show_legend=False, height=60 + 42 * len(scores)))
    chart.title = title
    chart.y_labels = [0, 1, 2]
    top_down = list(reversed(scores))  # pygal draws the first label at the bottom
    chart.x_labels = [f"{number}. {_short(text)}" for number, text, _score in top_down]
    chart.add("Балл", [score for _n, _t, score in top_down])
    rows = [(number, text, "не оценён" if score is None else score) for number, text, score in scores]
    return _render(chart, title, ("№", "Показатель", "Балл (0–2)"), rows)


def level_bar(total: int, bands: Sequence[tuple[str, int, int]], title: str = "Уровень") -> Chart:
    """The total against the scale 0–18 with the bands' boundaries marked: (name, low, high), best first."""
    chart = pygal.HorizontalBar(**_config(height=200, range=(0, 18), show_legend=False))
    chart.title = title
    chart.y_labels = sorted({0, 18, *[low for _n, low, _h in bands], *[high for _n, _l, high in bands]})
    chart.x_labels = ["Сумма баллов"]
    chart.add("Сумма баллов", [total])
    rows = [*[(name, f"{low}–{high}") for name, low, high in bands], ("Итог", total)]
    return _render(chart, title, ("Уровень", "Баллы"), rows)


def before_after(
    parameters: Sequence[tuple[str, float | None, float | None]], *, scale: str = "", title: str = "До и после"
) -> Chart:
    """Mean scores per parameter before and after: (parameter, before, after)."""
    chart = pygal.HorizontalBar(**_config(height=80 + 56 * max(len(parameters), 1)))
    chart.title = title
    chart.x_labels = [_short(name) for name, _b, _a in parameters]
    chart.add("До", [round(b, 1) if b is not None else None for _n, b, _a in parameters])
    chart.add("После", [round(a, 1) if a is not None else None for _n, _b, a in parameters])
    headers = ("Параметр", f"До{scale}", f"После{scale}", "Изменение")
    rows = [
        (name, _num(b), _num(a), _num(a - b, signed=True) if a is not None and b is not None else "—")
        for name, b, a in parameters
    ]
    return _render(chart, title, headers, rows)


def shares(items: Sequence[tuple[str, int, int]], *, title: str, part: str, whole: str) -> Chart:
    """Shares as bars in per cent: (label, part, whole) — response rates, coverage."""
    chart = pygal.HorizontalBar(
        **_config(range=(0, 100), show_legend=False, height=80 + 42 * max(len(items), 1), value_formatter=_percent)
    )
    chart.title = title
    chart.y_labels = [{"value": v, "label": f"{v} %"} for v in (0, 25, 50, 75, 100)]  # a readable axis in print
    chart.x_labels = [_short(label) for label, _p, _w in items]
    chart.add("%", [round(p * 100 / w, 1) if w else None for _l, p, w in items])
    rows = [(label, p, w, _percent(p * 100 / w) if w else "—") for label, p, w in items]
    return _render(chart, title, ("", part, whole, "Доля"), rows)


def stages(items: Sequence[tuple[str, int, int, int]], title: str = "Дорожная карта по этапам") -> Chart:
    """Roadmap progress: (stage, done, overdue, total) as stacked bars of activities."""
    chart = pygal.HorizontalStackedBar(**_config(height=100 + 42 * max(len(items), 1)))
    chart.title = title
    chart.x_labels = [_short(name) for name, *_rest in items]
    chart.add("Выполнено", [done or None for _n, done, _o, _t in items])
    chart.add("Просрочено", [overdue or None for _n, _d, overdue, _t in items])
    chart.add("Впереди", [(total - done - overdue) or None for _n, done, overdue, total in items])
    rows = [(name, done, overdue, total) for name, done, overdue, total in items]
    return _render(chart, title, ("Этап", "Выполнено", "Просрочено", "Всего"), rows)


def counts(items: Sequence[tuple[str, int]], *, title: str, unit: str = "") -> Chart:
    """Counts as bars (pairs by status)."""
    chart = pygal.HorizontalBar(**_config(show_legend=False, height=80 + 42 * max(len(items), 1)))
    chart.title = title
    chart.x_labels = [label for label, _n in items]
    chart.add(unit or "Число", [n for _l, n in items])
    return _render(chart, title, ("", unit or "Число"), items)


def _num(value: float | None, *, signed: bool = False) -> str:
    if value is None:
        return "—"
    text = f"{value:+.1f}" if signed else f"{value:.1f}"
    return text.replace(".", ",").replace("-", "−")


def _percent(value: float) -> str:
    return f"{value:.1f} %".replace(".", ",")
