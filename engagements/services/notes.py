"""Step 3: breakout notes written by the groups' facilitators, and closing the rounds.

Facilitators write on phones with poor connections, so every write here is safe to repeat
and never overwrites silently:

* a new note carries a ``client_id`` (a UUID made in the browser): sending it again, or
  racing a second copy, stores it once and answers with the note already stored;
* a change or a deletion carries the ``revision`` it was made on: if the note has moved on
  (the co-facilitator, or staff, changed it), ``NoteConflict`` is raised with the note as it
  now is, and nothing is written.

Permissions: ``engagements.add_breakout_note`` on the group, ``change_breakout_note`` and
``delete_breakout_note`` on the note (``rules.py``): the group's facilitators while the round
is open, and the engagement's staff.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import AuditEntry, BreakoutGroup, Engagement, Issue, Solution, Strength
from .records import audit, record_create, record_delete, record_update, require_permission

#: The kinds of note, as the facilitators' pages and the JSON endpoint name them.
NOTE_MODELS = {"strength": Strength, "issue": Issue, "solution": Solution}
#: Which kinds a group of each round records.
ROUND_KINDS = {
    BreakoutGroup.Round.HOMOGENEOUS: ("strength", "issue"),
    BreakoutGroup.Round.HETEROGENEOUS: ("solution",),
}


class NoteConflict(ValidationError):
    """The note changed (or was deleted) after the version the edit was made on. ``stored``
    is the note as it now is, or None when it was deleted; nothing was written."""

    def __init__(self, stored):
        super().__init__(
            _(
                "This note was changed on another phone after you opened it. Nothing was "
                "saved: choose which text to keep."
            )
            if stored is not None
            else _("This note was deleted on another phone. Nothing was saved."),
            code="conflict",
        )
        self.stored = stored


def note_model(kind: str):
    """The model of the note ``kind`` ("strength", "issue" or "solution"); ``ValidationError``
    for any other."""
    try:
        return NOTE_MODELS[kind]
    except KeyError:
        raise ValidationError(_("Unknown kind of note."), code="invalid") from None


def _check_kind(group: BreakoutGroup, kind: str):
    model = note_model(kind)
    if kind not in ROUND_KINDS[group.round]:
        raise ValidationError(
            _("Strengths and issues are recorded by morning groups.")
            if group.round == BreakoutGroup.Round.HOMOGENEOUS
            else _("Solutions are recorded by afternoon groups."),
            code="invalid",
        )
    return model


def _fill(note, *, text: str, actions: str, issue_id) -> None:
    note.text = text
    if isinstance(note, Solution):
        note.actions = actions
        note.issue_id = issue_id


def breakout_note_create(
    *,
    group: BreakoutGroup,
    kind: str,
    user,
    client_id: uuid.UUID | None,
    text: str,
    actions: str = "",
    issue_id: int | None = None,
):
    """Add a note of ``kind`` to ``group``: its ``text`` (and for a solution its ``actions``,
    one per line, and the priority issue ``issue_id`` it answers).

    Returns ``(note, created)``. With a ``client_id`` already stored for this group and kind,
    nothing is written and the stored note comes back with ``created`` False (also when two
    copies race: the database's unique constraint decides). Needs ``add_breakout_note`` on
    ``group``. Raises ``ValidationError`` for an empty note, a note naming someone on the
    roster, a kind the group's round does not record, a ``client_id`` used for another note,
    and ``PermissionDenied``."""
    require_permission(user, "engagements.add_breakout_note", group)
    model = _check_kind(group, kind)
    if client_id is not None:
        stored = _stored_copy(model, group, client_id)
        if stored is not None:
            return stored, False
    note = model(engagement=group.engagement, group=group, client_id=client_id)
    _fill(note, text=text, actions=actions, issue_id=issue_id)
    try:
        # record_create is atomic: a refused insert rolls back its own transaction (or, inside
        # an outer one, its savepoint), so no savepoint of our own is needed (two round trips
        # fewer on every save).
        record_create(record=note, user=user, permission="engagements.add_breakout_note")
    except IntegrityError:
        stored = _stored_copy(model, group, client_id) if client_id else None
        if stored is None:
            raise
        return stored, False
    except ValidationError as error:
        # full_clean() reports the unique client_id of a copy that was stored meanwhile.
        if client_id is not None and "client_id" in getattr(error, "error_dict", {}):
            stored = _stored_copy(model, group, client_id)
            if stored is not None:
                return stored, False
        raise
    return note, True


def _stored_copy(model, group, client_id):
    """The note of ``model`` stored with ``client_id``, if it belongs to ``group``; raises
    ``ValidationError`` when the id belongs to another group's note."""
    stored = model.objects.filter(client_id=client_id).first()
    if stored is not None and stored.group_id != group.pk:
        raise ValidationError(_("This note id is already used."), code="invalid")
    return stored


@transaction.atomic
def breakout_note_update(
    *,
    note,
    user,
    base_revision: int | None,
    text: str,
    actions: str = "",
    issue_id: int | None = None,
):
    """Change ``note``'s text (and a solution's actions and issue), made on the note's
    ``base_revision``. Returns the note with its new ``revision`` (unchanged when nothing
    changed). Raises ``NoteConflict`` (nothing written) when the stored note has another
    revision, ``ValidationError`` for invalid text or a locked note, ``PermissionDenied``
    without ``change_breakout_note`` on the note (a closed round, another group)."""
    require_permission(user, "engagements.change_breakout_note", note)
    model = type(note)
    stored = model.objects.select_for_update().filter(pk=note.pk).first()
    if stored is None:
        raise NoteConflict(None)
    if base_revision is not None and stored.revision != base_revision:
        raise NoteConflict(stored)
    _fill(stored, text=text, actions=actions, issue_id=issue_id)
    return record_update(record=stored, user=user, permission="engagements.change_breakout_note")


@transaction.atomic
def breakout_note_delete(*, note, user, base_revision: int | None) -> None:
    """Delete ``note``, seen at ``base_revision``. Raises ``NoteConflict`` when it changed
    since (nothing deleted), ``ValidationError`` when it is locked or other records depend on
    it (an issue merged with others, or with solutions), ``PermissionDenied`` without
    ``delete_breakout_note``. Deleting a note that is already gone does nothing."""
    require_permission(user, "engagements.delete_breakout_note", note)
    stored = type(note).objects.select_for_update().filter(pk=note.pk).first()
    if stored is None:
        return
    if base_revision is not None and stored.revision != base_revision:
        raise NoteConflict(stored)
    record_delete(record=stored, user=user, permission="engagements.delete_breakout_note")


_ROUND_ACTIONS = {
    (BreakoutGroup.Round.HOMOGENEOUS, True): AuditEntry.Action.MORNING_CLOSED,
    (BreakoutGroup.Round.HETEROGENEOUS, True): AuditEntry.Action.AFTERNOON_CLOSED,
    (BreakoutGroup.Round.HOMOGENEOUS, False): AuditEntry.Action.MORNING_REOPENED,
    (BreakoutGroup.Round.HETEROGENEOUS, False): AuditEntry.Action.AFTERNOON_REOPENED,
}


@transaction.atomic
def breakout_round_close(*, engagement: Engagement, round: str, user, close: bool = True):
    """Close (or with ``close`` False reopen) the breakout ``round`` (a
    ``BreakoutGroup.Round`` value) of ``engagement``: facilitators can no longer add, change
    or delete its notes; staff still can. Once both rounds are closed, facilitators' sign-in
    links end a week later (``Engagement.facilitator_access_ends_at``). Needs
    ``change_engagement``. Closing a closed round (or reopening an open one) does nothing.
    Returns the engagement."""
    require_permission(user, "engagements.change_engagement", engagement)
    if round not in BreakoutGroup.Round.values:
        raise ValidationError(_("Unknown breakout round."), code="invalid")
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    field = (
        "morning_closed_at" if round == BreakoutGroup.Round.HOMOGENEOUS else ("afternoon_closed_at")
    )
    if (getattr(engagement, field) is not None) == close:
        return engagement
    setattr(engagement, field, timezone.now() if close else None)
    engagement._history_user = user
    engagement.save(update_fields=[field, "updated_at"])
    audit(
        engagement=engagement,
        user=user,
        action=_ROUND_ACTIONS[(round, close)],
        record=engagement,
        step=3,  # the program day, not the engagement's general details
    )
    return engagement
