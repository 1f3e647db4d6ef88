"""Step 4: the action plan's introduction and its items."""

from django import forms

from ..models import ActionPlan, Issue, PlanItem, Solution
from . import EngagementRecordForm, SubmissionGuardMixin


class ActionPlanForm(SubmissionGuardMixin, forms.ModelForm):
    """The plan's introduction."""

    class Meta:
        model = ActionPlan
        fields = ["introduction"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 5})}


class PlanItemForm(EngagementRecordForm):
    """A plan item, linked to the priority issues it answers and the breakout solutions it
    builds on. Its place in the plan is set with the up and down buttons."""

    class Meta:
        model = PlanItem
        fields = [
            "title",
            "issues",
            "solutions",
            "actions",
            "responsible_party",
            "target_date",
            "progress_measure",
        ]
        widgets = {
            "issues": forms.CheckboxSelectMultiple,
            "solutions": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issues"].queryset = Issue.objects.filter(
            engagement=self.engagement, is_priority=True, merged_into__isnull=True
        )
        self.fields["solutions"].queryset = Solution.objects.filter(
            engagement=self.engagement
        ).select_related("group")
