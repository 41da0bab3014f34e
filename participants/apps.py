from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "participants"
    verbose_name = "Участники: базы наставников и наставляемых"

    def ready(self):
        from mentoring_site.demo import register_demo_loader

        from . import dashboard  # noqa: F401  (registers the dashboard panels)
        from .demo import load_demo_people

        register_demo_loader(order=20, forms=("новый участник", "новых участника", "новых участников"))(
            load_demo_people
        )
