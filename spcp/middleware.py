"""Middleware of the SPCP project itself."""

from django.utils import translation
from django.utils.cache import add_never_cache_headers

from spcp.digits import NATIVE_DIGITS, localize_html_digits


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
