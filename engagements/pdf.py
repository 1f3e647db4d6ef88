"""The action plan as a PDF: the template ``engagements/pdf/action_plan.html`` rendered with
``render_to_string`` and handed to WeasyPrint.

What is rendered is a *plan document*: a plain dict with everything the plan page shows in one
language (see :func:`render_plan_pdf` for its keys). A published version's document comes from
its frozen snapshot, a draft's from the living plan; both add the living plan's status and
latest progress of each item, "as of" the moment of rendering (:func:`living_status`).

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

import re
import unicodedata
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from weasyprint import HTML

from spcp.bidi import bdi_html, first_strong_direction, is_generated_label
from spcp.digits import NATIVE_DIGITS, localize_html_digits
from spcp.text import list_separator

# CSS counter styles (CSS Counter Styles Level 3, predefined in WeasyPrint) for the languages
# whose digits are their own; the others count in "decimal".
# Keep in step with spcp.digits.NATIVE_DIGITS (a test checks it).
_COUNTER_STYLES = {"fa": "persian"}

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
    changes (an item's status set, a progress update added, edited or deleted). Stored PDFs
    carry it in their name, so a PDF showing an older status is never served. Two queries."""
    from .models import PlanItem, ProgressUpdate

    items = PlanItem.objects.filter(engagement_id=plan.engagement_id).aggregate(
        n=Count("pk"), last=Max("updated_at")
    )
    updates = ProgressUpdate.objects.filter(engagement_id=plan.engagement_id).aggregate(
        n=Count("pk"), last=Max("updated_at")
    )
    parts = [
        items["n"],
        int(items["last"].timestamp() * 1000) if items["last"] else 0,
        updates["n"],
        int(updates["last"].timestamp() * 1000) if updates["last"] else 0,
    ]
    return "-".join(str(part) for part in parts)


def living_status(plan) -> dict[int, dict]:
    """The living status of each of ``plan``'s items, ``{item id: {"status": code,
    "progress": {"reported_on": date, "note": str} or None}}``: the item's current status and
    its latest progress update. Two queries."""
    from .models import PlanItem, ProgressUpdate

    status = {
        pk: {"status": code, "progress": None}
        for pk, code in PlanItem.objects.filter(engagement_id=plan.engagement_id).values_list(
            "pk", "status"
        )
    }
    updates = ProgressUpdate.objects.filter(engagement_id=plan.engagement_id).order_by(
        "plan_item_id", "-reported_on", "-pk"
    )
    for item_id, reported_on, note in updates.values_list("plan_item_id", "reported_on", "note"):
        entry = status.get(item_id)
        if entry is not None and entry["progress"] is None:
            entry["progress"] = {"reported_on": reported_on, "note": note}
    return status


def with_living_status(document: dict, status: dict[int, dict], as_of: datetime) -> dict:
    """Return ``document`` with each item's ``status`` (code) and ``progress`` taken from
    ``status`` (:func:`living_status`) by the item's ``id``, and ``status_as_of`` set to
    ``as_of``. An item no longer in the living plan keeps no status. Does not change
    ``document``."""
    items = []
    for item in document.get("items", []):
        living = status.get(item.get("id")) or {}
        items.append({**item, "status": living.get("status"), "progress": living.get("progress")})
    return {**document, "items": items, "status_as_of": as_of}


# -- the living plan as a document ---------------------------------------------------------------


