"""Changes to users' sign-in state and language, as keyword-only functions (see
``engagements/services``)."""

from django.db import transaction
from django.db.models import F

from .languages import is_site_language
from .models import User


def user_sign_out_everywhere(*, user: User) -> None:
    """End every session of ``user``, on every device, the caller's own included.

    Raises the user's session generation, which ``User.get_session_auth_hash`` mixes into the
    hash Django checks on each request: every session signed in before no longer matches and
    is flushed the next time it is used, whatever the session store. The caller still has to
    sign the current request out (``django.contrib.auth.logout``). An update rather than a
    save, so the user's history gets no version for it.
    """
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
        user.refresh_from_db(fields=["session_generation"])


def user_set_language(*, user: User, language: str) -> None:
    """Save ``language`` as ``user``'s language, for the pages and emails they get.

    ``language`` is a code from ``settings.LANGUAGES`` ("fa", "zh-hant"); anything else
    raises ``ValueError`` and saves nothing. Saving the language already saved does nothing.
    An update rather than a save: the language is a preference, kept out of the user's
    history (``User.history`` excludes it), and saving it must not touch other fields a
    concurrent request may be changing.
    """
    if not is_site_language(language):
        raise ValueError(f"{language!r} is not one of the site's languages.")
    if user.language == language:
        return
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language
