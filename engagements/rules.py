"""Permissions per model and verb (``engagements.<verb>_<model>``), built from the predicates
in ``predicates.py``.

Views name one permission and check it on one object: the engagement for its pages and for
adding most records, the breakout group for adding a note to it, the record itself for
changing or deleting it. Services check the same permission again, so a JSON endpoint, the
admin and the demo loader get the same answer. Today only CRS staff of the engagement's office
and headquarters hold any of them; facilitators and council members come with their own
predicates."""

import rules

from .predicates import is_crs_staff, is_engagement_staff

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
