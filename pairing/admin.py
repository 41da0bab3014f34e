"""Django admin of pairs, their members, meetings, plans, matching settings, preferences, nominations and
calendar feeds: scoped to the administrator's organizations and audited (django-simple-history).

Pairs, members, meetings, plans and nominations follow rules kept in the services (consent, capacity,
the order that fixed a pair): the admin shows them, the product changes them."""

from django.contrib import admin

from organizations.admin_mixins import OrganizationScopedAdmin, ScopedAdminMixin

from .models import (
    CalendarFeed,
    IndividualPlan,
    MatchingCriterion,
    Meeting,
    Mentorship,
    MentorshipMember,
    Nomination,
    PlanItem,
    Preference,
)


class ThroughTheProductAdmin(OrganizationScopedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MemberInline(admin.TabularInline):
    model = MentorshipMember
    extra = 0
    fields = ["mentee", "joined_on", "left_on", "left_reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Mentorship)
class MentorshipAdmin(ThroughTheProductAdmin):
    list_display = ["__str__", "status", "started_on", "ended_on", "order_number", "order_date", "organization"]
    list_filter = ["status", "school_year", "is_case", ("organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["mentor__person__last_name", "goal", "order_number", "case_title"]
    date_hierarchy = "started_on"
    list_select_related = ["mentor__person", "organization"]
    inlines = [MemberInline]


@admin.register(MentorshipMember)
class MentorshipMemberAdmin(ThroughTheProductAdmin):
    organization_field = "mentorship__organization"
    list_display = ["mentee", "mentorship", "joined_on", "left_on"]
    list_filter = [("mentorship__organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["mentee__person__last_name", "mentorship__mentor__person__last_name"]
    list_select_related = ["mentee__person", "mentorship__mentor__person"]


@admin.register(Meeting)
class MeetingAdmin(ThroughTheProductAdmin):
    organization_field = "mentorship__organization"
    list_display = ["__str__", "kind", "status", "date", "mentorship"]
    list_filter = ["kind", "status", "format", ("mentorship__organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["topic", "outcome", "mentorship__mentor__person__last_name"]
    date_hierarchy = "date"
    list_select_related = ["mentorship__mentor__person"]


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 0
    fields = ["order", "goal", "task", "activity", "due_on", "status", "evidence"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IndividualPlan)
class IndividualPlanAdmin(ThroughTheProductAdmin):
    organization_field = "mentorship__organization"
    list_display = ["__str__", "mentorship", "status", "approved_on"]
    list_filter = ["kind", "status", ("mentorship__organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["goals", "deficits", "mentorship__mentor__person__last_name"]
    list_select_related = ["mentorship__mentor__person"]
    inlines = [PlanItemInline]


@admin.register(PlanItem)
class PlanItemAdmin(ThroughTheProductAdmin):
    organization_field = "plan__mentorship__organization"
    list_display = ["task", "plan", "due_on", "status"]
    list_filter = ["status", ("plan__mentorship__organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["task", "activity", "goal"]


@admin.register(MatchingCriterion)
class MatchingCriterionAdmin(OrganizationScopedAdmin):
    """The organization's own weights of the matching score: the administrator may set them here too."""

    list_display = ["key", "weight", "required", "organization"]
    list_filter = ["key", "required", ("organization", admin.RelatedOnlyFieldListFilter)]
    admins_may_add = False  # one row a part, written by the product with the defaults


@admin.register(Preference)
class PreferenceAdmin(ThroughTheProductAdmin):
    list_display = ["person", "preferred", "rank", "source", "school_year", "organization"]
    list_filter = ["source", "school_year", ("organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["person__last_name", "preferred__last_name"]
    list_select_related = ["person", "preferred", "organization"]


@admin.register(Nomination)
class NominationAdmin(ThroughTheProductAdmin):
    list_display = ["__str__", "kind", "school_year", "order_number", "order_date", "organization"]
    list_filter = ["kind", "school_year", ("organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["mentor__person__last_name", "reason", "order_number"]
    list_select_related = ["mentor__person", "organization"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """A feed belongs to a user; an organization's administrator sees those of its members, view-only (the
    owner revokes it in the product). The secret token is never shown. Its changes are in Django's admin log."""

    organization_field = "user__memberships__organization"
    list_display = ["user", "created_at", "revoked_at"]
    fields = ["user", "created_at", "revoked_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(user__memberships__organization__in=self._org_ids(request)).distinct()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
