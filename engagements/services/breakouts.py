"""Step 3, the program day: morning groups, merging issues, dot votes, afternoon groups and
the participant roster imported from CSV."""

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..grouping import check_heterogeneous_groups
from ..languages import PROGRAM_LANGUAGE_CHOICES, PROGRAM_LANGUAGE_CODES
from ..models import (
    AuditEntry,
    BreakoutGroup,
    Engagement,
    Facilitator,
    Issue,
    Participant,
    StakeholderGroup,
)
from .records import _save, audit, links_set, record_delete, require_permission


@transaction.atomic
def morning_groups_create(*, engagement: Engagement, user) -> list[BreakoutGroup]:
    """Create one homogeneous (morning) breakout group per stakeholder group that has none,
    each holding that stakeholder group's participants. Returns the groups created (none
    when every stakeholder group has its group). Needs ``add_breakoutgroup``.

    Raises ``ValidationError`` if the engagement has no stakeholder groups."""
    require_permission(user, "engagements.add_breakoutgroup", engagement)
    Engagement.objects.select_for_update().filter(pk=engagement.pk).first()
    stakeholder_groups = list(
        StakeholderGroup.objects.filter(engagement=engagement).prefetch_related("participants")
    )
    if not stakeholder_groups:
        raise ValidationError(_("Add the stakeholder groups in step 1 first."))
    existing = set(
        BreakoutGroup.objects.filter(
            engagement=engagement, round=BreakoutGroup.Round.HOMOGENEOUS
        ).values_list("stakeholder_group_id", flat=True)
    )
    created = []
    for stakeholder_group in stakeholder_groups:
        if stakeholder_group.pk in existing:
            continue
        group = BreakoutGroup(
            engagement=engagement,
            round=BreakoutGroup.Round.HOMOGENEOUS,
            name=stakeholder_group.name,
            stakeholder_group=stakeholder_group,
        )
        _save(group, user)
        links_set(
            record=group,
            field_name="participants",
            targets=stakeholder_group.participants.all(),
            user=user,
        )
        created.append(group)
    if created:
        audit(
            engagement=engagement,
            user=user,
            action=AuditEntry.Action.MORNING_GROUPS,
            model=BreakoutGroup,
            count=len(created),
        )
    return created


@transaction.atomic
def issues_merge(*, target: Issue, issues: Sequence[Issue], user) -> Issue:
    """Merge overlapping ``issues`` (from any groups of the same engagement) into ``target``.

    The merged issues, and any issues previously merged into them, point to ``target``;
    their dot votes are added to it and their priority mark moves to it. Returns ``target``.
    Needs ``change_issue`` on every issue. Raises ``ValidationError`` for issues of another
    engagement, an issue merged into itself or into an issue that was itself merged, and
    issues locked by the published plan."""
    for issue in [target, *issues]:
        require_permission(user, "engagements.change_issue", issue)
    if target.merged_into_id:
        raise ValidationError(_("Merge into an issue that has not itself been merged."))
    ids = [issue.pk for issue in issues]
    if target.pk in ids:
        raise ValidationError(_("An issue cannot be merged into itself."))
    if any(issue.engagement_id != target.engagement_id for issue in issues):
        raise ValidationError(_("Only issues of the same engagement can be merged."))
    # Issues merged into the ones being merged move first, so that no issue is ever merged
    # into one that is itself merged.
    moving = list(Issue.objects.filter(merged_into_id__in=ids)) + list(
        Issue.objects.filter(pk__in=ids)
    )
    for issue in moving:
        target.dot_votes += issue.dot_votes
        target.is_priority = target.is_priority or issue.is_priority
        issue.merged_into = target
        issue.dot_votes = 0
        issue.is_priority = False
        _save(issue, user)
    _save(target, user)
    audit(
        engagement=target.engagement,
        user=user,
        action=AuditEntry.Action.MERGED,
        record=target,
        count=len(moving),
    )
    return target


