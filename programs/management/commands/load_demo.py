from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from mentoring_site.plural import ru_count
from programs.demo import load_demo


class Command(BaseCommand):
    help = (
        "Загрузить демонстрационные организации и учётные записи (пароль demo-2026). Повторный запуск ничего не меняет."
    )

    def handle(self, *args, **options):
        if not settings.ALLOW_DEMO_DATA:
            raise CommandError(
                "Демо-данные не загружаются в рабочую базу: включите DJANGO_DEBUG или DJANGO_ALLOW_DEMO_DATA, "
                "если это действительно тестовая установка."
            )
        result = load_demo()
        self.stdout.write(
            self.style.SUCCESS(
                "Демо загружено: "
                f"{ru_count(result['organizations'], 'организация', 'организации', 'организаций')}, "
                f"{ru_count(result['users'], 'учётная запись', 'учётные записи', 'учётных записей')}. "
                "Пароль всех демо-учёток: demo-2026."
            )
        )
