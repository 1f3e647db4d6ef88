"""Validators for breakout notes."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def validate_unattributed(text: str, participant_names) -> None:
    """Refuse note ``text`` that names a participant on the roster.

    Breakout notes are never attributed to a named participant (DOMAIN.md, from CRS's
    confidentiality duty). ``participant_names`` is an iterable of the engagement's
    participants' full names; a name matches case-insensitively as whole words.
    Raises ``ValidationError`` (code "attributed") that does not repeat the name: the
    message is shown to facilitators, who may not learn who is on the roster (issue
    "Facilitators and council members sign in")."""
    for name in participant_names:
        name = (name or "").strip()
        if len(name) < 3:
            continue
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text or "", re.IGNORECASE):
            raise ValidationError(
                _(
                    "This note names a person on the program’s roster. Notes are never "
                    "attributed: remove the name and record what was said without saying who "
                    "said it."
                ),
                code="attributed",
            )
