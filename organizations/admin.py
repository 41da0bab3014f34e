"""Django admin of accounts, organizations, municipalities and roles (scoped for organization admins)."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from mentoring_site.forms import FullNameFormMixin
from mentoring_site.models import User

from .admin_mixins import OrganizationScopedAdmin, ScopedAdminMixin, SuperuserOnlyAdmin
from .models import Membership, Municipality, Organization
from .roles import Role


class NastavnikUserCreationForm(FullNameFormMixin, AdminUserCreationForm):
    """A new account, named in full (not by initials)."""

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "last_name", "first_name", "patronymic", "email")


class NastavnikUserChangeForm(FullNameFormMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


class OrganizationUserCreationForm(NastavnikUserCreationForm):
    """An organization's administrator creates an account together with its first role."""

    organization = forms.ModelChoiceField(label="Организация", queryset=None)
    role = forms.ChoiceField(label="Роль", choices=[(r.value, r.label) for r in Role if r != Role.COORDINATOR])
    position = forms.CharField(label="Должность", max_length=255, required=False)


@admin.register(User)
class NastavnikUserAdmin(ScopedAdminMixin, UserAdmin, SimpleHistoryAdmin):
    form = NastavnikUserChangeForm
    add_form = NastavnikUserCreationForm
    list_display = ["username", "last_name", "first_name", "patronymic", "email", "is_active", "last_login"]
    list_filter = ["is_active", "memberships__role", ("memberships__organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["username", "last_name", "first_name", "patronymic", "email"]
    ordering = ["last_name", "first_name"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("ФИО и контакты", {"fields": ("last_name", "first_name", "patronymic", "email")}),
        ("Доступ", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Даты", {"fields": ("last_login", "date_joined")}),
    )
    limited_fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("ФИО и контакты", {"fields": ("last_name", "first_name", "patronymic", "email")}),
        ("Доступ", {"fields": ("is_active",)}),
        ("Даты", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "last_name", "first_name", "patronymic", "email", "password1", "password2"),
            },
        ),
    )
    limited_add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "last_name",
                    "first_name",
                    "patronymic",
                    "email",
                    "password1",
                    "password2",
                    "organization",
                    "role",
                    "position",
                ),
            },
        ),
    )

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(memberships__organization__in=self._org_ids(request)).distinct()

    def has_change_permission(self, request, obj=None):
        """Credentials of a person may be changed only by an administrator of all their organizations."""
        if obj is None or request.user.is_superuser:
            return self._allowed(request)
        if obj.is_superuser or obj.is_staff or not self._in_scope(request, obj):
            return False
        their_orgs = set(obj.memberships.filter(is_active=True).values_list("organization_id", flat=True))
        return None not in their_orgs and their_orgs <= self._org_ids(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.limited_fieldsets if obj else self.limited_add_fieldsets

    def get_form(self, request, obj=None, **kwargs):
        if obj is None and not request.user.is_superuser:
            kwargs["form"] = OrganizationUserCreationForm
        form = super().get_form(request, obj, **kwargs)
        if obj is None and not request.user.is_superuser:
            form.base_fields["organization"].queryset = Organization.objects.filter(pk__in=self._org_ids(request))
        return form

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and "organization" in form.cleaned_data:
            obj.memberships.create(
                organization=form.cleaned_data["organization"],
                role=form.cleaned_data["role"],
                position=form.cleaned_data.get("position", ""),
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
