from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Организации и программы"

    def ready(self):
        from mentoring_site.demo import register_demo_loader

        from . import dashboard  # noqa: F401  (registers the dashboard panels)
        from .demo import load_demo

        register_demo_loader(order=10)(load_demo)
