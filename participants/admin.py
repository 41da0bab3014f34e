from django.contrib import admin

from organizations.admin_mixins import OrganizationScopedAdmin, SuperuserOnlyAdmin

from .models import Consent, MenteeCategory, MenteeProfile, MentorProfile, Person


class ThroughTheProductAdmin(OrganizationScopedAdmin):
    """Consents and bases follow rules (age, consent before a base) kept in participants.services:
    the admin shows them, the product changes them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(OrganizationScopedAdmin):
    list_display = ["last_name", "first_name", "patronymic", "kind", "school_class", "position", "organization"]
    list_filter = ["kind", ("organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["last_name", "first_name", "patronymic", "email", "school_class"]
    autocomplete_fields = ["user"]
    readonly_fields = ["anonymized_at"]

    def save_model(self, request, obj, form, change):
        from .services import person_save

        person_save(person=obj, actor=request.user)  # the same normalising and checks as the pages

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.anonymized_at:
            fields += ["birth_date", "phone", "email", "parent_name", "parent_phone"]
        return fields


@admin.register(Consent)
class ConsentAdmin(ThroughTheProductAdmin):
    organization_field = "person__organization"
    list_display = ["person", "given_on", "signed_by", "publication", "withdrawn_at"]
    list_filter = ["signed_by", "publication", ("person__organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["person__last_name", "person__first_name", "representative"]
    date_hierarchy = "given_on"
    list_select_related = ["person"]


@admin.register(MentorProfile)
class MentorProfileAdmin(ThroughTheProductAdmin):
    organization_field = "person__organization"
    list_display = ["person", "status", "max_mentees", "interview_date"]
    list_filter = ["status", "forms", ("person__organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["person__last_name", "person__first_name", "competences", "can_help_with"]
    list_select_related = ["person"]


@admin.register(MenteeProfile)
class MenteeProfileAdmin(ThroughTheProductAdmin):
    organization_field = "person__organization"
    list_display = ["person", "status", "source"]
    list_filter = ["status", "source", "categories", ("person__organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["person__last_name", "person__first_name", "requests"]
    list_select_related = ["person"]


@admin.register(MenteeCategory)
class MenteeCategoryAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "audience", "order"]
    list_filter = ["audience"]
    search_fields = ["name"]