@transaction.atomic
def issue_unmerge(*, issue: Issue, user) -> Issue:
    """Separate a merged issue again; it starts with no votes of its own. Needs
    ``change_issue``. Raises ``ValidationError`` if it was not merged or is locked."""
    require_permission(user, "engagements.change_issue", issue)
    if not issue.merged_into_id:
        raise ValidationError(_("This issue is not merged."))
    issue.merged_into = None
    _save(issue, user)
    audit(engagement=issue.engagement, user=user, action=AuditEntry.Action.UNMERGED, record=issue)
    return issue


@transaction.atomic
def issues_record_votes(
    *, engagement: Engagement, votes: Mapping[int, int], priorities: set[int], user
) -> list[Issue]:
    """Record the dot-vote tallies and which issues are priorities.

    ``votes`` maps each canonical issue id to its tally of paper dots (a whole number, zero
    or more; each participant had three dots, ``DOMAIN.md``); ``priorities`` is the set of ids
    chosen as priority issues. Returns the priority issues, most votes first. Needs
    ``change_issue``. Raises ``ValidationError`` for a merged issue, an issue of another
    engagement, a negative tally or an issue locked by the published plan."""
    require_permission(user, "engagements.change_issue", engagement)
    wanted = set(votes) | set(priorities)
    found = Issue.objects.filter(engagement=engagement, pk__in=wanted).in_bulk()
    if set(found) != wanted:
        raise ValidationError(_("Some issues are not issues of this engagement."))
    changed = 0
    for issue_id, issue in found.items():
        if issue.merged_into_id:
            raise ValidationError(_("Votes go to the issue a merged issue was merged into."))
        tally = votes.get(issue_id, issue.dot_votes)
        if tally is None or tally < 0:
            raise ValidationError(_("A tally of dots is a whole number, zero or more."))
        if issue.dot_votes == tally and issue.is_priority == (issue_id in priorities):
            continue
        issue.dot_votes = tally
        issue.is_priority = issue_id in priorities
        _save(issue, user)
        changed += 1
    if changed:
        audit(
            engagement=engagement,
            user=user,
            action=AuditEntry.Action.VOTES,
            model=Issue,
            count=changed,
        )
    return list(Issue.objects.filter(engagement=engagement).priorities())


@transaction.atomic
def afternoon_groups_save(
    *,
    engagement: Engagement,
    groups: Mapping[int, Sequence[int]],
    facilitators: Mapping[int, int],
    user,
) -> list[BreakoutGroup]:
    """Replace the afternoon (heterogeneous) groups with ``groups``.

    ``groups`` maps a group number to participant ids; ``facilitators`` maps each group
    number to a trained facilitator's id. Returns the new groups. Needs
    ``add_breakoutgroup``. Raises ``ValidationError`` when a group lacks a member of a
    stakeholder group present on the roster, a participant is not on the roster or in two
    groups, a facilitator is untrained or leads two groups, or afternoon groups already hold
    solutions (they would be lost)."""
    require_permission(user, "engagements.add_breakoutgroup", engagement)
    Engagement.objects.select_for_update().filter(pk=engagement.pk).first()
    existing = BreakoutGroup.objects.filter(
        engagement=engagement, round=BreakoutGroup.Round.HETEROGENEOUS
    )
    if existing.filter(solutions__isnull=False).exists():
        raise ValidationError(
            _("The afternoon groups already hold solutions; edit those groups one by one.")
        )
    roster = Participant.objects.filter(engagement=engagement).in_bulk()
    stakeholder_of = {pk: p.stakeholder_group_id for pk, p in roster.items()}
    names = dict(StakeholderGroup.objects.filter(engagement=engagement).values_list("pk", "name"))
    assigned = [p for members in groups.values() for p in members]
    if set(assigned) - set(roster) or len(assigned) != len(set(assigned)):
        raise ValidationError(_("Each participant of this engagement belongs to one group."))
    problems = check_heterogeneous_groups(
        groups=groups, stakeholder_of=stakeholder_of, stakeholder_group_names=names
    )
    trained = Facilitator.objects.filter(engagement=engagement).trained().in_bulk()
    chosen = [facilitators.get(number) for number in groups]
    if any(f not in trained for f in chosen):
        problems.append(_("Every group needs a facilitator who completed training."))
    if len(set(chosen)) != len(chosen):
        problems.append(_("A facilitator can lead only one group."))
    if problems:
        raise ValidationError(problems)
    for group in existing:
        links_set(record=group, field_name="participants", targets=[], user=user)
        record_delete(record=group, user=user)
    created = []
    for number in sorted(groups):
        group = BreakoutGroup(
            engagement=engagement,
            round=BreakoutGroup.Round.HETEROGENEOUS,
            name=_("Afternoon group %(number)d") % {"number": number},
            facilitator=trained[facilitators[number]],
        )
        _save(group, user)
        links_set(
            record=group,
            field_name="participants",
            targets=[roster[pk] for pk in groups[number]],
            user=user,
        )
        created.append(group)
    audit(
        engagement=engagement,
        user=user,
        action=AuditEntry.Action.AFTERNOON_GROUPS,
        model=BreakoutGroup,
        count=len(created),
    )
    return created


