"""Tables to download from the programs app (row producers over the one XLSX writer)."""

from collections.abc import Iterable

from django.utils import timezone

from mentoring_site.xlsx import Exporter, Row

from .models import Roadmap


class RoadmapExporter(Exporter):
    title = "Дорожная карта"
    headers = ("№", "Мероприятие", "Ответственные", "Срок", "Срок (дата)", "Результат", "Статус", "Просрочено")

    def __init__(self, roadmap: Roadmap) -> None:
        self.roadmap = roadmap  # with its sections and activities prefetched

    def caption(self) -> str:
        return f"{self.roadmap.title} — {self.roadmap.organization.short_name}"

    def filename(self) -> str:
        return f"Дорожная карта {self.roadmap.school_year}.xlsx"

    def rows(self) -> Iterable[Row]:
        today = timezone.localdate()
        for section in self.roadmap.sections.all():
            yield (section.number, section.title, "", "", "", "", "", "")
            for a in section.activities.all():
                yield (
                    a.number,
                    a.title + (f"\n{a.content}" if a.content else ""),
                    a.responsible,
                    a.deadline,
                    a.due_date,
                    a.result,
                    a.get_status_display(),
                    "просрочено" if a.is_overdue(today) else "",
                )
