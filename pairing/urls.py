from django.urls import path

from . import views

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
]
