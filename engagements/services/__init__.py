"""Everything that writes engagement data, one module per step (``DESIGN.md``).

``records`` holds the create/change/delete/reorder services every record goes through;
``engagement``, ``training``, ``breakouts``, ``action_plan`` and ``council`` hold the actions
of their step. Step 1 (the planning group) has no action beyond plain records. Each function
is keyword-only, takes the acting user, checks the permission of ``rules.py``, validates with
the models, saves, keeps the history and writes an audit entry, in one transaction."""

from .access import sign_in_link_create, sign_in_link_revoke
from .action_plan import (
    action_plan_publish,
    action_plan_revise,
    action_plan_translate,
    action_plan_update,
)
from .breakouts import (
    RosterImport,
    RosterImported,
    afternoon_groups_save,
    issue_unmerge,
    issues_merge,
    issues_record_votes,
    morning_groups_create,
    participant_rows_read,
    participants_import,
)
from .council import progress_update_create, progress_update_hide, progress_update_post
from .engagement import engagement_create, engagement_update
from .notes import (
    NoteConflict,
    breakout_note_create,
    breakout_note_delete,
    breakout_note_update,
    breakout_round_close,
)
from .records import links_set, record_create, record_delete, record_move, record_update
from .training import training_attendance_record

__all__ = [
    "NoteConflict",
    "breakout_note_create",
    "breakout_note_delete",
    "breakout_note_update",
    "breakout_round_close",
    "progress_update_hide",
    "progress_update_post",
    "sign_in_link_create",
    "sign_in_link_revoke",
    "RosterImport",
    "RosterImported",
    "action_plan_publish",
    "action_plan_translate",
    "action_plan_revise",
    "action_plan_update",
    "afternoon_groups_save",
    "engagement_create",
    "engagement_update",
    "issue_unmerge",
    "issues_merge",
    "issues_record_votes",
    "links_set",
    "morning_groups_create",
    "participant_rows_read",
    "participants_import",
    "progress_update_create",
    "record_create",
    "record_delete",
    "record_move",
    "record_update",
    "training_attendance_record",
]
