"""The public «Наставничество» page of an organization (seed 001: раздел на сайте школы).

No login: approved programmes, roadmaps and local acts and signed orders, as PDFs. Nothing
personal: orders on pairs and on incentives name people and are not published; the
acquaintance sheet is left out of every public PDF.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from mentoring_site.documents import pdf_response
from mentoring_site.files import file_response

from .group_views import act_pdf_bytes
from .models import DocumentStatus, LocalAct, Order, Organization, Programme, Roadmap
from .order_views import order_with_content
from .roadmap_views import roadmap_pdf_bytes, roadmap_with_content
from .views import programme_pdf_bytes, programme_with_content

PUBLIC_ORDER_KINDS = [
    Order.Kind.IMPLEMENTATION,
    Order.Kind.CURATOR,
    Order.Kind.APPROVAL,
    Order.Kind.RESULTS,
]


def public_programmes(organization):
    return Programme.objects.filter(organization=organization, status=DocumentStatus.APPROVED)


def public_roadmaps(organization):
    return Roadmap.objects.filter(organization=organization, status=DocumentStatus.APPROVED)


def public_acts(organization):
    return LocalAct.objects.filter(organization=organization, status=DocumentStatus.APPROVED)


def public_orders(organization):
    return Order.objects.filter(organization=organization, status=Order.Status.SIGNED, kind__in=PUBLIC_ORDER_KINDS)


@login_not_required
@require_GET
def public_page(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    return render(
        request,
        "programs/public_page.html",
        {
            "organization": organization,
            "programmes": public_programmes(organization).order_by("-start_year"),
            "roadmaps": public_roadmaps(organization).order_by("-start_year"),
            "acts": public_acts(organization).order_by("kind", "-date"),
            "orders": public_orders(organization).order_by("-date"),
        },
    )


@login_not_required
@require_GET
def public_document(request, slug, doc_type, pk):
    organization = get_object_or_404(Organization, slug=slug)
    if doc_type == "programme":
        programme = programme_with_content(public_programmes(organization), pk)
        return pdf_response(programme_pdf_bytes(programme), f"Программа наставничества {programme.school_year}.pdf")
    if doc_type == "roadmap":
        roadmap = roadmap_with_content(public_roadmaps(organization), pk)
        return pdf_response(roadmap_pdf_bytes(roadmap), f"Дорожная карта {roadmap.school_year}.pdf")
    if doc_type == "order":
        from .order_views import order_pdf_bytes

        order = order_with_content(public_orders(organization), pk)
        return pdf_response(order_pdf_bytes(order, public=True), f"Приказ № {order.number}.pdf")
    if doc_type == "act":
        act = get_object_or_404(public_acts(organization), pk=pk)
        if act.body:
            return pdf_response(act_pdf_bytes(act), f"{act.title}.pdf")
        if act.file:
            return file_response(act.file)
    raise Http404("Нет такого документа.")
