"""/monitoring/: questionnaires (the constructor), campaigns, results."""

from django.urls import path  # noqa: F401  (each part adds its block below)

app_name = "monitoring"

urlpatterns: list = []

# --- campaigns: personal links by e-mail and QR slips, reminders, closing, background jobs ---
from . import campaign_views  # noqa: E402

urlpatterns += [
    path("campaigns/", campaign_views.campaign_list, name="campaign-list"),
    path("campaigns/new/", campaign_views.campaign_create, name="campaign-create"),
    path("campaigns/<int:pk>/", campaign_views.campaign_detail, name="campaign-detail"),
    path("campaigns/<int:pk>/remind/", campaign_views.campaign_remind, name="campaign-remind"),
    path("campaigns/<int:pk>/slips/", campaign_views.campaign_slips, name="campaign-slips"),
    path("campaigns/<int:pk>/slips/download/", campaign_views.campaign_slips_download, name="campaign-slips-download"),
    path("campaigns/<int:pk>/resume/<slug:kind>/", campaign_views.campaign_resume, name="campaign-resume"),
    path("campaigns/<int:pk>/close/", campaign_views.campaign_close, name="campaign-close"),
]
