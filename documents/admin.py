"""Django admin of orders, their appendices and local acts (read-only once signed or approved)."""

from django.contrib import admin

from organizations.admin_mixins import LockedParentInlineMixin, OrganizationScopedAdmin

from .models import LocalAct, Order, OrderAppendix


@admin.register(LocalAct)
class LocalActAdmin(OrganizationScopedAdmin):
    document_path = ""
    list_display = ["title", "kind", "date", "number", "status", "organization"]
    list_filter = ["kind", "status", ("organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "number", "body"]
    date_hierarchy = "date"


class OrderAppendixInline(LockedParentInlineMixin, admin.TabularInline):
    """Appendices are chosen in the product, from the organization's own documents: shown here only."""

    model = OrderAppendix
    extra = 0
    fields = ["number", "kind", "object_id", "title"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(OrganizationScopedAdmin):
    document_path = ""
    list_display = ["number", "date", "title", "kind", "status", "organization"]
    list_filter = ["kind", "status", "year", ("organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["number", "title", "points"]
    date_hierarchy = "date"
    filter_horizontal = ["acquainted"]
    inlines = [OrderAppendixInline]


@admin.register(OrderAppendix)
class OrderAppendixAdmin(OrganizationScopedAdmin):
    document_path = "order"
    organization_field = "order__organization"
    list_display = ["__str__", "number", "title"]
    list_filter = [("order__organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["order__number", "order__title", "title"]
    admins_may_add = False

    def has_add_permission(self, request):
        return False  # appendices are chosen in the product, from the organization's own documents

    def has_change_permission(self, request, obj=None):
        return False  # and moved or renumbered only there, while the order is a draft