def live_document(*, plan, items, language: str) -> dict:
    """The plan document of the living ``plan`` (an ``ActionPlan``) with its ``items``
    (``queries.plan_items``: issues with their merged issues' groups, solutions with their
    group and progress updates prefetched), in ``language``: its text as typed (one language,
    so nothing falls back), generated group names in ``language``. Used for drafts until
    ``engagements.versions`` provides the documents; see :func:`render_plan_pdf` for the
    keys."""
    engagement = plan.engagement
    with translation.override(language):
        document = {
            "language": language,
            "community": engagement.community,
            "state": engagement.get_state_display(),
            "office": str(engagement.office),
            "program_date": engagement.program_date,
            "version": plan.version or None,
            "is_published": plan.is_published,
            "published_at": plan.published_at if plan.is_published else None,
            "published_by": (
                (plan.published_by.get_full_name() or plan.published_by.get_username())
                if plan.is_published and plan.published_by
                else ""
            ),
            "introduction": plan.introduction,
            "items": [
                {
                    "id": item.pk,
                    "title": item.title,
                    "actions": item.action_list,
                    "responsible_party": item.responsible_party,
                    "target_date": item.target_date,
                    "progress_measure": item.progress_measure,
                    "issues": [
                        {
                            "text": issue.text,
                            "groups": [_group(group) for group in issue.source_groups()],
                        }
                        for issue in item.issues.all()
                    ],
                    "solutions": [
                        {"text": solution.text, "group": _group(solution.group)}
                        for solution in item.solutions.all()
                    ],
                    "status": item.status,
                    "progress": next(
                        (
                            {"reported_on": update.reported_on, "note": update.note}
                            for update in item.progress_updates.all()
                        ),
                        None,
                    ),
                }
                for item in items
            ],
            "status_as_of": timezone.now(),
        }
    return document


def _group(group) -> str | dict:
    """A breakout group of the document: its name as typed, or, for a name the app generates
    in the reader's language, ``{"name": …, "generated": True}`` (not isolated, so that its
    number is in the reader's digits)."""
    if is_generated_label(group):
        return {"name": str(group), "generated": True}
    return str(group)


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


def inline_text(value, language: str) -> SafeString:
    """Typed text for inline use in the PDF, escaped: in ``<bdi dir>`` (``spcp.bidi``) when
    isolation can change anything, that is when it has letters of the direction opposite to
    ``language``'s, or digits 0–9 and ``language`` writes numbers in its own digits (typed
    digits stay as typed, ``spcp.digits``); otherwise plain, which saves WeasyPrint an
    inline box per text. A generated group name (``{"name", "generated": True}``) is the
    app's own text: never isolated."""
    if isinstance(value, dict):
        if value.get("generated"):
            return conditional_escape(value["name"])
        value = value.get("name", "")
    if value is None or value == "":
        return mark_safe("")
    value = str(value)
    own = "rtl" if translation.get_language_info(language)["bidi"] else "ltr"
    if _strong_directions(value) - {own} or (
        language in NATIVE_DIGITS and _WESTERN_DIGIT.search(value)
    ):
        return bdi_html(value)
    return conditional_escape(value)


def block_direction(value, language: str) -> str:
    """The ``dir`` attribute value for a block (paragraph, list item) holding only the typed
    text ``value`` in a PDF in ``language``: "" (no attribute: the document's direction)
    when the text is all in ``language``'s direction and isolation changes nothing (see
    :func:`inline_text`), else "ltr" or "rtl" from its first strong letter, "auto" when it
    has none (WeasyPrint ignores "auto", but ``spcp.digits`` leaves its digits as typed)."""
    value = "" if value is None else str(value)
    own = "rtl" if translation.get_language_info(language)["bidi"] else "ltr"
    if _strong_directions(value) - {own} or (
        language in NATIVE_DIGITS and _WESTERN_DIGIT.search(value)
    ):
        return first_strong_direction(value) or "auto"
    return ""


def _inline_list(values, language: str) -> SafeString:
    return mark_safe(
        conditional_escape(list_separator()).join(inline_text(v, language) for v in values)
    )


def _language_names() -> dict[str, str]:
    return {code: str(name) for code, name in settings.LANGUAGES}


def _field(value, fallback_from: str | None, language_names: dict) -> dict:
    """A text of the document as the template shows it: ``text`` (str, or list of lines for
    actions), and when shown in another language than the reader's, ``lang`` and its name."""
    if fallback_from:
        return {
            "text": value,
            "lang": fallback_from,
            "fallback": language_names.get(fallback_from, fallback_from),
        }
    return {"text": value, "lang": None, "fallback": None}


def _block(value, language: str) -> dict:
    """A block of typed text: ``{"text": str, "dir": "" or a direction}``."""
    value = "" if value is None else str(value)
    return {"text": value, "dir": block_direction(value, language)}


