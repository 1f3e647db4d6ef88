"""Who is who, as django-rules predicates.

Each predicate takes the user and the object it guards: an ``Engagement``, or any record of
one (anything with an ``engagement`` attribute, e.g. a breakout group or a plan item), which
is checked through its engagement (adhocracy4's wrapper predicates). CRS holds what it hears
in confidence and shares it on a need-to-know basis (42 U.S.C. 2000g-2(b)), so anyone not
named here sees nothing."""

import rules


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
