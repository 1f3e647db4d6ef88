"""Middleware of the SPCP project itself."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from offices.languages import is_site_language
from spcp.digits import NATIVE_DIGITS, localize_html_digits
from spcp.i18n import is_valid_path_in, language_from_accept_language, split_language


class NoStoreMiddleware:
    """Tell browsers and proxies to keep no copy of what a signed-in user sees.

    What CRS hears in its work is confidential by statute (42 U.S.C. 2000g-2(b)), and staff sign
    in on shared computers: in church halls, libraries and community centres on a program day.
    After they sign out, neither the Back button, the browser's cache nor a proxy on the way may
    show the next person an engagement, a roster or the action-plan PDF. So every response to a
    signed-in user, pages and downloads alike, is ``Cache-Control: no-store`` (with
    ``no-cache, must-revalidate, private`` and an expired ``Expires``), and so is every other
    response that did not choose its own caching: the sign-in page, whose form carries a CSRF
    token, included.

    Static files never reach this middleware: WhiteNoise answers them before it, with its own
    long-lived caching. It must come after ``AuthenticationMiddleware``, which sets
    ``request.user``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response


class NativeDigitsMiddleware:
    """Write the numbers of an HTML page in the reader's own digits (Persian digits in Farsi).

    Applies :func:`spcp.digits.localize_html_digits` to every complete ``text/html`` response
    rendered in a language listed in :data:`spcp.digits.NATIVE_DIGITS`; other responses (JSON,
    CSV, PDF, streaming, other languages) pass through untouched. User-typed text, form values and
    links keep their digits (see :mod:`spcp.digits`). It must come after ``LocaleMiddleware``, so
    the page's language is still active when the response passes back through it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = translation.get_language()
        if (
            language in NATIVE_DIGITS
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
        ):
            charset = response.charset
            html = response.content.decode(charset, errors="replace")
            response.content = localize_html_digits(html, language).encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response


class PreferredLanguageMiddleware:
    """Open an English (unprefixed) page in the reader's language when they prefer another.

    A page asked for by a browser (a GET or HEAD that accepts ``text/html``) at a URL without a
    language prefix is redirected to the same page, query string kept, in the reader's
    language, when that is not English. The reader's language is, in this order: the saved
    language of the signed-in user, the language cookie (set by the language switch and at
    sign-in), or, on a first visit, the first of our languages in the browser's
    ``Accept-Language`` ("zh-TW" gives Traditional Chinese, "fa-IR" Farsi). So once someone
    picks English, they get English; a link without a prefix, a sign-out or an expired session
    never drops a Farsi reader into English; and a first visit from a Korean browser opens
    in Korean.

    A prefixed URL is never redirected (it names its language), nor is a POST, a request that
    does not ask for HTML (JSON, the test client's plain requests), or a URL that exists only
    without a prefix. Static files never get here (WhiteNoise answers first). It must come
    after ``AuthenticationMiddleware``, which sets ``request.user``; the Vary header says the
    answer depends on the cookie and Accept-Language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect = self.redirect(request)
        if redirect is not None:
            return redirect
        response = self.get_response(request)
        if split_language(request.path_info)[0] is None:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    def redirect(self, request):
        """The redirect to the page in the reader's language, or None to show this one."""
        if request.method not in ("GET", "HEAD"):
            return None
        if "text/html" not in request.headers.get("Accept", ""):
            return None
        if split_language(request.path_info)[0] is not None:
            return None
        language = preferred_language(request)
        if language == settings.LANGUAGE_CODE:
            return None
        path_info = f"/{language}{request.path_info}"
        if not is_valid_path_in(path_info, language):
            return None  # not a page, or one that exists only without a prefix
        path = get_script_prefix() + path_info[1:]
        query = request.META.get("QUERY_STRING", "")
        response = HttpResponseRedirect(f"{path}?{query}" if query else path)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


def preferred_language(request) -> str:
    """The reader's language (see ``PreferredLanguageMiddleware``): the signed-in user's saved
    language, else the language cookie, else the browser's Accept-Language, else English.
    Always one of the codes of ``settings.LANGUAGES``."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and is_site_language(user.language):
        return user.language
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if is_site_language(cookie):
        return cookie
    accepted = language_from_accept_language(request.headers.get("Accept-Language", ""))
    return accepted or settings.LANGUAGE_CODE
