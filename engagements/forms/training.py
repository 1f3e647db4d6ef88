"""Step 2: facilitators, training sessions and who completed training."""

from django import forms
from django.utils.translation import gettext_lazy as _

from spcp.text import isolate

from ..models import Facilitator, TrainingSession
from ..services.guards import records_version
from ..services.training import ATTENDANCE_FIELDS
from . import EngagementRecordForm, SetVersionMixin, set_conflict


class FacilitatorForm(EngagementRecordForm):
    class Meta:
        model = Facilitator
        fields = ["name", "affiliation", "languages", "email", "phone"]


class TrainingSessionForm(EngagementRecordForm):
    class Meta:
        model = TrainingSession
        fields = ["held_on", "place", "trainer", "notes"]


class AttendanceForm(SetVersionMixin, forms.Form):
    """Who attended a training session and who completed it: one choice per facilitator."""

    STATES = [
        ("absent", _("Did not attend")),
        ("attended", _("Attended")),
        ("completed", _("Completed training")),
    ]

    def __init__(self, *args, session, facilitators, **kwargs):
        super().__init__(*args, **kwargs)
        attendances = list(session.attendances.all())
        current = {a.facilitator_id: a for a in attendances}
        self.add_version(records_version(attendances, ATTENDANCE_FIELDS))
        for facilitator in facilitators:
            record = current.get(facilitator.pk)
            state = (
                "absent" if record is None else ("completed" if record.completed else "attended")
            )
            self.fields[f"facilitator_{facilitator.pk}"] = forms.ChoiceField(
                label=isolate(facilitator.name),  # typed: keeps its own direction
                choices=self.STATES,
                initial=state,
                widget=forms.RadioSelect,
            )

    def attendance(self) -> dict[int, str]:
        """``{facilitator id: "absent" | "attended" | "completed"}``."""
        return {
            int(name.removeprefix("facilitator_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("facilitator_")
        }

    def show_conflict(self, error) -> None:
        """After a ``guards.StaleEdit``: per facilitator whose saved state differs from the
        one chosen, both (see ``SubmissionGuardMixin.show_conflict``)."""
        labels = dict(self.STATES)
        saved = {a.facilitator_id: "completed" if a.completed else "attended" for a in error.stored}
        rows = []
        for pk, chosen in self.attendance().items():
            before = saved.get(pk, "absent")
            if before != chosen:
                label = self.fields[f"facilitator_{pk}"].label
                rows.append({"label": label, "saved": labels[before], "typed": labels[chosen]})
        set_conflict(self, error, rows, records_version(error.stored, ATTENDANCE_FIELDS))
