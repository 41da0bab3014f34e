from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Анкеты и мониторинг"

    def ready(self):
        from mentoring_site.demo import register_demo_loader

        # Part A (the questionnaire constructor): the organizations' copies and versions of questionnaires
        from .demo_builder import load_demo_builder

        register_demo_loader(order=60, forms=("анкета организации", "анкеты организации", "анкет организации"))(
            load_demo_builder
        )
