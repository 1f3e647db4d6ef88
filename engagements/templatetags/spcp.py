"""Template filters for the engagement pages and the PDF."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

FSI, PDI = "\u2068", "\u2069"


@register.filter(needs_autoescape=True)
def isolate(value, autoescape=True):
    """Wrap text people typed in Unicode first-strong isolation (FSI … PDI, Unicode
    Bidirectional Algorithm, UAX #9), so that English text keeps its order on a right-to-left
    page and Farsi text on a left-to-right one. Used in the PDF, where WeasyPrint has no
    ``dir="auto"``."""
    text = conditional_escape(value) if autoescape else str(value)
    return mark_safe(f"{FSI}{text}{PDI}")
