"""Step 5: council members, council meetings and progress updates."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import CouncilMeeting, CouncilMember, ProgressUpdate
from . import EngagementRecordForm


class CouncilMemberForm(EngagementRecordForm):
    class Meta:
        model = CouncilMember
        fields = ["participant", "planning_member", "stakeholder_group", "role", "joined_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].help_text = _("Choose a participant or a planning group member.")


class CouncilMeetingForm(EngagementRecordForm):
    class Meta:
        model = CouncilMeeting
        fields = ["held_on", "location", "agenda", "minutes", "minutes_approved", "attendees"]
        widgets = {"attendees": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = self.fields["attendees"].queryset.select_related(
            "participant", "planning_member"
        )


class ProgressUpdateForm(EngagementRecordForm):
    class Meta:
        model = ProgressUpdate
        fields = ["plan_item", "meeting", "reported_on", "status", "note"]


class ProgressUpdateHideForm(forms.Form):
    """Staff hide a progress update from the council's pages: the reason, kept with it."""

    reason = forms.CharField(
        label=_("Reason for hiding"),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        max_length=2000,
        help_text=_(
            "Kept with the update and shown to CRS staff. The council no longer sees the "
            "update; staff still do, marked hidden."
        ),
    )
