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
        # the efficiency evaluation's demo: 2025/2026 approved in both demo organizations
        from mentoring_site.demo import register_demo_loader

        from .demo_evaluation import load_demo_evaluations

        register_demo_loader(order=70, forms=("оценка эффективности", "оценки эффективности", "оценок эффективности"))(
            load_demo_evaluations
        )
