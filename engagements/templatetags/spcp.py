"""Template filters for the engagement pages and the PDF."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from spcp import text
from spcp.bidi import bdi_html, first_strong_direction, is_generated_label

register = template.Library()

FSI, PDI = text.FSI, text.PDI


@register.filter(needs_autoescape=True)
def isolate(value, autoescape=True):
    """Wrap text people typed in Unicode first-strong isolation (FSI … PDI, Unicode
    Bidirectional Algorithm, UAX #9), so that English text keeps its order on a right-to-left
    page and Farsi text on a left-to-right one. For plain text, where no element can isolate:
    ``<title>``, attributes (``title=""``), e-mails; in the page's body use ``bdi``. A record
    whose name the app writes itself (``spcp.bidi.is_generated_label``) is not isolated.
    None and "" give ""."""
    if value is None or value == "":
        return ""
    escaped = conditional_escape(value) if autoescape else str(value)
    if is_generated_label(value):
        return mark_safe(escaped)
    return mark_safe(f"{FSI}{escaped}{PDI}")


@register.filter
def list_join(items):
    """``{{ engagement.language_labels|list_join }}``: the items escaped, each in ``<bdi>``,
    joined with the active language's list separator ("، " in Farsi, "、" in Chinese)
    (``spcp.text.join_list_html``). None or an empty list gives ""."""
    return text.join_list_html(items or [])


@register.filter
def quoted(value):
    """``{{ record|quoted }}``: the text escaped, in ``<bdi>``, inside the active language's
    quotation marks (« » in Farsi, 「 」 in Chinese) (``spcp.text.quote_html``)."""
    return text.quote_html(value)


@register.filter(is_safe=True)
def bdi(value):
    """``{{ group.name|bdi }}``: text people typed, escaped, in ``<bdi dir="…">``, for inline
    use next to the app's own text or inside a translated sentence
    (``{% blocktranslate with name=group.name|bdi %}``), on pages and in the PDF
    (``spcp.bidi.bdi_html``). Never for numbers or dates the app writes: their digits must
    stay the reader's (``spcp.digits``). None and "" give "", so ``|default:"—"`` still
    applies."""
    return bdi_html(value)


@register.filter
def text_direction(value):
    """``dir="{{ paragraph|text_direction }}"``: "ltr" or "rtl" from the first strong letter
    of ``value``, "auto" when it has none. For the PDF, where WeasyPrint ignores
    ``dir="auto"``; pages write ``dir="auto"`` itself."""
    return first_strong_direction(value) or "auto"
