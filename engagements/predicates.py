"""Who is who, as django-rules predicates.

Each predicate takes the user and the object it guards: an ``Engagement``, or any record of
one (anything with an ``engagement`` attribute, e.g. a breakout group or a plan item), which
is checked through its engagement (adhocracy4's wrapper predicates). CRS holds what it hears
in confidence and shares it on a need-to-know basis (42 U.S.C. 2000g-2(b)), so anyone not
named here sees nothing."""

from contextlib import contextmanager
from contextvars import ContextVar

import rules

#: While ``facilitator_checks_cached`` is active: ``{(user pk, facilitator ids): answer}``.
_facilitator_checks: ContextVar[dict | None] = ContextVar("facilitator_checks", default=None)


@contextmanager
def facilitator_checks_cached():
    """Within this block, ``is_group_facilitator`` asks the database once per user and group
    and reuses the answer: for one request that checks several permissions on one group
    (the note endpoint checks ``view_group_notes``, then the service ``add_breakout_note``
    twice; each check is a query). Use it around one request only: a link revoked during
    the block is seen from the next block on. Outside a block nothing is cached, so a
    revocation is seen at once. The cache is per thread (a context variable)."""
    token = _facilitator_checks.set({})
    try:
        yield
    finally:
        _facilitator_checks.reset(token)


def engagement_of(obj):
    """The ``Engagement`` that ``obj`` is or belongs to, or ``None`` for ``None``."""
    if obj is None:
        return None
    from .models import Engagement

    if isinstance(obj, Engagement):
        return obj
    return obj.engagement


@rules.predicate
def is_crs_staff(user) -> bool:
    """An active, signed-in user who belongs to a CRS office."""
    return bool(getattr(user, "is_authenticated", False) and user.is_crs_staff)


@rules.predicate
def is_headquarters_staff(user) -> bool:
    """CRS staff of the headquarters office, who see every engagement."""
    return bool(is_crs_staff(user) and user.office.is_headquarters)


@rules.predicate
def is_office_staff(user, obj) -> bool:
    """CRS staff of the office that ``obj``'s engagement belongs to."""
    engagement = engagement_of(obj)
    return bool(
        engagement is not None and is_crs_staff(user) and user.office_id == engagement.office_id
    )


#: Staff who run the engagement: its office, and headquarters.
is_engagement_staff = is_headquarters_staff | is_office_staff


def _group_of(obj):
    """The ``BreakoutGroup`` that ``obj`` is (a group) or belongs to (a note), or None."""
    if obj is None:
        return None
    from .models import BreakoutGroup

    return obj if isinstance(obj, BreakoutGroup) else getattr(obj, "group", None)


@rules.predicate
def is_group_facilitator(user, obj) -> bool:
    """The facilitator or second facilitator of the breakout group ``obj`` is (or that the
    note ``obj`` belongs to), signed in with a sign-in link in force for that facilitator
    record (not revoked, and not past a week after the breakout sessions closed)."""
    group = _group_of(obj)
    if group is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    facilitator_ids = {group.facilitator_id, group.second_facilitator_id} - {None}
    if not facilitator_ids:
        return False
    cache = _facilitator_checks.get()
    key = (user.pk, frozenset(facilitator_ids))
    if cache is not None and key in cache:
        return cache[key]
    from .models import SignInLink

    answer = (
        SignInLink.objects.in_force()
        .filter(user=user, facilitator_id__in=facilitator_ids, facilitator__user=user)
        .exists()
    )
    if cache is not None:
        cache[key] = answer
    return answer


@rules.predicate
def is_round_open(user, obj) -> bool:
    """The breakout round of the group ``obj`` is (or that the note ``obj`` belongs to) has
    not been closed by staff (``Engagement.round_is_open``)."""
    group = _group_of(obj)
    return bool(group is not None and group.engagement.round_is_open(group.round))


@rules.predicate
def is_council_member(user, obj) -> bool:
    """A member of the council of ``obj``'s engagement, signed in with a sign-in link for
    that membership that staff have not revoked."""
    engagement = engagement_of(obj)
    if engagement is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    from .models import SignInLink

    return (
        SignInLink.objects.in_force()
        .filter(
            user=user,
            council_member__engagement_id=engagement.pk,
            council_member__user=user,
        )
        .exists()
    )


@rules.predicate
def is_published(user, obj) -> bool:
    """``obj``'s engagement has a published action plan (at least one published version);
    for a plan item, the item is also in the latest published version (an item added in a
    revision not yet published is a draft)."""
    engagement = engagement_of(obj)
    if engagement is None:
        return False
    from .models import ActionPlanVersion, PlanItem

    versions = ActionPlanVersion.objects.filter(plan__engagement_id=engagement.pk)
    if not isinstance(obj, PlanItem):
        return versions.exists()
    latest = versions.order_by("-number").values_list("snapshot", flat=True).first()
    return latest is not None and any(item["id"] == obj.pk for item in latest["items"])
