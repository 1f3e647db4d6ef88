"""Permissions per model and verb (``engagements.<verb>_<model>``), built from the predicates
in ``predicates.py``.

Views name one permission and check it on one object: the engagement for its pages and for
adding most records, the breakout group for adding a note to it, the record itself for
changing or deleting it. Services check the same permission again, so a JSON endpoint, the
admin and the demo loader get the same answer. CRS staff of the engagement's office and
headquarters hold the staff permissions; invited facilitators hold only the breakout-note
permissions on their own groups (while the round is open), and council members only the council
pages' permissions of the engagements they serve on, both through a sign-in link in force."""

import rules

from .predicates import (
    is_council_member,
    is_crs_staff,
    is_engagement_staff,
    is_group_facilitator,
    is_published,
    is_round_open,
)

#: The records of an engagement that staff view, add, change and delete. Links between records
#: (group membership, a plan item's issues and solutions, attendance) have no permissions of
#: their own: they change with their parent record, under its ``change_`` permission.
ENGAGEMENT_RECORDS = [
    "stakeholdergroup",
    "planninggroupmember",
    "planningmeeting",
    "logisticstask",
    "facilitator",
    "trainingsession",
    "trainingattendance",
    "participant",
    "breakoutgroup",
    "strength",
    "issue",
    "solution",
    "planitem",
    "councilmember",
    "councilmeeting",
    "progressupdate",
]

rules.add_perm("engagements.add_engagement", is_crs_staff)
for verb in ("view", "change", "delete"):
    rules.add_perm(f"engagements.{verb}_engagement", is_engagement_staff)
for model in ENGAGEMENT_RECORDS:
    for verb in ("view", "add", "change", "delete"):
        rules.add_perm(f"engagements.{verb}_{model}", is_engagement_staff)

rules.add_perm("engagements.view_actionplan", is_engagement_staff)
rules.add_perm("engagements.change_actionplan", is_engagement_staff)
rules.add_perm("engagements.publish_actionplan", is_engagement_staff)
rules.add_perm("engagements.view_auditentry", is_engagement_staff)

# Sign-in links for facilitators and council members: staff of the engagement make and
# revoke them.
for verb in ("view", "add", "change"):
    rules.add_perm(f"engagements.{verb}_signinlink", is_engagement_staff)

# Breakout notes from the facilitators' pages (``facilitator_portal``): checked on the group
# (view, add) or on the note (change, delete). A facilitator of the group may while the round
# is open; staff always may. Merging, votes and priorities stay with the staff permissions.
rules.add_perm("engagements.view_group_notes", is_engagement_staff | is_group_facilitator)
for verb in ("add", "change", "delete"):
    rules.add_perm(
        f"engagements.{verb}_breakout_note",
        is_engagement_staff | (is_group_facilitator & is_round_open),
    )

# The council's pages (``council_portal``): checked on the engagement. Council members see the
# published plan only; staff see the same page as a preview.
rules.add_perm(
    "engagements.view_published_plan", (is_engagement_staff | is_council_member) & is_published
)
rules.add_perm("engagements.view_council_pages", is_engagement_staff | is_council_member)
rules.add_perm("engagements.post_progress_update", is_council_member & is_published)
rules.add_perm("engagements.hide_progressupdate", is_engagement_staff)
