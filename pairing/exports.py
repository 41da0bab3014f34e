"""The list of pairs and groups as a table (row producer over the one XLSX writer)."""

from collections.abc import Iterable

from django.db.models import QuerySet

from mentoring_site.xlsx import Exporter, Row
from organizations.models import Organization

from .models import Mentorship


class MentorshipExporter(Exporter):
    title = "Наставнические пары и группы"
    headers = ("№", "Наставник", "Наставляемые", "Форма", "Ролевая модель", "Начало", "Плановое окончание", "Статус")

    def __init__(self, organization: Organization, mentorships: QuerySet[Mentorship]) -> None:
        self.organization = organization
        self.mentorships = mentorships  # with ``current_members`` prefetched (at the end for closed pairs)

    def caption(self) -> str:
        return f"{self.title}: {self.organization.full_name}"

    def filename(self) -> str:
        return f"{self.title} — {self.organization.short_name}.xlsx"

    def rows(self) -> Iterable[Row]:
        ordered = self.mentorships.order_by("mentor__person__last_name", "pk")
        for i, m in enumerate(ordered, start=1):
            yield (
                i,
                m.mentor.person.full_name,
                "; ".join(x.mentee.person.name_and_place for x in m.current_members),
                m.form.name,
                m.role_model.name if m.role_model else "",
                m.started_on,
                m.planned_end_on,
                m.get_status_display(),
            )
