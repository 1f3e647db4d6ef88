from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Office, ServedState, User


class ServedStateInline(admin.TabularInline):
    model = ServedState
    extra = 0


@admin.register(Office)
class OfficeAdmin(TranslationAdmin):
    list_display = ["__str__", "kind", "city", "region"]
    list_filter = ["kind"]
    inlines = [ServedStateInline]


@admin.register(ServedState)
class ServedStateAdmin(admin.ModelAdmin):
    list_display = ["code", "office"]
    list_select_related = ["office"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "first_name", "last_name", "email", "office", "is_active"]
    list_filter = ["office", "is_active", "is_superuser"]
    list_select_related = ["office"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("CRS"), {"fields": ["office"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("CRS"), {"fields": ["first_name", "last_name", "email", "office"]}),
    ]
