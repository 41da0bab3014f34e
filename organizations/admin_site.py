from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

from .permissions import roles_for


class NastavnikAdminSite(admin.AdminSite):
    """Django admin for superusers and for administrators of organizations.

    An organization's administrator (a membership with the role «Администратор») gets in
    without ``is_staff``; every model admin then limits them to their own organizations
    (see ``organizations.admin_mixins.OrganizationScopedAdmin``).
    """

    site_header = "Наставник — администрирование"
    site_title = "Наставник"
    index_title = "Справочники и учётные записи"

    def login(self, request, extra_context=None):
        """One login page for everyone (organization admins have no ``is_staff``)."""
        from django.contrib.auth.views import redirect_to_login
        from django.shortcuts import redirect
        from django.urls import reverse

        if request.user.is_authenticated:
            return redirect("admin:index" if self.has_permission(request) else "dashboard")
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))

    def has_permission(self, request):
        user = request.user
        if not (user.is_active and user.is_authenticated):
            return False
        if user.is_superuser:
            return True
        return bool(admin_organization_ids(request))


def admin_organization_ids(request) -> set[int]:
    """Organizations in which the user holds the administrator role (from the middleware)."""
    admins = roles_for("admin.site")
    return {m.organization_id for m in getattr(request, "memberships", ()) if m.role in admins and m.organization_id}


class NastavnikAdminConfig(AdminConfig):
    default_site = "organizations.admin_site.NastavnikAdminSite"
