"""Every engagement model in Django's admin, with its change history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models


@admin.register(models.Engagement)
class EngagementAdmin(SimpleHistoryAdmin):
    list_display = ["community", "state", "office", "lead_staff", "origin", "program_date"]
    list_filter = ["office", "origin", "state"]
    list_select_related = ["office", "lead_staff"]
    search_fields = ["community", "law_enforcement_agencies"]
    date_hierarchy = "opened_on"


class RecordAdmin(SimpleHistoryAdmin):
    """Admin for a record that belongs to an engagement."""

    list_select_related = ["engagement"]
    list_filter = ["engagement__office"]
    readonly_fields = ["engagement"]

    def get_readonly_fields(self, request, obj=None):
        # The engagement is chosen when a record is added and fixed afterwards.
        return ["engagement"] if obj else []

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return ["engagement", *[f for f in fields if f != "engagement"]]


def _register(model, *list_display, **options):
    attrs = {"list_display": ["__str__", *list_display, "engagement"], **options}
    admin.site.register(model, type(f"{model.__name__}Admin", (RecordAdmin,), attrs))


_register(models.StakeholderGroup, "order", search_fields=["name"])
_register(models.PlanningGroupMember, "affiliation", "sector", search_fields=["name"])
_register(models.PlanningMeeting, "held_on")
_register(models.LogisticsTask, "category", "owner", "due_date", "status")
_register(models.Facilitator, "affiliation", search_fields=["name"])
_register(models.TrainingSession, "held_on", "place", "trainer")
_register(models.TrainingAttendance, "session", "facilitator", "completed")
_register(
    models.Participant,
    "stakeholder_group",
    "preferred_language",
    search_fields=["name"],
    list_select_related=["engagement", "stakeholder_group"],
)
_register(
    models.BreakoutGroup,
    "round",
    "stakeholder_group",
    "facilitator",
    filter_horizontal=["participants"],
)
_register(models.Strength, "group")
_register(models.Issue, "group", "merged_into", "dot_votes", "is_priority")
_register(models.Solution, "group", "issue")
_register(models.PlanItem, "responsible_party", "target_date", "status")
_register(models.CouncilMember, "stakeholder_group", "role")
_register(models.CouncilMeeting, "held_on", filter_horizontal=["attendees"])
_register(models.ProgressUpdate, "plan_item", "reported_on", "status")


@admin.register(models.ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin):
    list_display = ["engagement", "status", "version", "published_at"]
    readonly_fields = ["status", "version", "published_at", "published_by"]
