"""``{% load portals %}``: the navigation of facilitators and council members (``base.html``)."""

from django import template

from ..portals import portal_links as user_portal_links

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_links(context) -> list[tuple[str, str]]:
    """``{% portal_links as links %}``: ``[(path, label)]`` of the signed-in user's portals
    ("My breakout groups", "My councils"); empty for staff and anonymous visitors. One query
    at most per request."""
    return user_portal_links(context.get("user"))
