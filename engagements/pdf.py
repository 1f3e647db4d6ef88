"""The action plan as a PDF: the template ``engagements/pdf/action_plan.html`` rendered with
``render_to_string`` and handed to WeasyPrint.

What is rendered is a *plan document* (``engagements.versions``): everything the plan shows
in one language, from a published version's frozen snapshot (:func:`version_pdf`) or from the
living draft (:func:`draft_pdf`), with each item's living status and latest progress, printed
"as of" the day of rendering. A published version's PDFs are rendered ahead into
``default_storage`` (``engagements.tasks``, :func:`store_version_pdf`) and served from there
(:func:`open_version_pdf`); a stored PDF's name carries :func:`status_stamp`, so one that
shows an older status is never served. A draft is rendered on each download, never kept.

The PDF is tagged (PDF/UA-1: headings, lists and the document's language and title), numbers
are in the language's digits (``spcp.digits``), typed text keeps its own direction
(``spcp.bidi``), and text shown in the original language instead of the reader's is marked in
the reader's language.

Fonts: the Noto families installed by ``scripts/system-deps.sh`` (Noto Sans for Latin and
Vietnamese, Noto Naskh Arabic for Farsi, Noto Sans Devanagari for Hindi, Noto Sans CJK for
Traditional Chinese and Korean), found by fontconfig. Each language lists its own font first
and the other scripts after it, so that text typed in any of the six languages has its glyphs.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import io
import re
import threading
import unicodedata
from pathlib import Path

import weasyprint
from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from offices.states import STATE_CHOICES
from spcp.bidi import bdi_html, first_strong_direction, is_generated_label
from spcp.digits import NATIVE_DIGITS, localize_html_digits
from spcp.text import list_separator


class HTML(weasyprint.HTML):
    """WeasyPrint's ``HTML`` with the PDF template's own small user-agent stylesheet
    (``templates/engagements/pdf/user_agent.css``) instead of WeasyPrint's HTML5 one."""

    def _ua_stylesheets(self, forms=False):
        return [_user_agent_stylesheet()]


@functools.cache
def _user_agent_stylesheet() -> weasyprint.CSS:
    return weasyprint.CSS(filename=str(USER_AGENT_CSS))


USER_AGENT_CSS = Path(__file__).resolve().parent.parent / "templates/engagements/pdf/user_agent.css"

# CSS counter styles (CSS Counter Styles Level 3, predefined in WeasyPrint) for the languages
# whose digits are their own; the others count in "decimal".
# Keep in step with spcp.digits.NATIVE_DIGITS (a test checks it).
_COUNTER_STYLES = {"fa": "persian"}
STATES = dict(STATE_CHOICES)

# The font of each language's own script first, then those of the other five languages'
# scripts, so that fontconfig is not searched for typed text in another script.
_SCRIPT_FONTS = {
    "latin": '"Noto Sans"',
    "arabic": '"Noto Naskh Arabic"',
    "devanagari": '"Noto Sans Devanagari"',
    "tc": '"Noto Sans CJK TC"',
    "kr": '"Noto Sans CJK KR"',
}
_LANGUAGE_SCRIPT = {
    "en": "latin",
    "vi": "latin",
    "fa": "arabic",
    "hi": "devanagari",
    "zh-hant": "tc",
    "ko": "kr",
}


def font_family(language: str) -> str:
    """Return the CSS ``font-family`` list for ``language``: its own script's Noto font first,
    then the other scripts' (Latin before the rest), then ``sans-serif``."""
    own = _LANGUAGE_SCRIPT.get(language, "latin")
    order = [own] + [script for script in _SCRIPT_FONTS if script != own]
    return mark_safe(", ".join(_SCRIPT_FONTS[script] for script in order) + ", sans-serif")


