from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("", views.ProgrammeListView.as_view(), name="programme-list"),
    path("new/", views.ProgrammeFormView.as_view(), name="programme-create"),
    path("<int:pk>/", views.ProgrammeDetailView.as_view(), name="programme-detail"),
    path("<int:pk>/edit/", views.ProgrammeFormView.as_view(), name="programme-edit"),
    path("<int:pk>/history/", views.ProgrammeHistoryView.as_view(), name="programme-history"),
    path("organization/", views.organization_detail, name="organization-detail"),
    path("organization/edit/", views.organization_edit, name="organization-edit"),
    path("organization/history/", views.organization_history, name="organization-history"),
    path("personal-data-access/", views.PersonalDataAccessView.as_view(), name="pd-access"),
    path("personal-data-access.pdf", views.pd_access_pdf, name="pd-access-pdf"),
    path("personal-data-access.xlsx", views.pd_access_xlsx, name="pd-access-xlsx"),
    path("municipality/", views.municipality_overview, name="municipality-overview"),
]
