"""Reads for the council members' pages: which engagements a member serves on, and what the
plan page of one engagement shows. Only what the council may see is read: the latest
published version of the plan (never the draft), progress updates staff did not hide, and the
council's meetings (minutes only once approved)."""

from collections import defaultdict

from django.db.models import Exists, OuterRef

from engagements import versions
from engagements.models import (
    ActionPlanVersion,
    CouncilMeeting,
    CouncilMember,
    PlanItem,
    ProgressUpdate,
    SignInLink,
)


def council_memberships(user):
    """The ``CouncilMember`` records of ``user`` that a sign-in link in force backs (see
    ``engagements.predicates.is_council_member``), with their engagement and its plan, by
    community. An empty queryset for an anonymous user."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return CouncilMember.objects.none()
    links_in_force = SignInLink.objects.in_force().filter(
        user=user, council_member_id=OuterRef("pk")
    )
    return (
        CouncilMember.objects.filter(user=user)
        .filter(Exists(links_in_force))
        .select_related("engagement__action_plan", "stakeholder_group")
        .order_by("engagement__community", "engagement__state", "pk")
    )


def latest_version(engagement) -> ActionPlanVersion | None:
    """The latest published version of ``engagement``'s action plan, or None before the
    first publication. A revision in progress does not count: its draft is never shown."""
    return (
        ActionPlanVersion.objects.filter(plan__engagement_id=engagement.pk)
        .select_related("plan", "published_by")
        .order_by("-number")
        .first()
    )


def visible_updates(engagement, item_ids) -> dict[int, list[ProgressUpdate]]:
    """``{plan item id: [progress update, …]}``, newest first, for the items ``item_ids`` of
    ``engagement``: the updates staff did not hide, with who posted them (``author``, None
    when staff recorded it)."""
    by_item = defaultdict(list)
    updates = (
        ProgressUpdate.objects.filter(
            engagement=engagement, plan_item_id__in=list(item_ids), hidden_at__isnull=True
        )
        .select_related("author")
        .order_by("-reported_on", "-pk")
    )
    for update in updates:
        by_item[update.plan_item_id].append(update)
    return dict(by_item)


def council_meetings(engagement):
    """``engagement``'s council meetings, newest first. Their minutes are for the council
    only once approved (``minutes_approved``): the template shows them only then."""
    return CouncilMeeting.objects.filter(engagement=engagement).order_by("-held_on", "-pk")


def plan_page(engagement, language: str) -> dict:
    """What the council's plan page of ``engagement`` shows in ``language``:
    ``{"version": ActionPlanVersion or None, "document": the version as shown
    (``engagements.versions.version_document``, with each item's living ``status`` (label),
    ``status_value`` (None for an item deleted since) and its visible ``updates``) or None,
    "meetings": queryset}``. Nothing of a draft is read."""
    version = latest_version(engagement)
    document = None
    if version is not None:
        document = versions.version_document(version, language)
        ids = [item["id"] for item in document["items"]]
        updates = visible_updates(engagement, ids)
        statuses = dict(
            PlanItem.objects.filter(engagement=engagement, pk__in=ids).values_list("pk", "status")
        )
        for item in document["items"]:
            item["updates"] = updates.get(item["id"], [])
            item["status_value"] = statuses.get(item["id"])
    return {
        "version": version,
        "document": document,
        "meetings": council_meetings(engagement),
    }
