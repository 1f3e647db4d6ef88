"""Step 5: progress on the action plan, reported to the council."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ActionPlan, AuditEntry, PlanItem, ProgressUpdate
from .records import _save, audit, record_create, require_permission


@transaction.atomic
def progress_update_create(*, update: ProgressUpdate, user, token=None) -> ProgressUpdate:
    """Record the unsaved progress ``update`` on its plan item and set the item's state to
    the update's status (the state is not part of the plan's locked content, so this works
    on a published plan). Needs ``add_progressupdate``. Raises ``ValidationError`` for a
    plan item or meeting of another engagement, an unknown state or an empty note; ``token``:
    see ``records.record_create``. The update says which published version of the plan it
    was made against (``plan_version``, the latest; None before the first publication)."""
    update.plan_version = (
        ActionPlan.objects.filter(engagement_id=update.engagement_id)
        .values_list("version", flat=True)
        .first()
    ) or None
    record_create(record=update, user=user, token=token)
    item = PlanItem.objects.select_for_update().get(pk=update.plan_item_id)
    item.status = update.status
    _save(item, user)
    return update


@transaction.atomic
def progress_update_post(
    *, plan_item: PlanItem, status: str, note: str, user, token=None
) -> ProgressUpdate:
    """A council member reports progress on ``plan_item`` of a published plan: ``status``
    (a ``PlanItem.Status`` value) and the ``note``, dated today and shown with the member's
    name (``author``). The item takes the update's status, as with staff's updates. Needs
    ``post_progress_update`` on the item. Raises ``ValidationError`` for an empty note or an
    unknown status, ``PermissionDenied``; ``token`` (the form's one-time token, see
    ``records.record_create``) raises ``guards.AlreadySubmitted`` when sent twice. Returns
    the saved update."""
    require_permission(user, "engagements.post_progress_update", plan_item)
    update = ProgressUpdate(
        engagement=plan_item.engagement,
        plan_item=plan_item,
        status=status,
        note=note,
        author=user,
    )
    update.plan_version = (
        ActionPlan.objects.filter(engagement_id=update.engagement_id)
        .values_list("version", flat=True)
        .first()
    ) or None
    record_create(
        record=update, user=user, permission="engagements.post_progress_update", token=token
    )
    item = PlanItem.objects.select_for_update().get(pk=plan_item.pk)
    item.status = update.status
    item._history_user = user
    item.save(update_fields=["status", "updated_at"])
    return update


@transaction.atomic
def progress_update_hide(*, update: ProgressUpdate, reason: str, user) -> ProgressUpdate:
    """Hide ``update`` from the council's pages, keeping it and the ``reason`` (required)
    with who hid it and when (UTC). Staff still see it, marked hidden. Needs
    ``hide_progressupdate``. Raises ``ValidationError`` for an empty reason,
    ``PermissionDenied``. Hiding a hidden update does nothing. Returns the update."""
    require_permission(user, "engagements.hide_progressupdate", update)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"hidden_reason": _("Give the reason for hiding the update.")})
    update = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    if update.hidden_at is None:
        update.hidden_at = timezone.now()
        update.hidden_by = user
        update.hidden_reason = reason
        _save(update, user)
        audit(
            engagement=update.engagement,
            user=user,
            action=AuditEntry.Action.HIDDEN,
            record=update,
        )
    return update
