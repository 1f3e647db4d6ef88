"""Template filters for the engagement pages and the PDF."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from spcp import text

register = template.Library()

FSI, PDI = text.FSI, text.PDI


@register.filter(needs_autoescape=True)
def isolate(value, autoescape=True):
    """Wrap text people typed in Unicode first-strong isolation (FSI … PDI, Unicode
    Bidirectional Algorithm, UAX #9), so that English text keeps its order on a right-to-left
    page and Farsi text on a left-to-right one. Used in the PDF, where WeasyPrint has no
    ``dir="auto"``."""
    escaped = conditional_escape(value) if autoescape else str(value)
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
