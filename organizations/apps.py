from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = "Организации и роли"

    def ready(self) -> None:
        from mentoring_site.demo import register_demo_loader

        from . import dashboard  # noqa: F401  (registers the dashboard panels)
        from .demo import load_demo

        register_demo_loader(order=10, forms=("учётная запись", "учётные записи", "учётных записей"))(load_demo)
