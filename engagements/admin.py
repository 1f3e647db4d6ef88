"""Every engagement model in Django's admin, with its change history. Saves and deletes go
through the same services as the pages (``services.records``), so the admin gets the same
answer as a form: the models' rules, the permission, the history and the audit entry."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import models, services


@admin.register(models.Engagement)
class EngagementAdmin(SimpleHistoryAdmin):
    list_display = ["community", "state", "office", "lead_staff", "origin", "program_date"]
    list_filter = ["office", "origin", "state"]
    list_select_related = ["office", "lead_staff"]
    search_fields = ["community", "law_enforcement_agencies"]
    date_hierarchy = "opened_on"

    def save_model(self, request, obj, form, change):
        service = services.engagement_update if change else services.engagement_create
        service(engagement=obj, user=request.user)


class RecordAddForm(forms.ModelForm):
    """Adds the engagement (not editable on the model) to the admin's add form."""

    engagement = forms.ModelChoiceField(
        queryset=models.Engagement.objects.all(), label=_("engagement")
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("engagement"):
            self.instance.engagement = cleaned["engagement"]
        return cleaned


class RecordAdmin(SimpleHistoryAdmin):
    """Admin for a record that belongs to an engagement. The engagement is chosen when a
    record is added and fixed afterwards. Many-to-many links are edited on the pages."""

    list_select_related = ["engagement"]
    list_filter = ["engagement__office"]

    def get_readonly_fields(self, request, obj=None):
        return ["engagement"] if obj else []

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None:
            return form
        return type(form.__name__, (RecordAddForm, form), {})

    def save_model(self, request, obj, form, change):
        service = services.record_update if change else services.record_create
        service(record=obj, user=request.user)

    def delete_model(self, request, obj):
        try:
            services.record_delete(record=obj, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(models.StakeholderGroup)
class StakeholderGroupAdmin(RecordAdmin):
    list_display = ["name", "order", "engagement"]
    search_fields = ["name"]


@admin.register(models.PlanningGroupMember)
class PlanningGroupMemberAdmin(RecordAdmin):
    list_display = ["name", "affiliation", "sector", "engagement"]
    search_fields = ["name"]


@admin.register(models.PlanningMeeting)
class PlanningMeetingAdmin(RecordAdmin):
    list_display = ["__str__", "held_on", "engagement"]


@admin.register(models.LogisticsTask)
class LogisticsTaskAdmin(RecordAdmin):
    list_display = ["title", "category", "owner", "due_date", "status", "engagement"]


@admin.register(models.Facilitator)
class FacilitatorAdmin(RecordAdmin):
    list_display = ["name", "affiliation", "engagement"]
    search_fields = ["name"]


@admin.register(models.TrainingSession)
class TrainingSessionAdmin(RecordAdmin):
    list_display = ["__str__", "held_on", "place", "trainer", "engagement"]


@admin.register(models.TrainingAttendance)
class TrainingAttendanceAdmin(RecordAdmin):
    list_display = ["__str__", "session", "facilitator", "completed", "engagement"]


@admin.register(models.Participant)
class ParticipantAdmin(RecordAdmin):
    list_display = ["name", "stakeholder_group", "preferred_language", "engagement"]
    list_select_related = ["engagement", "stakeholder_group"]
    search_fields = ["name"]


@admin.register(models.BreakoutGroup)
class BreakoutGroupAdmin(RecordAdmin):
    list_display = ["name", "round", "stakeholder_group", "facilitator", "engagement"]


@admin.register(models.Strength)
class StrengthAdmin(RecordAdmin):
    list_display = ["__str__", "group", "engagement"]


@admin.register(models.Issue)
class IssueAdmin(RecordAdmin):
    list_display = ["__str__", "group", "merged_into", "dot_votes", "is_priority", "engagement"]


@admin.register(models.Solution)
class SolutionAdmin(RecordAdmin):
    list_display = ["__str__", "group", "issue", "engagement"]


@admin.register(models.PlanItem)
class PlanItemAdmin(RecordAdmin):
    list_display = ["title", "responsible_party", "target_date", "status", "engagement"]


@admin.register(models.CouncilMember)
class CouncilMemberAdmin(RecordAdmin):
    list_display = ["__str__", "stakeholder_group", "role", "engagement"]


@admin.register(models.CouncilMeeting)
class CouncilMeetingAdmin(RecordAdmin):
    list_display = ["__str__", "held_on", "engagement"]


@admin.register(models.ProgressUpdate)
class ProgressUpdateAdmin(RecordAdmin):
    list_display = ["__str__", "plan_item", "reported_on", "status", "engagement"]


@admin.register(models.ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin):
    list_display = ["engagement", "status", "version", "published_at"]
    readonly_fields = ["engagement", "status", "version", "published_at", "published_by"]

    def has_add_permission(self, request):
        return False  # every engagement gets its plan when it is opened

    def save_model(self, request, obj, form, change):
        services.action_plan_update(plan=obj, user=request.user)


@admin.register(models.AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail, read-only."""

    list_display = ["at", "actor", "engagement", "action", "model", "object_repr"]
    list_filter = ["action", "step"]
    list_select_related = ["actor", "engagement"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
