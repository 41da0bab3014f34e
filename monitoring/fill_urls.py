"""/f/<token>/: a personal link to fill a questionnaire, without an account."""

from django.urls import path  # noqa: F401

app_name = "fill"

urlpatterns: list = []
