"""Actions that change the state of an engagement.

Each is a keyword-only function that validates, runs inside ``transaction.atomic`` and is
recorded by django-simple-history (who, when, what). Views and forms call these; they never
set a status field themselves."""

from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .grouping import check_heterogeneous_groups
from .models import (
    ActionPlan,
    BreakoutGroup,
    Engagement,
    Facilitator,
    Issue,
    Participant,
    PlanItem,
    ProgressUpdate,
    StakeholderGroup,
    TrainingAttendance,
    TrainingSession,
)


def _save(instance, user=None):
    instance.full_clean()
    if user is not None:
        instance._history_user = user
    instance.save()
    return instance


def action_plan_get(*, engagement: Engagement) -> ActionPlan:
    """Return the engagement's action plan, creating an empty draft the first time."""
    plan, _created = ActionPlan.objects.get_or_create(engagement=engagement)
    return plan


@transaction.atomic
def morning_groups_create(*, engagement: Engagement, user=None) -> list[BreakoutGroup]:
    """Create one homogeneous (morning) breakout group per stakeholder group that has none,
    each holding that stakeholder group's participants. Returns the groups created.

    Raises ``ValidationError`` if the engagement has no stakeholder groups."""
    stakeholder_groups = list(StakeholderGroup.objects.filter(engagement=engagement))
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
        group = _save(
            BreakoutGroup(
                engagement=engagement,
                round=BreakoutGroup.Round.HOMOGENEOUS,
                name=stakeholder_group.name,
                stakeholder_group=stakeholder_group,
            ),
            user,
        )
        group.participants.set(stakeholder_group.participants.all())
        created.append(group)
    return created


@transaction.atomic
def training_attendance_record(
    *, session: TrainingSession, attendance: Mapping[int, str], user=None
) -> None:
    """Record who attended ``session`` and who completed it.

    ``attendance`` maps a facilitator id to "absent", "attended" or "completed"; facilitators
    not in it are left as they are. Raises ``ValidationError`` for a facilitator of another
    engagement or an unknown state."""
    facilitators = Facilitator.objects.filter(
        engagement_id=session.engagement_id, pk__in=list(attendance)
    ).in_bulk()
    existing = {a.facilitator_id: a for a in session.attendances.all()}
    for facilitator_id, state in attendance.items():
        if facilitator_id not in facilitators:
            raise ValidationError(_("Choose facilitators of this engagement."))
        if state not in {"absent", "attended", "completed"}:
            raise ValidationError(_("Unknown attendance state."))
        record = existing.get(facilitator_id)
        if state == "absent":
            if record:
                if user is not None:
                    record._history_user = user
                record.delete()
            continue
        record = record or TrainingAttendance(
            engagement_id=session.engagement_id, session=session, facilitator_id=facilitator_id
        )
        record.completed = state == "completed"
        _save(record, user)


@transaction.atomic
def issues_merge(*, target: Issue, issues: Sequence[Issue], user=None) -> Issue:
    """Merge overlapping ``issues`` (from any groups of the same engagement) into ``target``.

    The merged issues, and any issues previously merged into them, point to ``target``;
    their dot votes are added to it and their priority mark moves to it. Returns ``target``.
    Raises ``ValidationError`` for issues of another engagement or an attempt to merge an
    issue into itself or into an issue that was itself merged."""
    if target.merged_into_id:
        raise ValidationError(_("Merge into an issue that has not itself been merged."))
    for issue in issues:
        if issue.engagement_id != target.engagement_id:
            raise ValidationError(_("Only issues of the same engagement can be merged."))
        if issue.pk == target.pk:
            raise ValidationError(_("An issue cannot be merged into itself."))
    ids = [issue.pk for issue in issues]
    for issue in Issue.objects.filter(Q(pk__in=ids) | Q(merged_into_id__in=ids)):
        target.dot_votes += issue.dot_votes
        target.is_priority = target.is_priority or issue.is_priority
        issue.merged_into = target
        issue.dot_votes = 0
        issue.is_priority = False
        _save(issue, user)
    return _save(target, user)


@transaction.atomic
def issue_unmerge(*, issue: Issue, user=None) -> Issue:
    """Separate a merged issue again; it starts with no votes of its own."""
    issue.merged_into = None
    return _save(issue, user)


@transaction.atomic
def issues_record_votes(
    *, engagement: Engagement, votes: Mapping[int, int], priorities: set[int], user=None
) -> list[Issue]:
    """Record the dot-vote tallies and which issues are priorities.

    ``votes`` maps each canonical issue id to its tally of paper dots (a whole number, zero
    or more); ``priorities`` is the set of ids chosen as priority issues. Returns the
    priority issues, most votes first. Raises ``ValidationError`` for a merged issue, an
    issue of another engagement or a negative tally."""
    issues = Issue.objects.filter(engagement=engagement, pk__in=set(votes) | set(priorities))
    found = {issue.pk: issue for issue in issues}
    if set(found) != set(votes) | set(priorities):
        raise ValidationError(_("Some issues are not issues of this engagement."))
    for issue_id, issue in found.items():
        if issue.merged_into_id:
            raise ValidationError(_("Votes go to the issue a merged issue was merged into."))
        tally = votes.get(issue_id, issue.dot_votes)
        if tally is None or tally < 0:
            raise ValidationError(_("A tally of dots is a whole number, zero or more."))
        issue.dot_votes = tally
        issue.is_priority = issue_id in priorities
        _save(issue, user)
    return list(Issue.objects.filter(engagement=engagement).priorities())


