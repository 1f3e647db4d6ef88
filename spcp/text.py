"""Lists, quotations and sentences put together in the reader's language.

A list joined with ``", "`` reads wrong in Farsi (``"، "``) and Traditional Chinese
(``"、"``); quotation marks differ too (``«…»``, ``「…」``); and sentences follow each other
with a space in most languages but not in Chinese. Each piece of punctuation is therefore a
translatable string with its own context, and text people typed is isolated (Unicode FSI …
PDI in plain text, ``<bdi>`` in HTML) so that its direction cannot scramble the sentence
around it (Unicode Bidirectional Algorithm, UAX #9).

The plain-text functions are for messages, PDFs' metadata and exports; the ``*_html``
functions (and the ``list_join``/``quoted`` template filters of ``engagements.templatetags
.spcp``) escape what they are given and return safe HTML."""

from collections.abc import Iterable

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext

from spcp import bidi

#: Unicode FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE.
FSI, PDI = "\u2068", "\u2069"


def isolate(text) -> str:
    """``text`` (any object, made a string) between FSI and PDI: its direction is its own.
    A record whose name the app generates (``spcp.bidi.is_generated_label``) is the app's
    own text in the reader's language: it is returned as it is, not isolated."""
    if bidi.is_generated_label(text):
        return str(text)
    return f"{FSI}{text}{PDI}"


def list_separator() -> str:
    """What goes between two items of a list in the active language (", " in English)."""
    return pgettext("list separator", ", ")


def _two_sentences() -> str:
    # A pattern, not a separator: a translation cannot be empty (an empty msgstr means
    # "untranslated"), and Chinese puts nothing between two sentences.
    return pgettext("two sentences one after the other", "%(first)s %(second)s")


def join_list(items: Iterable, *, isolated: bool = False) -> str:
    """The ``items`` (made strings) as one plain-text list with the active language's
    separator. With ``isolated``, each item is isolated (``isolate``): use it for text people
    typed. An empty ``items`` gives ""."""
    texts = [isolate(item) if isolated else str(item) for item in items]
    return list_separator().join(texts)


def join_sentences(sentences: Iterable) -> str:
    """Whole sentences (made strings; empty ones dropped) one after the other, as the active
    language writes them (a space between them in English, nothing in Chinese)."""
    texts = [str(sentence) for sentence in sentences if str(sentence)]
    if not texts:
        return ""
    joined = texts[0]
    pattern = _two_sentences()
    for sentence in texts[1:]:
        joined = pattern % {"first": joined, "second": sentence}
    return joined


def _quote_pattern() -> str:
    # Translators: quotation marks around a name or text someone typed. Farsi «%(text)s»,
    # Traditional Chinese 「%(text)s」.
    return pgettext("quotation marks around text someone typed", "“%(text)s”")


def quote(text) -> str:
    """``text`` in the active language's quotation marks, isolated (FSI … PDI), as plain
    text."""
    return _quote_pattern() % {"text": isolate(text)}


def label_value(label, value) -> str:
    """A label and its value as plain text (``"Name: Ana"``), punctuated as the active
    language does (Chinese uses a full-width colon)."""
    return pgettext("a label followed by its value", "%(label)s: %(value)s") % {
        "label": label,
        "value": value,
    }


def bdi_html(text) -> SafeString:
    """``text`` escaped and wrapped in ``<bdi>``: its direction is its own on the page and
    in the PDF (``spcp.bidi.bdi_html``, which also writes the direction for WeasyPrint)."""
    return bidi.bdi_html(text)


def join_list_html(items: Iterable, *, isolated: bool = True) -> SafeString:
    """The ``items`` escaped (each in ``<bdi>`` unless ``isolated`` is False) and joined with
    the active language's list separator, as safe HTML."""
    parts = [bdi_html(item) if isolated else conditional_escape(item) for item in items]
    return mark_safe(conditional_escape(list_separator()).join(parts))


def quote_html(text) -> SafeString:
    """``text`` escaped, in ``<bdi>``, inside the active language's quotation marks, as safe
    HTML."""
    return mark_safe(conditional_escape(_quote_pattern()) % {"text": bdi_html(text)})
