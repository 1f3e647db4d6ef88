"""Pages for running an SPCP engagement through its five steps.

Every page below the list needs a signed-in CRS staff member allowed to manage the engagement
(``engagements.change_engagement``, see ``rules.py``); anyone else gets a 404, so that the
existence of an engagement is itself need-to-know."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import (
    Case,
    Count,
    IntegerField,
    Prefetch,
    ProtectedError,
    RestrictedError,
    Value,
    When,
)
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DeleteView, UpdateView

from . import forms, models, services
from .grouping import GroupProposalError, max_group_count, propose_heterogeneous_groups
from .pdf import action_plan_pdf as render_action_plan_pdf
from .steps import STEP_NAMES, engagement_steps

PAGE_SIZE = 50


def _load_engagement(request, pk, queryset=None):
    """The engagement ``pk`` if the user may manage it; 404 otherwise."""
    if queryset is None:
        queryset = models.Engagement.objects.select_related("office", "lead_staff")
    engagement = get_object_or_404(queryset, pk=pk)
    if not request.user.has_perm("engagements.change_engagement", engagement):
        raise Http404(_("No engagement found."))
    return engagement


def engagement_view(view):
    """Decorate a view taking ``(request, engagement, ...)``: sign-in, then permission."""

    @login_required
    @wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        return view(request, _load_engagement(request, pk), *args, **kwargs)

    return wrapper


def _rank(field, values):
    """An ordering expression that sorts ``field`` in the order of ``values``."""
    return Case(
        *[When(**{field: value}, then=Value(i)) for i, value in enumerate(values)],
        default=Value(len(values)),
        output_field=IntegerField(),
    )


def _steps_nav(engagement, current):
    return {"engagement": engagement, "current_step": current, "step_names": STEP_NAMES}


@login_required
def engagement_list(request):
    """The engagements the user may see, newest first, searchable and paginated."""
    query = request.GET.get("q", "")
    engagements = (
        models.Engagement.objects.for_user(request.user)
        .search(query)
        .select_related("office", "lead_staff", "action_plan")
    )
    page = Paginator(engagements, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "engagements/engagement_list.html",
        {
            "page_obj": page,
            "query": query,
            "can_add": request.user.has_perm("engagements.add_engagement"),
        },
    )


@login_required
def engagement_create(request):
    if not request.user.has_perm("engagements.add_engagement"):
        raise Http404(_("Only CRS staff can open engagements."))
    form = forms.EngagementForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            engagement = form.save()
            services.action_plan_get(engagement=engagement)
        messages.success(request, _("Engagement opened. Start with step 1: the planning group."))
        return redirect(engagement)
    return render(request, "engagements/engagement_form.html", {"form": form})


@engagement_view
def engagement_update(request, engagement):
    form = forms.EngagementForm(request.POST or None, instance=engagement, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Engagement saved."))
        return redirect(engagement)
    return render(
        request,
        "engagements/engagement_form.html",
        {
            "form": form,
            "engagement": engagement,
        },
    )


@login_required
def engagement_detail(request, pk):
    """The overview: the five steps, what each holds, which are complete, what is next."""
    engagement = _load_engagement(request, pk, models.Engagement.objects.with_step_counts())
    steps = engagement_steps(engagement)
    next_step = next((step for step in steps if not step.complete), None)
    return render(
        request,
        "engagements/engagement_detail.html",
        {
            **_steps_nav(engagement, 0),
            "steps": steps,
            "next_step": next_step,
        },
    )


# Step 1 ---------------------------------------------------------------------------------


@engagement_view
def planning(request, engagement):
    return render(
        request,
        "engagements/planning.html",
        {
            **_steps_nav(engagement, 1),
            "members": models.PlanningGroupMember.objects.filter(engagement=engagement),
            "meetings": models.PlanningMeeting.objects.filter(engagement=engagement),
            "tasks": models.LogisticsTask.objects.filter(engagement=engagement)
            .select_related("owner")
            .order_by(_rank("status", ["todo", "in_progress", "done"]), "due_date", "title"),
            "stakeholder_groups": models.StakeholderGroup.objects.filter(
                engagement=engagement
            ).annotate(n_participants=Count("participants")),
        },
    )


# Step 2 ---------------------------------------------------------------------------------


@engagement_view
def training(request, engagement):
    sessions = models.TrainingSession.objects.filter(engagement=engagement).prefetch_related(
        Prefetch(
            "attendances",
            queryset=models.TrainingAttendance.objects.select_related("facilitator"),
        )
    )
    return render(
        request,
        "engagements/training.html",
        {
            **_steps_nav(engagement, 2),
            "sessions": sessions,
            "facilitators": models.Facilitator.objects.filter(
                engagement=engagement
            ).with_training(),
        },
    )


@engagement_view
def trainingsession_attendance(request, engagement, session_pk):
    session = get_object_or_404(
        models.TrainingSession.objects.filter(engagement=engagement), pk=session_pk
    )
    facilitators = models.Facilitator.objects.filter(engagement=engagement)
    form = forms.AttendanceForm(request.POST or None, session=session, facilitators=facilitators)
    if request.method == "POST" and form.is_valid():
        services.training_attendance_record(session=session, attendance=form.attendance())
        messages.success(request, _("Attendance saved."))
        return redirect("engagements:training", engagement.pk)
    return render(
        request,
        "engagements/trainingsession_attendance.html",
        {
            **_steps_nav(engagement, 2),
            "session": session,
            "form": form,
        },
    )


# Step 3 ---------------------------------------------------------------------------------


def _groups(engagement, round_):
    return (
        models.BreakoutGroup.objects.filter(engagement=engagement, round=round_)
        .select_related("facilitator", "stakeholder_group", "co_facilitator")
        .annotate(
            n_participants=Count("participants", distinct=True),
            n_strengths=Count("strengths", distinct=True),
            n_issues=Count("issues", distinct=True),
            n_solutions=Count("solutions", distinct=True),
        )
    )


@engagement_view
def program_day(request, engagement):
    priorities = models.Issue.objects.filter(engagement=engagement).priorities()
    return render(
        request,
        "engagements/program_day.html",
        {
            **_steps_nav(engagement, 3),
            "morning_groups": _groups(engagement, models.BreakoutGroup.Round.HOMOGENEOUS),
            "afternoon_groups": _groups(engagement, models.BreakoutGroup.Round.HETEROGENEOUS),
            "n_participants": models.Participant.objects.filter(engagement=engagement).count(),
            "priorities": priorities,
        },
    )


@engagement_view
def program_day_update(request, engagement):
    form = forms.ProgramDayForm(request.POST or None, instance=engagement)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Program day saved."))
        return redirect("engagements:program_day", engagement.pk)
    return render(
        request,
        "engagements/record_form.html",
        {
            **_steps_nav(engagement, 3),
            "form": form,
            "title": _("Program day: date and venue"),
            "cancel_url": reverse("engagements:program_day", args=[engagement.pk]),
        },
    )


@engagement_view
def participant_list(request, engagement):
    query = request.GET.get("q", "").strip()
    participants = models.Participant.objects.filter(engagement=engagement).select_related(
        "stakeholder_group"
    )
    if query:
        participants = participants.filter(name__icontains=query)
    page = Paginator(participants, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "engagements/participant_list.html",
        {
            **_steps_nav(engagement, 3),
            "page_obj": page,
            "query": query,
        },
    )


@engagement_view
def participant_import(request, engagement):
    """Import participants from CSV; valid rows are saved, the rest reported with reasons."""
    form = forms.ParticipantImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        accepted, rejected = forms.read_participant_rows(
            form.cleaned_data["file"], engagement=engagement
        )
        with transaction.atomic():
            for row_form in accepted:
                row_form.save()
        report = {"imported": len(accepted), "rejected": rejected}
        if accepted:
            messages.success(request, _("%(n)d participants imported.") % {"n": len(accepted)})
        if not rejected:
            return redirect("engagements:participant_list", engagement.pk)
    return render(
        request,
        "engagements/participant_import.html",
        {
            **_steps_nav(engagement, 3),
            "form": form,
            "report": report,
        },
    )


@require_POST
@engagement_view
def morning_groups_create(request, engagement):
    try:
        created = services.morning_groups_create(engagement=engagement)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(n)d morning groups created.") % {"n": len(created)})
    return redirect("engagements:program_day", engagement.pk)


NOTE_FORMS = {
    "strength": forms.StrengthForm,
    "issue": forms.IssueForm,
    "solution": forms.SolutionForm,
}


@engagement_view
def breakoutgroup_detail(request, engagement, group_pk):
    """A breakout group's notes: strengths and issues (morning) or solutions (afternoon).
    Built for a facilitator's phone: one page, one field at a time, nothing lost on error."""
    group = get_object_or_404(
        models.BreakoutGroup.objects.filter(engagement=engagement).select_related(
            "facilitator", "stakeholder_group"
        ),
        pk=group_pk,
    )
    kinds = ["strength", "issue"] if group.is_morning else ["solution"]
    bound = request.POST.get("kind") if request.method == "POST" else None
    note_forms = {}
    for kind in kinds:
        data = request.POST if bound == kind else None
        note_forms[kind] = NOTE_FORMS[kind](data, engagement=engagement, prefix=kind)
    if bound in note_forms:
        form = note_forms[bound]
        if form.is_valid():
            note = form.save(commit=False)
            note.group = group
            note.save()
            messages.success(request, _("Saved."))
            return redirect(f"{group.get_absolute_url()}#{bound}s")
    return render(
        request,
        "engagements/breakoutgroup_detail.html",
        {
            **_steps_nav(engagement, 3),
            "group": group,
            "note_forms": note_forms,
            "strengths": group.strengths.all(),
            "issues": group.issues.select_related("merged_into"),
            "solutions": group.solutions.select_related("issue"),
            "participants": group.participants.select_related("stakeholder_group"),
        },
    )


