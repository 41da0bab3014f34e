from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Анкеты и мониторинг"

    def ready(self):
        from mentoring_site.demo import register_demo_loader

        # Part C (filling): «Мои анкеты» on the dashboard, feedback after meetings on a pair's page, the demo.
        from . import fill_dashboard, fill_meetings  # noqa: F401  (register the panel and the pair's section)
        from .demo_filling import load_demo_filling

        register_demo_loader(order=62, forms=("ответ на анкету", "ответа на анкеты", "ответов на анкеты"))(
            load_demo_filling
        )
