from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("", views.organization_detail, name="detail"),
    path("edit/", views.organization_edit, name="edit"),
    path("history/", views.organization_history, name="history"),
    path("personal-data-access/", views.PersonalDataAccessView.as_view(), name="pd-access"),
    path("personal-data-access.pdf", views.pd_access_pdf, name="pd-access-pdf"),
    path("personal-data-access.xlsx", views.pd_access_xlsx, name="pd-access-xlsx"),
    path("switch/", views.switch_context, name="switch"),
    path("locks/", views.locked_accounts, name="locks"),
    path("locks/<int:user_id>/unlock/", views.account_unlock, name="unlock"),
]
