"""The public «Наставничество» page of an organization (seed 001: раздел на сайте школы).

No login: approved programmes, roadmaps and local acts and signed orders, as PDFs. Nothing
personal: orders on pairs and on incentives name people and are not published; the
acquaintance sheet and appendices with personal data are left out of every public PDF.
"""

from django.contrib.auth.decorators import login_not_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from mentoring_site.files import file_response
from mentoring_site.pdf import pdf_response
from mentoring_site.printing import standalone_pdf
from organizations.models import Organization
from programs.models import Programme, Roadmap

from .documents import order_pdf, with_order_content
from .models import LocalAct, Order
from .order_kinds import PUBLIC_KINDS

PUBLIC_DOCUMENTS = {"programme": ("programs.programme", Programme), "roadmap": ("programs.roadmap", Roadmap)}


def public_orders(organization: Organization) -> QuerySet[Order]:
    return Order.objects.for_organization(organization).signed().filter(kind__in=PUBLIC_KINDS)


@login_not_required
@require_GET
def public_page(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    return render(
        request,
        "documents/public_page.html",
        {
            "organization": organization,
            "programmes": Programme.objects.for_organization(organization).approved().order_by("-start_year"),
            "roadmaps": Roadmap.objects.for_organization(organization).approved().order_by("-start_year"),
            "acts": LocalAct.objects.for_organization(organization).approved().order_by("kind", "-date"),
            "orders": public_orders(organization).order_by("-date"),
        },
    )


@login_not_required
@require_GET
def public_document(request: HttpRequest, slug: str, doc_type: str, pk: int) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=slug)
    today = timezone.localdate()
    if doc_type in PUBLIC_DOCUMENTS:
        key, model = PUBLIC_DOCUMENTS[doc_type]
        document = get_object_or_404(model.objects.for_organization(organization).approved(), pk=pk)
        pdf = standalone_pdf(key, organization, document.pk, today, title=document.title)
        if pdf is not None:
            return pdf_response(pdf, f"{document.title}.pdf")
    if doc_type == "order":
        order = get_object_or_404(with_order_content(public_orders(organization)), pk=pk)
        return pdf_response(order_pdf(order, public=True), f"Приказ № {order.number}.pdf")
    if doc_type == "act":
        act = get_object_or_404(LocalAct.objects.for_organization(organization).approved(), pk=pk)
        if act.body:
            pdf = standalone_pdf("documents.local_act", organization, act.pk, today, title=act.title)
            if pdf is not None:
                return pdf_response(pdf, f"{act.title}.pdf")
        if act.file:
            return file_response(act.file)
    raise Http404("Нет такого документа.")
