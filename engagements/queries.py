"""Reads that span several models: the history feed, the program-day board, the plan with
everything it links to, and the afternoon-group proposal. Each makes a fixed number of
queries, whatever the size of the engagement."""

from collections import Counter
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Prefetch,
    TextField,
    Value,
    When,
)
from django.utils import timezone, translation

from offices.models import User

from . import charts
from .audit import audit_details, audit_sentence
from .grouping import GroupProposalError, max_group_count, propose_heterogeneous_groups
from .models import (
    AuditEntry,
    BreakoutGroup,
    CouncilMeeting,
    CouncilMember,
    Facilitator,
    Issue,
    LogisticsTask,
    Participant,
    PlanItem,
    ProgressUpdate,
    Solution,
    StakeholderGroup,
)

HISTORY_PAGE_SIZE = 50


def rank(field_name: str, values: list) -> Case:
    """An ordering expression that sorts ``field_name`` in the order of ``values``."""
    return Case(
        *[When(**{field_name: value}, then=Value(i)) for i, value in enumerate(values)],
        default=Value(len(values)),
        output_field=IntegerField(),
    )


# History ----------------------------------------------------------------------------------


@dataclass
class HistoryRow:
    """One line of the "Recent changes" page."""

    entry: AuditEntry
    sentence: str
    details: list[str]


def history_page(engagement, *, step=None, actor_id=None, page=1):
    """A page of ``engagement``'s audit entries, newest first, optionally only those of
    ``step`` (0–5) or by the user ``actor_id``. Returns a ``Page`` whose ``object_list`` is
    a list of ``HistoryRow``, in two queries (count and page)."""
    entries = AuditEntry.objects.for_engagement(engagement)
    if step is not None:
        entries = entries.filter(step=step)
    if actor_id is not None:
        entries = entries.filter(actor_id=actor_id)
    page_obj = Paginator(entries, HISTORY_PAGE_SIZE).get_page(page)
    page_obj.object_list = [
        HistoryRow(entry=e, sentence=audit_sentence(e), details=audit_details(e))
        for e in page_obj.object_list
    ]
    return page_obj


def history_actors(engagement):
    """The people who changed ``engagement``, for the history's filter, by name."""
    ids = AuditEntry.objects.filter(engagement=engagement, actor__isnull=False).values("actor_id")
    return User.objects.filter(pk__in=ids).order_by("first_name", "last_name", "username")


# Step 1 -----------------------------------------------------------------------------------


def planning_board(engagement) -> dict:
    """The planning page's records: members, meetings, tasks (open first) and stakeholder
    groups with their number of participants."""
    from .models import PlanningGroupMember, PlanningMeeting

    return {
        "members": PlanningGroupMember.objects.filter(engagement=engagement),
        "meetings": PlanningMeeting.objects.filter(engagement=engagement),
        "tasks": LogisticsTask.objects.filter(engagement=engagement)
        .select_related("owner")
        .order_by(rank("status", ["todo", "in_progress", "done"]), "due_date", "title"),
        "stakeholder_groups": StakeholderGroup.objects.filter(engagement=engagement).annotate(
            n_participants=Count("participants")
        ),
    }


# Step 3 -----------------------------------------------------------------------------------


def breakout_groups(engagement, round_):
    """The groups of one round with their facilitators and counts of members and notes."""
    return (
        BreakoutGroup.objects.filter(engagement=engagement, round=round_)
        .select_related("facilitator", "second_facilitator", "stakeholder_group", "co_facilitator")
        .annotate(
            n_participants=Count("participants", distinct=True),
            n_strengths=Count("strengths", distinct=True),
            n_issues=Count("issues", distinct=True),
            n_solutions=Count("solutions", distinct=True),
        )
    )


def program_day_board(engagement) -> dict:
    """The program-day page: both rounds' groups, the roster's size, the priorities,
    whether some stakeholder group still lacks its morning group, and how many groups of
    each round have no facilitator."""
    morning = list(breakout_groups(engagement, BreakoutGroup.Round.HOMOGENEOUS))
    afternoon = list(breakout_groups(engagement, BreakoutGroup.Round.HETEROGENEOUS))
    with_group = {g.stakeholder_group_id for g in morning}
    missing = StakeholderGroup.objects.filter(engagement=engagement).exclude(pk__in=with_group)
    return {
        "morning_groups": morning,
        "afternoon_groups": afternoon,
        "n_morning_without_facilitator": sum(1 for g in morning if not g.facilitator_id),
        "n_afternoon_without_facilitator": sum(1 for g in afternoon if not g.facilitator_id),
        "n_participants": Participant.objects.filter(engagement=engagement).count(),
        "n_without_morning_group": missing.count(),
        "priorities": Issue.objects.filter(engagement=engagement).priorities(),
    }


