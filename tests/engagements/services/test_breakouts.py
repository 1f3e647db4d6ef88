"""``services.breakouts``: merging and separating issues, dot votes, morning and afternoon
groups."""

import pytest
from django.core.exceptions import ValidationError

from engagements import services
from engagements.models import BreakoutGroup, Issue
from tests.factories import (
    BreakoutGroupFactory,
    FacilitatorFactory,
    IssueFactory,
    ParticipantFactory,
    trained_facilitator,
)


@pytest.mark.django_db
class TestMerge:
    def test_merge_moves_votes_and_priority(self, engagement, staff):
        target = IssueFactory(engagement=engagement, dot_votes=3)
        other = IssueFactory(engagement=engagement, dot_votes=2, is_priority=True)
        services.issues_merge(target=target, issues=[other], user=staff)
        target.refresh_from_db()
        other.refresh_from_db()
        assert (target.dot_votes, target.is_priority) == (5, True)
        assert (other.merged_into, other.dot_votes, other.is_priority) == (target, 0, False)

    def test_not_into_itself(self, engagement, staff):
        issue = IssueFactory(engagement=engagement)
        with pytest.raises(ValidationError, match="into itself"):
            services.issues_merge(target=issue, issues=[issue], user=staff)
        issue.refresh_from_db()
        assert issue.merged_into is None

    def test_earlier_merges_follow(self, engagement, staff):
        a, b, c = (IssueFactory(engagement=engagement) for _ in range(3))
        services.issues_merge(target=b, issues=[a], user=staff)
        services.issues_merge(target=c, issues=[b], user=staff)
        assert set(Issue.objects.filter(merged_into=c)) == {a, b}

    def test_unmerge_separates(self, engagement, staff):
        target, other = IssueFactory(engagement=engagement), IssueFactory(engagement=engagement)
        services.issues_merge(target=target, issues=[other], user=staff)
        services.issue_unmerge(issue=Issue.objects.get(pk=other.pk), user=staff)
        assert Issue.objects.get(pk=other.pk).merged_into is None

    def test_deleting_an_issue_keeps_what_was_merged_into_it(self, engagement, staff):
        target, other = IssueFactory(engagement=engagement), IssueFactory(engagement=engagement)
        services.issues_merge(target=target, issues=[other], user=staff)
        with pytest.raises(ValidationError, match="cannot be deleted"):
            services.record_delete(record=Issue.objects.get(pk=target.pk), user=staff)
        assert Issue.objects.get(pk=other.pk).merged_into_id == target.pk


@pytest.mark.django_db
class TestVotes:
    def test_negative_tally_refused(self, engagement, staff):
        issue = IssueFactory(engagement=engagement)
        with pytest.raises(ValidationError):
            services.issues_record_votes(
                engagement=engagement, votes={issue.pk: -1}, priorities=set(), user=staff
            )

    def test_another_engagements_issue_refused(self, engagement, staff):
        stranger = IssueFactory()
        with pytest.raises(ValidationError):
            services.issues_record_votes(
                engagement=engagement, votes={stranger.pk: 3}, priorities=set(), user=staff
            )
        stranger.refresh_from_db()
        assert stranger.dot_votes == 0


@pytest.mark.django_db
def test_morning_groups_created_once(engagement, staff, stakeholder_groups):
    ParticipantFactory(engagement=engagement, stakeholder_group=stakeholder_groups[0])
    created = services.morning_groups_create(engagement=engagement, user=staff)
    assert len(created) == 3
    assert created[0].participants.count() == 1
    assert services.morning_groups_create(engagement=engagement, user=staff) == []


@pytest.mark.django_db
class TestAfternoonGroups:
    @pytest.fixture
    def roster(self, engagement, stakeholder_groups):
        return [
            ParticipantFactory(engagement=engagement, stakeholder_group=group)
            for group in stakeholder_groups
            for _ in range(2)
        ]

    def test_one_facilitator_cannot_lead_two_groups(self, engagement, staff, roster):
        facilitator = trained_facilitator(engagement)
        groups = {1: [p.pk for p in roster[::2]], 2: [p.pk for p in roster[1::2]]}
        with pytest.raises(ValidationError, match="only one group"):
            services.afternoon_groups_save(
                engagement=engagement,
                groups=groups,
                facilitators={1: facilitator.pk, 2: facilitator.pk},
                user=staff,
            )
        assert not BreakoutGroup.objects.filter(round="heterogeneous").exists()

    def test_untrained_facilitator_refused(self, engagement, staff, roster):
        untrained = FacilitatorFactory(engagement=engagement)
        with pytest.raises(ValidationError, match="completed training"):
            services.afternoon_groups_save(
                engagement=engagement,
                groups={1: [p.pk for p in roster]},
                facilitators={1: untrained.pk},
                user=staff,
            )

    def test_saved_groups_replace_the_old_ones(self, engagement, staff, roster):
        first, second = trained_facilitator(engagement), trained_facilitator(engagement)
        groups = {1: [p.pk for p in roster[::2]], 2: [p.pk for p in roster[1::2]]}
        for _ in range(2):
            services.afternoon_groups_save(
                engagement=engagement,
                groups=groups,
                facilitators={1: first.pk, 2: second.pk},
                user=staff,
            )
        afternoon = BreakoutGroup.objects.filter(round="heterogeneous")
        assert afternoon.count() == 2
        assert sum(g.participants.count() for g in afternoon) == len(roster)

    def test_a_group_with_notes_is_not_deleted(self, engagement, staff, stakeholder_groups):
        group = BreakoutGroupFactory(engagement=engagement, stakeholder_group=stakeholder_groups[0])
        IssueFactory(engagement=engagement, group=group)
        with pytest.raises(ValidationError, match="cannot be deleted"):
            services.record_delete(record=group, user=staff)
