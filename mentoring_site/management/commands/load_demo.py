from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from mentoring_site.demo import load_everything


class Command(BaseCommand):
    help = (
        "Загрузить демонстрационные организации, документы, базы и учётные записи (пароль demo-2026). "
        "Повторный запуск ничего не меняет."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.ALLOW_DEMO_DATA:
            raise CommandError(
                "Демо-данные не загружаются в рабочую базу: включите DJANGO_DEBUG или DJANGO_ALLOW_DEMO_DATA, "
                "если это действительно тестовая установка."
            )
        with transaction.atomic():
            created = load_everything()
        self.stdout.write(
            self.style.SUCCESS(f"Демо загружено: {', '.join(created)}. Пароль всех демо-учёток: demo-2026.")
        )
