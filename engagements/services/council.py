"""Step 5: progress on the action plan, reported to the council."""

from django.db import transaction

from ..models import ActionPlan, PlanItem, ProgressUpdate
from .records import _save, record_create


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
