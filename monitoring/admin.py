"""Django admin of questionnaires, campaigns, personal links, responses and background jobs: scoped to the
administrator's organizations and audited (django-simple-history for questionnaires and campaigns, Django's admin
log for the rest).

The rules live in the services (versions that keep old answers readable, standard originals read-only, links
sent once): an organization's administrator sees these rows, the product changes them. The standard
questionnaires (no organization) are visible to every administrator and changed by the installation's superuser
only. Who answered what is the curator's and the director's (in the product): responses and their answers are
the superuser's only here, and a link's secret token and its draft answers are never shown."""

from django.contrib import admin
from django.db.models import Q

from organizations.admin_mixins import OrganizationScopedAdmin, ScopedAdminMixin

from .models import Answer, Campaign, MailJob, Option, Question, Questionnaire, Recipient, Response, Section


class ViewOnlyMixin:
    """Organization administrators only look; the installation's superuser may correct a row."""

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class ScopedViewAdmin(ViewOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Rows without a history of their own, reached through ``organization_field``; standard rows (no
    organization) are shown too where ``with_standard``."""

    organization_field = ""
    with_standard = False

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        condition = Q(**{f"{self.organization_field}__in": self._org_ids(request)})
        if self.with_standard:
            condition |= Q(**{f"{self.organization_field}__isnull": True})
        return qs.filter(condition)


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["order", "title"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Questionnaire)
class QuestionnaireAdmin(ViewOnlyMixin, OrganizationScopedAdmin):
    list_display = ["title", "version", "audience", "purpose", "anonymous", "is_archived", "organization"]
    list_filter = [
        "purpose",
        "audience",
        "anonymous",
        "is_archived",
        ("organization", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "key"]
    list_select_related = ["organization"]
    readonly_fields = ["previous", "source", "created_by"]
    inlines = [SectionInline]

    def get_queryset(self, request):
        qs = super(OrganizationScopedAdmin, self).get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(Q(organization__in=self._org_ids(request)) | Q(organization__isnull=True))


@admin.register(Section)
class SectionAdmin(ScopedViewAdmin):
    organization_field = "questionnaire__organization"
    with_standard = True
    list_display = ["title", "order", "questionnaire"]
    list_select_related = ["questionnaire"]
    search_fields = ["title", "questionnaire__title"]


@admin.register(Question)
class QuestionAdmin(ScopedViewAdmin):
    organization_field = "questionnaire__organization"
    with_standard = True
    list_display = ["text", "kind", "required", "code", "questionnaire"]
    list_filter = ["kind", "required"]
    list_select_related = ["questionnaire"]
    search_fields = ["text", "code", "questionnaire__title"]
    raw_id_fields = ["show_if", "section", "questionnaire"]


@admin.register(Option)
class OptionAdmin(ScopedViewAdmin):
    organization_field = "question__questionnaire__organization"
    with_standard = True
    list_display = ["label", "value", "question"]
    list_select_related = ["question"]
    search_fields = ["label", "value", "question__text"]
    raw_id_fields = ["question"]


@admin.register(Campaign)
class CampaignAdmin(ViewOnlyMixin, OrganizationScopedAdmin):
    list_display = ["title", "questionnaire", "opens_on", "closes_on", "closed_at", "organization"]
    list_filter = [("organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "audience"]
    date_hierarchy = "opens_on"
    list_select_related = ["questionnaire", "organization"]


@admin.register(Recipient)
class RecipientAdmin(ScopedViewAdmin):
    """Who got a link and whether it went out; never the secret token or the draft answers."""

    organization_field = "campaign__organization"
    list_display = ["person", "campaign", "channel", "sent_at", "send_error", "reminded_at", "responded_at"]
    list_filter = ["channel"]
    list_select_related = ["person", "campaign"]
    search_fields = ["person__last_name", "campaign__title"]
    fields = [
        "campaign",
        "person",
        "mentorship",
        "meeting",
        "channel",
        "sent_at",
        "send_attempts",
        "send_error",
        "reminded_at",
        "opened_at",
        "responded_at",
    ]
    raw_id_fields = ["campaign", "person", "mentorship", "meeting"]


@admin.register(MailJob)
class MailJobAdmin(ScopedViewAdmin):
    organization_field = "campaign__organization"
    list_display = ["__str__", "campaign", "kind", "status", "created_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["campaign"]
    raw_id_fields = ["campaign", "created_by"]


class SuperuserOnlyViewAdmin(admin.ModelAdmin):
    """Answers say who answered what: only the installation's superuser sees them in the admin."""

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


@admin.register(Response)
class ResponseAdmin(SuperuserOnlyViewAdmin):
    list_display = ["__str__", "campaign", "questionnaire", "role", "school_class", "submitted_at"]
    list_select_related = ["campaign", "questionnaire"]
    raw_id_fields = ["campaign", "questionnaire", "recipient", "person", "mentorship", "meeting"]


@admin.register(Answer)
class AnswerAdmin(SuperuserOnlyViewAdmin):
    list_display = ["__str__", "question", "response"]
    list_select_related = ["question", "response__campaign"]
    raw_id_fields = ["response", "question", "option", "person"]
