"""Step 5: the council, its meetings, and progress on the action plan."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import queries, services
from ..forms import add_service_errors
from ..forms import council as forms
from ..models import CouncilMeeting, CouncilMember, ProgressUpdate
from . import engagement_context, engagement_view, record_view, render_form, save_form
from .records import RecordDeleteView, RecordFormView

COUNCIL = "engagements:council"


@engagement_view("engagements.view_engagement")
def council(request, engagement):
    return render(
        request,
        "engagements/council.html",
        engagement_context(
            engagement,
            5,
            status_chart=queries.plan_status_chart(engagement),
            **queries.council_board(engagement),
        ),
    )


@engagement_view("engagements.add_progressupdate")
def progressupdate_create(request, engagement):
    """Report progress on a plan item; the item takes the state reported."""
    initial = {"plan_item": request.GET.get("item"), "meeting": request.GET.get("meeting")}
    form = forms.ProgressUpdateForm(
        request.POST or None,
        instance=ProgressUpdate(engagement=engagement),
        engagement=engagement,
        initial=initial,
    )
    save = lambda: services.progress_update_create(  # noqa: E731
        update=form.instance, user=request.user, **form.guard_kwargs()
    )
    if save_form(request, form, save, _("Progress recorded.")):
        return redirect(COUNCIL, engagement.pk)
    return render_form(
        request, engagement, 5, form, title=_("Report progress on the plan"), back=COUNCIL
    )


@record_view(ProgressUpdate, "engagements.hide_progressupdate")
def progressupdate_hide(request, engagement, update):
    """Hide a progress update from the council's pages, with a reason (asked for on GET,
    required): ``services.progress_update_hide``. Staff still see it, marked hidden. An
    update already hidden goes back to the council page with a message."""
    if update.hidden_at is not None:
        messages.info(request, _("This progress update is already hidden."))
        return redirect(COUNCIL, engagement.pk)
    form = forms.ProgressUpdateHideForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.progress_update_hide(
                update=update, reason=form.cleaned_data["reason"], user=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The progress update is hidden from the council."))
            return redirect(COUNCIL, engagement.pk)
    return render(
        request,
        "engagements/progressupdate_hide.html",
        engagement_context(
            engagement,
            5,
            update=update,
            form=form,
            cancel_url=reverse(COUNCIL, args=[engagement.pk]),
        ),
    )


councilmember_create = RecordFormView.as_view(
    model=CouncilMember,
    form_class=forms.CouncilMemberForm,
    permission="engagements.add_councilmember",
    step=5,
    return_to=COUNCIL,
)
councilmember_update = RecordFormView.as_view(
    model=CouncilMember,
    form_class=forms.CouncilMemberForm,
    permission="engagements.change_councilmember",
    step=5,
    return_to=COUNCIL,
)
councilmember_delete = RecordDeleteView.as_view(
    model=CouncilMember,
    permission="engagements.delete_councilmember",
    step=5,
    return_to=COUNCIL,
)

councilmeeting_create = RecordFormView.as_view(
    model=CouncilMeeting,
    form_class=forms.CouncilMeetingForm,
    permission="engagements.add_councilmeeting",
    step=5,
    return_to=COUNCIL,
)
councilmeeting_update = RecordFormView.as_view(
    model=CouncilMeeting,
    form_class=forms.CouncilMeetingForm,
    permission="engagements.change_councilmeeting",
    step=5,
    return_to=COUNCIL,
)
councilmeeting_delete = RecordDeleteView.as_view(
    model=CouncilMeeting,
    permission="engagements.delete_councilmeeting",
    step=5,
    return_to=COUNCIL,
)
