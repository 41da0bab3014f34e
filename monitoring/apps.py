from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Анкеты и мониторинг"

    def ready(self):
        from mentoring_site.demo import register_demo_loader

        # Part D (results): closed before/after and satisfaction campaigns with answers, after the pairs' demo
        from .demo_results import load_demo_results

        register_demo_loader(order=64, forms=("анкетирование с ответами", "анкетирования с ответами",
                                               "анкетирований с ответами"))(load_demo_results)  # fmt: skip