@dataclass
class NoteRow:
    """One breakout note as the program-day page shows it: its ``kind`` ("strength",
    "issue" or "solution"), ``id``, ``text`` and ``updated_at``; a solution's ``actions`` and
    the text of the ``issue`` it answers ("" for the other kinds)."""

    kind: str
    id: int
    group_id: int
    text: str
    updated_at: object
    actions: str = ""
    issue: str = ""


@dataclass
class GroupNotes:
    """One breakout group on the program-day page, with the notes it recorded so far:
    ``notes`` maps each kind its round records ("strength" and "issue" in the morning,
    "solution" in the afternoon) to its ``NoteRow`` list in the order they arrived."""

    group: BreakoutGroup
    notes: dict[str, list[NoteRow]]

    @property
    def counts(self) -> dict[str, int]:
        """How many notes of each kind."""
        return {kind: len(notes) for kind, notes in self.notes.items()}


def _note_rows(engagement):
    """Every strength, issue and solution of ``engagement`` as ``NoteRow`` (one query: the
    three tables' rows in one UNION ALL), oldest first within each kind."""
    from .services.notes import NOTE_MODELS

    columns = ("note_kind", "pk", "group_id", "text", "updated_at", "note_actions", "issue_text")
    parts = []
    for kind, model in NOTE_MODELS.items():
        is_solution = kind == "solution"
        parts.append(
            model.objects.filter(engagement=engagement)
            .order_by()
            .annotate(
                note_kind=Value(kind, output_field=CharField()),
                note_actions=F("actions") if is_solution else Value("", output_field=TextField()),
                issue_text=F("issue__text") if is_solution else Value("", output_field=TextField()),
            )
            .values_list(*columns)
        )
    rows = parts[0].union(*parts[1:], all=True)
    notes = [NoteRow(*row[:5], actions=row[5], issue=row[6]) for row in rows]
    return sorted(notes, key=lambda note: note.id)


def program_day_notes(engagement, groups=None) -> list[GroupNotes]:
    """Every breakout group of ``engagement`` (morning groups first, each round in its own
    order) with its strengths, issues (merged ones included: they are what the group said)
    and solutions (with the issue each answers), oldest first. ``groups``: the engagement's
    groups when the caller has them already (the program-day board). Two queries (one with
    ``groups``), whatever the number of groups and notes; what staff watch arrive on the
    program day."""
    from .services.notes import ROUND_KINDS

    if groups is None:
        groups = BreakoutGroup.objects.filter(engagement=engagement)
    groups = sorted(groups, key=lambda g: g.round != BreakoutGroup.Round.HOMOGENEOUS)
    by_group = {
        g.pk: GroupNotes(group=g, notes={kind: [] for kind in ROUND_KINDS[g.round]}) for g in groups
    }
    for note in _note_rows(engagement):
        entry = by_group.get(note.group_id)
        if entry is not None and note.kind in entry.notes:
            entry.notes[note.kind].append(note)
    return list(by_group.values())


@dataclass
class RoundState:
    """Whether a breakout round is still open to its facilitators: closed at ``closed_at``
    (None while open) by ``closed_by`` (None when the audit trail does not say)."""

    round: str
    closed_at: object = None
    closed_by: User | None = None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


def breakout_round_states(engagement) -> dict[str, RoundState]:
    """Both rounds of ``engagement`` by ``BreakoutGroup.Round`` value: when each was closed
    and by whom (the latest closing in the audit trail). One query."""
    actions = {
        BreakoutGroup.Round.HOMOGENEOUS: AuditEntry.Action.MORNING_CLOSED,
        BreakoutGroup.Round.HETEROGENEOUS: AuditEntry.Action.AFTERNOON_CLOSED,
    }
    states = {
        round_: RoundState(round=round_, closed_at=engagement.round_closed_at(round_))
        for round_ in actions
    }
    closed = [state.round for state in states.values() if not state.is_open]
    if closed:
        entries = (
            AuditEntry.objects.filter(
                engagement=engagement, action__in=[actions[r] for r in closed]
            )
            .select_related("actor")
            .order_by("-at", "-pk")
        )
        latest = {}
        for entry in entries:
            latest.setdefault(entry.action, entry)
        for round_ in closed:
            if actions[round_] in latest:
                states[round_].closed_by = latest[actions[round_]].actor
    return states


