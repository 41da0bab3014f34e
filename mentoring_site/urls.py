from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("accounts/login/", views.NastavnikLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/password_reset/", views.ThrottledPasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        views.UnlockingPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # The composition root names each app's URLconf (strings, not imports: see the layers contract).
    path("organizations/", include("organizations.urls")),
    path("programs/", include("programs.urls")),
    path("participants/", include("participants.urls")),
    path("pairing/", include("pairing.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("f/", include("monitoring.fill_urls")),
    path("documents/", include("documents.urls")),
    path("o/<slug:slug>/nastavnichestvo/", include("documents.public_urls")),
    path("admin/", admin.site.urls),
]
