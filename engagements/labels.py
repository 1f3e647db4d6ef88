"""Names and labels the app makes up itself (nobody typed them): an afternoon group's
"Afternoon group 3", a meeting's "Planning meeting of 12 March 2026".

They are never stored as text, which would freeze them in the language of whoever saved the
record: a record stores what the label is made of (a number, a date) as a *spec*, a small
JSON-safe dict ``{"kind": ..., **values}``, and ``generated_label(spec)`` writes it in the
active language each time it is shown, on pages, in PDFs, the admin and the history (whose
``AuditEntry.object_label`` keeps the spec of the record it names).

Pure logic: no request, no database."""

import datetime
from collections.abc import Mapping

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from spcp.text import isolate

AFTERNOON_GROUP = "afternoon_group"
PLANNING_MEETING = "planning_meeting"
COUNCIL_MEETING = "council_meeting"
TRAINING_SESSION = "training_session"

#: The pattern of each kind of generated label. ``%(number)s`` is a whole number,
#: ``%(date)s`` a date written in the active language, ``%(place)s`` text someone typed.
PATTERNS = {
    AFTERNOON_GROUP: pgettext_lazy(
        "generated name of an afternoon breakout group", "Afternoon group %(number)s"
    ),
    PLANNING_MEETING: _("Planning meeting of %(date)s"),
    COUNCIL_MEETING: _("Council meeting of %(date)s"),
    TRAINING_SESSION: pgettext_lazy(
        "label of a training session: its date and its place", "%(date)s · %(place)s"
    ),
}


def afternoon_group_spec(number: int) -> dict:
    """The spec of the generated name of afternoon group ``number``."""
    return {"kind": AFTERNOON_GROUP, "number": int(number)}


def dated_spec(kind: str, date: datetime.date, **values) -> dict:
    """The spec of a label of ``kind`` made of ``date`` (kept as an ISO date) and ``values``
    (plain strings or numbers)."""
    return {"kind": kind, "date": date.isoformat(), **values}


def generated_label(spec: Mapping) -> str:
    """The label ``spec`` describes, in the active language: numbers as numbers, dates in
    the language's ``DATE_FORMAT``, typed text (``place``) isolated (FSI … PDI).

    Raises ``KeyError`` for an unknown kind or a missing value, ``ValueError`` for a date
    that is no ISO date."""
    values = {key: value for key, value in spec.items() if key != "kind"}
    if "date" in values:
        values["date"] = date_format(datetime.date.fromisoformat(values["date"]))
    if "place" in values:
        values["place"] = isolate(values["place"])
    return str(PATTERNS[spec["kind"]]) % values
