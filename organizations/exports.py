"""Tables to download from the organizations app (row producers over the one XLSX writer)."""

from collections.abc import Iterable

from mentoring_site.xlsx import Exporter, Row

from .models import Organization
from .selectors import personal_data_access_rows


class PersonalDataAccessExporter(Exporter):
    title = "Доступ к ПДн"
    headers = ("№", "ФИО", "Должность", "Роль в системе", "Доступ к данным", "С какого числа", "E-mail")

    def __init__(self, organization: Organization) -> None:
        self.organization = organization

    def caption(self) -> str:
        return f"Перечень лиц, допущенных к обработке персональных данных: {self.organization.full_name}"

    def filename(self) -> str:
        return f"Доступ к ПДн — {self.organization.short_name}.xlsx"

    def rows(self) -> Iterable[Row]:
        for index, r in enumerate(personal_data_access_rows(self.organization), start=1):
            yield (
                index,
                r.full_name,
                "; ".join(r.positions),
                ", ".join(r.roles),
                "; ".join(r.scopes),
                r.since,
                r.email,
            )