def _template_context(document: dict, language: str) -> dict:
    """Turn a plan document into the template's context: each text with its fallback mark,
    statuses as labels in ``language``."""
    from .models import PlanItem

    names = _language_names()
    fallbacks = document.get("fallbacks") or {}
    statuses = dict(PlanItem.Status.choices)

    def field(key, value, item=None):
        where = (item or {}).get("fallbacks") if item is not None else fallbacks
        return _field(value, (where or {}).get(key), names)

    items = []
    for number, item in enumerate(document.get("items", []), start=1):
        actions = item.get("actions") or []
        if isinstance(actions, str):
            actions = [line.strip() for line in actions.splitlines() if line.strip()]
        actions = [_block(action, language) for action in actions]
        progress = item.get("progress")
        items.append(
            {
                "number": number,
                "title": field("title", inline_text(item.get("title", ""), language), item),
                "actions": field("actions", actions, item),
                "responsible_party": field(
                    "responsible_party", _block(item.get("responsible_party"), language), item
                ),
                "progress_measure": field(
                    "progress_measure", _block(item.get("progress_measure"), language), item
                ),
                "target_date": item.get("target_date"),
                "issues": [
                    {
                        "text": inline_text(issue.get("text"), language),
                        "groups": _inline_list(issue.get("groups") or [], language),
                    }
                    for issue in item.get("issues") or []
                ],
                "solutions": [
                    {
                        "text": inline_text(solution.get("text"), language),
                        "group": inline_text(solution.get("group"), language),
                    }
                    for solution in item.get("solutions") or []
                ],
                "status": str(statuses[item["status"]]) if item.get("status") else "",
                "progress": progress
                and {**progress, "note": inline_text(progress.get("note"), language)},
            }
        )
    introduction = document.get("introduction") or ""
    return {
        "document": document,
        "introduction": field(
            "introduction",
            [_block(p, language) for p in introduction.splitlines() if p.strip()],
        ),
        "items": items,
        "status_as_of": document.get("status_as_of"),
    }


def render_plan_pdf(document: dict, *, language: str | None = None, base_url=None) -> bytes:
    """Render the plan ``document`` to a tagged PDF (PDF/UA-1) in ``language`` (a code from
    ``settings.LANGUAGES``; by default ``document["language"]``, else the active language).

    ``document`` keys: ``community``, ``state`` (its name), ``office`` (its name),
    ``program_date`` (date or None), ``version`` (int or None), ``is_published``,
    ``published_at`` (datetime or None), ``published_by`` (a name), ``introduction`` (str),
    ``fallbacks`` (``{"introduction": original language code}`` for text shown in another
    language), ``status_as_of`` (datetime: when ``status``/``progress`` were read) and
    ``items``: dicts with ``id``, ``title``, ``actions`` (list of str, or str with one action
    per line), ``responsible_party``, ``target_date`` (date or None), ``progress_measure``,
    ``fallbacks`` (as above, for the item's texts), ``issues`` (``{"text", "groups": [names]}``),
    ``solutions`` (``{"text", "group"}``), ``status`` (a ``PlanItem.Status`` code or None) and
    ``progress`` (``{"reported_on": date, "note": str}`` or None).

    Right-to-left languages (Farsi) are laid out right to left, and numbers are in the
    language's digits (Persian in Farsi, see ``spcp.digits``). Raises WeasyPrint's errors
    unchanged (none are expected for this template)."""
    language = language or document.get("language") or translation.get_language() or "en"
    with translation.override(language):
        context = _template_context(document, language)
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
    html = localize_html_digits(html, language)
    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1")


def action_plan_pdf(*, plan, items, request=None, language: str | None = None) -> bytes:
    """Render the living ``plan`` (an ``ActionPlan``) with its ``items`` (``PlanItem``
    iterable, with issues, solutions and progress updates prefetched, as
    ``queries.plan_items`` gives them) to PDF bytes in ``language`` (by default the active
    language), with each item's current status and latest progress. See
    :func:`render_plan_pdf`."""
    language = language or translation.get_language() or "en"
    document = live_document(plan=plan, items=items, language=language)
    base_url = request.build_absolute_uri("/") if request is not None else None
    return render_plan_pdf(document, language=language, base_url=base_url)
