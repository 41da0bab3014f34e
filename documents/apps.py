from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Приказы и локальные акты"

    def ready(self) -> None:
        from mentoring_site.demo import register_demo_loader
        from mentoring_site.printing import register_appendix_lookup, register_printable
        from pairing.signals import pairs_to_order
        from programs.approval import register_approvable

        from . import dashboard  # noqa: F401  (registers the orders awaiting signature)
        from .demo import load_demo_documents, load_demo_results_order
        from .documents import PRINTABLES, appendix_of_signed_order
        from .models import LocalAct
        from .services import on_pairs_to_order

        for printable in PRINTABLES:
            register_printable(printable)
        register_appendix_lookup(appendix_of_signed_order)
        pairs_to_order.connect(on_pairs_to_order, dispatch_uid="documents-pairs-to-order")
        register_approvable("act", LocalAct)
        register_demo_loader(order=40, forms=("приказ или акт", "приказа или акта", "приказов или актов"))(
            load_demo_documents
        )
        # after the efficiency evaluations' demo (order 70): the signed order on the year's results
        register_demo_loader(order=75, forms=("приказ об итогах", "приказа об итогах", "приказов об итогах"))(
            load_demo_results_order
        )
