from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Анкеты и мониторинг"

    def ready(self) -> None:
        from mentoring_site.demo import register_demo_loader

        # campaigns: an open campaign with a slip sheet in each demo organization
        from .demo_campaigns import load_demo_campaigns

        register_demo_loader(order=66, forms=("анкетирование", "анкетирования", "анкетирований"))(load_demo_campaigns)