def page_footer_content(language: str) -> str:
    """Return the CSS ``content`` value of the PDF's page footer in ``language``.

    The footer is the translated phrase "Page %(page)s of %(pages)s", so each language orders
    it naturally; the placeholders become CSS page counters in the language's digits (Persian
    digits in Farsi). The result is safe to put inside a ``<style>`` block.
    """
    with translation.override(language):
        phrase = gettext("Page %(page)s of %(pages)s")
    style = _COUNTER_STYLES.get(language, "decimal")
    parts = []
    for piece in re.split(r"(%\((?:page|pages)\)s)", phrase):
        if piece in ("%(page)s", "%(pages)s"):
            parts.append(f"counter({piece[2:-2]}, {style})")
        elif piece:
            # A CSS string: backslashes, quotes and anything that could end the style block are
            # written as CSS escapes.
            escaped = "".join(
                c if c.isalnum() or c == " " or ord(c) > 127 else f"\\{ord(c):x} " for c in piece
            )
            parts.append(f'"{escaped}"')
    return mark_safe(" ".join(parts))


# -- the living plan's status ------------------------------------------------------------------


def status_stamp(plan) -> str:
    """A short string that changes whenever the living status or progress of ``plan``'s items
    changes (an item's status set, a progress update added, edited or deleted). A stored PDF
    carries it in its name, so a PDF showing an older status is never served. Two queries."""
    from .models import PlanItem, ProgressUpdate

    parts = []
    for model in (PlanItem, ProgressUpdate):
        found = model.objects.filter(engagement_id=plan.engagement_id).aggregate(
            n=Count("pk"), last=Max("updated_at")
        )
        parts += [found["n"], int(found["last"].timestamp() * 1000) if found["last"] else 0]
    return "-".join(str(part) for part in parts)


# -- rendering ---------------------------------------------------------------------------------


_WESTERN_DIGIT = re.compile("[0-9]")


def _strong_directions(text: str) -> set[str]:
    kinds = set()
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            kinds.add("ltr")
        elif kind in ("R", "AL"):
            kinds.add("rtl")
    return kinds


class _Verbatim:
    """Typed text set aside while the app's own numbers are written in the reader's digits.

    ``spcp.digits`` leaves alone the digits inside an element with its own direction; in the
    PDF, wrapping every typed text that has a digit in such an element would cost WeasyPrint
    an inline box each. Instead, when ``active`` (the language has its own digits), the
    HTML of a typed text with a digit is replaced by one private-use character (a token),
    and :meth:`restore` puts it back after the digits were localized."""

    _BASE = 0xF0000  # Supplementary Private Use Area-A: never a digit, never shown.
    _TOKEN = re.compile("[\U000f0000-\U000ffffd]")

    def __init__(self, active: bool):
        self.active = active
        self.texts: list[str] = []

    def __call__(self, html: str) -> SafeString:
        """Return the safe ``html``, or a token standing for it."""
        if not self.active or not _WESTERN_DIGIT.search(html):
            return mark_safe(html)
        # A typed token character would be taken for a token: write it as a reference.
        html = self._TOKEN.sub(lambda m: f"&#{ord(m.group())};", html)
        self.texts.append(html)
        return mark_safe(chr(self._BASE + len(self.texts) - 1))

    def restore(self, html: str) -> str:
        """``html`` with every token replaced by the text it stands for."""
        if not self.texts:
            return html
        texts, base = self.texts, self._BASE

        def text(match):
            index = ord(match.group()) - base
            return texts[index] if index < len(texts) else match.group()

        return self._TOKEN.sub(text, html)


def _own_direction(language: str) -> str:
    return "rtl" if translation.get_language_info(language)["bidi"] else "ltr"


def inline_text(value, language: str, keep: _Verbatim | None = None) -> SafeString:
    """Typed text for inline use in the PDF, escaped: in ``<bdi dir>`` (``spcp.bidi``) when
    isolation can change anything, that is when it has letters of the direction opposite to
    ``language``'s; otherwise plain, which saves WeasyPrint an inline box per text. ``keep``
    (see :class:`_Verbatim`) keeps its digits as typed in a language with its own digits.
    A group name the app generates (``versions.GroupName``) is the app's own text: never
    isolated, its number in the reader's digits."""
    if is_generated_label(value):
        return conditional_escape(str(value))
    if value is None or value == "":
        return mark_safe("")
    value = str(value)
    if _strong_directions(value) - {_own_direction(language)}:
        html = bdi_html(value)
    else:
        html = conditional_escape(value)
    return keep(html) if keep is not None else html


