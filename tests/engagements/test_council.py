"""Step 5: the council, its meetings and progress on the plan."""

import pytest
from django.urls import reverse

from engagements.models import CouncilMember, ProgressUpdate
from tests.factories import ParticipantFactory, PlanItemFactory, PlanningGroupMemberFactory


@pytest.mark.django_db
class TestCouncilMembers:
    def test_member_from_participants(self, staff_client, engagement, stakeholder_groups):
        person = ParticipantFactory(engagement=engagement, stakeholder_group=stakeholder_groups[0])
        response = staff_client.post(
            reverse("engagements:councilmember_create", args=[engagement.pk]),
            {
                "participant": person.pk,
                "stakeholder_group": stakeholder_groups[0].pk,
                "role": "chair",
                "joined_on": "2024-05-01",
            },
        )
        assert response.status_code == 302
        page = staff_client.get(reverse("engagements:council", args=[engagement.pk]))
        assert person.name in page.content.decode() and "Chair" in page.content.decode()

    def test_exactly_one_source(self, staff_client, engagement, stakeholder_groups):
        person = ParticipantFactory(engagement=engagement, stakeholder_group=stakeholder_groups[0])
        planner = PlanningGroupMemberFactory(engagement=engagement)
        url = reverse("engagements:councilmember_create", args=[engagement.pk])
        base = {
            "stakeholder_group": stakeholder_groups[0].pk,
            "role": "member",
            "joined_on": "2024-05-01",
        }
        both = staff_client.post(
            url, {**base, "participant": person.pk, "planning_member": planner.pk}
        )
        neither = staff_client.post(url, base)
        assert "not both" in both.content.decode()
        assert "not both" in neither.content.decode()
        assert not CouncilMember.objects.exists()


@pytest.mark.django_db
def test_meeting_with_attendance(staff_client, engagement, stakeholder_groups):
    planner = PlanningGroupMemberFactory(engagement=engagement)
    member = CouncilMember.objects.create(
        engagement=engagement, planning_member=planner, stakeholder_group=stakeholder_groups[2]
    )
    response = staff_client.post(
        reverse("engagements:councilmeeting_create", args=[engagement.pk]),
        {
            "held_on": "2024-06-01",
            "location": "District 3",
            "agenda": "Plan review",
            "minutes": "Reviewed items",
            "attendees": [member.pk],
        },
    )
    assert response.status_code == 302
    page = staff_client.get(reverse("engagements:council", args=[engagement.pk]))
    assert "District 3" in page.content.decode()


@pytest.mark.django_db
def test_progress_update_sets_the_item_state(staff_client, engagement):
    item = PlanItemFactory(engagement=engagement)
    response = staff_client.post(
        reverse("engagements:progressupdate_create", args=[engagement.pk]),
        {
            "plan_item": item.pk,
            "reported_on": "2024-07-01",
            "status": "in_progress",
            "note": "First walk held",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "in_progress"
    assert ProgressUpdate.objects.get().note == "First walk held"


@pytest.mark.django_db
def test_progress_update_without_note_keeps_input(staff_client, engagement):
    item = PlanItemFactory(engagement=engagement)
    response = staff_client.post(
        reverse("engagements:progressupdate_create", args=[engagement.pk]),
        {"plan_item": item.pk, "reported_on": "2024-07-01", "status": "done", "note": ""},
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    item.refresh_from_db()
    assert item.status == "not_started"
