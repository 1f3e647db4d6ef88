"""Step 1: the planning group pages."""

import pytest
from django.urls import reverse

from engagements.models import LogisticsTask, PlanningGroupMember, StakeholderGroup
from tests.factories import ParticipantFactory, PlanningGroupMemberFactory


@pytest.mark.django_db
class TestPlanningGroupMember:
    def test_add(self, staff_client, engagement):
        response = staff_client.post(
            reverse("engagements:planninggroupmember_create", args=[engagement.pk]),
            {
                "name": "Chief Dan Spizarny",
                "affiliation": "Erie Bureau of Police",
                "sector": "law_enforcement",
                "role": "Co-chair",
            },
        )
        assert response.status_code == 302
        page = staff_client.get(reverse("engagements:planning", args=[engagement.pk]))
        assert "Chief Dan Spizarny" in page.content.decode()

    def test_bad_input_keeps_what_was_typed(self, staff_client, engagement):
        response = staff_client.post(
            reverse("engagements:planninggroupmember_create", args=[engagement.pk]),
            {"name": "", "affiliation": "Mosque of Erie", "sector": "faith", "email": "nope"},
        )
        content = response.content.decode()
        assert response.status_code == 200
        assert "This field is required." in content
        assert "Enter a valid email address." in content
        assert 'value="Mosque of Erie"' in content
        assert not PlanningGroupMember.objects.exists()

    def test_delete_asks_for_confirmation(self, staff_client, engagement):
        member = PlanningGroupMemberFactory(engagement=engagement)
        url = reverse("engagements:planninggroupmember_delete", args=[engagement.pk, member.pk])
        assert "cannot be undone" in staff_client.get(url).content.decode()
        assert PlanningGroupMember.objects.filter(pk=member.pk).exists()
        staff_client.post(url)
        assert not PlanningGroupMember.objects.filter(pk=member.pk).exists()

    def test_cannot_edit_a_record_of_another_engagement(self, staff_client, engagement):
        other = PlanningGroupMemberFactory()
        url = reverse("engagements:planninggroupmember_update", args=[engagement.pk, other.pk])
        assert staff_client.get(url).status_code == 404


@pytest.mark.django_db
def test_logistics_task_owner_is_limited_to_the_planning_group(staff_client, engagement):
    stranger = PlanningGroupMemberFactory()
    response = staff_client.post(
        reverse("engagements:logisticstask_create", args=[engagement.pk]),
        {
            "title": "Book interpreters",
            "category": "interpreters",
            "owner": stranger.pk,
            "status": "todo",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not LogisticsTask.objects.exists()


@pytest.mark.django_db
class TestStakeholderGroups:
    def test_duplicate_name_is_refused(self, staff_client, engagement, stakeholder_groups):
        response = staff_client.post(
            reverse("engagements:stakeholdergroup_create", args=[engagement.pk]),
            {"name": "youth", "order": 0},
        )
        assert "already has a stakeholder group of that name" in response.content.decode()

    def test_group_with_participants_cannot_be_deleted(
        self, staff_client, engagement, stakeholder_groups
    ):
        group = stakeholder_groups[0]
        ParticipantFactory(engagement=engagement, stakeholder_group=group)
        response = staff_client.post(
            reverse("engagements:stakeholdergroup_delete", args=[engagement.pk, group.pk]),
            follow=True,
        )
        assert "cannot be deleted" in response.content.decode()
        assert StakeholderGroup.objects.filter(pk=group.pk).exists()
