"""A person's language: the one saved on their account, for pages and for the emails they get.

Code that writes to a user outside a request of theirs (an email, a notice) uses these, so
that the text reaches each person in their own language::

    from offices.languages import in_user_language

    with in_user_language(user):
        send_mail(gettext("Your engagement was published"), ...)

Everything translated inside the block, ``reverse()`` included (its URLs get the language's
prefix), is in the user's saved language; a user who has not chosen one gets the language
active when the block starts (the page's), or ``default`` when given.
"""

from contextlib import contextmanager

from django.conf import settings
from django.utils import translation

#: The codes of the site's languages, in the order of ``settings.LANGUAGES``.
LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def is_site_language(code) -> bool:
    """True if ``code`` is exactly one of the site's language codes ("zh-hant", not "zh-TW")."""
    return code in LANGUAGE_CODES


def user_language(user, default: str | None = None) -> str:
    """The language to write to ``user`` in: a code from ``settings.LANGUAGES``.

    Their saved language if they have one (``User.language``); otherwise ``default`` if it is
    one of the site's languages, else the active language (the page's, in a request), else
    ``settings.LANGUAGE_CODE``. ``user`` may be anonymous or None. Never raises.
    """
    saved = getattr(user, "language", "") or ""
    for candidate in (saved, default, translation.get_language()):
        if is_site_language(candidate):
            return candidate
    return settings.LANGUAGE_CODE


@contextmanager
def in_user_language(user, default: str | None = None):
    """Run the block in ``user_language(user, default)`` (see the module's docstring), then
    go back to the language that was active before. Yields the language's code."""
    language = user_language(user, default)
    with translation.override(language):
        yield language
