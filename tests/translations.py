"""Translations a test supplies itself, so that it can check *where* the app translates (at
display time, in the reader's language) before the real catalogues hold the new strings, and
whatever words the translators choose."""

from pathlib import Path

import polib

PLURAL_FORMS = {
    "fa": "nplurals=2; plural=(n > 1);",
    "hi": "nplurals=2; plural=(n != 1);",
    "zh_Hant": "nplurals=1; plural=0;",
    "ko": "nplurals=1; plural=0;",
    "vi": "nplurals=1; plural=0;",
}


def add_translations(settings, directory: Path, catalogues: dict) -> None:
    """Make ``catalogues`` (``{language: {msgid or (context, msgid): msgstr}}``, language
    as in ``locale/``: "fa", "zh_Hant") take precedence over the project's catalogues for the
    rest of the test: a compiled catalogue in ``directory`` goes first in ``LOCALE_PATHS``
    (Django empties its translation caches when the setting changes)."""
    for language, entries in catalogues.items():
        po = polib.POFile()
        po.metadata = {
            "Content-Type": "text/plain; charset=UTF-8",
            "Plural-Forms": PLURAL_FORMS[language],
        }
        for key, msgstr in entries.items():
            context, msgid = key if isinstance(key, tuple) else (None, key)
            po.append(polib.POEntry(msgctxt=context, msgid=msgid, msgstr=msgstr))
        folder = directory / language / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        po.save_as_mofile(str(folder / "django.mo"))
    settings.LOCALE_PATHS = [str(directory), *settings.LOCALE_PATHS]
