from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Анкеты и мониторинг"

    def ready(self):
        from mentoring_site.demo import register_demo_loader
        from mentoring_site.printing import register_printable

        from . import (  # noqa: F401  («Мои анкеты», the pair page's meeting feedback)
            evaluation_dashboard,  # noqa: F401  (the evaluations awaiting approval, «Мониторинг программы»)
            fill_dashboard,
            fill_meetings,
            report_jobs,  # noqa: F401  (a справка's file leaves the storage with its job)
        )
        from .demo_builder import load_demo_builder
        from .demo_campaigns import load_demo_campaigns
        from .demo_evaluation import load_demo_evaluations
        from .demo_filling import load_demo_filling
        from .demo_results import load_demo_results
        from .documents import REPORT

        # the monitoring report (справка), printable alone and as an appendix of the order «Об итогах…»
        register_printable(REPORT)
        # the questionnaire constructor: the organizations' copies and versions of questionnaires
        register_demo_loader(order=60, forms=("анкета организации", "анкеты организации", "анкет организации"))(
            load_demo_builder
        )
        # filling: answered profile and preference questionnaires, feedback on a demo meeting
        register_demo_loader(order=62, forms=("ответ на анкету", "ответа на анкеты", "ответов на анкеты"))(
            load_demo_filling
        )
        # results: closed before/after and satisfaction campaigns with answers, after the pairs' demo
        register_demo_loader(
            order=64, forms=("анкетирование с ответами", "анкетирования с ответами", "анкетирований с ответами")
        )(load_demo_results)
        # campaigns: an open campaign with a slip sheet in each demo organization
        register_demo_loader(order=66, forms=("анкетирование", "анкетирования", "анкетирований"))(load_demo_campaigns)
        # the efficiency evaluation: 2025/2026 approved in both demo organizations
        register_demo_loader(order=70, forms=("оценка эффективности", "оценки эффективности", "оценок эффективности"))(
            load_demo_evaluations
        )
