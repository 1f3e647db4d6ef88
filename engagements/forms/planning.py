"""Step 1: the planning group's members, meetings, logistics tasks and stakeholder groups."""

from django import forms

from ..models import LogisticsTask, PlanningGroupMember, PlanningMeeting, StakeholderGroup
from . import EngagementRecordForm


class StakeholderGroupForm(EngagementRecordForm):
    """A stakeholder group; names are unique per engagement, case ignored (a constraint)."""

    class Meta:
        model = StakeholderGroup
        fields = ["name", "description"]

    def clean_name(self):
        return self.cleaned_data["name"].strip()


class PlanningGroupMemberForm(EngagementRecordForm):
    class Meta:
        model = PlanningGroupMember
        fields = ["name", "affiliation", "sector", "role", "email", "phone"]


class PlanningMeetingForm(EngagementRecordForm):
    class Meta:
        model = PlanningMeeting
        fields = ["held_on", "location", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 6})}


class LogisticsTaskForm(EngagementRecordForm):
    class Meta:
        model = LogisticsTask
        fields = ["title", "category", "owner", "due_date", "status"]
