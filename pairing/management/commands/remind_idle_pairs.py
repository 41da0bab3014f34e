"""Daily: one e-mail to the mentor of each pair without a meeting for over 14 days (once per idle spell).

Cron (every day at 08:00; running it again the same day sends nothing):
    0 8 * * *  cd /srv/nastavnik && .venv/bin/python manage.py remind_idle_pairs  (links: DJANGO_SITE_URL)
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mentoring_site.plural import ru_count
from pairing.meetings import remind_idle_pairs


class Command(BaseCommand):
    help = "Напомнить наставникам пар без встреч больше 14 дней (одно письмо на период без встреч)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=settings.SITE_URL,
            help="Адрес сайта для ссылок в письме, например https://nastavnik.school.ru "
            "(по умолчанию — настройка DJANGO_SITE_URL, как у ссылок анкет).",
        )

    def handle(self, *args, base_url, **options):
        base_url = (base_url or "").strip().rstrip("/")
        if not base_url.startswith(("http://", "https://")):
            raise CommandError(
                "Укажите адрес сайта для ссылок в письмах: --base-url https://… или переменная DJANGO_SITE_URL."
            )
        run = remind_idle_pairs(today=timezone.localdate(), base_url=base_url)
        self.stdout.write(f"Отправлено напоминаний: {len(run.sent)}.")
        for mentorship in run.without_address:
            self.stdout.write(
                f"Нет адреса электронной почты у наставника {mentorship.mentor.person.full_name} "
                f"({mentorship.organization.short_name}): напоминание не отправлено."
            )
        if run.failed:
            raise CommandError(
                f"Почтовый сервер не принял {ru_count(len(run.failed), 'письмо', 'письма', 'писем')}: "
                "они будут отправлены при следующем запуске."
            )