def block_direction(value, language: str) -> str:
    """The ``dir`` attribute value for a block (paragraph, list item) holding only the typed
    text ``value`` in a PDF in ``language``: "" (no attribute: the document's direction)
    unless the text has letters of the other direction, then "ltr" or "rtl" from its first
    strong letter."""
    value = "" if value is None else str(value)
    if _strong_directions(value) - {_own_direction(language)}:
        return first_strong_direction(value) or ""
    return ""


def _inline_list(values, language: str, keep: _Verbatim) -> SafeString:
    return mark_safe(
        conditional_escape(list_separator()).join(inline_text(v, language, keep) for v in values)
    )


def _shown(text, language: str, keep: _Verbatim, *, lines: bool = False) -> dict:
    """A text of the document (``versions.ShownText``, or a plain str) as the template shows
    it: ``inline`` (HTML for inline use) and ``block``, or ``blocks`` (one per non-empty
    line, when ``lines``), and when shown in the original language instead of
    ``language``, ``lang`` (its language) and ``fallback`` (that language's name)."""
    value = str(text or "")
    fallback = getattr(text, "fallback", False)
    shown = {
        "lang": getattr(text, "lang", None) if fallback else None,
        "fallback": text.language_name if fallback else None,
    }
    if lines:
        shown["blocks"] = [
            _block(line.strip(), language, keep) for line in value.splitlines() if line.strip()
        ]
    else:
        shown["inline"] = inline_text(value, language, keep)
        shown["block"] = _block(value, language, keep)
    return shown


def _block(value, language: str, keep: _Verbatim) -> dict:
    """A block of typed text: ``{"text": safe HTML, "dir": "" or a direction}``."""
    value = "" if value is None else str(value)
    return {
        "text": keep(conditional_escape(value)),
        "dir": block_direction(value, language),
    }


def _template_context(document: dict, language: str, keep: _Verbatim) -> dict:
    """Turn a plan document (``engagements.versions``) into the template's context: each
    text ready to print with its fallback mark, typed text isolated where needed and its
    digits kept as typed (``keep``)."""
    items = []
    for item in document.get("items", []):
        progress = item.get("latest_progress")
        items.append(
            {
                "number": item["number"],
                "title": _shown(item["title"], language, keep),
                "actions": _shown(item["actions"], language, keep, lines=True),
                "responsible_party": _shown(item["responsible_party"], language, keep),
                "progress_measure": _shown(item["progress_measure"], language, keep),
                "target_date": item.get("target_date"),
                "issues": [
                    {
                        "text": inline_text(issue["text"], language, keep),
                        "groups": _inline_list(issue["groups"], language, keep),
                    }
                    for issue in item["issues"]
                ],
                "solutions": [
                    {
                        "text": inline_text(solution["text"], language, keep),
                        "group": inline_text(solution["group"], language, keep),
                    }
                    for solution in item["solutions"]
                ],
                "status": str(item.get("status") or ""),
                "progress": progress
                and {
                    "reported_on": progress.reported_on,
                    "note": inline_text(progress.note, language, keep),
                },
            }
        )
    engagement = document["engagement"]
    return {
        "document": document,
        "engagement": {
            **engagement,
            "state_name": STATES.get(engagement["state"], engagement["state"]),
        },
        "introduction": _shown(document["introduction"], language, keep, lines=True),
        "items": items,
        "has_status": any("status" in item for item in document.get("items", [])),
    }


def render_plan_pdf(document: dict, *, language: str | None = None, base_url=None) -> bytes:
    """Render the plan ``document`` (``engagements.versions.version_document`` or
    ``draft_document``, with the living status and progress) to a tagged PDF (PDF/UA-1) in
    ``language`` (a code from ``settings.LANGUAGES``; by default ``document["language"]``).

    Printed: the engagement's context (community, office, program day), the version and its
    publication (or "Draft"), the date the status was read, the introduction and each item
    with its issues and groups, solutions, actions, responsible party, target date, measure,
    status and latest progress. Text shown in the original language is marked in
    ``language`` and carries its own ``lang`` and direction. Right-to-left languages (Farsi)
    are laid out right to left, and numbers are in the language's digits (Persian in Farsi,
    see ``spcp.digits``). Raises WeasyPrint's errors unchanged (none are expected)."""
    language = language or document.get("language") or translation.get_language() or "en"
    keep = _Verbatim(active=language in NATIVE_DIGITS)
    with translation.override(language):
        context = _template_context(document, language, keep)
        html = render_to_string(
            "engagements/pdf/action_plan.html",
            {
                **context,
                "generated_at": timezone.localtime(),
                "LANGUAGE_CODE": language,
                "LANGUAGE_BIDI": translation.get_language_bidi(),
                "page_footer": page_footer_content(language),
                "font_family": font_family(language),
            },
        )
    # Farsi in Persian digits, as on the pages (user text keeps its own digits).
    html = keep.restore(localize_html_digits(html, language))
    with _without_cyclic_gc():
        return HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1")


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextlib.contextmanager
def _without_cyclic_gc():
    """Pause Python's cyclic garbage collector while WeasyPrint lays out a document: it
    creates and frees hundreds of thousands of objects (freed by reference counting), and
    the collector's passes over them took a sixth of the rendering. Counted across threads:
    the collector runs again when the last render ends, if it was on before the first."""
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


