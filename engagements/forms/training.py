"""Step 2: facilitators, training sessions and who completed training."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Facilitator, TrainingSession
from . import EngagementRecordForm


class FacilitatorForm(EngagementRecordForm):
    class Meta:
        model = Facilitator
        fields = ["name", "affiliation", "languages", "email", "phone"]


class TrainingSessionForm(EngagementRecordForm):
    class Meta:
        model = TrainingSession
        fields = ["held_on", "place", "trainer", "notes"]


class AttendanceForm(forms.Form):
    """Who attended a training session and who completed it: one choice per facilitator."""

    STATES = [
        ("absent", _("Did not attend")),
        ("attended", _("Attended")),
        ("completed", _("Completed training")),
    ]

    def __init__(self, *args, session, facilitators, **kwargs):
        super().__init__(*args, **kwargs)
        current = {a.facilitator_id: a for a in session.attendances.all()}
        for facilitator in facilitators:
            record = current.get(facilitator.pk)
            state = (
                "absent" if record is None else ("completed" if record.completed else "attended")
            )
            self.fields[f"facilitator_{facilitator.pk}"] = forms.ChoiceField(
                label=facilitator.name,
                choices=self.STATES,
                initial=state,
                widget=forms.RadioSelect,
            )

    def attendance(self) -> dict[int, str]:
        """``{facilitator id: "absent" | "attended" | "completed"}``."""
        return {
            int(name.removeprefix("facilitator_")): value
            for name, value in self.cleaned_data.items()
        }
