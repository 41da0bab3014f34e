"""/monitoring/: questionnaires (the constructor), campaigns, results."""

from django.urls import path  # noqa: F401  (each part adds its block below)

app_name = "monitoring"

urlpatterns: list = []
