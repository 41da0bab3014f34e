from django.urls import path

from . import import_views, views

app_name = "participants"

urlpatterns = [
    path("", views.person_list, name="person-list"),
    path("new/", views.person_form, name="person-create"),
    path("me/", views.my_record, name="my-record"),
    path("import/", import_views.import_upload, name="import"),
    path("import/confirm/", import_views.import_confirm, name="import-confirm"),
    path("import/recheck/", import_views.import_recheck, name="import-recheck"),
    path("mentors/", views.mentor_list, name="mentor-list"),
    path("mentees/", views.mentee_list, name="mentee-list"),
    path("<slug:base>.<slug:fmt>", views.base_export, name="base-export"),
    path("<int:pk>/", views.person_detail, name="person-detail"),
    path("<int:pk>/edit/", views.person_form, name="person-edit"),
    path("<int:pk>/history/", views.person_history, name="person-history"),
    path("<int:pk>/invite/", views.person_invite, name="person-invite"),
    path("<int:pk>/mentor/", views.mentor_form, name="mentor-edit"),
    path("<int:pk>/mentee/", views.mentee_form, name="mentee-edit"),
    path("<int:pk>/consents/new/", views.consent_create, name="consent-create"),
    path("<int:pk>/consent.pdf", views.consent_pdf, name="consent-pdf"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent-withdraw"),
    path("consents/<int:pk>/scan/", views.consent_scan, name="consent-scan"),
]
