"""The public page: ``/o/<slug>/nastavnichestvo/`` (no login, no personal data)."""

from django.urls import path

from . import public_views

app_name = "public"

urlpatterns = [
    path("", public_views.public_page, name="page"),
    path("<slug:doc_type>-<int:pk>.pdf", public_views.public_document, name="document"),
]
