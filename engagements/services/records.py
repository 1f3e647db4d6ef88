"""Create, change, delete and reorder any record of an engagement.

Every write of engagement data passes here or through a named service of its step that calls
these helpers: each function takes the acting user (required), checks the same permission as
the page (``rules.py``), validates with the model (``full_clean``: constraints, the
same-engagement check, the published-plan lock), saves, lets django-simple-history keep the
version, and writes an ``AuditEntry``, all in one transaction. Errors are raised as
``ValidationError`` (bad or locked data; the message is for the user) or ``PermissionDenied``.
"""

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError, RestrictedError
from django.utils import translation
from django.utils.translation import gettext as _

from spcp.text import isolate, join_list

from ..models import AuditEntry, EngagementRecord
from ..steps import step_of_model
from .guards import check_version, claim_token

#: Fields never reported as changed.
UNREPORTED_FIELDS = {"created_at", "updated_at"}


def require_permission(user, permission: str, obj) -> None:
    """Raise ``PermissionDenied`` unless ``user`` holds ``permission`` on ``obj``."""
    if user is None or not user.has_perm(permission, obj):
        raise PermissionDenied(permission)


def permission_name(verb: str, model) -> str:
    """``engagements.<verb>_<model name>``, e.g. ``engagements.add_planitem``."""
    return f"{model._meta.app_label}.{verb}_{model._meta.model_name}"


def audit(
    *,
    engagement,
    user,
    action: str,
    record=None,
    model=None,
    fields: Iterable[str] = (),
    links: Mapping | None = None,
    count: int = 0,
    step: int | None = None,
) -> AuditEntry:
    """Write one ``AuditEntry`` for ``engagement``: ``action`` (an ``AuditEntry.Action``) on
    ``record`` (or on a kind of record, ``model``, for actions on many), by ``user``, in
    ``step`` (default: the step the model belongs to).

    A record whose label the app generates (``record.label_spec()``) is remembered by its
    spec, so that the history writes its label in each reader's language; its
    ``object_repr`` is then the label in the site's default language, for searching."""
    model = model or type(record)
    spec = record.label_spec() if record is not None and hasattr(record, "label_spec") else None
    if spec:
        with translation.override(settings.LANGUAGE_CODE):
            label = str(record)
    else:
        label = str(record) if record is not None else ""
    return AuditEntry.objects.create(
        engagement=engagement,
        actor=user if getattr(user, "pk", None) else None,
        step=step_of_model(model._meta.model_name) if step is None else step,
        action=action,
        model=model._meta.model_name,
        object_id=getattr(record, "pk", None),
        object_repr=label[:200],
        object_label=spec or {},
        fields=list(fields),
        links=dict(links or {}),
        count=count,
    )


def _changed_fields(record) -> list[str]:
    """Names of the fields of ``record`` whose values differ from the stored row."""
    fields = [
        f
        for f in record._meta.concrete_fields
        if f.name not in UNREPORTED_FIELDS and not f.primary_key
    ]
    stored = type(record)._base_manager.filter(pk=record.pk).values(*[f.attname for f in fields])
    stored = stored.first() or {}
    return [f.name for f in fields if stored.get(f.attname) != getattr(record, f.attname)]


def _save(record, user) -> None:
    record.full_clean()
    record._history_user = user
    record.save()


def links_set(*, record, field_name: str, targets: Iterable, user) -> dict[str, list[str]]:
    """Make ``record``'s many-to-many ``field_name`` hold exactly ``targets``, creating and
    deleting link records one by one so that each is validated and kept in the history.

    Returns ``{"added": [labels], "removed": [labels]}``. Raises ``ValidationError`` for a
    target of another engagement or a locked link (published plan)."""
    field = record._meta.get_field(field_name)
    through = field.remote_field.through
    source = field.m2m_field_name()
    target = field.m2m_reverse_field_name()
    target_id_name = through._meta.get_field(target).attname
    wanted = {t.pk: t for t in targets}
    existing = {
        getattr(link, target_id_name): link
        for link in through.objects.filter(**{source: record}).select_related(target)
    }
    added, removed = [], []
    for target_id, link in existing.items():
        if target_id in wanted:
            continue
        reason = link.locked_reason()
        if reason:
            raise ValidationError(reason, code="locked")
        link._history_user = user
        link.delete()
        removed.append(str(getattr(link, target)))
    for target_id, obj in wanted.items():
        if target_id in existing:
            continue
        link = through(engagement_id=record.engagement_id, **{source: record, target: obj})
        link.full_clean(exclude=[source, target, "engagement"])
        link._history_user = user
        link.save()
        added.append(str(obj))
    return {"added": added, "removed": removed} if added or removed else {}


