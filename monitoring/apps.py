from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Анкеты и мониторинг"

    def ready(self):
        # the efficiency evaluation: evaluations awaiting the director's approval in «Ждут вашего решения»
        from mentoring_site.printing import register_printable

        from . import evaluation_dashboard  # noqa: F401
        from .documents import REPORT

        # the monitoring report (справка), printable alone and as an appendix of the order «Об итогах…»
        register_printable(REPORT)
