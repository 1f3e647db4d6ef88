"""Offices, the states they serve, and users, in Django's admin.

Offices and their states decide who sees which engagements (an office of the headquarters kind
sees them all), so only a superuser changes them. A user who is not a superuser manages the
users of their own office (headquarters: of every office), never a superuser, and cannot make
anyone a superuser, give admin permissions or groups, or move anyone to another office.
"""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from engagements.predicates import is_crs_staff, is_headquarters_staff
from spcp.fields import BoundedManyToManyAdminMixin

from .models import Office, ServedState, User


def _is_superuser(user) -> bool:
    return bool(user.is_active and user.is_superuser)


class SuperuserWritesMixin:
    """Anyone with Django's view permission may look; only a superuser adds, changes or
    deletes."""

    def has_add_permission(self, request, *args):
        return _is_superuser(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return _is_superuser(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _is_superuser(request.user) and super().has_delete_permission(request, obj)


class ServedStateInline(SuperuserWritesMixin, admin.TabularInline):
    model = ServedState
    extra = 0


@admin.register(Office)
class OfficeAdmin(SuperuserWritesMixin, TranslationAdmin):
    list_display = ["__str__", "kind", "city", "region"]
    list_filter = ["kind"]
    inlines = [ServedStateInline]


@admin.register(ServedState)
class ServedStateAdmin(SuperuserWritesMixin, admin.ModelAdmin):
    list_display = ["code", "office"]
    list_select_related = ["office"]


@admin.register(User)
class UserAdmin(BoundedManyToManyAdminMixin, DjangoUserAdmin, SimpleHistoryAdmin):
    """Users, limited for anyone but a superuser to the users of their office (all but
    superusers for headquarters staff)."""

    list_display = ["username", "first_name", "last_name", "email", "office", "is_active"]
    list_filter = ["office", "is_active", "is_superuser"]
    list_select_related = ["office"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("CRS"), {"fields": ["office", "language"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("CRS"), {"fields": ["first_name", "last_name", "email", "office", "language"]}),
    ]
    #: Who may use the admin and what they may do in it: a superuser's decision.
    superuser_only_fields = ["is_staff", "is_superuser", "groups", "user_permissions"]

    def scope(self, queryset, user):
        """``queryset`` limited to the users ``user`` manages."""
        if _is_superuser(user):
            return queryset
        queryset = queryset.filter(is_superuser=False)
        if is_headquarters_staff(user):
            return queryset
        if is_crs_staff(user):
            return queryset.filter(office_id=user.office_id)
        return queryset.none()

    def get_queryset(self, request):
        """Only the users the signed-in user manages."""
        return self.scope(super().get_queryset(request), request.user)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        """Only the versions of the users the signed-in user manages now."""
        queryset = super().get_history_queryset(request, history_manager, pk_name, object_id)
        if _is_superuser(request.user):
            return queryset
        return queryset.filter(id__in=self.get_queryset(request).values("pk"))

    def revert_disabled(self, request, obj=None):
        """Only a superuser reverts a user to an earlier version (which would restore the
        fields only a superuser changes)."""
        return not _is_superuser(request.user) or super().revert_disabled(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """An earlier version of a user; only a superuser may save it back."""
        if request.method == "POST" and self.revert_disabled(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _manages(self, request, obj) -> bool:
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._manages(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._manages(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._manages(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not _is_superuser(request.user):
            readonly += self.superuser_only_fields
        return readonly

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """The office: any for superusers and headquarters staff, otherwise the user's own."""
        user = request.user
        if db_field.name == "office" and not (_is_superuser(user) or is_headquarters_staff(user)):
            kwargs["queryset"] = Office.objects.filter(pk=user.office_id)
            kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class GroupAdmin(BoundedManyToManyAdminMixin, DjangoGroupAdmin):
    """Django's groups, with many-to-many choices bounded (``spcp.fields``)."""


admin.site.unregister(Group)
admin.site.register(Group, GroupAdmin)
