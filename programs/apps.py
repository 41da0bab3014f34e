from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Организации и программы"

    def ready(self):
        from . import dashboard  # noqa: F401  (registers the dashboard panels)
