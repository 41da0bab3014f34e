"""Writing XLSX files safely: user text is always stored as text, never as a formula.

Exports only produce rows (pretix's exporters): a subclass of :class:`Exporter` says its title,
headers and ``rows()``; :func:`export_response` writes them through the one safe writer.
"""

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from io import BytesIO
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from mentoring_site.files import content_disposition

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Row = Sequence[Any]


def write_xlsx(*, title: str, headers: Sequence[str], rows: Iterable[Row], caption: str = "") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if sheet is None:  # a new workbook always has one sheet
        sheet = workbook.create_sheet()
    sheet.title = ILLEGAL_CHARACTERS_RE.sub("", title)[:31]
    caption = ILLEGAL_CHARACTERS_RE.sub("", caption)  # an organization's name may hold control characters
    first_row = 1
    if caption:
        sheet.cell(row=1, column=1, value=caption).font = Font(bold=True, size=12)
        sheet.cell(row=1, column=1).data_type = "s"
        first_row = 3
    for col, header in enumerate(headers, start=1):
        cell = sheet.cell(row=first_row, column=col, value=header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [len(h) for h in headers]
    for row_index, row in enumerate(rows, start=first_row + 1):
        for col, value in enumerate(row, start=1):
            if isinstance(value, datetime):
                value = value.replace(tzinfo=None)
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters break the file
            cell = sheet.cell(row=row_index, column=col, value=value)
            if isinstance(value, str):
                # openpyxl would store "=..." as a formula: force a plain string cell.
                cell.data_type = "s"
            elif isinstance(value, date):
                cell.number_format = "DD.MM.YYYY"
            widths[col - 1] = max(widths[col - 1], min(len(str(value or "")), 60))
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width + 2
    sheet.freeze_panes = sheet.cell(row=first_row + 1, column=1)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response


class Exporter(ABC):
    """A table to download: a subclass says what it holds and yields the rows, nothing else."""

    title: str = ""  # sheet name and the start of the file name
    headers: Sequence[str] = ()

    def caption(self) -> str:
        return self.title

    def filename(self) -> str:
        return f"{self.title}.xlsx"

    @abstractmethod
    def rows(self) -> Iterable[Row]:
        """The rows of the table, in the order of ``headers``."""

    def xlsx(self) -> bytes:
        return write_xlsx(title=self.title, caption=self.caption(), headers=self.headers, rows=self.rows())


def export_response(exporter: Exporter) -> HttpResponse:
    return xlsx_response(exporter.xlsx(), exporter.filename())
