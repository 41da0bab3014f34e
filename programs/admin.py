from django import forms
from django.contrib import admin

from organizations.admin_mixins import LockedParentInlineMixin, OrganizationScopedAdmin, SuperuserOnlyAdmin

from .choices import ParticipantKind
from .models import (
    Activity,
    MentoringForm,
    ParticipantProfile,
    Programme,
    ProgrammeMechanism,
    ProgrammeResponsibility,
    ProgrammeStage,
    Roadmap,
    RoadmapSection,
    RoleModel,
    Stage,
    WorkingGroupMember,
)


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


class MentoringFormAdminForm(forms.ModelForm):
    mentor_kinds = forms.MultipleChoiceField(
        label="Кто может быть наставником",
        choices=ParticipantKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Ничего не отмечено — без ограничений.",
    )
    mentee_kinds = forms.MultipleChoiceField(
        label="Кто может быть наставляемым",
        choices=ParticipantKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Ничего не отмечено — без ограничений.",
    )

    class Meta:
        model = MentoringForm
        fields = ["organization", "name", "mentor", "mentee", "mentor_kinds", "mentee_kinds", "order"]


@admin.register(MentoringForm)
class MentoringFormAdmin(OrganizationScopedAdmin):
    form = MentoringFormAdminForm
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


class ProgrammeMechanismInline(LockedParentInlineMixin, admin.TabularInline):
    model = ProgrammeMechanism
    extra = 0


ProgrammeAdmin.inlines = [
    ResponsibilityInline,
    ProgrammeStageInline,
    ParticipantProfileInline,
    ProgrammeMechanismInline,
]


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


@admin.register(ProgrammeMechanism)
class ProgrammeMechanismAdmin(OrganizationScopedAdmin):
    document_path = "programme"
    organization_field = "programme__organization"
    list_display = ["stage", "programme"]
    search_fields = ["stage", "activities", "programme__title"]
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