@dataclass
class AfternoonProposal:
    """What the afternoon-groups page needs: the roster (sorted by stakeholder group), the
    trained facilitators, the largest possible number of groups, and a proposal of
    ``group_count`` groups (or the reason none is possible in ``error``)."""

    participants: list
    facilitators: list
    limit: int
    n_stakeholder_groups: int
    proposal: list | None = None
    error: str = ""
    group_count: int = 0
    counts: Counter = field(default_factory=Counter)


def afternoon_proposal(engagement, group_count: int | None) -> AfternoonProposal:
    """Propose afternoon groups for ``engagement`` (``grouping.propose_heterogeneous_groups``:
    each group has a member of every stakeholder group on the roster and a trained
    facilitator, sizes within one of each other). ``group_count`` None or 0 means as many as
    possible."""
    participants = list(
        Participant.objects.filter(engagement=engagement)
        .select_related("stakeholder_group")
        .order_by("stakeholder_group__order", "stakeholder_group__name", "name")
    )
    facilitators = list(Facilitator.objects.filter(engagement=engagement).trained())
    roster = [(p.pk, p.stakeholder_group_id) for p in participants]
    names = {p.stakeholder_group_id: p.stakeholder_group.name for p in participants}
    counts = Counter(sg for _pid, sg in roster)
    result = AfternoonProposal(
        participants=participants,
        facilitators=facilitators,
        limit=max_group_count(dict(counts), len(facilitators)),
        n_stakeholder_groups=len(counts),
        counts=counts,
    )
    try:
        result.proposal = propose_heterogeneous_groups(
            participants=roster,
            facilitator_ids=[f.pk for f in facilitators],
            group_count=group_count or None,
            stakeholder_group_names=names,
        )
    except GroupProposalError as error:
        result.error = str(error)
    else:
        result.group_count = len(result.proposal)
    return result


# Step 4 -----------------------------------------------------------------------------------


def plan_items(engagement):
    """The plan's items in order, with their issues (and the groups they came from, merged
    ones included), solutions and progress updates prefetched."""
    return PlanItem.objects.filter(engagement=engagement).prefetch_related(
        Prefetch(
            "issues",
            queryset=Issue.objects.prefetch_related(
                Prefetch("merged_issues", queryset=Issue.objects.select_related("group"))
            ).select_related("group"),
        ),
        Prefetch("solutions", queryset=Solution.objects.select_related("group")),
        latest_progress(),
    )


def latest_progress() -> Prefetch:
    """The prefetch of a plan item's progress updates (newest first, as the model orders
    them), with their meetings."""
    return Prefetch("progress_updates", queryset=ProgressUpdate.objects.select_related("meeting"))


# Step 5 -----------------------------------------------------------------------------------


def plan_status_chart(engagement, *, today=None) -> "charts.StatusChart | None":
    """The council page's chart: ``engagement``'s plan items by status at the end of each
    month, from the plan's publication or first progress update to ``today`` (default: the
    local date), counted by ``charts.status_by_month`` and laid out by
    ``charts.build_status_chart`` in the active language's direction. None while no progress
    has been reported (or all of it is dated after ``today``). Two queries."""
    today = today or timezone.localdate()
    updates = list(
        ProgressUpdate.objects.filter(engagement=engagement).values_list(
            "plan_item_id", "reported_on", "pk", "status"
        )
    )
    if not updates:
        return None
    published_at = engagement.action_plan.published_at
    start = charts.chart_start(
        timezone.localdate(published_at) if published_at else None,
        min(update[1] for update in updates),
    )
    months = charts.status_by_month(
        item_ids=PlanItem.objects.filter(engagement=engagement).values_list("pk", flat=True),
        updates=updates,
        start=start,
        today=today,
    )
    if not months:
        return None
    return charts.build_status_chart(months, rtl=translation.get_language_bidi())


def council_board(engagement) -> dict:
    """The council page: members (chair first), meetings with attendance and update counts,
    and the 20 latest progress updates (hidden ones too, with who posted and who hid them)."""
    return {
        "members": CouncilMember.objects.filter(engagement=engagement)
        .select_related("participant", "planning_member", "stakeholder_group")
        .order_by(rank("role", ["chair", "vice_chair", "member"]), "stakeholder_group", "pk"),
        "meetings": CouncilMeeting.objects.filter(engagement=engagement).annotate(
            n_attendees=Count("attendees", distinct=True),
            n_updates=Count("progress_updates", distinct=True),
        ),
        "updates": ProgressUpdate.objects.filter(engagement=engagement).select_related(
            "plan_item", "meeting", "author", "hidden_by"
        )[:20],
    }
