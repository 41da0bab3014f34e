from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from organizations.models import Organization
from participants.importer import ImportFileError, KindMismatchError, apply_import, plan_import


class Command(BaseCommand):
    help = "Импорт сотрудников или обучающихся из Excel (.xlsx): всё или ничего, с построчным списком ошибок."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--organization", required=True, help="адрес организации в системе (slug)")
        parser.add_argument("--kind", choices=["staff", "students"], default="staff")
        parser.add_argument("--dry-run", action="store_true", help="только показать, что изменится")
        parser.add_argument("--actor", help="логин того, кто импортирует (для журнала изменений)")

    def handle(self, *args, **options):
        organization = Organization.objects.filter(slug=options["organization"]).first()
        if organization is None:
            raise CommandError(f"Нет организации с адресом «{options['organization']}».")
        actor = None
        if options["actor"]:
            actor = get_user_model().objects.filter(username=options["actor"]).first()
        try:
            with open(options["file"], "rb") as handle:
                plan = plan_import(handle, organization=organization, kind=options["kind"])
                if not plan.ok:
                    for error in plan.errors:
                        self.stderr.write(str(error))
                    raise CommandError(f"Ошибок: {len(plan.errors)}. Ничего не сохранено.")
                self.stdout.write(
                    f"Будет добавлено: {len(plan.created)}, обновлено: {len(plan.updated)}, "
                    f"без изменений: {len(plan.unchanged)}."
                )
                if options["dry_run"]:
                    return
                created, updated = apply_import(plan, organization=organization, actor=actor)
        except FileNotFoundError as error:
            raise CommandError(f"Нет такого файла: {options['file']}") from error
        except KindMismatchError as error:
            raise CommandError(
                f"{error.summary} Ничего не сохранено: запустите команду с --kind {error.suggested}."
            ) from error
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        except ValidationError as error:
            raise CommandError("Ничего не сохранено: " + " ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Импорт завершён: добавлено {created}, обновлено {updated}."))
