from simple_history.admin import SimpleHistoryAdmin

from .admin_site import admin_organization_ids


class OrganizationScopedAdmin(SimpleHistoryAdmin):
    """Model admin that an organization's administrator uses for their own organizations only.

    ``organization_field`` is the lookup from the model to its organization. Superusers see all.
    History (who changed what) is on each object's «История» page.
    """

    organization_field = "organization"
    admins_may_add = True
    admins_may_delete = True

    def _org_ids(self, request):
        return admin_organization_ids(request)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.organization_field}__in": self._org_ids(request)})

    def _allowed(self, request):
        return request.user.is_superuser or bool(self._org_ids(request))

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return request.user.is_superuser or (self.admins_may_add and self._allowed(request))

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser or (self.admins_may_delete and self._allowed(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser and db_field.name == self.organization_field:
            kwargs["queryset"] = db_field.related_model.objects.filter(pk__in=self._org_ids(request))
            kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SuperuserOnlyAdmin(SimpleHistoryAdmin):
    """Reference data shared by all organizations: only superusers change it."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
