from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from .admin_site import admin_organization_ids
from .querysets import TenantQuerySet


def _int_or_404(value):
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise Http404("Нет такого объекта.") from error


class ScopedAdminMixin:
    """Permission checks of the Django admin for organization administrators.

    ``get_queryset`` limits what they see; every object-level permission is checked against
    that same queryset, and the history views (django-simple-history) find objects only
    through it. Reverting to an old version from the history is refused: documents change
    through the product's services, which check the approval rules.
    """

    def _org_ids(self, request):
        return admin_organization_ids(request)

    def _allowed(self, request):
        return request.user.is_superuser or bool(self._org_ids(request))

    def _in_scope(self, request, obj) -> bool:
        if obj is None or request.user.is_superuser:
            return True
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request) and self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request) and self._in_scope(request, obj)

    def history_view(self, request, object_id, extra_context=None):
        object_id = _int_or_404(object_id)
        if not self.get_queryset(request).filter(pk=object_id).exists() and not request.user.is_superuser:
            raise Http404("Нет такого объекта.")
        return super().history_view(request, str(object_id), extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        object_id, version_id = _int_or_404(object_id), _int_or_404(version_id)
        if request.method == "POST":
            raise PermissionDenied("Возврат к старой версии из истории отключён.")
        if not self.get_queryset(request).filter(pk=object_id).exists() and not request.user.is_superuser:
            raise Http404("Нет такого объекта.")
        return super().history_form_view(request, str(object_id), str(version_id), extra_context)

    def get_changeform_initial_data(self, request):
        """Initial values from the query string, without the ones that do not fit their field."""
        initial = super().get_changeform_initial_data(request)
        for name in list(initial):
            field = next((f for f in self.model._meta.concrete_fields if f.name == name), None)
            if isinstance(field, models.ForeignKey) and not str(initial[name]).isdigit():
                del initial[name]
        return initial

    def scoped_related_queryset(self, related_model, org_ids):
        """Rows of ``related_model`` an organization admin may pick in a form, or ``None`` (no limit).

        A tenant model says how it reaches its organization in its queryset (``organization_lookup``)."""
        if related_model is get_user_model():
            return related_model.objects.filter(
                memberships__organization__in=org_ids, memberships__is_active=True
            ).distinct()
        queryset = related_model._default_manager.all()
        if isinstance(queryset, TenantQuerySet):
            return queryset.for_organizations(org_ids)
        field = next((f for f in related_model._meta.concrete_fields if f.name == "organization"), None)
        if field is None:
            return None
        condition = models.Q(organization__in=org_ids)
        if field.null:  # shared reference rows (standard forms of mentoring)
            condition |= models.Q(organization__isnull=True)
        return related_model.objects.filter(condition)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            queryset = self.scoped_related_queryset(db_field.related_model, self._org_ids(request))
            if queryset is not None:
                kwargs["queryset"] = queryset
            if db_field.name == getattr(self, "organization_field", None):
                kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            queryset = self.scoped_related_queryset(db_field.related_model, self._org_ids(request))
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def document_is_locked(obj, path: str | None) -> bool:
    """Is the document that ``obj`` belongs to (``path``: «section.roadmap»; "" for itself) approved or signed?

    A document says so itself (``is_locked``): approved programmes and roadmaps, signed orders."""
    if obj is None or path is None:
        return False
    document = obj
    for name in filter(None, path.split(".")):
        document = getattr(document, name, None)
        if document is None:
            return False
    return bool(getattr(document, "is_locked", False))


class LockedParentInlineMixin:
    """Inline rows of an approved or signed document are read-only for organization admins."""

    def _locked(self, request, obj):
        return not request.user.is_superuser and document_is_locked(obj, "")

    def has_add_permission(self, request, obj=None):
        return not self._locked(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._locked(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(request, obj) and super().has_delete_permission(request, obj)


class OrganizationScopedAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """Model admin that an organization's administrator uses for their own organizations only.

    ``organization_field`` is the lookup from the model to its organization. Superusers see all.
    """

    organization_field = "organization"
    admins_may_add = True
    admins_may_delete = True
    # Path from a row to the document whose approval locks it ("" — the row is the document).
    document_path: str | None = None
    # Approval is the director's, through the product: never an admin form field.
    approval_fields = (
        "status",
        "submitted_at",
        "submitted_by",
        "approved_at",
        "approved_by",
        "approval_date",
        "approval_basis",
        "approver_position",
        "approver_name",
        "return_comment",
        "signed_by",
        "signed_at",
    )

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.organization_field}__in": self._org_ids(request)})

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            model_fields = {f.name for f in self.model._meta.get_fields()}
            fields += [name for name in self.approval_fields if name in model_fields]
        return fields

    def _locked(self, request, obj) -> bool:
        return not request.user.is_superuser and document_is_locked(obj, self.document_path)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._locked(request, obj)

    def has_add_permission(self, request):
        return request.user.is_superuser or (self.admins_may_add and self._allowed(request))

    def has_delete_permission(self, request, obj=None):
        if self._locked(request, obj):
            return False
        return request.user.is_superuser or (
            self.admins_may_delete and self._allowed(request) and self._in_scope(request, obj)
        )


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

    def history_view(self, request, object_id, extra_context=None):
        return super().history_view(request, str(_int_or_404(object_id)), extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied("Возврат к старой версии из истории отключён.")
        return super().history_form_view(
            request, str(_int_or_404(object_id)), str(_int_or_404(version_id)), extra_context
        )
