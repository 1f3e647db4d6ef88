"""Step 4: the action plan, its items, publication, revision and PDF."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spcp.text import join_sentences

from .. import exports, queries, services
from ..forms import action_plan as forms
from ..models import PlanItem
from ..pdf import action_plan_pdf as render_action_plan_pdf
from . import engagement_context, engagement_view, render_form, save_form
from .records import RecordDeleteView, RecordFormView, RecordMoveView

ACTION_PLAN = "engagements:action_plan"


@engagement_view("engagements.view_actionplan")
def action_plan(request, engagement):
    return render(
        request,
        "engagements/action_plan.html",
        engagement_context(
            engagement, 4, plan=engagement.action_plan, items=queries.plan_items(engagement)
        ),
    )


@engagement_view("engagements.change_actionplan")
def action_plan_update(request, engagement):
    plan = engagement.action_plan
    if plan.is_published:
        messages.error(request, _("Start a revision before changing a published plan."))
        return redirect(ACTION_PLAN, engagement.pk)
    form = forms.ActionPlanForm(request.POST or None, instance=plan)
    save = lambda: services.action_plan_update(  # noqa: E731
        plan=form.instance, user=request.user, **form.guard_kwargs()
    )
    if save_form(request, form, save, _("Action plan saved.")):
        return redirect(ACTION_PLAN, engagement.pk)
    return render_form(
        request, engagement, 4, form, title=_("Action plan introduction"), back=ACTION_PLAN
    )


def _plan_transition(request, engagement, service, success_message, **kwargs):
    """Run a plan service (publish or revise) and report the outcome on the plan page."""
    try:
        service(plan=engagement.action_plan, user=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, join_sentences(error.messages))
    else:
        messages.success(request, success_message)
    return redirect(ACTION_PLAN, engagement.pk)


@require_POST
@engagement_view("engagements.publish_actionplan")
def action_plan_publish(request, engagement):
    form = forms.PublishForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _plan_transition(
        request, engagement, services.action_plan_publish, _("Action plan published."), note=note
    )


@require_POST
@engagement_view("engagements.publish_actionplan")
def action_plan_revise(request, engagement):
    return _plan_transition(
        request,
        engagement,
        services.action_plan_revise,
        _("The plan is a draft again; publish it when it is ready."),
    )


@engagement_view("engagements.view_actionplan")
def action_plan_pdf(request, engagement):
    """The action plan as a PDF, in the language of the page it was asked from."""
    pdf = render_action_plan_pdf(
        plan=engagement.action_plan, items=queries.plan_items(engagement), request=request
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"spcp-action-plan-{engagement.community}-{engagement.state}.pdf"
    filename = "".join(c if c.isalnum() or c in "-." else "-" for c in filename)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@engagement_view("engagements.view_actionplan")
def action_plan_export(request, engagement, *, file_format: str):
    """The plan's items with their status and latest progress as a spreadsheet
    (``file_format`` "csv" or "xlsx", from the URL), headers and statuses in the page's
    language (``engagements.exports``). Reads only."""
    dataset = exports.plan_items_dataset(queries.plan_items(engagement))
    response = HttpResponse(
        exports.EXPORTERS[file_format](dataset), content_type=exports.CONTENT_TYPES[file_format]
    )
    filename = exports.export_filename(engagement, file_format, today=timezone.localdate())
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


planitem_create = RecordFormView.as_view(
    model=PlanItem,
    form_class=forms.PlanItemForm,
    permission="engagements.add_planitem",
    step=4,
    return_to=ACTION_PLAN,
)
planitem_update = RecordFormView.as_view(
    model=PlanItem,
    form_class=forms.PlanItemForm,
    permission="engagements.change_planitem",
    step=4,
    return_to=ACTION_PLAN,
)
planitem_delete = RecordDeleteView.as_view(
    model=PlanItem,
    permission="engagements.delete_planitem",
    step=4,
    return_to=ACTION_PLAN,
)
planitem_move = RecordMoveView.as_view(
    model=PlanItem,
    permission="engagements.change_planitem",
    step=4,
    return_to=ACTION_PLAN,
)
