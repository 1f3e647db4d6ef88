"""Native digits: numbers the app shows are written in the reader's own digits.

CRS's Farsi brochure writes its numbers in Persian digits ("مرحله ۱", "۱۹۶۴"), so a Farsi page or
PDF does too: counts, dates, times, step numbers, versions, page numbers. The other five
languages use Western digits (Hindi government and CRS material use them too).

What is converted and what is not, on a page:

- the text of the page and the human-readable attributes ``title``, ``aria-label``,
  ``placeholder`` and ``alt`` are converted;
- someone else's text is left exactly as typed: anything inside an element that carries its own
  direction (``<bdi>`` or any element with a ``dir`` attribute other than ``<html>``), which is how
  templates isolate user-typed text; between Unicode isolates (U+2066–U+2068 … U+2069), how
  plain text isolates it; inside ``translate="no"``; and inside ``<script>``,
  ``<style>``, ``<textarea>``, ``<pre>``, ``<code>``, ``<kbd>`` and ``<samp>``;
- form values (``value=``), links and every other attribute stay Western, so what a browser
  submits and what a URL says do not change; web addresses and e-mail addresses written out in
  the text stay Western too.

Input in any digits is accepted in the other direction by :func:`to_western_digits`.
"""

from __future__ import annotations

import re

from django.utils import translation

#: Languages whose pages use their own digits, with the ten digits in order 0–9.
NATIVE_DIGITS: dict[str, str] = {"fa": "۰۱۲۳۴۵۶۷۸۹"}

_TO_NATIVE = {
    language: str.maketrans("0123456789", digits) for language, digits in NATIVE_DIGITS.items()
}

#: Persian (U+06F0–U+06F9) and Arabic-Indic (U+0660–U+0669) digits, to Western.
_TO_WESTERN = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")

# Elements whose content is never converted, whatever their attributes.
_VERBATIM = frozenset({"script", "style", "textarea", "pre", "code", "kbd", "samp", "bdi"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
     "track", "wbr"}
)
# Elements whose end tag may be left out, and what ends them implicitly (HTML's rules, for the
# cases that can carry dir="auto" in our templates).
_IMPLIED_END = {
    "td": ({"td", "th", "tr"}, {"tr", "tbody", "thead", "tfoot", "table"}),
    "th": ({"td", "th", "tr"}, {"tr", "tbody", "thead", "tfoot", "table"}),
    "li": ({"li"}, {"ul", "ol", "menu"}),
    "option": ({"option", "optgroup"}, {"select", "optgroup", "datalist"}),
    "dd": ({"dd", "dt"}, {"dl"}),
    "dt": ({"dd", "dt"}, {"dl"}),
}
_CONVERTED_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")

_TOKENS = re.compile(r"(<!--.*?-->|<![^>]*>|<[^>]*>)", re.DOTALL)
_TAG = re.compile(r"<\s*(/)?\s*([a-zA-Z][a-zA-Z0-9-]*)([^>]*?)(/?)\s*>", re.DOTALL)
_OWN_DIRECTION = re.compile(r"""(?:^|\s)(?:dir\s*=|translate\s*=\s*["']?no\b)""", re.IGNORECASE)
_ATTRIBUTE = re.compile(
    r"""(\s(?:%s)\s*=\s*)("[^"]*"|'[^']*')""" % "|".join(_CONVERTED_ATTRIBUTES),
    re.IGNORECASE,
)
# Written-out web and e-mail addresses keep their digits (they are typed, not read), and so do
# character references ("&#x27;"), which are markup.
# Text between Unicode directional isolates (FSI/LRI/RLI … PDI) is typed text isolated in plain
# text (a <title>, a message), someone else's text like a <bdi>'s.
_ADDRESS = re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]*://\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|&#?[0-9A-Za-z]+;"
    "|[\u2066\u2067\u2068][^\u2069]*(?:\u2069|$)"
)


def to_western_digits(text: str) -> str:
    """Return ``text`` with Persian and Arabic-Indic digits replaced by Western ones.

    For input fields: a number typed on a Persian or Arabic keyboard means the same number.
    Other characters are unchanged.
    """
    return text.translate(_TO_WESTERN)


def to_native_digits(text: str, language: str | None = None) -> str:
    """Return plain ``text`` with Western digits in ``language``'s own digits.

    ``language`` defaults to the active language. Languages without their own digits (see
    :data:`NATIVE_DIGITS`) get ``text`` back unchanged. Web and e-mail addresses are kept.
    """
    table = _TO_NATIVE.get(language or translation.get_language() or "")
    if table is None or not text:
        return text
    return _convert_text(text, table)


def _convert_text(text: str, table: dict) -> str:
    if not any(c.isdigit() for c in text):
        return text
    pieces = []
    position = 0
    for address in _ADDRESS.finditer(text):
        pieces.append(text[position : address.start()].translate(table))
        pieces.append(address.group())
        position = address.end()
    pieces.append(text[position:].translate(table))
    return "".join(pieces)


def localize_html_digits(html: str, language: str | None = None) -> str:
    """Return the HTML document or fragment ``html`` with its shown numbers in native digits.

    ``language`` defaults to the active language; for a language without its own digits the
    HTML comes back unchanged. What is left alone (user text in ``<bdi>`` or ``dir`` elements,
    scripts, form values, links) is described in this module's docstring. Never raises for
    malformed HTML: an unclosed element only stops conversion until it would have ended.
    """
    table = _TO_NATIVE.get(language or translation.get_language() or "")
    if table is None or not html:
        return html
    out = []
    # The verbatim element we are inside, as [name, nesting depth], or None.
    verbatim: list | None = None
    for token in _TOKENS.split(html):
        if not token:
            continue
        if not token.startswith("<"):
            out.append(token if verbatim else _convert_text(token, table))
            continue
        tag = _TAG.fullmatch(token)
        if tag is None:  # a comment, doctype or a stray "<"
            out.append(token)
            continue
        closing, name, attributes, self_closing = tag.groups()
        name = name.lower()
        if verbatim is not None:
            verbatim, outside = _follow_verbatim(verbatim, closing, name)
            if not outside:
                out.append(token)
                continue
        if not closing:
            out.append(_ATTRIBUTE.sub(lambda m: m.group(1) + _convert_text(m.group(2), table),
                                      token))
            own_direction = name != "html" and _OWN_DIRECTION.search(attributes)
            if (name in _VERBATIM or own_direction) and not self_closing and name not in _VOID:
                verbatim = [name, 1]
        else:
            out.append(token)
    return "".join(out)


def _follow_verbatim(verbatim: list, closing: str | None, name: str) -> tuple[list | None, bool]:
    """Follow the verbatim element described by ``verbatim`` ([name, depth]) past one tag.

    Returns the new state (None once the element has ended) and whether the tag itself stands
    outside it: a start tag that ends the element implicitly (a ``<td>`` after an unclosed
    ``<td dir="auto">``) is then processed like any other.
    """
    element = verbatim[0]
    implied = _IMPLIED_END.get(element)
    if implied and verbatim[1] == 1:
        ended_by_start, ended_by_end = implied
        if not closing and name in ended_by_start:
            return None, True
        if closing and name in ended_by_end:
            return None, False
    if name == element:
        verbatim[1] += -1 if closing else 1
        if verbatim[1] == 0:
            return None, False
    return verbatim, False
