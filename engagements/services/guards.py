"""Guards against lost and doubled writes.

* **Lost updates.** An edit form carries the version of the record it was opened on
  (``record_version``: a digest of the values of the fields it edits). The service locks the
  row, computes the version again and, if someone saved a change in between, refuses with
  ``StaleEdit``, which carries the record as now stored, so the page can show both and let the
  person choose (``check_version``). Nothing is overwritten silently.
* **Doubled creates.** A create form carries a one-time token; the service stores it
  (``claim_token``) in the same transaction as the record, and the same token a second time
  raises ``AlreadySubmitted`` and saves nothing.
"""

import datetime
import hashlib
import json
import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import AuditEntry, FormSubmission


class StaleEdit(ValidationError):
    """Someone saved the record after the form was opened. ``stored`` is the record (or, for
    a page editing many, the list of records) as now stored (locked in the refusing
    transaction; after it ended it may have moved on again), ``changed_by``/``changed_at``
    the last audit entry's actor and time (or None)."""

    def __init__(self, stored, entry: AuditEntry | None):
        super().__init__(
            _(
                "Someone else saved a change to this record after you opened it. Nothing was "
                "saved: compare the two versions below and choose."
            ),
            code="stale",
        )
        self.stored = stored
        self.changed_by = entry.actor if entry else None
        self.changed_at = entry.at if entry else None


class AlreadySubmitted(ValidationError):
    """The same form (its token) was saved before; nothing was saved again."""

    def __init__(self):
        super().__init__(
            _("This form was already sent and saved; it was not saved a second time."),
            code="duplicate",
        )


def record_version(record, fields: Iterable[str]) -> str:
    """A short digest (16 hex characters) of ``record``'s values of ``fields`` (model field
    names; many-to-many fields count by the ids they link). Two versions are equal exactly
    when those values are. For an unsaved record, many-to-many fields count as empty."""
    values = []
    for name in sorted(set(fields)):
        field = record._meta.get_field(name)
        if field.many_to_many:
            # .all() uses a prefetch_related() cache when the caller made one.
            ids = sorted(r.pk for r in getattr(record, name).all()) if record.pk else []
            values.append([name, ids])
        else:
            values.append([name, field.value_to_string(record)])
    digest = hashlib.sha256(json.dumps(values, default=str, sort_keys=True).encode())
    return digest.hexdigest()[:16]


def _last_change(*, model, **lookups) -> AuditEntry | None:
    """The newest audit entry about ``model`` matching ``lookups`` (who saved last, when)."""
    return (
        AuditEntry.objects.filter(model=model._meta.model_name, **lookups)
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )


def records_version(records: Iterable, fields: Iterable[str]) -> str:
    """The version of a set of records edited on one page (votes of every issue, attendance
    of every facilitator): a digest of each record's ``record_version``, by primary key."""
    fields = list(fields)
    parts = sorted((record.pk, record_version(record, fields)) for record in records)
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:16]


def check_records_version(queryset, *, expected: str | None, fields: Iterable[str]) -> list:
    """Lock the rows of ``queryset`` and raise ``StaleEdit`` (``stored``: the locked records)
    unless their ``records_version`` is ``expected``; return the locked records. Does not
    check when ``expected`` is None."""
    fields = list(fields)
    stored = list(queryset.select_for_update().order_by("pk"))
    if expected is None or records_version(stored, fields) == expected:
        return stored
    raise StaleEdit(
        stored,
        _last_change(model=queryset.model, engagement_id__in={r.engagement_id for r in stored}),
    )


def check_version(record, *, expected: str | None, fields: Iterable[str]) -> None:
    """Lock ``record``'s row (``SELECT … FOR UPDATE``, until the caller's transaction ends)
    and raise ``StaleEdit`` unless its stored version of ``fields`` is ``expected``. Does
    nothing when ``expected`` is None (a caller without a form, e.g. the demo loader)."""
    if expected is None or record.pk is None:
        return
    stored = type(record)._base_manager.select_for_update().get(pk=record.pk)
    if record_version(stored, fields) == expected:
        return
    raise StaleEdit(stored, _last_change(model=type(record), object_id=record.pk))


def claim_token(*, token: uuid.UUID | None, user) -> None:
    """Store the create form's one-time ``token`` for ``user`` in the caller's transaction;
    raise ``AlreadySubmitted`` when it was stored before (also by a submission racing this
    one: the second insert waits for the first transaction and then fails). ``None`` (a form
    without a token) is not checked."""
    if token is None:
        return
    try:
        with transaction.atomic():
            FormSubmission.objects.create(token=token, user=user)
    except IntegrityError:
        raise AlreadySubmitted() from None


#: How long a create form's token is kept: longer than anyone keeps a form open or a phone
#: offline before sending it again.
TOKEN_DAYS = 30


def form_submissions_prune(*, days: int = TOKEN_DAYS) -> int:
    """Delete the tokens of forms submitted more than ``days`` days ago (a whole number, at
    least 1); return how many. A form older than that, sent again, is saved again. Run daily
    (``manage.py prune_form_submissions``, e.g. from cron)."""
    if days < 1:
        raise ValueError("days must be at least 1")
    cutoff = timezone.now() - datetime.timedelta(days=days)
    deleted, _by_model = FormSubmission.objects.filter(submitted_at__lt=cutoff).delete()
    return deleted
