from django.urls import path

from . import matching_views, views

app_name = "pairing"

urlpatterns = [
    path("", views.mentorship_list, name="list"),
    path("new/", views.mentorship_form, name="create"),
    path("my/", views.my_mentorships, name="my"),
    path("pairs.xlsx", views.mentorship_export, name="export"),
    path("<int:pk>/", views.mentorship_detail, name="detail"),
    path("<int:pk>/edit/", views.mentorship_form, name="edit"),
    path("<int:pk>/close/", views.mentorship_close, name="close"),
    path("<int:pk>/history/", views.mentorship_history, name="history"),
    # Подбор: matching, «Подобрать всем», its settings and the preferences after the general meeting
    path("matching/", matching_views.matching_home, name="matching"),
    path("matching/mentee/<int:pk>/", matching_views.candidates, name="matching-candidates"),
    path("matching/all/", matching_views.match_all, name="matching-all"),
    path("matching/settings/", matching_views.matching_settings, name="matching-settings"),
    path("matching/preferences/", matching_views.preferences, name="matching-preferences"),
    path(
        "matching/preferences/<int:pk>/delete/",
        matching_views.preference_delete,
        name="matching-preference-delete",
    ),
]
