"""/f/<token>/: a personal link to fill a questionnaire, without an account."""

from django.urls import path

from . import fill_views

app_name = "fill"

# Part C (filling): the form of a personal link and its thank-you page.
urlpatterns: list = [
    path("<str:token>/", fill_views.fill_form, name="form"),
    path("<str:token>/done/", fill_views.fill_done, name="done"),
]
