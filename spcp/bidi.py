"""Text of one direction inside text of the other (the Unicode Bidirectional Algorithm, UAX #9).

A name typed in English keeps its order on a Farsi page, and a Farsi note keeps its order on an
English page, when it is *isolated* from the app's text around it. How, by where the text goes:

- inline in a page or the PDF, inside or next to app text: ``<bdi>`` (:func:`bdi_html`,
  template filter ``bdi``). It also writes the text's direction, because WeasyPrint gives a
  ``<bdi>`` without ``dir`` the direction of its parent instead of that of its first letter;
- a block, table cell, list item, ``<option>``, text box, text area: ``dir="auto"`` on the
  element (in the PDF ``dir="{{ value|text_direction }}"``: WeasyPrint has no ``dir="auto"``).
  Forms set it on their inputs themselves (``engagements.forms.set_text_direction``);
- plain text (e-mails, ``<title>``, attributes such as ``title=""``, messages and error
  messages built in Python): the Unicode isolates FSI … PDI around the value
  (``spcp.text.isolate``, template filter ``isolate``).

Convention shared with :mod:`spcp.digits`: an element carrying its own direction (``<bdi>``, or
any element with a ``dir`` attribute) holds someone else's text, whose digits are left as typed.
So numbers, counts and dates the app writes are never isolated; the user text beside them is
("<bdi>Faith/Clergy</bdi> · 12").
"""

from __future__ import annotations

import unicodedata

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

# LRI, RLI and FSI open an isolate; PDI closes one.
_OPENERS = frozenset("\u2066\u2067\u2068")
_PDI = "\u2069"


def first_strong_direction(text) -> str | None:
    """Return ``"ltr"`` or ``"rtl"``: the direction of the first strong character of ``text``
    (rules P2 and P3 of UAX #9, what browsers do for ``dir="auto"``: letters count, digits
    and punctuation do not, text inside isolates is skipped). Return None when ``text`` has no
    strong character (empty, only digits or punctuation) or is None."""
    if text is None:
        return None
    depth = 0
    for char in str(text):
        if char in _OPENERS:
            depth += 1
        elif char == _PDI:
            depth = max(0, depth - 1)
        elif depth == 0:
            kind = unicodedata.bidirectional(char)
            if kind == "L":
                return "ltr"
            if kind in ("R", "AL"):
                return "rtl"
    return None


def is_generated_label(value) -> bool:
    """Whether ``value`` is a record whose name the app writes itself in the reader's
    language ("Afternoon group 3", "Council meeting of 12 March 2026": its ``label_spec()``
    returns a spec, see ``engagements.labels``). Such a name is the app's text, not someone
    else's: it is not isolated as a whole (the typed parts inside it are), so that its
    numbers are written in the reader's digits."""
    label_spec = getattr(value, "label_spec", None)
    return callable(label_spec) and label_spec() is not None


def bdi_html(value) -> SafeString:
    """Return ``value`` escaped inside ``<bdi dir="ltr|rtl">`` (the direction of its first
    strong character; no ``dir`` when it has none), as safe HTML. ``None`` and ``""`` give
    ``""``, so that ``|default:"—"`` still applies after the template filter. A record with
    a generated name (:func:`is_generated_label`) is returned escaped, not isolated."""
    if value is None or value == "":
        return mark_safe("")
    if is_generated_label(value):
        return conditional_escape(value)
    direction = first_strong_direction(value)
    attribute = f' dir="{direction}"' if direction else ""
    return mark_safe(f"<bdi{attribute}>{conditional_escape(value)}</bdi>")
