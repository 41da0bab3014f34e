from django.contrib import admin

from mentoring_site.access import Role
from mentoring_site.admin_mixins import LockedParentInlineMixin, OrganizationScopedAdmin, SuperuserOnlyAdmin

from .models import (
    Activity,
    LocalAct,
    Membership,
    MentoringForm,
    Municipality,
    Order,
    OrderAppendix,
    Organization,
    ParticipantProfile,
    Programme,
    ProgrammeResponsibility,
    ProgrammeStage,
    Roadmap,
    RoadmapSection,
    RoleModel,
    Stage,
    WorkingGroupMember,
)


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
    document_path = ""
    list_display = ["title", "organization", "start_year", "framework", "status", "curator"]
    list_filter = ["status", "framework", "start_year", ("organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "organization__short_name"]
    list_select_related = ["organization", "curator"]
    autocomplete_fields = ["curator"]


@admin.register(Stage)
class StageAdmin(SuperuserOnlyAdmin):
    list_display = ["number", "title"]
    search_fields = ["title", "task"]
    list_filter = ["number"]


@admin.register(MentoringForm)
class MentoringFormAdmin(OrganizationScopedAdmin):
    list_display = ["name", "organization", "order"]
    search_fields = ["name", "mentor", "mentee"]
    list_filter = [("organization", admin.RelatedOnlyFieldListFilter)]


@admin.register(RoleModel)
class RoleModelAdmin(OrganizationScopedAdmin):
    list_display = ["name", "form", "organization"]
    search_fields = ["name", "goal", "form__name"]
    list_filter = ["form", ("organization", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["form", "organization"]


class ResponsibilityInline(LockedParentInlineMixin, admin.TabularInline):
    model = ProgrammeResponsibility
    extra = 0


class ProgrammeStageInline(LockedParentInlineMixin, admin.TabularInline):
    model = ProgrammeStage
    extra = 0


class ParticipantProfileInline(LockedParentInlineMixin, admin.TabularInline):
    model = ParticipantProfile
    extra = 0


ProgrammeAdmin.inlines = [ResponsibilityInline, ProgrammeStageInline, ParticipantProfileInline]


@admin.register(ProgrammeResponsibility)
class ProgrammeResponsibilityAdmin(OrganizationScopedAdmin):
    document_path = "programme"
    organization_field = "programme__organization"
    list_display = ["responsible", "deadline", "programme"]
    search_fields = ["responsible", "directions", "programme__title"]
    list_filter = [("programme__organization", admin.RelatedOnlyFieldListFilter)]


@admin.register(ProgrammeStage)
class ProgrammeStageAdmin(OrganizationScopedAdmin):
    document_path = "programme"
    organization_field = "programme__organization"
    list_display = ["title", "programme"]
    search_fields = ["title", "activities", "programme__title"]
    list_filter = [("programme__organization", admin.RelatedOnlyFieldListFilter)]


@admin.register(ParticipantProfile)
class ParticipantProfileAdmin(OrganizationScopedAdmin):
    document_path = "programme"
    organization_field = "programme__organization"
    list_display = ["mentor", "mentee", "programme"]
    search_fields = ["mentor", "mentee", "programme__title"]
    list_filter = [("programme__organization", admin.RelatedOnlyFieldListFilter)]


class RoadmapSectionInline(LockedParentInlineMixin, admin.TabularInline):
    model = RoadmapSection
    extra = 0
    fields = ["number", "title", "stage", "order"]


@admin.register(Roadmap)
class RoadmapAdmin(OrganizationScopedAdmin):
    document_path = ""
    list_display = ["title", "organization", "start_year", "status", "version"]
    list_filter = ["status", "layout", "start_year", ("organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "organization__short_name"]
    list_select_related = ["organization"]
    inlines = [RoadmapSectionInline]


@admin.register(RoadmapSection)
class RoadmapSectionAdmin(OrganizationScopedAdmin):
    document_path = "roadmap"
    organization_field = "roadmap__organization"
    list_display = ["number", "title", "stage", "roadmap"]
    list_filter = ["stage", ("roadmap__organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "task", "roadmap__title"]
    list_select_related = ["stage", "roadmap"]


@admin.register(Activity)
class ActivityAdmin(OrganizationScopedAdmin):
    document_path = "section.roadmap"
    organization_field = "section__roadmap__organization"
    list_display = ["number", "title", "deadline", "due_date", "status"]
    list_filter = ["status", ("section__roadmap__organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "responsible", "result", "deadline"]
    date_hierarchy = "due_date"
    filter_horizontal = ["responsible_users"]


@admin.register(WorkingGroupMember)
class WorkingGroupMemberAdmin(OrganizationScopedAdmin):
    list_display = ["full_name", "group_role", "position", "organization"]
    list_filter = ["group_role", ("organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["full_name", "position"]


@admin.register(LocalAct)
class LocalActAdmin(OrganizationScopedAdmin):
    document_path = ""
    list_display = ["title", "kind", "date", "number", "status", "organization"]
    list_filter = ["kind", "status", ("organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "number", "body"]
    date_hierarchy = "date"


class OrderAppendixInline(LockedParentInlineMixin, admin.TabularInline):
    model = OrderAppendix
    extra = 0


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
    list_display = ["__str__", "number"]
    list_filter = [("order__organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["order__number", "order__title"]
