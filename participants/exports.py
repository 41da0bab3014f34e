"""The two bases as tables (row producers): one producer for the Excel file and the printed list."""

from collections.abc import Iterable
from typing import Any

from mentoring_site.xlsx import Exporter, Row
from organizations.models import Organization


class BaseExporter(Exporter):
    """``profiles``: MentorProfile or MenteeProfile rows with their person (and prefetched lists)."""

    def __init__(self, organization: Organization, profiles: Iterable[Any]) -> None:
        self.organization = organization
        self.profiles = profiles

    def caption(self) -> str:
        return f"{self.title}: {self.organization.full_name}"

    def filename(self) -> str:
        return f"{self.title} — {self.organization.short_name}.xlsx"


class MentorBaseExporter(BaseExporter):
    title = "База наставников"
    # A student mentor («Ученик – ученик») shows the class, a teacher the position.
    headers = ("№", "ФИО", "Класс / должность", "Стаж", "Формы наставничества", "Чем может быть полезен", "Статус")

    def rows(self) -> Iterable[Row]:
        for i, m in enumerate(self.profiles, start=1):
            yield (
                i,
                m.person.full_name,
                m.person.place,
                m.person.experience_years,
                ", ".join(f.name for f in m.form_list),
                m.can_help_with,
                m.get_status_display(),
            )


class MenteeBaseExporter(BaseExporter):
    title = "База наставляемых"
    headers = ("№", "ФИО", "Класс / должность", "Категории", "Запросы", "Источник", "Статус")

    def rows(self) -> Iterable[Row]:
        for i, m in enumerate(self.profiles, start=1):
            yield (
                i,
                m.person.full_name,
                m.person.place,
                ", ".join(c.name for c in m.category_list),
                "; ".join(m.request_list),
                m.get_source_display(),
                m.get_status_display(),
            )
