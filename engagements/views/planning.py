"""Step 1: the planning group, its meetings and logistics, and the stakeholder groups."""

from django.shortcuts import render

from .. import queries
from ..forms import planning as forms
from ..models import LogisticsTask, PlanningGroupMember, PlanningMeeting, StakeholderGroup
from . import engagement_context, engagement_view
from .records import RecordDeleteView, RecordFormView, RecordMoveView

PLANNING = "engagements:planning"


@engagement_view("engagements.view_engagement")
def planning(request, engagement):
    return render(
        request,
        "engagements/planning.html",
        engagement_context(engagement, 1, **queries.planning_board(engagement)),
    )


stakeholdergroup_create = RecordFormView.as_view(
    model=StakeholderGroup,
    form_class=forms.StakeholderGroupForm,
    permission="engagements.add_stakeholdergroup",
    step=1,
    return_to=PLANNING,
)
stakeholdergroup_update = RecordFormView.as_view(
    model=StakeholderGroup,
    form_class=forms.StakeholderGroupForm,
    permission="engagements.change_stakeholdergroup",
    step=1,
    return_to=PLANNING,
)
stakeholdergroup_delete = RecordDeleteView.as_view(
    model=StakeholderGroup,
    permission="engagements.delete_stakeholdergroup",
    step=1,
    return_to=PLANNING,
)
stakeholdergroup_move = RecordMoveView.as_view(
    model=StakeholderGroup,
    permission="engagements.change_stakeholdergroup",
    step=1,
    return_to=PLANNING,
)

planninggroupmember_create = RecordFormView.as_view(
    model=PlanningGroupMember,
    form_class=forms.PlanningGroupMemberForm,
    permission="engagements.add_planninggroupmember",
    step=1,
    return_to=PLANNING,
)
planninggroupmember_update = RecordFormView.as_view(
    model=PlanningGroupMember,
    form_class=forms.PlanningGroupMemberForm,
    permission="engagements.change_planninggroupmember",
    step=1,
    return_to=PLANNING,
)
planninggroupmember_delete = RecordDeleteView.as_view(
    model=PlanningGroupMember,
    permission="engagements.delete_planninggroupmember",
    step=1,
    return_to=PLANNING,
)

planningmeeting_create = RecordFormView.as_view(
    model=PlanningMeeting,
    form_class=forms.PlanningMeetingForm,
    permission="engagements.add_planningmeeting",
    step=1,
    return_to=PLANNING,
)
planningmeeting_update = RecordFormView.as_view(
    model=PlanningMeeting,
    form_class=forms.PlanningMeetingForm,
    permission="engagements.change_planningmeeting",
    step=1,
    return_to=PLANNING,
)
planningmeeting_delete = RecordDeleteView.as_view(
    model=PlanningMeeting,
    permission="engagements.delete_planningmeeting",
    step=1,
    return_to=PLANNING,
)

logisticstask_create = RecordFormView.as_view(
    model=LogisticsTask,
    form_class=forms.LogisticsTaskForm,
    permission="engagements.add_logisticstask",
    step=1,
    return_to=PLANNING,
)
logisticstask_update = RecordFormView.as_view(
    model=LogisticsTask,
    form_class=forms.LogisticsTaskForm,
    permission="engagements.change_logisticstask",
    step=1,
    return_to=PLANNING,
)
logisticstask_delete = RecordDeleteView.as_view(
    model=LogisticsTask,
    permission="engagements.delete_logisticstask",
    step=1,
    return_to=PLANNING,
)
