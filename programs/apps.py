from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Программы и дорожные карты"

    def ready(self) -> None:
        from mentoring_site.demo import register_demo_loader
        from mentoring_site.printing import register_printable

        from . import dashboard  # noqa: F401  (registers the dashboard panels)
        from .demo import load_seed_documents
        from .documents import PRINTABLES

        register_demo_loader(order=12, forms=("документ школ", "документа школ", "документов школ"))(
            load_seed_documents
        )
        for printable in PRINTABLES:
            register_printable(printable)
