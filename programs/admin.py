from django.contrib import admin

from mentoring_site.access import Role
from mentoring_site.admin_mixins import OrganizationScopedAdmin, SuperuserOnlyAdmin

from .models import Membership, Municipality, Organization, Programme


@admin.register(Municipality)
class MunicipalityAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "region"]
    search_fields = ["name", "region"]
    list_filter = ["region"]


@admin.register(Organization)
class OrganizationAdmin(OrganizationScopedAdmin):
    organization_field = "pk"
    admins_may_add = False
    admins_may_delete = False
    list_display = ["short_name", "kind", "municipality", "director_name", "slug"]
    list_filter = ["kind", ("municipality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["short_name", "full_name", "slug", "director_name", "address"]

    def get_readonly_fields(self, request, obj=None):
        return [] if request.user.is_superuser else ["slug", "municipality"]


@admin.register(Membership)
class MembershipAdmin(OrganizationScopedAdmin):
    list_display = ["user", "role", "organization", "municipality", "position", "since", "is_active"]
    list_filter = ["role", "is_active", ("organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__last_name", "user__first_name", "user__username", "user__email", "position"]
    list_select_related = ["user", "organization", "municipality"]
    autocomplete_fields = ["user"]
    date_hierarchy = "since"

    def get_fields(self, request, obj=None):
        fields = ["user", "organization", "municipality", "role", "position", "since", "is_active"]
        if not request.user.is_superuser:
            fields.remove("municipality")
        return fields

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = [(r.value, r.label) for r in Role if r != Role.COORDINATOR]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


@admin.register(Programme)
class ProgrammeAdmin(OrganizationScopedAdmin):
    list_display = ["title", "organization", "start_year", "framework", "status", "curator"]
    list_filter = ["status", "framework", "start_year", ("organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "organization__short_name"]
    list_select_related = ["organization", "curator"]
    autocomplete_fields = ["curator"]