def draft_pdf(*, plan, language: str) -> bytes:
    """The living ``plan`` (an ``ActionPlan``) as a PDF in ``language``, with each item's
    status and latest progress as of now (``versions.draft_document``)."""
    from . import versions

    return render_plan_pdf(versions.draft_document(plan, language), language=language)


def version_pdf(*, version, language: str) -> bytes:
    """The published ``version`` (an ``ActionPlanVersion``) as a PDF in ``language``: its
    frozen text (``versions.version_document``) with the living status and latest progress
    of its items as of now."""
    from . import versions

    return render_plan_pdf(versions.version_document(version, language), language=language)


def action_plan_pdf(*, plan, items=None, request=None, language: str | None = None) -> bytes:
    """The living ``plan`` as a PDF in ``language`` (by default the active language); see
    :func:`draft_pdf`. ``items`` and ``request`` are accepted for older callers and not
    used: the plan's items are read from the database."""
    return draft_pdf(plan=plan, language=language or translation.get_language() or "en")


# -- PDFs rendered ahead ------------------------------------------------------------------------

STORED_PDF_DIRECTORY = "plan-pdfs"


def stored_pdf_name(version, language: str, stamp: str) -> str:
    """The ``default_storage`` name of ``version``'s PDF in ``language`` showing the living
    status of stamp ``stamp`` (:func:`status_stamp`):
    ``plan-pdfs/<plan id>/<version number>/<language>-<stamp>.pdf``."""
    return f"{STORED_PDF_DIRECTORY}/{version.plan_id}/{version.number}/{language}-{stamp}.pdf"


def store_version_pdf(version, language: str, *, stamp: str | None = None) -> str:
    """Render ``version``'s PDF in ``language`` (:func:`version_pdf`) and keep it in
    ``default_storage`` under :func:`stored_pdf_name`, replacing the copies of that version
    and language that showed an older status. ``stamp`` defaults to the plan's current
    :func:`status_stamp`. Returns the stored name. Raises the storage's ``OSError``."""
    return _render_and_store(version, language, stamp or status_stamp(version.plan))[0]


def _render_and_store(version, language: str, stamp: str) -> tuple[str, bytes]:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = stored_pdf_name(version, language, stamp)
    content = version_pdf(version=version, language=language)
    if default_storage.exists(name):  # rendered meanwhile by another worker or request
        default_storage.delete(name)
    saved = default_storage.save(name, ContentFile(content))
    directory = name.rsplit("/", 1)[0]
    try:
        _directories, files = default_storage.listdir(directory)
    except FileNotFoundError:
        files = []
    for other in files:
        if other.startswith(f"{language}-") and f"{directory}/{other}" != saved:
            default_storage.delete(f"{directory}/{other}")
    return saved, content


def open_version_pdf(version, language: str):
    """``version``'s PDF in ``language`` showing the current status, as an open binary file:
    the copy rendered ahead into ``default_storage`` (``engagements.tasks``) when it shows
    the current status, else rendered now (and stored for the next reader). Raises the
    storage's ``OSError`` and WeasyPrint's errors unchanged."""
    from django.core.files.storage import default_storage

    stamp = status_stamp(version.plan)
    try:
        return default_storage.open(stored_pdf_name(version, language, stamp), "rb")
    except FileNotFoundError:
        pass
    return io.BytesIO(_render_and_store(version, language, stamp)[1])
