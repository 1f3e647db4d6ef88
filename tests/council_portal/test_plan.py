"""The council members' pages: what a council member signed in with a sign-in link sees of
their engagements (the latest published plan in their language, progress, meetings), what
they never see, and posting progress on a plan item."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from engagements import services
from engagements.models import CouncilMeeting, PlanItem, ProgressUpdate
from tests.factories import PlanItemFactory

from .conftest import council_member

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """The page's text, without its tags (names people typed are isolated in ``<bdi>``)."""
    return html.unescape(re.sub(r"<[^>]+>", "", response.content.decode()))


def plan_url(engagement, language="en"):
    with translation.override(language):
        return reverse("council_portal:plan", args=[engagement.pk])


def progress_url(engagement, item, language="en"):
    with translation.override(language):
        return reverse("council_portal:progress_create", args=[engagement.pk, item.pk])


def pdf_url(engagement, language="en"):
    with translation.override(language):
        return reverse("council_portal:plan_pdf", args=[engagement.pk])


class TestHome:
    def test_lists_the_councils_served_on_with_role(self, member_client, engagement, published):
        page = member_client.get(reverse("council_portal:home")).content.decode()
        assert "Erie" in page
        assert "Chair" in page
        assert plan_url(engagement) in page

    def test_empty_state_says_whom_to_ask(self, client, engagement, staff, member):
        _member, link = member
        services.sign_in_link_revoke(link=link, user=staff)
        client.force_login(link.user)
        page = client.get(reverse("council_portal:home")).content.decode()
        assert "Erie" not in page
        assert "ask the CRS staff member who invited you" in page

    def test_anonymous_is_sent_to_sign_in(self, client):
        response = client.get(reverse("council_portal:home"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


class TestPlanPage:
    def test_published_plan_in_english(self, member_client, engagement, published):
        response = member_client.get(plan_url(engagement))
        assert response.status_code == 200
        page = response.content.decode()
        assert "Walk-and-talk patrols" in page and "Youth forum" in page
        assert "Approachability" in page  # what the plan quotes of the breakout notes
        assert "Version 1, published on" in page

    def test_published_plan_in_farsi(self, member_client, engagement, published):
        page = member_client.get(plan_url(engagement, "fa")).content.decode()
        assert 'lang="fa" dir="rtl"' in page
        assert "گشت‌های پیاده و گفتگو" in page
        assert "Walk-and-talk patrols" not in page
        # The item without a Farsi title is shown in English, marked as such.
        assert "Youth forum" in page

    def test_a_change_in_the_draft_is_not_shown(self, member_client, engagement, published, staff):
        plan = published["plan"]
        services.action_plan_revise(plan=plan, user=staff)
        first = PlanItem.objects.get(pk=published["items"][0].pk)
        first.title = "Secret draft title"
        services.record_update(record=first, user=staff)
        draft_item = PlanItemFactory(engagement=engagement, title="Draft-only item", order=3)
        page = member_client.get(plan_url(engagement)).content.decode()
        assert "Walk-and-talk patrols" in page
        assert "Secret draft title" not in page and "Draft-only item" not in page
        # Nor can progress be posted on an item that is only in the draft.
        response = member_client.post(
            progress_url(engagement, draft_item), {"status": "done", "note": "Done"}
        )
        assert response.status_code == 404
        assert not ProgressUpdate.objects.exists()

    def test_never_shows_roster_planning_group_notes_history_or_staff_pages(
        self, member_client, engagement, published
    ):
        page = member_client.get(plan_url(engagement)).content.decode()
        for secret in (
            "Rosterperson Notoncouncil",
            "Plannerperson Notoncouncil",
            "Unquoted strength XYZ",
            f"/engagements/{engagement.pk}/",
        ):
            assert secret not in page

    def test_only_approved_minutes(self, member_client, engagement, published):
        CouncilMeeting.objects.create(
            engagement=engagement,
            held_on=datetime.date(2024, 6, 1),
            location="District 3",
            agenda="Review the walks",
            minutes="Approved minutes text",
            minutes_approved=True,
        )
        CouncilMeeting.objects.create(
            engagement=engagement,
            held_on=datetime.date(2024, 7, 1),
            agenda="Second agenda",
            minutes="Unapproved minutes text",
        )
        page = member_client.get(plan_url(engagement)).content.decode()
        assert "District 3" in page and "Review the walks" in page and "Second agenda" in page
        assert "Approved minutes text" in page
        assert "Unapproved minutes text" not in page

    def test_no_published_plan_yet(self, member_client, engagement):
        PlanItemFactory(engagement=engagement, title="Unpublished item")
        CouncilMeeting.objects.create(
            engagement=engagement, held_on=datetime.date(2024, 6, 1), agenda="First meeting"
        )
        response = member_client.get(plan_url(engagement))
        assert response.status_code == 200
        page = response.content.decode()
        assert "has not been published yet" in page
        assert "Unpublished item" not in page
        assert "First meeting" in page
        assert member_client.get(pdf_url(engagement)).status_code == 404

    def test_another_engagement_is_a_404(self, member_client, published, other_engagement):
        topeka, _central = other_engagement
        item = PlanItem.objects.get(engagement=topeka)
        assert member_client.get(plan_url(topeka)).status_code == 404
        assert member_client.get(pdf_url(topeka)).status_code == 404
        response = member_client.post(progress_url(topeka, item), {"status": "done", "note": "x"})
        assert response.status_code == 404
        assert not ProgressUpdate.objects.exists()

    def test_a_council_member_of_another_engagement_gets_a_404(
        self, client, engagement, published, other_engagement
    ):
        topeka, central = other_engagement
        their_member, _link = council_member(topeka, central, name="Topeka Member")
        client.force_login(their_member.user)
        assert client.get(plan_url(topeka)).status_code == 200
        assert client.get(plan_url(engagement)).status_code == 404
        response = client.post(
            progress_url(engagement, published["items"][0]), {"status": "done", "note": "x"}
        )
        assert response.status_code == 404
        assert not ProgressUpdate.objects.exists()

    def test_revoked_link_is_a_404_at_once(self, client, engagement, published, staff, member):
        council, link = member
        client.force_login(council.user)
        assert client.get(plan_url(engagement)).status_code == 200
        services.sign_in_link_revoke(link=link, user=staff)
        assert client.get(plan_url(engagement)).status_code == 404
        assert client.get(pdf_url(engagement)).status_code == 404
        response = client.post(
            progress_url(engagement, published["items"][0]), {"status": "done", "note": "x"}
        )
        assert response.status_code == 404
        assert not ProgressUpdate.objects.exists()

    def test_staff_preview_has_no_progress_form_and_cannot_post(
        self, staff_client, engagement, published
    ):
        response = staff_client.get(plan_url(engagement))
        assert response.status_code == 200
        assert 'name="note"' not in response.content.decode()
        item = published["items"][0]
        response = staff_client.post(
            progress_url(engagement, item), {"status": "done", "note": "x"}
        )
        assert response.status_code == 404
        assert not ProgressUpdate.objects.exists()


class TestPostingProgress:
    def test_posted_update_is_shown_with_name_and_date(
        self, member_client, engagement, published, member
    ):
        item = published["items"][0]
        response = member_client.post(
            progress_url(engagement, item), {"status": "in_progress", "note": "First walk held"}
        )
        assert response.status_code == 302
        assert response["Location"].startswith(plan_url(engagement))
        update = ProgressUpdate.objects.get()
        assert update.author == member[0].user and update.plan_item == item
        item.refresh_from_db()
        assert item.status == "in_progress"
        page = text_of(member_client.get(response["Location"]))
        assert "First walk held" in page
        when = date_format(update.reported_on, "DATE_FORMAT")
        assert f"Amina Chairwoman on {when}" in page
        assert "your progress update is posted" in page

    def test_staff_update_is_shown_as_crs_staff(self, member_client, engagement, published, staff):
        item = published["items"][1]
        services.progress_update_create(
            update=ProgressUpdate(
                engagement=engagement, plan_item=item, status="done", note="Forum held"
            ),
            user=staff,
        )
        page = text_of(member_client.get(plan_url(engagement)))
        when = date_format(timezone.localdate(), "DATE_FORMAT")
        assert "Forum held" in page and f"CRS staff on {when}" in page

    def test_empty_note_is_refused_and_what_was_chosen_is_kept(
        self, member_client, engagement, published
    ):
        item = published["items"][0]
        response = member_client.post(
            progress_url(engagement, item), {"status": "done", "note": ""}
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert "This field is required." in page
        assert '<option value="done" selected>' in page
        assert not ProgressUpdate.objects.exists()
        item.refresh_from_db()
        assert item.status == "not_started"

    def test_refused_note_keeps_the_typed_text(self, member_client, engagement, published):
        item = published["items"][0]
        typed = "We walked " + "far " * 1300  # longer than a note may be
        response = member_client.post(
            progress_url(engagement, item), {"status": "done", "note": typed}
        )
        assert response.status_code == 200
        assert typed.strip() in response.content.decode()
        assert not ProgressUpdate.objects.exists()

    def test_the_same_form_sent_twice_is_stored_once(self, member_client, engagement, published):
        item = published["items"][0]
        data = {
            "status": "done",
            "note": "Sent twice",
            "form_token": "6b1f8a4e-3f9e-4c47-9c55-2a0e7f1c9d10",
        }
        assert member_client.post(progress_url(engagement, item), data).status_code == 302
        assert member_client.post(progress_url(engagement, item), data).status_code == 302
        assert ProgressUpdate.objects.count() == 1

    def test_get_goes_to_the_plan(self, member_client, engagement, published):
        item = published["items"][0]
        response = member_client.get(progress_url(engagement, item))
        assert response.status_code == 302
        assert response["Location"].startswith(plan_url(engagement))
        assert not ProgressUpdate.objects.exists()

    def test_item_of_another_engagement_under_this_one_is_a_404(
        self, member_client, engagement, published, other_engagement
    ):
        topeka, _central = other_engagement
        item = PlanItem.objects.get(engagement=topeka)
        with translation.override("en"):
            url = reverse("council_portal:progress_create", args=[engagement.pk, item.pk])
        assert member_client.post(url, {"status": "done", "note": "x"}).status_code == 404
        assert not ProgressUpdate.objects.exists()


class TestPdf:
    @pytest.mark.parametrize("language", ["en", "fa"])
    def test_latest_published_version_as_pdf(self, member_client, engagement, published, language):
        response = member_client.get(pdf_url(engagement, language))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert f"-v1-{language}.pdf" in response["Content-Disposition"]
        assert b"".join(response.streaming_content).startswith(b"%PDF")
