"""Step 4: the action plan's introduction, translations, publication and revision.

A published plan does not change silently (``DOMAIN.md``): its items, the issues and
solutions it links to, its introduction and their translations are locked by the models until
staff openly start a revision; each publication raises the version and freezes the plan as
an immutable ``ActionPlanVersion`` (``engagements.versions``)."""

import logging
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spcp.text import join_list, quote

from .. import versions
from ..models import ActionPlan, ActionPlanVersion, AuditEntry, PlanItem
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


logger = logging.getLogger(__name__)


def _enqueue_version_pdfs(version_pk: int) -> None:
    """Ask the task worker to render the new version's PDFs ahead (``engagements.tasks``,
    django-tasks). Without that module, or if the queue refuses, the PDF is rendered on
    demand instead: publishing never fails for it."""
    try:
        from ..tasks import render_version_pdfs
    except ImportError:  # pragma: no cover - the PDF task is not installed
        return
    try:
        render_version_pdfs.enqueue(version_pk)
    except Exception:  # noqa: BLE001 - a queue failure must not undo a publication
        logger.exception("Could not enqueue the PDFs of plan version %s", version_pk)


@transaction.atomic
def action_plan_publish(*, plan: ActionPlan, user, note: str = "") -> ActionPlan:
    """Publish the plan: it becomes the council's roadmap and its items are locked, and it
    is frozen as a new ``ActionPlanVersion`` (its text in every language, its items with their
    issues and solutions) with ``note`` on what changed. After the commit, the version's PDFs
    are rendered ahead in the background.

    The plan's row is locked first, so two staff publishing at once give one publication.
    Needs ``publish_actionplan``. Raises ``ValidationError`` if the plan is already published,
    has no items, or has an item not linked to a priority issue (every item must be traceable
    to the issues it came from, ``DOMAIN.md`` step 4). ``note`` may be empty (the page asks
    for it; the plan page shows it in the list of versions)."""
    require_permission(user, "engagements.publish_actionplan", plan.engagement)
    plan = ActionPlan.objects.select_for_update().select_related("engagement").get(pk=plan.pk)
    if plan.is_published:
        raise ValidationError(_("This version of the plan is already published."))
    note = (note or "").strip()
    items = PlanItem.objects.filter(plan=plan)
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
    version = ActionPlanVersion.objects.create(
        plan=plan,
        number=plan.version,
        published_at=plan.published_at,
        published_by=user,
        note=note,
        snapshot=versions.plan_snapshot(plan, versions.live_items(plan), published_by=user),
    )
    audit(
        engagement=plan.engagement,
        user=user,
        action=AuditEntry.Action.PUBLISHED,
        record=plan,
        count=plan.version,
    )
    transaction.on_commit(lambda: _enqueue_version_pdfs(version.pk))
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


@transaction.atomic
def action_plan_translate(
    *, plan: ActionPlan, user, language: str, texts: Mapping[tuple[str, int, str], str]
) -> int:
    """Save the plan's text in ``language`` (a code of ``settings.LANGUAGES``): ``texts`` maps
    ``("plan", plan.pk, "introduction")`` or ``("item", item pk, field)`` (``field`` one of
    ``versions.ITEM_FIELDS``) to the text; "" removes a translation. Returns how many texts
    changed. Needs ``change_actionplan`` (staff with edit rights, who may also be the
    translators they trust).

    Raises ``ValidationError`` for an unknown language or field, an item of another plan,
    or while the plan is published (translations are part of the content: they are changed
    in a revision and frozen with each version)."""
    require_permission(user, "engagements.change_actionplan", plan.engagement)
    if language not in versions.LANGUAGE_CODES:
        raise ValidationError(_("Choose one of the site’s languages."))
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    items = {item.pk: item for item in PlanItem.objects.filter(plan=plan)}
    changed = {}
    for (kind, pk, name), value in texts.items():
        if kind == "plan" and pk == plan.pk and name in versions.PLAN_FIELDS:
            record = plan
        elif kind == "item" and pk in items and name in versions.ITEM_FIELDS:
            record = items[pk]
        else:
            raise ValidationError(_("This text is not part of the plan."))
        column = versions._column(name, language)
        value = (value or "").strip().replace("\r\n", "\n")
        if (getattr(record, column) or "") != value:
            setattr(record, column, value)
            changed.setdefault(record, []).append(column)
    for record, columns in changed.items():
        _save(record, user)
        audit(
            engagement=plan.engagement,
            user=user,
            action=AuditEntry.Action.CHANGED,
            record=record,
            fields=columns,
        )
    return sum(len(columns) for columns in changed.values())
