"""Proposing the afternoon's heterogeneous breakout groups from the roster.

DOMAIN.md: afternoon groups are "formed at random so that each has at least one member of
every stakeholder group". The issue adds that each group has a trained facilitator and that
group sizes differ by at most one. Staff adjust the proposal before saving it."""

import math
import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

#: Groups of about this many people are proposed when staff do not ask for a number.
#: Erie's 79 participants worked in groups of about ten.
TARGET_GROUP_SIZE = 10


class GroupProposalError(ValueError):
    """The roster cannot be split by the rules; the message says why, for the user."""


@dataclass(frozen=True)
class ProposedGroup:
    """One proposed group: its number (1-based), facilitator and participants (ids)."""

    number: int
    facilitator_id: int
    participant_ids: tuple[int, ...]


def max_group_count(stakeholder_counts: Mapping[int, int], facilitator_count: int) -> int:
    """The most groups the rules allow: no more than the smallest stakeholder group has
    members (each group needs one of each) nor than there are trained facilitators."""
    if not stakeholder_counts:
        return 0
    return min(min(stakeholder_counts.values()), facilitator_count)


def default_group_count(participant_count: int, limit: int) -> int:
    """About ``TARGET_GROUP_SIZE`` people a group, within ``limit`` and at least one."""
    wanted = max(1, math.ceil(participant_count / TARGET_GROUP_SIZE))
    return max(1, min(wanted, limit))


def propose_heterogeneous_groups(
    *,
    participants: Sequence[tuple[int, int]],
    facilitator_ids: Sequence[int],
    group_count: int | None = None,
    stakeholder_group_names: Mapping[int, str] | None = None,
    seed: int | None = None,
) -> list[ProposedGroup]:
    """Split the roster into mixed groups.

    ``participants`` is a sequence of ``(participant_id, stakeholder_group_id)``; every
    stakeholder group that appears in it must be represented in every group.
    ``facilitator_ids`` are the trained facilitators, one of whom leads each group (in the
    order given). ``group_count`` defaults to groups of about ``TARGET_GROUP_SIZE``.
    ``seed`` makes the random draw repeatable.

    Returns ``group_count`` groups whose sizes differ by at most one, each with at least
    one member of every stakeholder group present and a distinct facilitator.

    Raises ``GroupProposalError`` with a message for staff when the rules cannot be met:
    an empty roster, no trained facilitator, or more groups than the smallest stakeholder
    group has members or than there are facilitators.
    """
    names = stakeholder_group_names or {}
    if not participants:
        raise GroupProposalError(_("The roster is empty: add participants first."))
    if not facilitator_ids:
        raise GroupProposalError(
            _("No facilitator has completed training; each group needs a trained facilitator.")
        )
    by_stakeholder: dict[int, list[int]] = defaultdict(list)
    for participant_id, stakeholder_id in participants:
        by_stakeholder[stakeholder_id].append(participant_id)

    limit = max_group_count({k: len(v) for k, v in by_stakeholder.items()}, len(facilitator_ids))
    if group_count is None:
        group_count = default_group_count(len(participants), limit)
    if group_count < 1:
        raise GroupProposalError(_("Ask for at least one group."))
    smallest_id = min(by_stakeholder, key=lambda k: (len(by_stakeholder[k]), k))
    smallest = len(by_stakeholder[smallest_id])
    if group_count > smallest:
        raise GroupProposalError(
            ngettext(
                "Only %(count)d member of “%(group)s” is on the roster, so at most "
                "%(count)d group can include one. Propose fewer groups or invite more "
                "people from that stakeholder group.",
                "Only %(count)d members of “%(group)s” are on the roster, so at most "
                "%(count)d groups can each include one. Propose fewer groups or invite more "
                "people from that stakeholder group.",
                smallest,
            )
            % {"count": smallest, "group": names.get(smallest_id, smallest_id)}
        )
    if group_count > len(facilitator_ids):
        raise GroupProposalError(
            ngettext(
                "Only %(count)d facilitator has completed training, and each group needs "
                "one. Propose fewer groups or train more facilitators.",
                "Only %(count)d facilitators have completed training, and each group needs "
                "one. Propose fewer groups or train more facilitators.",
                len(facilitator_ids),
            )
            % {"count": len(facilitator_ids)}
        )

    rng = random.Random(seed)
    members: list[list[int]] = [[] for _ in range(group_count)]
    leftovers: list[int] = []
    # Smallest stakeholder groups first: one member of each into every group.
    for stakeholder_id in sorted(by_stakeholder, key=lambda k: (len(by_stakeholder[k]), k)):
        people = list(by_stakeholder[stakeholder_id])
        rng.shuffle(people)
        for index in range(group_count):
            members[index].append(people[index])
        leftovers.extend(people[group_count:])
    # Everyone else goes to the currently smallest group, so sizes never differ by more
    # than one; ties go to a random group so that no group is always favoured.
    for person in leftovers:
        smallest_size = min(len(group) for group in members)
        candidates = [i for i, group in enumerate(members) if len(group) == smallest_size]
        members[rng.choice(candidates)].append(person)
    return [
        ProposedGroup(
            number=index + 1,
            facilitator_id=facilitator_ids[index],
            participant_ids=tuple(sorted(group)),
        )
        for index, group in enumerate(members)
    ]


def check_heterogeneous_groups(
    *,
    groups: Mapping[int, Sequence[int]],
    stakeholder_of: Mapping[int, int],
    stakeholder_group_names: Mapping[int, str] | None = None,
) -> list[str]:
    """Return the rule breaches (messages for staff) in an adjusted set of groups.

    ``groups`` maps a group number to its participant ids; ``stakeholder_of`` maps every
    participant id on the roster to their stakeholder group id. Checks that every group has
    a member of each stakeholder group present on the roster. An empty list means the
    groups keep the rules."""
    names = stakeholder_group_names or {}
    present = set(stakeholder_of.values())
    problems = []
    for number in sorted(groups):
        covered = {stakeholder_of[p] for p in groups[number]}
        for missing in sorted(present - covered, key=lambda k: str(names.get(k, k))):
            problems.append(
                _("Group %(number)d has no member of “%(group)s”.")
                % {"number": number, "group": names.get(missing, missing)}
            )
    return problems
