"""Step 3, the program day: the roster, both breakout rounds and what each group records,
merging issues, dot votes and the afternoon groups."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .. import queries, services
from ..forms import add_service_errors
from ..forms import breakouts as forms
from ..forms.engagement import ProgramDayForm
from ..models import BreakoutGroup, Issue, Participant, Solution, Strength
from . import check, engagement_context, engagement_view, record_view, render_form, save_form
from .records import RecordDeleteView, RecordFormView

PROGRAM_DAY = "engagements:program_day"
PAGE_SIZE = 50


@engagement_view("engagements.view_engagement")
def program_day(request, engagement):
    return render(
        request,
        "engagements/program_day.html",
        engagement_context(engagement, 3, **queries.program_day_board(engagement)),
    )


@engagement_view("engagements.change_engagement")
def program_day_update(request, engagement):
    form = ProgramDayForm(request.POST or None, instance=engagement)
    save = lambda: services.engagement_update(engagement=form.instance, user=request.user)  # noqa: E731
    if save_form(request, form, save, _("Program day saved.")):
        return redirect(PROGRAM_DAY, engagement.pk)
    return render_form(
        request, engagement, 3, form, title=_("Program day: date and venue"), back=PROGRAM_DAY
    )


@engagement_view("engagements.view_participant")
def participant_list(request, engagement):
    query = request.GET.get("q", "").strip()
    participants = Participant.objects.filter(engagement=engagement).select_related(
        "stakeholder_group"
    )
    if query:
        participants = participants.filter(name__icontains=query)
    page = Paginator(participants, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "engagements/participant_list.html",
        engagement_context(engagement, 3, page_obj=page, query=query),
    )


@engagement_view("engagements.add_participant")
def participant_import(request, engagement):
    """Import participants from CSV; valid rows are saved, the rest reported with reasons."""
    form = forms.ParticipantImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        result = services.participants_import(
            engagement=engagement, text=form.cleaned_data["file"], user=request.user
        )
        report = {"imported": len(result.accepted), "rejected": result.rejected}
        if result.accepted:
            messages.success(
                request,
                ngettext(
                    "%(n)d participant imported.",
                    "%(n)d participants imported.",
                    len(result.accepted),
                )
                % {"n": len(result.accepted)},
            )
        if not result.rejected:
            return redirect("engagements:participant_list", engagement.pk)
    return render(
        request,
        "engagements/participant_import.html",
        engagement_context(engagement, 3, form=form, report=report),
    )


@require_POST
@engagement_view("engagements.add_breakoutgroup")
def morning_groups_create(request, engagement):
    try:
        created = services.morning_groups_create(engagement=engagement, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if created:
            messages.success(
                request,
                ngettext(
                    "%(n)d morning group created.", "%(n)d morning groups created.", len(created)
                )
                % {"n": len(created)},
            )
        else:
            messages.info(request, _("Every stakeholder group already has its morning group."))
    return redirect(PROGRAM_DAY, engagement.pk)


@record_view(
    BreakoutGroup,
    "engagements.view_breakoutgroup",
    queryset=BreakoutGroup.objects.select_related("facilitator", "stakeholder_group"),
)
def breakoutgroup_detail(request, engagement, group):
    """A breakout group's notes: strengths and issues (morning) or solutions (afternoon).
    Built for a facilitator's phone: the forms first, one field at a time, nothing lost on
    error. Adding a note needs ``add_<kind>`` on the group."""
    kinds = {"strength": Strength, "issue": Issue} if group.is_morning else {"solution": Solution}
    bound = request.POST.get("kind") if request.method == "POST" else None
    note_forms = {}
    for kind, model in kinds.items():
        note_forms[kind] = forms.NOTE_FORMS[kind](
            request.POST if bound == kind else None,
            instance=model(engagement=engagement, group=group),
            engagement=engagement,
            prefix=kind,
        )
    if bound in note_forms:
        check(request, f"engagements.add_{bound}", group)
        form = note_forms[bound]
        if form.is_valid():
            try:
                services.record_create(record=form.instance, user=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(f"{group.get_absolute_url()}#{bound}s")
    return render(
        request,
        "engagements/breakoutgroup_detail.html",
        engagement_context(
            engagement,
            3,
            group=group,
            note_forms=note_forms,
            strengths=group.strengths.all(),
            issues=group.issues.select_related("merged_into"),
            solutions=group.solutions.select_related("issue"),
            participants=group.participants.select_related("stakeholder_group"),
        ),
    )


@engagement_view("engagements.change_issue")
def issue_merge(request, engagement):
    form = forms.IssueMergeForm(request.POST or None, engagement=engagement)

    def save():
        services.issues_merge(
            target=form.cleaned_data["target"],
            issues=list(form.cleaned_data["issues"]),
            user=request.user,
        )

    if save_form(request, form, save, _("Issues merged.")):
        return redirect("engagements:issue_merge", engagement.pk)
    merged = Issue.objects.filter(engagement=engagement, merged_into__isnull=False).select_related(
        "group", "merged_into"
    )
    return render(
        request,
        "engagements/issue_merge.html",
        engagement_context(engagement, 3, form=form, merged=merged),
    )


@require_POST
@record_view(Issue, "engagements.change_issue")
def issue_unmerge(request, engagement, issue):
    try:
        services.issue_unmerge(issue=issue, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Issue separated again."))
    return redirect("engagements:issue_merge", engagement.pk)


@engagement_view("engagements.change_issue")
def issue_vote(request, engagement):
    issues = (
        Issue.objects.filter(engagement=engagement)
        .canonical()
        .select_related("group")
        .annotate(n_merged=Count("merged_issues"))
    )
    form = forms.VotesForm(request.POST or None, issues=issues)

    def save():
        services.issues_record_votes(
            engagement=engagement,
            votes=form.votes(),
            priorities=form.priorities(),
            user=request.user,
        )

    if save_form(request, form, save, _("Votes and priorities saved.")):
        return redirect("engagements:issue_vote", engagement.pk)
    return render(
        request, "engagements/issue_vote.html", engagement_context(engagement, 3, form=form)
    )


@engagement_view("engagements.add_breakoutgroup")
def afternoon_groups(request, engagement):
    """Propose afternoon groups from the roster, let staff adjust, then save."""
    try:
        wanted = int(request.POST.get("group_count") or request.GET.get("groups") or 0)
    except ValueError:
        wanted = 0
    proposal = queries.afternoon_proposal(engagement, max(0, min(wanted, 1000)))
    form = None
    if proposal.proposal is not None:
        saving = bool(request.POST.get("save"))
        form = forms.AfternoonGroupsForm(
            request.POST if saving else None,
            participants=proposal.participants,
            facilitators=proposal.facilitators,
            group_count=proposal.group_count,
            proposal=proposal.proposal,
        )
        if saving and form.is_valid():
            try:
                services.afternoon_groups_save(
                    engagement=engagement,
                    groups=form.groups(),
                    facilitators=form.facilitators(),
                    user=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Afternoon groups saved."))
                return redirect(PROGRAM_DAY, engagement.pk)
    existing = BreakoutGroup.objects.filter(
        engagement=engagement, round=BreakoutGroup.Round.HETEROGENEOUS
    ).exists()
    return render(
        request,
        "engagements/afternoon_groups.html",
        engagement_context(
            engagement,
            3,
            form=form,
            error=proposal.error,
            group_count=proposal.group_count,
            limit=proposal.limit,
            n_participants=len(proposal.participants),
            n_stakeholder_groups=proposal.n_stakeholder_groups,
            n_facilitators=len(proposal.facilitators),
            existing=existing,
        ),
    )


participant_create = RecordFormView.as_view(
    model=Participant,
    form_class=forms.ParticipantForm,
    permission="engagements.add_participant",
    step=3,
    return_to="engagements:participant_list",
)
participant_update = RecordFormView.as_view(
    model=Participant,
    form_class=forms.ParticipantForm,
    permission="engagements.change_participant",
    step=3,
    return_to="engagements:participant_list",
)
participant_delete = RecordDeleteView.as_view(
    model=Participant,
    permission="engagements.delete_participant",
    step=3,
    return_to="engagements:participant_list",
)

breakoutgroup_create = RecordFormView.as_view(
    model=BreakoutGroup,
    form_class=forms.BreakoutGroupForm,
    permission="engagements.add_breakoutgroup",
    step=3,
    return_to=PROGRAM_DAY,
)
breakoutgroup_update = RecordFormView.as_view(
    model=BreakoutGroup,
    form_class=forms.BreakoutGroupForm,
    permission="engagements.change_breakoutgroup",
    step=3,
    return_to=PROGRAM_DAY,
)
breakoutgroup_delete = RecordDeleteView.as_view(
    model=BreakoutGroup,
    permission="engagements.delete_breakoutgroup",
    step=3,
    return_to=PROGRAM_DAY,
)

# Notes are added on their group's page (``breakoutgroup_detail``); these edit and delete one.
strength_update = RecordFormView.as_view(
    model=Strength,
    form_class=forms.StrengthForm,
    permission="engagements.change_strength",
    step=3,
    return_to=PROGRAM_DAY,
)
strength_delete = RecordDeleteView.as_view(
    model=Strength, permission="engagements.delete_strength", step=3, return_to=PROGRAM_DAY
)
issue_update = RecordFormView.as_view(
    model=Issue,
    form_class=forms.IssueForm,
    permission="engagements.change_issue",
    step=3,
    return_to=PROGRAM_DAY,
)
issue_delete = RecordDeleteView.as_view(
    model=Issue, permission="engagements.delete_issue", step=3, return_to=PROGRAM_DAY
)
solution_update = RecordFormView.as_view(
    model=Solution,
    form_class=forms.SolutionForm,
    permission="engagements.change_solution",
    step=3,
    return_to=PROGRAM_DAY,
)
solution_delete = RecordDeleteView.as_view(
    model=Solution, permission="engagements.delete_solution", step=3, return_to=PROGRAM_DAY
)