@transaction.atomic
def afternoon_groups_save(
    *,
    engagement: Engagement,
    groups: Mapping[int, Sequence[int]],
    facilitators: Mapping[int, int],
    user=None,
) -> list[BreakoutGroup]:
    """Replace the afternoon (heterogeneous) groups with ``groups``.

    ``groups`` maps a group number to participant ids; ``facilitators`` maps each group
    number to a trained facilitator's id. Returns the new groups. Raises
    ``ValidationError`` when a group lacks a member of a stakeholder group present on the
    roster, a facilitator is untrained or leads two groups, or afternoon groups already
    hold solutions (they would be lost)."""
    existing = BreakoutGroup.objects.filter(
        engagement=engagement, round=BreakoutGroup.Round.HETEROGENEOUS
    )
    if existing.filter(solutions__isnull=False).exists():
        raise ValidationError(
            _("The afternoon groups already hold solutions; edit those groups one by one.")
        )
    roster = dict(
        Participant.objects.filter(engagement=engagement).values_list("pk", "stakeholder_group")
    )
    names = dict(StakeholderGroup.objects.filter(engagement=engagement).values_list("pk", "name"))
    assigned = [p for members in groups.values() for p in members]
    if set(assigned) - set(roster) or len(assigned) != len(set(assigned)):
        raise ValidationError(_("Each participant of this engagement belongs to one group."))
    problems = check_heterogeneous_groups(
        groups=groups, stakeholder_of=roster, stakeholder_group_names=names
    )
    trained = set(
        Facilitator.objects.filter(engagement=engagement).trained().values_list("pk", flat=True)
    )
    chosen = [facilitators.get(number) for number in groups]
    if any(f not in trained for f in chosen):
        problems.append(_("Every group needs a facilitator who completed training."))
    if len(set(chosen)) != len(chosen):
        problems.append(_("A facilitator can lead only one group."))
    if problems:
        raise ValidationError(problems)
    for group in existing:
        if user is not None:
            group._history_user = user
        group.delete()
    created = []
    for number in sorted(groups):
        group = _save(
            BreakoutGroup(
                engagement=engagement,
                round=BreakoutGroup.Round.HETEROGENEOUS,
                name=_("Afternoon group %(number)d") % {"number": number},
                facilitator_id=facilitators[number],
            ),
            user,
        )
        group.participants.set(groups[number])
        created.append(group)
    return created


@transaction.atomic
def action_plan_publish(*, plan: ActionPlan, user) -> ActionPlan:
    """Publish the plan: it becomes the council's roadmap and its items are locked.

    Raises ``ValidationError`` if the plan is already published, has no items, or has an
    item not linked to a priority issue (every item must be traceable to the issues it came
    from)."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.is_published:
        raise ValidationError(_("This version of the plan is already published."))
    items = PlanItem.objects.filter(engagement_id=plan.engagement_id)
    if not items.exists():
        raise ValidationError(_("Add at least one item before publishing the plan."))
    untraced = [str(item) for item in items.filter(issues__isnull=True)]
    if untraced:
        raise ValidationError(
            _("Link every item to the priority issues it answers: %(items)s.")
            % {"items": "; ".join(untraced)}
        )
    plan.status = ActionPlan.Status.PUBLISHED
    plan.version += 1
    plan.published_at = timezone.now()
    plan.published_by = user
    return _save(plan, user)


@transaction.atomic
def action_plan_revise(*, plan: ActionPlan, user) -> ActionPlan:
    """Start a revision of a published plan: it becomes a draft again, openly, and the next
    publication raises its version. Raises ``ValidationError`` if it is already a draft."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_published:
        raise ValidationError(_("The plan is already a draft."))
    plan.status = ActionPlan.Status.DRAFT
    return _save(plan, user)


@transaction.atomic
def progress_update_create(
    *, plan_item: PlanItem, meeting=None, reported_on, status: str, note: str, user=None
) -> ProgressUpdate:
    """Record progress on a plan item and set the item's state to ``status``.

    Raises ``ValidationError`` for a meeting of another engagement, an unknown state or an
    empty note."""
    update = ProgressUpdate(
        engagement_id=plan_item.engagement_id,
        plan_item=plan_item,
        meeting=meeting,
        reported_on=reported_on,
        status=status,
        note=note,
    )
    if meeting is not None and meeting.engagement_id != plan_item.engagement_id:
        raise ValidationError({"meeting": _("Choose a meeting of this engagement.")})
    _save(update, user)
    plan_item.status = status
    _save(plan_item, user)
    return update
