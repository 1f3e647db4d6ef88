"""Languages a program day may use, and participants may prefer.

The six interface languages come first (``settings.LANGUAGES``), then other languages common
among the communities CRS serves, so that interpreters can be planned for.
"""

from django.utils.translation import gettext_lazy as _

PROGRAM_LANGUAGE_CHOICES = [
    ("en", _("English")),
    ("vi", _("Vietnamese")),
    ("fa", _("Farsi")),
    ("zh-hant", _("Traditional Chinese")),
    ("ko", _("Korean")),
    ("hi", _("Hindi")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("so", _("Somali")),
    ("ht", _("Haitian Creole")),
    ("tl", _("Tagalog")),
    ("ru", _("Russian")),
    ("ase", _("American Sign Language")),
]
PROGRAM_LANGUAGE_CODES = frozenset(code for code, _label in PROGRAM_LANGUAGE_CHOICES)
PROGRAM_LANGUAGE_LABELS = dict(PROGRAM_LANGUAGE_CHOICES)