def _save_links(record, links, user) -> dict:
    changed = {}
    for name, targets in (links or {}).items():
        result = links_set(record=record, field_name=name, targets=targets, user=user)
        if result:
            changed[name] = result
    return changed


@transaction.atomic
def record_create(
    *,
    record: EngagementRecord,
    user,
    links: Mapping | None = None,
    token=None,
    permission: str | None = None,
):
    """Save the new ``record`` (its ``engagement`` set) and its many-to-many ``links``
    (``{field name: iterable of records}``). A model with an ``order`` field gets the next
    place. Needs ``add_<model>`` (or ``permission``) on ``record.permission_parent()``.
    ``token`` is the create form's one-time token: the same token twice raises
    ``guards.AlreadySubmitted`` and saves nothing. Returns ``record``."""
    require_permission(
        user, permission or permission_name("add", type(record)), record.permission_parent()
    )
    claim_token(token=token, user=user)
    if hasattr(record, "order"):
        last = (
            type(record)
            .objects.filter(engagement_id=record.engagement_id)
            .aggregate(last=Max("order"))["last"]
        )
        record.order = 0 if last is None else last + 1
    _save(record, user)
    changed = _save_links(record, links, user)
    audit(
        engagement=record.engagement,
        user=user,
        action=AuditEntry.Action.CREATED,
        record=record,
        links=changed,
    )
    return record


@transaction.atomic
def record_update(
    *,
    record: EngagementRecord,
    user,
    links: Mapping | None = None,
    expected_version: str | None = None,
    version_fields: Iterable[str] = (),
    permission: str | None = None,
):
    """Save the changes to ``record`` and set its many-to-many ``links``. Needs
    ``change_<model>`` (or ``permission``) on ``record``. With ``expected_version``
    (``guards.record_version`` of ``version_fields`` when the form was opened), raises
    ``guards.StaleEdit`` if the stored record differs from it. Writes an audit entry only
    when something changed. A record with a ``revision`` (breakout notes) gets the next one
    when a field of its ``revised_fields`` changed. Returns ``record``."""
    require_permission(user, permission or permission_name("change", type(record)), record)
    check_version(record, expected=expected_version, fields=version_fields)
    fields = _changed_fields(record)
    if set(fields) & set(getattr(record, "revised_fields", ())):
        record.revision += 1
    _save(record, user)
    changed = _save_links(record, links, user)
    if fields or changed:
        audit(
            engagement=record.engagement,
            user=user,
            action=AuditEntry.Action.CHANGED,
            record=record,
            fields=fields,
            links=changed,
        )
    return record


@transaction.atomic
def record_delete(*, record: EngagementRecord, user, permission: str | None = None) -> None:
    """Delete ``record``. Needs ``delete_<model>`` (or ``permission``) on it. Raises
    ``ValidationError`` when it is locked by the published plan or other records still depend
    on it (``RESTRICT`` and ``PROTECT``: nothing is deleted silently along with it)."""
    require_permission(user, permission or permission_name("delete", type(record)), record)
    reason = record.locked_reason()
    if reason:
        raise ValidationError(reason, code="locked")
    label, engagement = str(record), record.engagement
    record._history_user = user
    try:
        with transaction.atomic():
            record.delete()
    except (ProtectedError, RestrictedError) as error:
        blocking = getattr(error, "restricted_objects", None) or error.protected_objects
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in blocking})
        raise ValidationError(
            _("“%(record)s” cannot be deleted: %(kinds)s still depend on it. Remove those first.")
            % {"record": isolate(label), "kinds": join_list(kinds)},
            code="in_use",
        ) from None
    audit(engagement=engagement, user=user, action=AuditEntry.Action.DELETED, record=record)
    record.pk = None


@transaction.atomic
def record_move(*, record: EngagementRecord, user, offset: int) -> None:
    """Move ``record`` ``offset`` places in its engagement's order (-1 up, +1 down); the
    others close up; at either end of the list it stays where it is. Needs ``change_<model>``
    on it. Raises ``ValidationError`` when a moved record is locked (a published plan's
    items)."""
    require_permission(user, permission_name("change", type(record)), record)
    siblings = list(
        type(record).objects.select_for_update().filter(engagement_id=record.engagement_id)
    )
    index = next(i for i, s in enumerate(siblings) if s.pk == record.pk)
    new_index = min(max(index + offset, 0), len(siblings) - 1)
    if new_index == index:
        return
    siblings.insert(new_index, siblings.pop(index))
    for position, sibling in enumerate(siblings):
        if sibling.order != position:
            sibling.order = position
            sibling.engagement = record.engagement
            _save(sibling, user)
    audit(engagement=record.engagement, user=user, action=AuditEntry.Action.MOVED, record=record)
