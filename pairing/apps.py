from django.apps import AppConfig


class PairingConfig(AppConfig):
    name = "pairing"
    verbose_name = "Наставнические пары и группы"

    def ready(self):
        from mentoring_site.demo import register_demo_loader
        from mentoring_site.printing import register_printable
        from participants.filters import register_paired_lookup
        from participants.signals import consent_withdrawn

        from . import (
            dashboard,  # noqa: F401  (registers the dashboard panels)
            matching_views,  # noqa: F401  (registers «Подобрать наставника» on a mentee's card)
            meeting_views,  # noqa: F401  (registers the meetings' dashboard panels)
            plan_dashboard,  # noqa: F401  (plans awaiting approval in «Ждут вашего решения»)
            selectors,
            services,
        )
        from .demo import load_demo_meetings, load_demo_pairs
        from .documents import PRINTABLES
        from .plan_demo import load_demo_plans
        from .plan_documents import PLAN

        register_demo_loader(order=30, forms=("новая пара", "новые пары", "новых пар"))(load_demo_pairs)
        register_demo_loader(order=35, forms=("индивидуальный план", "индивидуальных плана", "индивидуальных планов"))(
            load_demo_plans
        )
        # after the documents' demo (order 40) has signed the pairs order: a held meeting makes a fixed pair work
        register_demo_loader(order=50, forms=("встреча", "встречи", "встреч"))(load_demo_meetings)
        register_paired_lookup("mentor", selectors.paired_mentor_ids)
        register_paired_lookup("mentee", selectors.paired_mentee_ids)
        consent_withdrawn.connect(services.on_consent_withdrawn, dispatch_uid="pairing-consent-withdrawn")
        for printable in PRINTABLES:
            register_printable(printable)
        register_printable(PLAN)
