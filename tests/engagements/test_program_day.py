"""Step 3: both breakout rounds, notes, merging, dot votes (the roster's CSV import is in
``test_roster_import.py``)."""

import pytest
from django.urls import reverse

from engagements.models import BreakoutGroup, Issue, Strength
from tests.factories import (
    BreakoutGroupFactory,
    IssueFactory,
    ParticipantFactory,
    trained_facilitator,
)


@pytest.mark.django_db
class TestBreakoutNotes:
    def test_morning_group_records_strengths_and_issues(self, staff_client, engagement):
        group = BreakoutGroupFactory(engagement=engagement)
        url = reverse("engagements:breakoutgroup_detail", args=[engagement.pk, group.pk])
        staff_client.post(url, {"kind": "strength", "strength-text": "Strong faith network"})
        staff_client.post(url, {"kind": "issue", "issue-text": "Racism and stereotypes"})
        assert Strength.objects.get(group=group).text == "Strong faith network"
        assert Issue.objects.get(group=group).text == "Racism and stereotypes"

    def test_notes_naming_a_participant_are_refused_and_kept(self, staff_client, engagement):
        group = BreakoutGroupFactory(engagement=engagement)
        ParticipantFactory(engagement=engagement, name="Jordan Lee")
        url = reverse("engagements:breakoutgroup_detail", args=[engagement.pk, group.pk])
        response = staff_client.post(
            url, {"kind": "issue", "issue-text": "jordan lee said officers never stop by"}
        )
        content = response.content.decode()
        assert "never attributed" in content
        assert "officers never stop by" in content  # what was typed survives
        assert not Issue.objects.exists()

    def test_morning_groups_created_per_stakeholder_group(
        self, staff_client, engagement, stakeholder_groups
    ):
        ParticipantFactory(engagement=engagement, stakeholder_group=stakeholder_groups[0])
        staff_client.post(reverse("engagements:morning_groups_create", args=[engagement.pk]))
        groups = BreakoutGroup.objects.filter(engagement=engagement, round="homogeneous")
        assert groups.count() == 3
        assert groups.get(stakeholder_group=stakeholder_groups[0]).participants.count() == 1


@pytest.mark.django_db
class TestIssues:
    def test_merge_moves_votes_and_keeps_origin(self, staff_client, engagement):
        keep = IssueFactory(engagement=engagement, text="Trust", dot_votes=3)
        other = IssueFactory(engagement=engagement, text="Lack of trust", dot_votes=2)
        staff_client.post(
            reverse("engagements:issue_merge", args=[engagement.pk]),
            {"target": keep.pk, "issues": [other.pk]},
        )
        keep.refresh_from_db()
        other.refresh_from_db()
        assert other.merged_into == keep and keep.dot_votes == 5
        assert other.group_id != keep.group_id  # still traceable to its own group

    def test_cannot_merge_an_issue_into_itself(self, staff_client, engagement):
        issue = IssueFactory(engagement=engagement)
        response = staff_client.post(
            reverse("engagements:issue_merge", args=[engagement.pk]),
            {"target": issue.pk, "issues": [issue.pk]},
        )
        assert "Do not tick the issue you keep." in response.content.decode()

    def test_votes_and_priorities(self, staff_client, engagement):
        a, b = IssueFactory.create_batch(2, engagement=engagement)
        response = staff_client.post(
            reverse("engagements:issue_vote", args=[engagement.pk]),
            {f"votes_{a.pk}": "12", f"votes_{b.pk}": "4", f"priority_{a.pk}": "on"},
        )
        assert response.status_code == 302
        assert list(Issue.objects.filter(engagement=engagement).priorities()) == [a]

    def test_negative_votes_are_refused(self, staff_client, engagement):
        a = IssueFactory(engagement=engagement)
        response = staff_client.post(
            reverse("engagements:issue_vote", args=[engagement.pk]), {f"votes_{a.pk}": "-1"}
        )
        assert response.status_code == 200
        assert "greater than or equal to 0" in response.content.decode()


@pytest.mark.django_db
class TestAfternoonGroups:
    @pytest.fixture
    def roster(self, engagement, stakeholder_groups):
        for group in stakeholder_groups:
            ParticipantFactory.create_batch(4, engagement=engagement, stakeholder_group=group)
        return [trained_facilitator(engagement) for _ in range(3)]

    def test_proposal_then_save(self, staff_client, engagement, roster):
        url = reverse("engagements:afternoon_groups", args=[engagement.pk])
        response = staff_client.get(url, {"groups": 3})
        form = response.context["form"]
        data = {"save": "1", "group_count": "3"}
        data.update({name: field.initial for name, field in form.fields.items()})
        response = staff_client.post(url, data)
        assert response.status_code == 302
        groups = BreakoutGroup.objects.filter(engagement=engagement, round="heterogeneous")
        assert groups.count() == 3
        for group in groups:
            assert group.participants.values("stakeholder_group").distinct().count() == 3

    def test_adjustment_breaking_the_rules_is_refused(self, staff_client, engagement, roster):
        url = reverse("engagements:afternoon_groups", args=[engagement.pk])
        form = staff_client.get(url, {"groups": 2}).context["form"]
        data = {"save": "1", "group_count": "2"}
        data.update({name: field.initial for name, field in form.fields.items()})
        for name in data:
            if name.startswith("participant_"):
                data[name] = 1  # everyone into group 1
        response = staff_client.post(url, data)
        assert response.status_code == 200
        assert "Group 2 has no member of" in response.content.decode()
        assert not BreakoutGroup.objects.filter(round="heterogeneous").exists()

    def test_impossible_roster_gives_a_clear_message(self, staff_client, engagement, roster):
        response = staff_client.get(
            reverse("engagements:afternoon_groups", args=[engagement.pk]), {"groups": 9}
        )
        assert "Only 4 members of" in response.content.decode()


@pytest.mark.django_db
def test_duplicate_breakout_group_name_is_a_form_error(
    staff_client, engagement, stakeholder_groups
):
    BreakoutGroupFactory(
        engagement=engagement,
        name="Youth",
        round="homogeneous",
        stakeholder_group=stakeholder_groups[0],
    )
    response = staff_client.post(
        reverse("engagements:breakoutgroup_create", args=[engagement.pk]),
        {
            "name": "Youth",
            "round": "homogeneous",
            "stakeholder_group": stakeholder_groups[1].pk,
            "language": "en",
        },
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert BreakoutGroup.objects.count() == 1
