"""Who may do what, as django-rules predicates.

Staff see and manage the engagements of their own office; headquarters staff see all of
them. Everyone else (facilitators, council members, the public) sees nothing yet: CRS holds
what it hears in confidence and shares it on a need-to-know basis (42 U.S.C. 2000g-2(b))."""

import rules


@rules.predicate
def is_crs_staff(user) -> bool:
    """An active, signed-in user who belongs to a CRS office."""
    return bool(getattr(user, "is_authenticated", False) and user.is_crs_staff)


@rules.predicate
def is_headquarters_staff(user) -> bool:
    """CRS staff of the headquarters office, who see every engagement."""
    return bool(is_crs_staff(user) and user.office.is_headquarters)


@rules.predicate
def is_engagement_office_staff(user, engagement) -> bool:
    """CRS staff of the office that the engagement belongs to."""
    return bool(
        is_crs_staff(user) and engagement is not None and user.office_id == engagement.office_id
    )


can_manage_engagement = is_headquarters_staff | is_engagement_office_staff

rules.add_perm("engagements.add_engagement", is_crs_staff)
rules.add_perm("engagements.view_engagement", can_manage_engagement)
rules.add_perm("engagements.change_engagement", can_manage_engagement)
rules.add_perm("engagements.delete_engagement", can_manage_engagement)