# The roster from CSV ---------------------------------------------------------------------

CSV_COLUMNS = ["name", "stakeholder_group", "preferred_language", "organisation", "email"]


@dataclass
class RosterImport:
    """The outcome of reading a roster CSV: the valid participants (unsaved) and the rows
    rejected, each as ``(line number, row dict, [messages])``."""

    accepted: list[Participant] = field(default_factory=list)
    rejected: list[tuple[int, dict, list[str]]] = field(default_factory=list)


def participant_rows_read(text: str, *, engagement: Engagement) -> RosterImport:
    """Validate each row of the CSV ``text`` (header row with the columns ``CSV_COLUMNS``;
    the stakeholder group by name, case ignored; the language by code or English name) as a
    participant of ``engagement``. Saves nothing."""
    groups = {
        g.name.strip().lower(): g for g in StakeholderGroup.objects.filter(engagement=engagement)
    }
    languages = {str(label).lower(): code for code, label in PROGRAM_LANGUAGE_CHOICES}
    result = RosterImport()
    reader = csv.DictReader(io.StringIO(text))
    reader.fieldnames = [h.strip().lower() for h in reader.fieldnames or []]
    for row in reader:
        line = reader.line_num
        row = {k: (v or "").strip() for k, v in row.items() if k}
        if not any(row.values()):
            continue
        errors = []
        group_name = row.get("stakeholder_group", "")
        group = groups.get(group_name.lower())
        if group is None:
            errors.append(
                _("Unknown stakeholder group “%(name)s”.") % {"name": group_name}
                if group_name
                else _("Give the participant’s stakeholder group.")
            )
        language = row.get("preferred_language", "") or "en"
        if language not in PROGRAM_LANGUAGE_CODES:
            language = languages.get(language.lower(), language)
        participant = Participant(
            engagement=engagement,
            name=row.get("name", ""),
            stakeholder_group=group,
            preferred_language=language,
            organisation=row.get("organisation", ""),
            email=row.get("email", ""),
        )
        try:
            participant.full_clean(exclude=["stakeholder_group"] if group is None else None)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                label = Participant._meta.get_field(name).verbose_name if name != "__all__" else ""
                errors.extend(f"{label}: {m}" if label else m for m in messages)
        if errors:
            result.rejected.append((line, row, errors))
        else:
            result.accepted.append(participant)
    return result


@transaction.atomic
def participants_import(*, engagement: Engagement, text: str, user) -> RosterImport:
    """Read the roster CSV ``text`` and save its valid rows as participants of
    ``engagement``; return what was accepted and rejected. Needs ``add_participant``. One
    audit entry tells how many were imported."""
    require_permission(user, "engagements.add_participant", engagement)
    result = participant_rows_read(text, engagement=engagement)
    for participant in result.accepted:
        _save(participant, user)
    if result.accepted:
        audit(
            engagement=engagement,
            user=user,
            action=AuditEntry.Action.IMPORTED,
            model=Participant,
            count=len(result.accepted),
        )
    return result
