from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from mentoring_site.demo import load_everything


class Command(BaseCommand):
    help = (
        "Загрузить демонстрационные организации, документы, базы и учётные записи (пароль demo-2026). "
        "Повторный запуск ничего не меняет."
    )

    def handle(self, *args, **options):
        if not settings.ALLOW_DEMO_DATA:
            raise CommandError(
                "Демо-данные не загружаются в рабочую базу: включите DJANGO_DEBUG или DJANGO_ALLOW_DEMO_DATA, "
                "если это действительно тестовая установка."
            )
        with transaction.atomic():
            results = load_everything()
        self.stdout.write(
            self.style.SUCCESS(f"Демо загружено: {self._summary(results)}. Пароль всех демо-учёток: demo-2026.")
        )

    def _summary(self, results) -> str:
        from mentoring_site.plural import ru_count

        programs = results.get("programs", {})
        parts = [
            ru_count(programs.get("organizations", 0), "организация", "организации", "организаций"),
            ru_count(programs.get("users", 0), "учётная запись", "учётные записи", "учётных записей"),
        ]
        if "participants" in results:
            parts.append(ru_count(results["participants"], "новый участник", "новых участника", "новых участников"))
        return ", ".join(parts)
