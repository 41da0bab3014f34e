from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from .access import Role
from .admin_mixins import ScopedAdminMixin
from .models import User


class OrganizationUserCreationForm(AdminUserCreationForm):
    """An organization's administrator creates an account together with its first role."""

    organization = forms.ModelChoiceField(label="Организация", queryset=None)
    role = forms.ChoiceField(label="Роль", choices=[(r.value, r.label) for r in Role if r != Role.COORDINATOR])
    position = forms.CharField(label="Должность", max_length=255, required=False)

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "last_name", "first_name", "patronymic", "email")


@admin.register(User)
class NastavnikUserAdmin(ScopedAdminMixin, UserAdmin, SimpleHistoryAdmin):
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
            organization_model = apps.get_model("programs", "Organization")
            form.base_fields["organization"].queryset = organization_model.objects.filter(pk__in=self._org_ids(request))
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
