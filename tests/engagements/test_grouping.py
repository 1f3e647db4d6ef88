"""The proposal of heterogeneous (afternoon) groups from the roster."""

import random
from collections import Counter

import pytest

from engagements.grouping import (
    GroupProposalError,
    check_heterogeneous_groups,
    propose_heterogeneous_groups,
)


def roster(sizes: list[int]) -> list[tuple[int, int]]:
    """Participants (id, stakeholder group id) with ``sizes[i]`` people in group i."""
    people, next_id = [], 1
    for group, size in enumerate(sizes):
        for _ in range(size):
            people.append((next_id, group))
            next_id += 1
    return people


def assert_rules_hold(groups, participants, facilitators):
    stakeholder_of = dict(participants)
    present = set(stakeholder_of.values())
    assigned = [p for g in groups for p in g.participant_ids]
    assert sorted(assigned) == sorted(stakeholder_of), "everyone in exactly one group"
    sizes = [len(g.participant_ids) for g in groups]
    assert max(sizes) - min(sizes) <= 1
    for group in groups:
        assert {stakeholder_of[p] for p in group.participant_ids} == present
    chosen = [g.facilitator_id for g in groups]
    assert len(set(chosen)) == len(chosen) and set(chosen) <= set(facilitators)


@pytest.mark.parametrize("total", [10, 11, 17, 25, 40, 64, 79, 100, 150, 199, 200])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rules_hold_for_rosters_of_10_to_200(total, seed):
    rng = random.Random(total * 100 + seed)
    group_count = rng.randint(2, 7)
    # Every stakeholder group gets at least two members, the rest at random.
    sizes = [2] * group_count
    for _ in range(total - sum(sizes)):
        sizes[rng.randrange(group_count)] += 1
    participants = roster(sizes)
    facilitators = list(range(1000, 1012))
    groups = propose_heterogeneous_groups(
        participants=participants, facilitator_ids=facilitators, seed=seed
    )
    assert_rules_hold(groups, participants, facilitators)


def test_default_is_groups_of_about_ten():
    participants = roster([12, 12, 11, 11, 11, 11, 11])  # 79, like Erie
    groups = propose_heterogeneous_groups(
        participants=participants, facilitator_ids=list(range(100, 110))
    )
    assert len(groups) == 8
    assert Counter(len(g.participant_ids) for g in groups) == {10: 7, 9: 1}


def test_requested_group_count_is_used():
    participants = roster([10, 10, 10])
    groups = propose_heterogeneous_groups(
        participants=participants, facilitator_ids=[1, 2, 3, 4], group_count=4
    )
    assert len(groups) == 4
    assert_rules_hold(groups, participants, [1, 2, 3, 4])


def test_empty_roster_gives_a_clear_message():
    with pytest.raises(GroupProposalError, match="roster is empty"):
        propose_heterogeneous_groups(participants=[], facilitator_ids=[1])


def test_no_trained_facilitator_gives_a_clear_message():
    with pytest.raises(GroupProposalError, match="completed training"):
        propose_heterogeneous_groups(participants=roster([5, 5]), facilitator_ids=[])


def test_more_groups_than_the_smallest_stakeholder_group_allows():
    with pytest.raises(GroupProposalError) as error:
        propose_heterogeneous_groups(
            participants=roster([20, 2, 20]),
            facilitator_ids=list(range(10)),
            group_count=3,
            stakeholder_group_names={0: "Faith", 1: "Youth", 2: "Law Enforcement"},
        )
    assert "Only 2 members of “Youth”" in str(error.value)


def test_more_groups_than_trained_facilitators():
    with pytest.raises(GroupProposalError, match="Only 2 facilitators"):
        propose_heterogeneous_groups(
            participants=roster([10, 10]), facilitator_ids=[1, 2], group_count=3
        )


def test_default_count_is_limited_by_the_rules():
    # 100 people would make 10 groups, but one stakeholder group has only 3 members.
    participants = roster([97, 3])
    groups = propose_heterogeneous_groups(
        participants=participants, facilitator_ids=list(range(20))
    )
    assert len(groups) == 3
    assert_rules_hold(groups, participants, list(range(20)))


def test_check_reports_a_group_missing_a_stakeholder_group():
    problems = check_heterogeneous_groups(
        groups={1: [1, 2], 2: [3]},
        stakeholder_of={1: "a", 2: "b", 3: "a"},
        stakeholder_group_names={"a": "Youth", "b": "Faith"},
    )
    assert problems == ["Group 2 has no member of “Faith”."]
