"""Step 4: the action plan's introduction, publication and revision.

A published plan does not change silently (``DOMAIN.md``): its items, the issues and
solutions it links to and its introduction are locked by the models until staff openly
start a revision; each publication raises the version."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spcp.text import join_list, quote

from ..models import ActionPlan, AuditEntry, PlanItem
from .guards import check_version
from .records import _changed_fields, _save, audit, require_permission


@transaction.atomic
def action_plan_update(
    *,
    plan: ActionPlan,
    user,
    expected_version: str | None = None,
    version_fields: Iterable[str] = (),
) -> ActionPlan:
    """Save a change to the plan's introduction. Needs ``change_actionplan``. Raises
    ``ValidationError`` while the plan is published, and ``guards.StaleEdit`` as
    ``records.record_update`` does."""
    require_permission(user, "engagements.change_actionplan", plan.engagement)
    check_version(plan, expected=expected_version, fields=version_fields)
    fields = _changed_fields(plan)
    _save(plan, user)
    if fields:
        audit(
            engagement=plan.engagement,
            user=user,
            action=AuditEntry.Action.CHANGED,
            record=plan,
            fields=fields,
        )
    return plan


@transaction.atomic
def action_plan_publish(*, plan: ActionPlan, user) -> ActionPlan:
    """Publish the plan: it becomes the council's roadmap and its items are locked.

    The plan's row is locked first, so two staff publishing at once give one publication.
    Needs ``publish_actionplan``. Raises ``ValidationError`` if the plan is already published,
    has no items, or has an item not linked to a priority issue (every item must be traceable
    to the issues it came from, ``DOMAIN.md`` step 4)."""
    require_permission(user, "engagements.publish_actionplan", plan.engagement)
    plan = ActionPlan.objects.select_for_update().select_related("engagement").get(pk=plan.pk)
    if plan.is_published:
        raise ValidationError(_("This version of the plan is already published."))
    items = PlanItem.objects.filter(engagement_id=plan.engagement_id)
    if not items.exists():
        raise ValidationError(_("Add at least one item before publishing the plan."))
    untraced = [str(item) for item in items.filter(issues__isnull=True)]
    if untraced:
        raise ValidationError(
            ngettext(
                "Link every item to the priority issues it answers; this one is not linked: "
                "%(items)s.",
                "Link every item to the priority issues it answers; these %(n)d are not "
                "linked: %(items)s.",
                len(untraced),
            )
            % {"items": join_list(map(quote, untraced)), "n": len(untraced)}
        )
    plan.status = ActionPlan.Status.PUBLISHED
    plan.version += 1
    plan.published_at = timezone.now()
    plan.published_by = user
    _save(plan, user)
    audit(
        engagement=plan.engagement,
        user=user,
        action=AuditEntry.Action.PUBLISHED,
        record=plan,
        count=plan.version,
    )
    return plan


@transaction.atomic
def action_plan_revise(*, plan: ActionPlan, user) -> ActionPlan:
    """Start a revision of a published plan: it becomes a draft again, openly, and the next
    publication raises its version. Needs ``publish_actionplan``. Raises ``ValidationError``
    if it is already a draft."""
    require_permission(user, "engagements.publish_actionplan", plan.engagement)
    plan = ActionPlan.objects.select_for_update().select_related("engagement").get(pk=plan.pk)
    if not plan.is_published:
        raise ValidationError(_("The plan is already a draft."))
    plan.status = ActionPlan.Status.DRAFT
    _save(plan, user)
    audit(
        engagement=plan.engagement,
        user=user,
        action=AuditEntry.Action.REVISED,
        record=plan,
        count=plan.version,
    )
    return plan
