"""Reads for the facilitators' pages: the groups a facilitator leads, a group's notes, and the
notes as the JSON endpoint sends them. Few queries each, whatever the number of notes: the
note page and the endpoint are hit every few seconds by every phone on a program day."""

from itertools import groupby

from django.db.models import Case, Count, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from engagements.models import BreakoutGroup, Issue, SignInLink, Solution, Strength
from engagements.services.notes import NOTE_MODELS, ROUND_KINDS


def _note_count(model):
    """A subquery counting ``model``'s notes of the outer group (one per kind: joining all
    three kinds and counting would multiply the rows)."""
    return Coalesce(
        Subquery(
            model.objects.filter(group_id=OuterRef("pk"))
            .order_by()
            .values("group_id")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )


def groups_for(user):
    """The breakout groups ``user`` leads or co-leads: the group's facilitator or second
    facilitator is linked to ``user`` and has a sign-in link of ``user`` in force (the same
    rule as ``engagements.predicates.is_group_facilitator``). A queryset of ``BreakoutGroup``
    with engagement and facilitators loaded and ``strength_count``, ``issue_count`` and
    ``solution_count``, ordered by program date, community, round (morning first) and name.
    Empty for anonymous visitors and anyone who leads no group (staff included)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return BreakoutGroup.objects.none()
    facilitator_ids = (
        SignInLink.objects.in_force()
        .filter(user=user, facilitator__user=user)
        .values("facilitator_id")
    )
    return (
        BreakoutGroup.objects.filter(
            Q(facilitator_id__in=facilitator_ids) | Q(second_facilitator_id__in=facilitator_ids)
        )
        .select_related(
            "engagement", "facilitator", "second_facilitator", "stakeholder_group", "co_facilitator"
        )
        .annotate(
            strength_count=_note_count(Strength),
            issue_count=_note_count(Issue),
            solution_count=_note_count(Solution),
        )
        .order_by(
            "engagement__program_date",
            "engagement__community",
            "engagement_id",
            # The morning round first, as the day runs.
            Case(When(round=BreakoutGroup.Round.HOMOGENEOUS, then=Value(0)), default=Value(1)),
            "number",
            "name",
        )
    )


def groups_by_engagement(user) -> list[tuple]:
    """``groups_for(user)`` as ``[(engagement, [group, ...]), ...]``, one entry per
    engagement, in the same order. Each group also has ``round_open`` (bool) and
    ``co_facilitators``: the names of the others who lead it with ``user`` (the other
    trained facilitator, the CRS co-facilitator)."""
    result = []
    for _engagement_id, groups in groupby(groups_for(user), key=lambda g: g.engagement_id):
        groups = list(groups)
        for group in groups:
            group.round_open = group.engagement.round_is_open(group.round)
            others = [f.name for f in group.facilitators if f.user_id != user.pk]
            if group.co_facilitator is not None:
                others.append(group.co_facilitator.get_full_name() or str(group.co_facilitator))
            group.co_facilitators = others
        result.append((groups[0].engagement, groups))
    return result


def group_kinds(group) -> tuple[str, ...]:
    """The kinds of note ``group``'s round records: ("strength", "issue") in the morning,
    ("solution",) in the afternoon."""
    return ROUND_KINDS[group.round]


def priority_issues(engagement) -> list[Issue]:
    """The engagement's priority issues (canonical, prioritised, most votes first): the ones
    an afternoon group develops solutions for."""
    return list(Issue.objects.filter(engagement=engagement).canonical().priorities())


def group_notes(group) -> dict[str, list]:
    """``{kind: [note, ...]}`` for each kind ``group`` records, oldest first (solutions with
    their issue loaded). One query per kind."""
    notes = {}
    for kind in group_kinds(group):
        queryset = NOTE_MODELS[kind].objects.filter(group_id=group.pk).order_by("pk")
        if kind == "solution":
            queryset = queryset.select_related("issue")
        notes[kind] = list(queryset)
    return notes


def note_kind(note) -> str:
    """The kind ("strength", "issue", "solution") of ``note``."""
    for kind, model in NOTE_MODELS.items():
        if isinstance(note, model):
            return kind
    raise TypeError(f"not a breakout note: {note!r}")


def note_data(note, kind: str | None = None) -> dict:
    """``note`` as the JSON endpoint sends it: ``kind``, ``id``, ``client_id`` (a string or
    None), ``text``, ``actions`` ("" but for solutions), ``issue_id`` (None but for
    solutions), ``revision`` and ``updated_at`` (ISO 8601)."""
    kind = kind or note_kind(note)
    is_solution = kind == "solution"
    return {
        "kind": kind,
        "id": note.pk,
        "client_id": str(note.client_id) if note.client_id else None,
        "text": note.text,
        "actions": note.actions if is_solution else "",
        "issue_id": note.issue_id if is_solution else None,
        "revision": note.revision,
        "updated_at": note.updated_at.isoformat() if note.updated_at else None,
    }


def notes_data(group) -> list[dict]:
    """All of ``group``'s notes as ``note_data``, ordered by kind (as ``ROUND_KINDS`` lists
    them) then id."""
    return [
        note_data(note, kind)
        for kind in group_kinds(group)
        for note in NOTE_MODELS[kind].objects.filter(group_id=group.pk).order_by("pk")
    ]
