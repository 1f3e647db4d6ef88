"""Where invited people land: the facilitators' and council members' own pages.

Facilitators and council members sign in with a personal link (``models.SignInLink``) to an
account without an office. They never see the staff pages: the staff home sends them to
their portal, and the navigation bar shows them only their own pages. What they may open
there is decided by the predicates (``predicates.is_group_facilitator``,
``is_council_member``); this module only says which portal to show, from the links in force.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

#: The URL names of the two portals' home pages.
FACILITATOR_HOME = "facilitator_portal:home"
COUNCIL_HOME = "council_portal:home"


@dataclass(frozen=True)
class PortalRoles:
    """Which portals a user has: ``facilitator`` (a facilitator of some engagement, with a
    sign-in link in force) and ``council`` (a council member, likewise)."""

    facilitator: bool = False
    council: bool = False

    def __bool__(self) -> bool:
        return self.facilitator or self.council


NO_ROLES = PortalRoles()

#: Where ``portal_roles`` keeps its answer on the user object, for the rest of the request.
_CACHE = "_spcp_portal_roles"


def portal_roles(user) -> PortalRoles:
    """The portals of ``user`` (any user object, anonymous included): none for anonymous or
    inactive users and for CRS staff (who use the staff pages); otherwise from the user's
    sign-in links in force whose facilitator or council member is linked to the account. One
    query at most, once per user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.office_id:
        return NO_ROLES
    cached = getattr(user, _CACHE, None)
    if cached is not None:
        return cached
    from .models import SignInLink

    kinds = {
        facilitator_id is not None
        for facilitator_id in SignInLink.objects.in_force()
        .filter(user=user)
        .filter(Q(facilitator__user=user) | Q(council_member__user=user))
        .values_list("facilitator_id", flat=True)
    }
    roles = PortalRoles(facilitator=True in kinds, council=False in kinds)
    setattr(user, _CACHE, roles)
    return roles


def portal_home(user) -> str | None:
    """The path of ``user``'s portal home page in the active language: the facilitators'
    when they facilitate anywhere, else the council members'; None when they have no
    portal."""
    roles = portal_roles(user)
    if roles.facilitator:
        return reverse(FACILITATOR_HOME)
    if roles.council:
        return reverse(COUNCIL_HOME)
    return None


def portal_links(user) -> list[tuple[str, str]]:
    """The navigation bar's links for ``user``'s portals, ``[(path, label)]`` in the active
    language: "My breakout groups" and/or "My councils"; empty for staff and anonymous users."""
    roles = portal_roles(user)
    links = []
    if roles.facilitator:
        links.append((reverse(FACILITATOR_HOME), _("My breakout groups")))
    if roles.council:
        links.append((reverse(COUNCIL_HOME), _("My councils")))
    return links
