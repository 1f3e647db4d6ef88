"""Step 3, the program day: the roster, both breakout rounds and what each group records,
merging issues, dot votes and the afternoon groups."""

import secrets
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from spcp.digits import to_western_digits
from spcp.text import join_sentences

from .. import queries, services
from ..forms import SearchForm
from ..forms import breakouts as forms
from ..forms.engagement import ProgramDayForm
from ..languages import PROGRAM_LANGUAGE_CHOICES
from ..models import BreakoutGroup, Issue, Participant, Solution, Strength
from ..services.breakouts import afternoon_groups_version
from . import (
    check,
    engagement_context,
    engagement_view,
    live,
    record_view,
    render_form,
    save_form,
)
from .records import RecordDeleteView, RecordFormView

PROGRAM_DAY = "engagements:program_day"
PAGE_SIZE = 50


@engagement_view("engagements.view_engagement")
def program_day(request, engagement):
    board = queries.program_day_board(engagement)
    groups = board["morning_groups"] + board["afternoon_groups"]
    return render(
        request,
        "engagements/program_day.html",
        engagement_context(
            engagement, 3, **board, **live.program_day_live_context(engagement, groups)
        ),
    )


@engagement_view("engagements.change_engagement")
def program_day_update(request, engagement):
    form = ProgramDayForm(request.POST or None, instance=engagement)
    save = lambda: services.engagement_update(  # noqa: E731
        engagement=form.instance, user=request.user, **form.guard_kwargs()
    )
    if save_form(request, form, save, _("Program day saved.")):
        return redirect(PROGRAM_DAY, engagement.pk)
    return render_form(
        request, engagement, 3, form, title=_("Program day: date and venue"), back=PROGRAM_DAY
    )


@engagement_view("engagements.view_participant")
def participant_list(request, engagement):
    search = SearchForm(request.GET)
    query = search.query()
    participants = Participant.objects.filter(engagement=engagement).select_related(
        "stakeholder_group"
    )
    if query:
        participants = participants.filter(name__icontains=query)
    page = Paginator(participants, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "engagements/participant_list.html",
        engagement_context(engagement, 3, page_obj=page, query=query, search=search),
    )


#: Session key of the CSV imports read but not yet confirmed: ``{token: stored import}``, so
#: that two browser tabs previewing two files do not collide. Sessions live in the database.
ROSTER_IMPORTS = "roster_imports"
#: How many previews may wait for confirmation in one session (the oldest is dropped), and
#: how many entries are kept in all, including the small markers of imports already done.
ROSTER_PREVIEWS_KEPT = 3
ROSTER_IMPORTS_KEPT = 20


def _roster_import_keep(request, engagement, result, file_name: str) -> str:
    """Keep ``result`` (a ``services.RosterImport``) in the session; return its token."""
    imports = request.session.get(ROSTER_IMPORTS, {})
    previews = [token for token, stored in imports.items() if "accepted" in stored]
    for token in previews[: max(0, len(previews) - ROSTER_PREVIEWS_KEPT + 1)]:
        del imports[token]
    while len(imports) >= ROSTER_IMPORTS_KEPT:
        del imports[next(iter(imports))]
    token = secrets.token_urlsafe(16)
    imports[token] = {
        "engagement": engagement.pk,
        "file": file_name[:100],
        "accepted": result.accepted,
        "duplicates": result.duplicates,
        "rejected": [
            (line, {k: row.get(k, "")[:200] for k in ("name", "stakeholder_group")}, errors)
            for line, row, errors in result.rejected
        ],
    }
    request.session[ROSTER_IMPORTS] = imports
    return token


def _roster_import_stored(request, engagement, token: str) -> dict | None:
    """The import kept under ``token``, or None when there is none (cancelled, dropped, or
    the session ended). A token of another engagement is a 404."""
    stored = request.session.get(ROSTER_IMPORTS, {}).get(token)
    if stored is not None and stored["engagement"] != engagement.pk:
        raise Http404
    return stored


def _roster_import_page(request, rows, param: str):
    """Page ``request.GET[param]`` of ``rows`` with links to the pages before and after that
    keep the rest of the query (the token, the other lists' pages)."""
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get(param))
    labels = dict(PROGRAM_LANGUAGE_CHOICES)
    page.object_list = [
        {**row, "language": labels.get(row.get("preferred_language"), "")}
        if isinstance(row, dict)
        else row
        for row in page.object_list
    ]
    query = request.GET.copy()

    def link(number: int) -> str:
        query[param] = number
        return "?" + query.urlencode()

    page.previous_link = link(page.number - 1) if page.has_previous() else ""
    page.next_link = link(page.number + 1) if page.has_next() else ""
    return page


