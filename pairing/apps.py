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
            selectors,
            services,
        )
        from .demo import load_demo_pairs
        from .documents import PRINTABLES

        register_demo_loader(order=30, forms=("новая пара", "новые пары", "новых пар"))(load_demo_pairs)
        register_paired_lookup("mentor", selectors.paired_mentor_ids)
        register_paired_lookup("mentee", selectors.paired_mentee_ids)
        consent_withdrawn.connect(services.on_consent_withdrawn, dispatch_uid="pairing-consent-withdrawn")
        for printable in PRINTABLES:
            register_printable(printable)
