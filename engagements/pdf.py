"""The action plan as a PDF: the template ``engagements/pdf/action_plan.html`` rendered with
``render_to_string`` and handed to WeasyPrint.

Fonts: the Noto families installed by ``scripts/system-deps.sh`` (Noto Sans for Latin and
Vietnamese, Noto Naskh Arabic for Farsi, Noto Sans Devanagari for Hindi, Noto Sans CJK for
Traditional Chinese and Korean), found by fontconfig."""

import re

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from weasyprint import HTML

from spcp.digits import localize_html_digits

# CSS counter styles (CSS Counter Styles Level 3, predefined in WeasyPrint) for the languages
# whose digits are their own; the others count in "decimal".
# Keep in step with spcp.digits.NATIVE_DIGITS (a test checks it).
_COUNTER_STYLES = {"fa": "persian"}


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


def action_plan_pdf(*, plan, items, request=None, language: str | None = None) -> bytes:
    """Render ``plan`` (an ``ActionPlan``) with its ``items`` (``PlanItem`` iterable, with
    issues, solutions and progress updates prefetched) to PDF bytes.

    ``language`` is a code from ``settings.LANGUAGES``; by default the active language.
    Right-to-left languages (Farsi) are laid out right to left, and numbers are in the
    language's digits (Persian in Farsi, see ``spcp.digits``). Raises WeasyPrint's errors
    unchanged (none are expected for this template)."""
    language = language or translation.get_language() or "en"
    with translation.override(language):
        html = render_to_string(
            "engagements/pdf/action_plan.html",
            {
                "plan": plan,
                "engagement": plan.engagement,
                "items": items,
                "generated_at": timezone.localtime(),
                "LANGUAGE_CODE": language,
                "LANGUAGE_BIDI": translation.get_language_bidi(),
                "page_footer": page_footer_content(language),
            },
        )
    # Farsi in Persian digits, as on the pages (user text keeps its own digits).
    html = localize_html_digits(html, language)
    base_url = request.build_absolute_uri("/") if request is not None else None
    return HTML(string=html, base_url=base_url).write_pdf()
