from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Анкеты и мониторинг"

    def ready(self):
        # the efficiency evaluation: evaluations awaiting the director's approval in «Ждут вашего решения»
        from . import evaluation_dashboard  # noqa: F401
