"""A form of one engagement that posts another engagement's participant, facilitator,
issue or stakeholder group is refused with a form error, and nothing is saved."""

import pytest
from django.urls import reverse

from engagements.models import (
    AuditEntry,
    BreakoutGroup,
    CouncilMember,
    Issue,
    Participant,
    PlanItem,
)
from tests.factories import (
    EngagementFactory,
    IssueFactory,
    ParticipantFactory,
    StakeholderGroupFactory,
    trained_facilitator,
)


@pytest.fixture
def other(db):
    """Another engagement of the same office, with a record of every kind posted below."""
    engagement = EngagementFactory(community="Elsewhere")
    return {
        "engagement": engagement,
        "stakeholder_group": StakeholderGroupFactory(engagement=engagement),
        "participant": ParticipantFactory(engagement=engagement),
        "facilitator": trained_facilitator(engagement),
        "issue": IssueFactory(engagement=engagement, is_priority=True),
    }


def post(client, name, engagement, data):
    response = client.post(reverse(f"engagements:{name}", args=[engagement.pk]), data)
    assert response.status_code == 200  # the form again, with its error
    content = response.content.decode()
    assert "Select a valid choice" in content
    return response


@pytest.mark.django_db
def test_participant_with_another_engagements_stakeholder_group(staff_client, engagement, other):
    post(
        staff_client,
        "participant_create",
        engagement,
        {
            "name": "Ana Ruiz",
            "stakeholder_group": other["stakeholder_group"].pk,
            "preferred_language": "en",
        },
    )
    assert not Participant.objects.filter(engagement=engagement).exists()


@pytest.mark.django_db
def test_group_with_another_engagements_facilitator_and_participant(
    staff_client, engagement, stakeholder_groups, other
):
    post(
        staff_client,
        "breakoutgroup_create",
        engagement,
        {
            "name": "Youth",
            "round": "homogeneous",
            "stakeholder_group": stakeholder_groups[0].pk,
            "facilitator": other["facilitator"].pk,
            "participants": [other["participant"].pk],
            "language": "en",
        },
    )
    assert not BreakoutGroup.objects.filter(engagement=engagement).exists()


@pytest.mark.django_db
def test_plan_item_with_another_engagements_issue(staff_client, engagement, other):
    post(
        staff_client,
        "planitem_create",
        engagement,
        {
            "title": "Forum",
            "issues": [other["issue"].pk],
            "actions": "Hold it",
            "responsible_party": "Police",
        },
    )
    assert not PlanItem.objects.filter(engagement=engagement).exists()


@pytest.mark.django_db
def test_merge_with_another_engagements_issue(staff_client, engagement, other):
    own = IssueFactory(engagement=engagement)
    post(staff_client, "issue_merge", engagement, {"target": own.pk, "issues": [other["issue"].pk]})
    assert Issue.objects.get(pk=other["issue"].pk).merged_into is None


@pytest.mark.django_db
def test_council_member_from_another_engagement(
    staff_client, engagement, stakeholder_groups, other
):
    post(
        staff_client,
        "councilmember_create",
        engagement,
        {
            "participant": other["participant"].pk,
            "stakeholder_group": stakeholder_groups[0].pk,
            "role": "member",
            "joined_on": "2024-05-01",
        },
    )
    assert not CouncilMember.objects.filter(engagement=engagement).exists()


@pytest.mark.django_db
def test_afternoon_groups_with_another_engagements_facilitator(
    staff_client, engagement, stakeholder_groups, other
):
    roster = [
        ParticipantFactory(engagement=engagement, stakeholder_group=g) for g in stakeholder_groups
    ]
    data = {"save": "1", "group_count": "1", "facilitator_1": other["facilitator"].pk}
    data.update({f"participant_{p.pk}": "1" for p in roster})
    data["participant_x"] = "not a number"
    response = staff_client.post(
        reverse("engagements:afternoon_groups", args=[engagement.pk]), data
    )
    assert response.status_code == 200
    assert not BreakoutGroup.objects.filter(engagement=engagement).exists()
    assert not AuditEntry.objects.filter(engagement=engagement).exists()