@engagement_view("engagements.add_participant")
def participant_import(request, engagement):
    """Upload a roster CSV. A readable file is checked row by row
    (``services.participant_rows_read``), kept in the session and shown as a preview
    (``participant_import_preview``); nothing is saved until staff confirm there."""
    form = forms.ParticipantImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.participant_rows_read(
                form.cleaned_data["file"], engagement=engagement
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            token = _roster_import_keep(
                request, engagement, result, request.FILES["file"].name or ""
            )
            preview = reverse("engagements:participant_import_preview", args=[engagement.pk])
            return redirect(f"{preview}?{urlencode({'token': token})}")
    return render(
        request, "engagements/participant_import.html", engagement_context(engagement, 3, form=form)
    )


@engagement_view("engagements.add_participant")
def participant_import_preview(request, engagement):
    """What an uploaded roster CSV will do, before anything is saved (GET ``?token=``): the
    rows to import, the duplicates and the rejected rows, each list paginated. A POST with
    the ``token`` and ``action=confirm`` imports the rows (``services.participants_import``,
    which skips anyone already on the roster); ``action=cancel`` forgets them. A token
    already confirmed imports nobody again and says so."""
    token = (request.POST if request.method == "POST" else request.GET).get("token", "")
    stored = _roster_import_stored(request, engagement, token)
    if request.method == "POST":
        return _roster_import_finish(request, engagement, token, stored)
    context = {"token": token, "stored": stored}
    if stored and "accepted" in stored:
        context.update(
            accepted_page=_roster_import_page(request, stored["accepted"], "page"),
            duplicates_page=_roster_import_page(request, stored["duplicates"], "duplicates_page"),
            rejected_page=_roster_import_page(request, stored["rejected"], "rejected_page"),
        )
    return render(
        request,
        "engagements/participant_import_preview.html",
        engagement_context(engagement, 3, **context),
    )


def _roster_import_finish(request, engagement, token: str, stored: dict | None):
    """Confirm or cancel the import kept under ``token``, then redirect with a message."""
    roster = redirect("engagements:participant_list", engagement.pk)
    upload = redirect("engagements:participant_import", engagement.pk)
    if stored is None:
        messages.warning(
            request,
            _(
                "This preview has expired or was cancelled; nothing was saved. Upload the "
                "file again."
            ),
        )
        return upload
    if "done" in stored:
        messages.info(request, _("These rows were already imported; nobody was added again."))
        return roster
    imports = request.session[ROSTER_IMPORTS]
    if request.POST.get("action") != "confirm":
        del imports[token]
        request.session[ROSTER_IMPORTS] = imports
        messages.info(request, _("Import cancelled; nothing was saved."))
        return upload
    try:
        result = services.participants_import(
            engagement=engagement, rows=stored["accepted"], user=request.user
        )
    except ValidationError as error:
        del imports[token]
        request.session[ROSTER_IMPORTS] = imports
        messages.error(request, join_sentences(error.messages))
        return upload
    added = len(result.added)
    skipped = len(result.skipped) + len(stored["duplicates"])
    imports[token] = {"engagement": engagement.pk, "done": True, "added": added, "skipped": skipped}
    request.session[ROSTER_IMPORTS] = imports
    message = [
        ngettext("%(n)d participant imported.", "%(n)d participants imported.", added)
        % {"n": added}
        if added
        else _("Nobody was imported.")
    ]
    if skipped:
        message.append(
            ngettext(
                "%(n)d duplicate skipped (already on the roster or earlier in the file).",
                "%(n)d duplicates skipped (already on the roster or earlier in the file).",
                skipped,
            )
            % {"n": skipped}
        )
    (messages.success if added else messages.warning)(request, join_sentences(message))
    return roster


@require_POST
@engagement_view("engagements.add_breakoutgroup")
def morning_groups_create(request, engagement):
    try:
        created = services.morning_groups_create(engagement=engagement, user=request.user)
    except ValidationError as error:
        messages.error(request, join_sentences(error.messages))
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
        without = BreakoutGroup.objects.filter(
            engagement=engagement,
            round=BreakoutGroup.Round.HOMOGENEOUS,
            facilitator__isnull=True,
        ).count()
        if without:
            messages.warning(
                request,
                ngettext(
                    "%(n)d morning group still needs a facilitator: choose a trained "
                    "facilitator on its edit page.",
                    "%(n)d morning groups still need a facilitator: choose a trained "
                    "facilitator on each group’s edit page.",
                    without,
                )
                % {"n": without},
            )
    return redirect(PROGRAM_DAY, engagement.pk)


@record_view(
    BreakoutGroup,
    "engagements.view_breakoutgroup",
    queryset=BreakoutGroup.objects.select_related(
        "facilitator", "second_facilitator", "stakeholder_group"
    ),
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

        def save():
            services.record_create(record=form.instance, user=request.user, **form.guard_kwargs())

        if save_form(request, form, save, _("Saved.")):
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
        messages.error(request, join_sentences(error.messages))
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
            **form.guard_kwargs(),
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
        # Any digits: "۳" typed on a Farsi keyboard is 3.
        wanted = int(
            to_western_digits(request.POST.get("group_count") or request.GET.get("groups") or "0")
        )
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
            version=afternoon_groups_version(engagement),
            proposal=proposal.proposal,
        )

        def save():
            services.afternoon_groups_save(
                engagement=engagement,
                groups=form.groups(),
                facilitators=form.facilitators(),
                user=request.user,
                **form.guard_kwargs(),
            )

        if saving and save_form(request, form, save, _("Afternoon groups saved.")):
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
