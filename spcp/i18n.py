"""Switching language, and the URL of the same page in another language.

Every page has one URL per language: English without a prefix (``/engagements/3/``), the
others with their code in front (``/fa/engagements/3/``), as ``i18n_patterns`` in
``spcp/urls.py`` lays them out. The language switch at the top of every page posts to
:func:`set_language`, which sends the reader to the same page (its query string kept) in the
language they chose, from any language to any other, and remembers the choice: in the language
cookie, and on the account of a signed-in user (``offices.User.language``).

Django's own ``set_language`` could not do this: it translates the page's URL while its own
request runs in English (``/i18n/setlang/`` has no prefix), so ``/fa/...`` never resolved and
every switch away from a language other than English reloaded the same language.
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import get_script_prefix, is_valid_path
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.http import require_POST

from offices.languages import LANGUAGE_CODES, is_site_language
from offices.services import user_set_language


def split_language(path_info: str) -> tuple[str | None, str]:
    """Split the language prefix off ``path_info`` (a path below the script prefix).

    Returns the prefix's language code, or None, and the rest of the path, which starts with
    "/": ``split_language("/fa/engagements/")`` is ``("fa", "/engagements/")`` and
    ``split_language("/engagements/")`` is ``(None, "/engagements/")``. Only the site's
    language codes count as a prefix ("/en/" included, though English URLs have none).
    """
    segment, slash, rest = path_info.lstrip("/").partition("/")
    if segment in LANGUAGE_CODES:
        return segment, "/" + rest
    return None, path_info if path_info.startswith("/") else "/" + path_info


def is_valid_path_in(path_info: str, language: str) -> bool:
    """True if ``path_info`` (below the script prefix) is a page of the site when read in
    ``language``: the language prefix a URL pattern expects is the active language's, so
    ``/fa/...`` resolves only while Farsi is active."""
    with translation.override(language):
        return is_valid_path(path_info)


def path_in_language(path: str, language: str) -> str:
    """``path`` (as the browser sees it: script prefix included) in ``language``.

    Any language prefix is replaced by ``language``'s, or dropped for the default language
    (English): ``path_in_language("/fa/engagements/", "vi")`` is ``"/vi/engagements/"`` and
    ``path_in_language("/fa/engagements/", "en")`` is ``"/engagements/"``. A path that is not
    below the script prefix, or that only exists without a prefix (``/i18n/setlang/``), comes
    back without one. A path that exists nowhere gets the prefix, so that its "not found"
    page is in ``language``. ``language`` must be one of the site's codes.
    """
    script_prefix = get_script_prefix()
    if not path.startswith(script_prefix):
        return path
    _old, rest = split_language("/" + path[len(script_prefix) :])
    if language == settings.LANGUAGE_CODE:
        return script_prefix + rest[1:]
    prefixed = f"/{language}{rest}"
    if not is_valid_path_in(prefixed, language) and is_valid_path_in(rest, settings.LANGUAGE_CODE):
        return script_prefix + rest[1:]
    return script_prefix + prefixed[1:]


def url_in_language(url: str, language: str) -> str:
    """``url`` (a path, or a full URL of this site) with its path in ``language``
    (:func:`path_in_language`); scheme, host, query string and fragment are kept."""
    parts = urlsplit(url)
    path = path_in_language(parts.path or "/", language)
    return urlunsplit(parts._replace(path=path))


def language_from_accept_language(header: str) -> str | None:
    """The site language a browser's ``Accept-Language`` header asks for first, or None.

    Languages are taken in the browser's order of preference and each is matched as Django
    matches them (``get_supported_language_variant``): "zh-TW", "zh-Hant" and "zh" give
    "zh-hant", "fa-IR" gives "fa", "en-US" gives "en". "*" and languages refused with "q=0"
    are skipped; None if nothing matches.
    """
    try:
        accepted = parse_accept_lang_header(header or "")
    except ValueError:
        return None
    for code, quality in accepted:
        if code == "*" or quality <= 0:
            continue
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return None


def set_language_cookie(response, language: str) -> None:
    """Remember ``language`` in the browser's language cookie, with the cookie settings
    Django's own switch uses (``LANGUAGE_COOKIE_*``)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def safe_next_url(request, url) -> str | None:
    """``url`` if it is a URL of this site that is safe to redirect to, else None (another
    host, another scheme, ``javascript:``, a plain-http URL from an https page, empty)."""
    if url and url_has_allowed_host_and_scheme(
        url=url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


@require_POST
def set_language(request):
    """The language switch: POST ``language`` (a code of ``settings.LANGUAGES``) and ``next``
    (the page to go back to, as ``request.get_full_path()`` gave it, in any language).

    Redirects to ``next`` in the chosen language, its query string kept; a ``next`` that is
    not a safe URL of this site is not followed (the Referer, if safe, or the home page
    instead). Sets the language cookie and, for a signed-in user, saves the language on their
    account. An unknown language changes nothing and goes back to ``next`` as it was. GET is
    refused (405); the CSRF token is checked like on any other form.
    """
    next_url = (
        safe_next_url(request, request.POST.get("next"))
        or safe_next_url(request, request.headers.get("Referer"))
        or get_script_prefix()
    )
    language = request.POST.get("language", "")
    if not is_site_language(language):
        return HttpResponseRedirect(next_url)
    response = HttpResponseRedirect(url_in_language(next_url, language))
    set_language_cookie(response, language)
    if request.user.is_authenticated:
        user_set_language(user=request.user, language=language)
    return response
