"""Staff hide a council member's progress update with a reason: the council no longer sees
it (page and PDF), staff still do, marked with who hid it, when and why."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from engagements import services, versions
from engagements.models import ProgressUpdate

from .conftest import council_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def posted(engagement, published, member):
    """A progress update posted by the council's chair on the plan's first item."""
    return services.progress_update_post(
        plan_item=published["items"][0],
        status="in_progress",
        note="Offensive remark ABC",
        user=member[0].user,
    )


def text_of(response) -> str:
    """The page's text, without its tags (names people typed are isolated in ``<bdi>``)."""
    return html.unescape(re.sub(r"<[^>]+>", "", response.content.decode()))


def hide_url(engagement, update):
    return reverse("engagements:progressupdate_hide", args=[engagement.pk, update.pk])


def test_staff_see_who_posted_it(staff_client, engagement, posted):
    page = staff_client.get(reverse("engagements:council", args=[engagement.pk]))
    assert "Posted by Amina Chairwoman on the council’s pages" in text_of(page)
    assert hide_url(engagement, posted) in page.content.decode()


def test_hidden_with_reason_gone_for_council_kept_for_staff(
    staff_client, engagement, posted, member, staff
):
    form = staff_client.get(hide_url(engagement, posted))
    assert form.status_code == 200 and "Offensive remark ABC" in form.content.decode()
    response = staff_client.post(hide_url(engagement, posted), {"reason": "Names a person"})
    assert response.status_code == 302
    posted.refresh_from_db()
    assert posted.hidden_at and posted.hidden_by == staff
    assert posted.hidden_reason == "Names a person"

    council = Client()
    council.force_login(member[0].user)
    plan_page = council.get(reverse("council_portal:plan", args=[engagement.pk])).content
    assert "Offensive remark ABC" not in plan_page.decode()
    # Nor as the item's latest progress in the plan's document (its PDF).
    version = published_version(engagement)
    document = versions.version_document(version, "en")
    assert all(item["latest_progress"] is None for item in document["items"])

    staff_page = staff_client.get(reverse("engagements:council", args=[engagement.pk]))
    text = text_of(staff_page)
    assert "Offensive remark ABC" in text
    assert f"Hidden by {staff} on" in text and ": Names a person" in text


def published_version(engagement):
    from engagements.models import ActionPlanVersion

    return ActionPlanVersion.objects.get(plan__engagement=engagement, number=1)


@pytest.mark.parametrize("reason", ["", "   "])
def test_empty_reason_is_refused(staff_client, engagement, posted, reason):
    response = staff_client.post(hide_url(engagement, posted), {"reason": reason})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    posted.refresh_from_db()
    assert posted.hidden_at is None and posted.hidden_reason == ""


def test_council_members_and_other_offices_cannot_hide(
    client, other_staff, engagement, posted, member
):
    for user in (member[0].user, other_staff):
        client.force_login(user)
        assert client.get(hide_url(engagement, posted)).status_code == 404
        assert client.post(hide_url(engagement, posted), {"reason": "x"}).status_code == 404
    posted.refresh_from_db()
    assert posted.hidden_at is None


def test_an_update_of_another_engagement_is_a_404(staff_client, engagement, staff, published):
    from tests.factories import EngagementFactory, IssueFactory, PlanItemFactory

    other = EngagementFactory(community="Pittsburgh", lead_staff=staff)
    item = PlanItemFactory(engagement=other)
    services.links_set(
        record=item, field_name="issues", targets=[IssueFactory(engagement=other)], user=staff
    )
    services.action_plan_publish(plan=other.action_plan, user=staff, note="")
    chair, _link = council_member(other, staff, name="Other Chair")
    update = services.progress_update_post(
        plan_item=item, status="done", note="Elsewhere", user=chair.user
    )
    url = reverse("engagements:progressupdate_hide", args=[engagement.pk, update.pk])
    assert staff_client.post(url, {"reason": "x"}).status_code == 404
    assert ProgressUpdate.objects.get(pk=update.pk).hidden_at is None


def test_meeting_form_marks_minutes_approved(staff_client, engagement):
    response = staff_client.post(
        reverse("engagements:councilmeeting_create", args=[engagement.pk]),
        {"held_on": "2024-06-01", "minutes": "Agreed", "minutes_approved": "on"},
    )
    assert response.status_code == 302
    from engagements.models import CouncilMeeting

    assert CouncilMeeting.objects.get().minutes_approved is True
