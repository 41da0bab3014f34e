"""/monitoring/: questionnaires (the constructor), campaigns, results."""

from django.urls import path

from . import fill_views

app_name = "monitoring"

urlpatterns: list = []

# Part C (filling): «Мои анкеты» and «Попросить отзыв» about a held meeting.
urlpatterns += [
    path("my/", fill_views.my_forms, name="my-forms"),
    path("meetings/<int:pk>/feedback/", fill_views.meeting_feedback_request, name="meeting-feedback-request"),
]
