"""Step 2: facilitators, training sessions, and who completed training."""

from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import services
from ..forms import training as forms
from ..models import Facilitator, TrainingAttendance, TrainingSession
from . import engagement_context, engagement_view, record_view, save_form
from .records import RecordDeleteView, RecordFormView

TRAINING = "engagements:training"


@engagement_view("engagements.view_engagement")
def training(request, engagement):
    sessions = TrainingSession.objects.filter(engagement=engagement).prefetch_related(
        Prefetch("attendances", queryset=TrainingAttendance.objects.select_related("facilitator"))
    )
    return render(
        request,
        "engagements/training.html",
        engagement_context(
            engagement,
            2,
            sessions=sessions,
            facilitators=Facilitator.objects.filter(engagement=engagement).with_training(),
        ),
    )


@record_view(TrainingSession, "engagements.change_trainingsession")
def trainingsession_attendance(request, engagement, session):
    facilitators = Facilitator.objects.filter(engagement=engagement)
    form = forms.AttendanceForm(request.POST or None, session=session, facilitators=facilitators)

    def save():
        services.training_attendance_record(
            session=session,
            attendance=form.attendance(),
            user=request.user,
            **form.guard_kwargs(),
        )

    if save_form(request, form, save, _("Attendance saved.")):
        return redirect(TRAINING, engagement.pk)
    return render(
        request,
        "engagements/trainingsession_attendance.html",
        engagement_context(engagement, 2, session=session, form=form),
    )


facilitator_create = RecordFormView.as_view(
    model=Facilitator,
    form_class=forms.FacilitatorForm,
    permission="engagements.add_facilitator",
    step=2,
    return_to=TRAINING,
)
facilitator_update = RecordFormView.as_view(
    model=Facilitator,
    form_class=forms.FacilitatorForm,
    permission="engagements.change_facilitator",
    step=2,
    return_to=TRAINING,
)
facilitator_delete = RecordDeleteView.as_view(
    model=Facilitator,
    permission="engagements.delete_facilitator",
    step=2,
    return_to=TRAINING,
)

trainingsession_create = RecordFormView.as_view(
    model=TrainingSession,
    form_class=forms.TrainingSessionForm,
    permission="engagements.add_trainingsession",
    step=2,
    return_to=TRAINING,
)
trainingsession_update = RecordFormView.as_view(
    model=TrainingSession,
    form_class=forms.TrainingSessionForm,
    permission="engagements.change_trainingsession",
    step=2,
    return_to=TRAINING,
)
trainingsession_delete = RecordDeleteView.as_view(
    model=TrainingSession,
    permission="engagements.delete_trainingsession",
    step=2,
    return_to=TRAINING,
)
