"""Open and change an engagement."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from offices.models import Office, UnknownStateError
from spcp.text import isolate

from ..models import ActionPlan, AuditEntry, Engagement
from .guards import check_version, claim_token
from .records import _changed_fields, _save, audit, require_permission


def _office_for(engagement: Engagement, user) -> None:
    """Default the office to the regional office serving the state, and refuse an office
    other than the user's own unless the user is headquarters staff."""
    if engagement.office_id is None and engagement.state:
        try:
            engagement.office = Office.objects.for_state(engagement.state)
        except (UnknownStateError, Office.DoesNotExist):
            raise ValidationError({"state": _("No CRS office serves this state.")}) from None
    office = getattr(user, "office", None)
    if user.is_superuser or (office and office.is_headquarters):
        return
    if engagement.office_id == user.office_id:
        return
    raise ValidationError(
        {
            "office": _(
                "You can open engagements for your own office only. %(state)s is served by "
                "%(office)s; ask that office or headquarters."
            )
            % {"state": engagement.state, "office": isolate(engagement.office)}
        }
    )


@transaction.atomic
def engagement_create(*, engagement: Engagement, user, token=None) -> Engagement:
    """Open the unsaved ``engagement`` for ``user``'s office, with an empty draft action plan.

    Without an office, the regional office that serves the state is used. Staff open
    engagements for their own office only; headquarters for any. Raises
    ``PermissionDenied`` for a user who is not CRS staff and ``ValidationError`` (keyed by
    field) for an office that does not serve the state or is not the user's. ``token``:
    see ``records.record_create``."""
    require_permission(user, "engagements.add_engagement", None)
    claim_token(token=token, user=user)
    _office_for(engagement, user)
    _save(engagement, user)
    plan = ActionPlan(engagement=engagement)
    _save(plan, user)
    audit(engagement=engagement, user=user, action=AuditEntry.Action.CREATED, record=engagement)
    return engagement


@transaction.atomic
def engagement_update(
    *,
    engagement: Engagement,
    user,
    expected_version: str | None = None,
    version_fields: Iterable[str] = (),
) -> Engagement:
    """Save changes to ``engagement`` (its details, or the program day's date and venue).
    The same office rules as ``engagement_create`` apply. Raises ``PermissionDenied`` or
    ``ValidationError``; ``guards.StaleEdit`` as ``records.record_update`` does."""
    require_permission(user, "engagements.change_engagement", engagement)
    check_version(engagement, expected=expected_version, fields=version_fields)
    fields = _changed_fields(engagement)
    if "office" in fields or engagement.office_id is None:
        _office_for(engagement, user)
        fields = _changed_fields(engagement)  # the office may have been filled in
    _save(engagement, user)
    if fields:
        audit(
            engagement=engagement,
            user=user,
            action=AuditEntry.Action.CHANGED,
            record=engagement,
            fields=fields,
        )
    return engagement
