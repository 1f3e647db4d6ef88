"""The engagement list, creation (with the office proposed from the state), the overview of
the five steps, and the history page."""

import pytest
from django.urls import reverse

from engagements.models import Engagement
from tests.factories import EngagementFactory, PlanningGroupMemberFactory, office


def form_data(staff, **overrides):
    data = {
        "community": "Galveston",
        "state": "PA",
        "lead_staff": staff.pk,
        "law_enforcement_agencies": "Galveston Police Department",
        "origin": "proactive",
        "opened_on": "2024-02-01",
        "languages": ["en", "es"],
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
class TestCreate:
    def test_office_is_proposed_from_the_state(self, staff_client, staff):
        response = staff_client.post(reverse("engagements:engagement_create"), form_data(staff))
        engagement = Engagement.objects.get(community="Galveston")
        assert response.status_code == 302
        assert engagement.office.code == "mid-atlantic"
        assert engagement.languages == ["en", "es"]
        assert engagement.action_plan.status == "draft"

    def test_staff_cannot_open_one_for_another_region(self, staff_client, staff):
        response = staff_client.post(
            reverse("engagements:engagement_create"), form_data(staff, state="TX")
        )
        assert response.status_code == 200
        assert "your own office" in response.content.decode()
        assert 'value="Galveston"' in response.content.decode()  # what was typed survives
        assert not Engagement.objects.exists()

    def test_field_office_may_take_an_engagement_in_its_region(self, client):
        from tests.factories import UserFactory

        houston = UserFactory(office=office("houston"))
        client.force_login(houston)
        response = client.post(
            reverse("engagements:engagement_create"),
            form_data(houston, state="TX", office=office("houston").pk),
        )
        assert response.status_code == 302
        assert Engagement.objects.get().office.code == "houston"

    def test_office_must_serve_the_state(self, client, hq_staff):
        client.force_login(hq_staff)
        response = client.post(
            reverse("engagements:engagement_create"),
            form_data(hq_staff, state="TX", office=office("midwest").pk),
        )
        assert response.status_code == 200
        assert "served by" in response.content.decode()

    def test_critical_incident_needs_a_date_and_description(self, staff_client, staff):
        response = staff_client.post(
            reverse("engagements:engagement_create"),
            form_data(staff, origin="critical_incident"),
        )
        assert response.status_code == 200
        assert "Give the date of the critical incident." in response.content.decode()

    def test_incident_date_in_the_future_is_refused(self, staff_client, staff):
        response = staff_client.post(
            reverse("engagements:engagement_create"),
            form_data(
                staff,
                origin="critical_incident",
                incident_date="2999-01-01",
                incident_description="A police shooting",
            ),
        )
        assert "cannot be in the future" in response.content.decode()

    def test_outsider_cannot_open_engagements(self, client, outsider):
        client.force_login(outsider)
        assert client.get(reverse("engagements:engagement_create")).status_code == 404


@pytest.mark.django_db
class TestList:
    def test_lists_only_own_office(self, staff_client, engagement):
        EngagementFactory(community="Houston", state="TX", office=office("southwest"))
        content = staff_client.get(reverse("engagements:engagement_list")).content.decode()
        assert "Erie" in content and "Houston" not in content

    def test_search(self, staff_client, engagement):
        EngagementFactory(community="Pittsburgh")
        content = staff_client.get(
            reverse("engagements:engagement_list"), {"q": "pitts"}
        ).content.decode()
        assert "Pittsburgh" in content and "Erie, PA" not in content

    def test_paginated(self, staff_client, staff):
        EngagementFactory.create_batch(25, lead_staff=staff)
        response = staff_client.get(reverse("engagements:engagement_list"))
        assert len(response.context["page_obj"].object_list) == 20
        assert "Page 1 of 2" in response.content.decode()

    def test_outsider_is_told_why_nothing_shows(self, client, outsider, engagement):
        client.force_login(outsider)
        content = client.get(reverse("engagements:engagement_list")).content.decode()
        assert "does not belong to a CRS office" in content and "Erie" not in content


@pytest.mark.django_db
class TestOverview:
    def test_shows_five_steps_and_next_thing_to_do(self, staff_client, engagement):
        response = staff_client.get(engagement.get_absolute_url())
        content = response.content.decode()
        assert response.templates[0].name == "engagements/engagement_detail.html"
        assert "Step 5: Identify and convene an SPCP council" in content
        assert "Add planning group members" in content
        assert [step.complete for step in response.context["steps"]] == [False] * 5

    def test_step_one_completes_from_its_records(
        self, staff_client, engagement, stakeholder_groups
    ):
        from engagements.models import LogisticsTask

        PlanningGroupMemberFactory(engagement=engagement, sector="law_enforcement")
        LogisticsTask.objects.create(engagement=engagement, title="Venue", status="done")
        response = staff_client.get(engagement.get_absolute_url())
        assert response.context["steps"][0].complete
        assert response.context["next_step"].number == 2


@pytest.mark.django_db
def test_history_shows_who_changed_what(staff_client, staff, engagement):
    staff_client.post(
        reverse("engagements:planninggroupmember_create", args=[engagement.pk]),
        {"name": "Pastor Ann Lee", "affiliation": "First Church", "sector": "faith"},
    )
    response = staff_client.get(reverse("engagements:engagement_history", args=[engagement.pk]))
    content = response.content.decode()
    assert "Pastor Ann Lee" in content
    assert str(staff) in content
    assert "Added" in content


@pytest.mark.django_db
def test_farsi_pages_are_right_to_left(staff_client, engagement):
    content = staff_client.get(f"/fa{engagement.get_absolute_url()}").content.decode()
    assert 'dir="rtl"' in content
    assert "bootstrap.rtl.min.css" in content
