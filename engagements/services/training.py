"""Step 2: who attended facilitator training and who completed it."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import AuditEntry, Facilitator, TrainingAttendance, TrainingSession
from .guards import check_records_version
from .records import _save, audit, require_permission

ATTENDANCE_STATES = {"absent", "attended", "completed"}
#: The fields of a training attendance that the attendance page edits (its version).
ATTENDANCE_FIELDS = ("facilitator", "completed")


@transaction.atomic
def training_attendance_record(
    *,
    session: TrainingSession,
    attendance: Mapping[int, str],
    user,
    expected_version: str | None = None,
) -> None:
    """Record who attended ``session`` and who completed it.

    ``attendance`` maps a facilitator id to "absent", "attended" or "completed"; facilitators
    not in it are left as they are. Needs ``change_trainingsession`` on the session. Raises
    ``ValidationError`` for a facilitator of another engagement or an unknown state; with
    ``expected_version`` (``guards.records_version`` of the session's attendances'
    ``ATTENDANCE_FIELDS`` when the page was opened), ``guards.StaleEdit`` if someone saved
    attendance since."""
    require_permission(user, "engagements.change_trainingsession", session)
    check_records_version(
        TrainingAttendance.objects.filter(session=session),
        expected=expected_version,
        fields=ATTENDANCE_FIELDS,
    )
    facilitators = Facilitator.objects.filter(
        engagement_id=session.engagement_id, pk__in=list(attendance)
    ).in_bulk()
    existing = {a.facilitator_id: a for a in session.attendances.all()}
    changed = 0
    for facilitator_id, state in attendance.items():
        if facilitator_id not in facilitators:
            raise ValidationError(_("Choose facilitators of this engagement."))
        if state not in ATTENDANCE_STATES:
            raise ValidationError(_("Unknown attendance state."))
        record = existing.get(facilitator_id)
        if state == "absent":
            if record:
                record._history_user = user
                record.delete()
                changed += 1
            continue
        if record and record.completed == (state == "completed"):
            continue
        record = record or TrainingAttendance(
            engagement_id=session.engagement_id, session=session, facilitator_id=facilitator_id
        )
        record.completed = state == "completed"
        _save(record, user)
        changed += 1
    if changed:
        audit(
            engagement=session.engagement,
            user=user,
            action=AuditEntry.Action.ATTENDANCE,
            record=session,
            count=changed,
        )
