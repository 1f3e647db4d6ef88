"""``{% load access %}``: the sign-in links of the facilitators (step 2) and council members
(step 5) listed on a staff page, fetched in one query for the whole list."""

from django import template

from ..models import CouncilMember, Facilitator, SignInLink

register = template.Library()


@register.simple_tag
def sign_in_links(people) -> dict:
    """``{% sign_in_links facilitators as links %}``: ``{(kind, person id): [links, newest
    first]}`` for ``people`` (facilitators or council members, any iterable), in one query;
    read a person's with ``links|links_of:person``."""
    people = list(people)
    facilitator_ids = [p.pk for p in people if isinstance(p, Facilitator)]
    member_ids = [p.pk for p in people if isinstance(p, CouncilMember)]
    found: dict = {}
    if not facilitator_ids and not member_ids:
        return found
    links = SignInLink.objects.select_related("engagement").filter(
        facilitator_id__in=facilitator_ids
    ) | SignInLink.objects.select_related("engagement").filter(council_member_id__in=member_ids)
    for link in links.order_by("-created_at", "-pk"):
        key = (
            ("facilitator", link.facilitator_id)
            if link.facilitator_id
            else (
                "council_member",
                link.council_member_id,
            )
        )
        found.setdefault(key, []).append(link)
    return found


@register.filter
def links_of(links: dict, person) -> list:
    """``links|links_of:person``: ``person``'s links from ``sign_in_links`` (newest first)."""
    kind = "facilitator" if isinstance(person, Facilitator) else "council_member"
    return links.get((kind, person.pk), [])