@engagement_view
def issue_merge(request, engagement):
    form = forms.IssueMergeForm(request.POST or None, engagement=engagement)
    if request.method == "POST" and form.is_valid():
        try:
            services.issues_merge(
                target=form.cleaned_data["target"], issues=list(form.cleaned_data["issues"])
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Issues merged."))
            return redirect("engagements:issue_merge", engagement.pk)
    merged = models.Issue.objects.filter(
        engagement=engagement, merged_into__isnull=False
    ).select_related("group", "merged_into")
    return render(
        request,
        "engagements/issue_merge.html",
        {
            **_steps_nav(engagement, 3),
            "form": form,
            "merged": merged,
        },
    )


@require_POST
@engagement_view
def issue_unmerge(request, engagement, issue_pk):
    issue = get_object_or_404(models.Issue.objects.filter(engagement=engagement), pk=issue_pk)
    services.issue_unmerge(issue=issue)
    messages.success(request, _("Issue separated again."))
    return redirect("engagements:issue_merge", engagement.pk)


@engagement_view
def issue_vote(request, engagement):
    issues = (
        models.Issue.objects.filter(engagement=engagement)
        .canonical()
        .select_related("group")
        .annotate(n_merged=Count("merged_issues"))
    )
    form = forms.VotesForm(request.POST or None, issues=issues)
    if request.method == "POST" and form.is_valid():
        try:
            services.issues_record_votes(
                engagement=engagement, votes=form.votes(), priorities=form.priorities()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Votes and priorities saved."))
            return redirect("engagements:issue_vote", engagement.pk)
    return render(
        request,
        "engagements/issue_vote.html",
        {
            **_steps_nav(engagement, 3),
            "form": form,
        },
    )


@engagement_view
def afternoon_groups(request, engagement):
    """Propose afternoon groups from the roster, let staff adjust, then save."""
    participants = (
        models.Participant.objects.filter(engagement=engagement)
        .select_related("stakeholder_group")
        .order_by("stakeholder_group__order", "stakeholder_group__name", "name")
    )
    facilitators = models.Facilitator.objects.filter(engagement=engagement).trained()
    roster = [(p.pk, p.stakeholder_group_id) for p in participants]
    names = {p.stakeholder_group_id: p.stakeholder_group.name for p in participants}
    counts = {}
    for _pid, sg in roster:
        counts[sg] = counts.get(sg, 0) + 1
    facilitator_ids = list(facilitators.values_list("pk", flat=True))
    limit = max_group_count(counts, len(facilitator_ids))
    try:
        group_count = int(request.POST.get("group_count") or request.GET.get("groups") or 0)
    except ValueError:
        group_count = 0
    error, proposal, form = None, None, None
    try:
        proposal = propose_heterogeneous_groups(
            participants=roster,
            facilitator_ids=facilitator_ids,
            group_count=group_count or None,
            stakeholder_group_names=names,
        )
    except GroupProposalError as exc:
        error = str(exc)
    if proposal is not None:
        group_count = len(proposal)
        form = forms.AfternoonGroupsForm(
            request.POST if request.POST.get("save") else None,
            participants=participants,
            facilitators=facilitators,
            group_count=group_count,
            proposal=proposal,
        )
        if request.POST.get("save") and form.is_valid():
            try:
                services.afternoon_groups_save(
                    engagement=engagement,
                    groups=form.groups(),
                    facilitators=form.facilitators(),
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Afternoon groups saved."))
                return redirect("engagements:program_day", engagement.pk)
    existing = models.BreakoutGroup.objects.filter(
        engagement=engagement, round=models.BreakoutGroup.Round.HETEROGENEOUS
    ).exists()
    return render(
        request,
        "engagements/afternoon_groups.html",
        {
            **_steps_nav(engagement, 3),
            "form": form,
            "error": error,
            "group_count": group_count,
            "limit": limit,
            "n_participants": len(roster),
            "n_stakeholder_groups": len(counts),
            "n_facilitators": len(facilitator_ids),
            "existing": existing,
        },
    )


# Step 4 ---------------------------------------------------------------------------------


def _plan_items(engagement):
    return models.PlanItem.objects.filter(engagement=engagement).prefetch_related(
        Prefetch(
            "issues",
            queryset=models.Issue.objects.prefetch_related(
                Prefetch("merged_issues", queryset=models.Issue.objects.select_related("group"))
            ).select_related("group"),
        ),
        Prefetch("solutions", queryset=models.Solution.objects.select_related("group")),
        Prefetch(
            "progress_updates", queryset=models.ProgressUpdate.objects.select_related("meeting")
        ),
    )


@engagement_view
def action_plan(request, engagement):
    plan = services.action_plan_get(engagement=engagement)
    return render(
        request,
        "engagements/action_plan.html",
        {
            **_steps_nav(engagement, 4),
            "plan": plan,
            "items": _plan_items(engagement),
        },
    )


@engagement_view
def action_plan_update(request, engagement):
    plan = services.action_plan_get(engagement=engagement)
    if plan.is_published:
        messages.error(request, _("Start a revision before changing a published plan."))
        return redirect("engagements:action_plan", engagement.pk)
    form = forms.ActionPlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Action plan saved."))
        return redirect("engagements:action_plan", engagement.pk)
    return render(
        request,
        "engagements/record_form.html",
        {
            **_steps_nav(engagement, 4),
            "form": form,
            "title": _("Action plan introduction"),
            "cancel_url": reverse("engagements:action_plan", args=[engagement.pk]),
        },
    )


def _plan_transition(request, engagement, service, success_message):
    """Run a plan service (publish or revise) and report the outcome on the plan page."""
    plan = services.action_plan_get(engagement=engagement)
    try:
        service(plan=plan, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success_message)
    return redirect("engagements:action_plan", engagement.pk)


@require_POST
@engagement_view
def action_plan_publish(request, engagement):
    return _plan_transition(
        request, engagement, services.action_plan_publish, _("Action plan published.")
    )


@require_POST
@engagement_view
def action_plan_revise(request, engagement):
    return _plan_transition(
        request,
        engagement,
        services.action_plan_revise,
        _("The plan is a draft again; publish it when it is ready."),
    )


@engagement_view
def action_plan_pdf(request, engagement):
    """The action plan as a PDF, in the language of the page it was asked from."""
    plan = services.action_plan_get(engagement=engagement)
    pdf = render_action_plan_pdf(plan=plan, items=_plan_items(engagement), request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"spcp-action-plan-{engagement.community}-{engagement.state}.pdf"
    filename = "".join(c if c.isalnum() or c in "-." else "-" for c in filename)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Step 5 ---------------------------------------------------------------------------------


@engagement_view
def council(request, engagement):
    members = (
        models.CouncilMember.objects.filter(engagement=engagement)
        .select_related("participant", "planning_member", "stakeholder_group")
        .order_by(_rank("role", ["chair", "vice_chair", "member"]), "stakeholder_group", "pk")
    )
    meetings = models.CouncilMeeting.objects.filter(engagement=engagement).annotate(
        n_attendees=Count("attendees", distinct=True),
        n_updates=Count("progress_updates", distinct=True),
    )
    updates = models.ProgressUpdate.objects.filter(engagement=engagement).select_related(
        "plan_item", "meeting"
    )[:20]
    return render(
        request,
        "engagements/council.html",
        {
            **_steps_nav(engagement, 5),
            "members": members,
            "meetings": meetings,
            "updates": updates,
        },
    )


@engagement_view
def progress_update_create(request, engagement):
    form = forms.ProgressUpdateForm(
        request.POST or None,
        engagement=engagement,
        initial={"plan_item": request.GET.get("item"), "meeting": request.GET.get("meeting")},
    )
    if request.method == "POST" and form.is_valid():
        services.progress_update_create(user=request.user, **form.cleaned_data)
        messages.success(request, _("Progress recorded."))
        return redirect("engagements:council", engagement.pk)
    return render(
        request,
        "engagements/record_form.html",
        {
            **_steps_nav(engagement, 5),
            "form": form,
            "title": _("Report progress on the plan"),
            "cancel_url": reverse("engagements:council", args=[engagement.pk]),
        },
    )


# History --------------------------------------------------------------------------------

HISTORY_MODELS = [
    models.StakeholderGroup,
    models.PlanningGroupMember,
    models.PlanningMeeting,
    models.LogisticsTask,
    models.Facilitator,
    models.TrainingSession,
    models.TrainingAttendance,
    models.Participant,
    models.BreakoutGroup,
    models.Strength,
    models.Issue,
    models.Solution,
    models.PlanItem,
    models.CouncilMember,
    models.CouncilMeeting,
    models.ProgressUpdate,
]
HISTORY_LIMIT = 100


@engagement_view
def engagement_history(request, engagement):
    """The engagement's most recent changes, across all its records: who, when and what."""
    rows = list(
        engagement.history.select_related("history_user").order_by("-history_date")[:HISTORY_LIMIT]
    )
    rows += list(
        models.ActionPlan.history.filter(engagement_id=engagement.pk)
        .select_related("history_user")
        .order_by("-history_date")[:HISTORY_LIMIT]
    )
    for model in HISTORY_MODELS:
        rows += list(
            model.history.filter(engagement_id=engagement.pk)
            .select_related("history_user")
            .order_by("-history_date")[:HISTORY_LIMIT]
        )
    rows.sort(key=lambda r: r.history_date, reverse=True)
    rows = rows[:HISTORY_LIMIT]
    entries = []
    # Each change is compared with the object's previous version among the rows fetched
    # (oldest rows may lack one), so the page makes no query per row.
    for index, row in enumerate(rows):
        previous = next(
            (
                older
                for older in rows[index + 1 :]
                if type(older) is type(row) and older.id == row.id
            ),
            None,
        )
        changes = []
        if row.history_type == "~" and previous is not None:
            changes = [
                str(row._meta.get_field(change.field).verbose_name)
                for change in row.diff_against(previous).changes
                if change.field != "updated_at"
            ]
        label = next(
            (
                getattr(row, attr)
                for attr in ("community", "name", "title", "text", "note")
                if getattr(row, attr, "")
            ),
            f"#{row.id}",
        )
        entries.append(
            {
                "row": row,
                "model": row.instance_type._meta.verbose_name,
                "label": label,
                "changes": changes,
            }
        )
    return render(
        request,
        "engagements/engagement_history.html",
        {
            **_steps_nav(engagement, 0),
            "entries": entries,
            "limit": HISTORY_LIMIT,
        },
    )


# Records of an engagement: add, edit, delete ---------------------------------------------


class EngagementRecordMixin(LoginRequiredMixin):
    """For a record of one engagement: loads the engagement and checks permission, limits
    the records to it, and returns to the step's page (or a safe ``next`` address)."""

    step: int = 0
    step_url_name: str = ""
    template_name = "engagements/record_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.engagement = _load_engagement(request, kwargs["pk"])
        reason = self.locked()
        if reason:
            messages.error(request, reason)
            return redirect(self.step_url())
        return super().dispatch(request, *args, **kwargs)

    def locked(self) -> str:
        """A reason the record cannot be changed now, or an empty string."""
        return ""

    def get_queryset(self):
        return self.model.objects.filter(engagement=self.engagement)

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["record_pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "engagement": self.engagement}

    def step_url(self):
        return reverse(f"engagements:{self.step_url_name}", args=[self.engagement.pk])

    def get_success_url(self):
        target = self.request.POST.get("next") or self.request.GET.get("next")
        if target and url_has_allowed_host_and_scheme(
            target, {self.request.get_host()}, self.request.is_secure()
        ):
            return target
        return self.step_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(_steps_nav(self.engagement, self.step))
        context["title"] = self.title()
        context["cancel_url"] = self.get_success_url()
        context["next"] = self.request.GET.get("next", "")
        return context

    def title(self):
        name = self.model._meta.verbose_name
        if getattr(self, "object", None) is None:
            return _("Add %(thing)s") % {"thing": name}
        return _("Edit %(thing)s") % {"thing": name}


class RecordCreateView(EngagementRecordMixin, CreateView):
    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Saved."))
        return response


class RecordUpdateView(EngagementRecordMixin, UpdateView):
    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Saved."))
        return response


class RecordDeleteView(EngagementRecordMixin, DeleteView):
    template_name = "engagements/record_confirm_delete.html"

    def get_form_kwargs(self):
        # The confirmation form is a plain ``Form``: no engagement to bind.
        return super(EngagementRecordMixin, self).get_form_kwargs()

    def form_valid(self, form):
        try:
            response = super().form_valid(form)
        except (ProtectedError, RestrictedError):
            messages.error(
                self.request,
                _(
                    "“%(record)s” is still in use elsewhere in this engagement; remove those "
                    "uses first."
                )
                % {"record": self.object},
            )
            return redirect(self.get_success_url())
        messages.success(self.request, _("Deleted."))
        return response

    def title(self):
        return _("Delete %(thing)s") % {"thing": self.model._meta.verbose_name}


def record_views(model, form_class, step, step_url_name, locked=None):
    """The add, edit and delete views of one kind of engagement record."""
    attrs = {"model": model, "form_class": form_class, "step": step, "step_url_name": step_url_name}
    if locked is not None:
        attrs["locked"] = locked
    return (
        type(f"{model.__name__}CreateView", (RecordCreateView,), attrs).as_view(),
        type(f"{model.__name__}UpdateView", (RecordUpdateView,), attrs).as_view(),
        type(
            f"{model.__name__}DeleteView",
            (RecordDeleteView,),
            {k: v for k, v in attrs.items() if k != "form_class"},
        ).as_view(),
    )


def _plan_locked(view) -> str:
    plan = services.action_plan_get(engagement=view.engagement)
    if plan.is_published:
        return gettext_lazy(
            "The plan is published. Start a revision to change its items, so that nothing "
            "changes silently."
        )
    return ""


RECORD_VIEWS = {
    "stakeholdergroup": record_views(
        models.StakeholderGroup, forms.StakeholderGroupForm, 1, "planning"
    ),
    "planninggroupmember": record_views(
        models.PlanningGroupMember, forms.PlanningGroupMemberForm, 1, "planning"
    ),
    "planningmeeting": record_views(
        models.PlanningMeeting, forms.PlanningMeetingForm, 1, "planning"
    ),
    "logisticstask": record_views(models.LogisticsTask, forms.LogisticsTaskForm, 1, "planning"),
    "facilitator": record_views(models.Facilitator, forms.FacilitatorForm, 2, "training"),
    "trainingsession": record_views(
        models.TrainingSession, forms.TrainingSessionForm, 2, "training"
    ),
    "participant": record_views(models.Participant, forms.ParticipantForm, 3, "participant_list"),
    "breakoutgroup": record_views(models.BreakoutGroup, forms.BreakoutGroupForm, 3, "program_day"),
    "strength": record_views(models.Strength, forms.StrengthForm, 3, "program_day"),
    "issue": record_views(models.Issue, forms.IssueForm, 3, "program_day"),
    "solution": record_views(models.Solution, forms.SolutionForm, 3, "program_day"),
    "planitem": record_views(
        models.PlanItem, forms.PlanItemForm, 4, "action_plan", locked=_plan_locked
    ),
    "councilmember": record_views(models.CouncilMember, forms.CouncilMemberForm, 5, "council"),
    "councilmeeting": record_views(models.CouncilMeeting, forms.CouncilMeetingForm, 5, "council"),
}
