"""Validators for breakout notes."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from spcp.text import isolate


def validate_unattributed(text: str, participant_names) -> None:
    """Refuse note ``text`` that names a participant on the roster.

    Breakout notes are never attributed to a named participant (DOMAIN.md, from CRS's
    confidentiality duty). ``participant_names`` is an iterable of the engagement's
    participants' full names; a name matches case-insensitively as whole words.
    Raises ``ValidationError`` naming the first participant found."""
    for name in participant_names:
        name = (name or "").strip()
        if len(name) < 3:
            continue
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text or "", re.IGNORECASE):
            raise ValidationError(
                _(
                    "Notes are never attributed to a participant: remove the name “%(name)s” "
                    "and record what was said without saying who said it."
                )
                # The name as typed, isolated: it keeps its direction inside the sentence.
                % {"name": isolate(name)},
                code="attributed",
            )
