"""Step 3, the program day: morning groups, merging issues, dot votes, afternoon groups and
the participant roster imported from CSV."""

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from spcp.text import isolate, join_list, join_sentences, label_value

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
from .guards import check_records_version, records_version
from .records import _save, audit, links_set, record_delete, require_permission


def spread_facilitators(n_groups: int, facilitators: Sequence) -> list[list]:
    """Deal ``facilitators`` (in the order given) over ``n_groups`` groups: each group gets
    one before any gets two, and none more than two. Returns one list per group (first
    facilitator, then the second); facilitators beyond two per group are left out, and
    groups beyond the number of facilitators get an empty list."""
    spread = [[] for _ in range(n_groups)]
    for i, facilitator in enumerate(facilitators[: 2 * n_groups]):
        spread[i % n_groups].append(facilitator)
    return spread


@transaction.atomic
def morning_groups_create(*, engagement: Engagement, user) -> list[BreakoutGroup]:
    """Create one homogeneous (morning) breakout group per stakeholder group that has none,
    each holding that stakeholder group's participants and led by trained facilitators.

    Facilitators who completed training and lead or co-lead no morning group yet are dealt
    over the new groups in order of name (``spread_facilitators``): every group gets a
    first facilitator before any gets a second, and none gets more than two; with fewer
    facilitators than groups, the last groups get none (staff assign them on the group's
    edit page, and the overview's step 3 stays open until they do). Existing groups are left
    as they are. Returns the groups created (none when every stakeholder group has its
    group). Needs ``add_breakoutgroup``.

    Raises ``ValidationError`` if the engagement has no stakeholder groups."""
    require_permission(user, "engagements.add_breakoutgroup", engagement)
    Engagement.objects.select_for_update().filter(pk=engagement.pk).first()
    stakeholder_groups = list(
        StakeholderGroup.objects.filter(engagement=engagement).prefetch_related("participants")
    )
    if not stakeholder_groups:
        raise ValidationError(_("Add the stakeholder groups in step 1 first."))
    morning = BreakoutGroup.objects.filter(
        engagement=engagement, round=BreakoutGroup.Round.HOMOGENEOUS
    )
    existing = set(morning.values_list("stakeholder_group_id", flat=True))
    busy = set()
    for lead, second in morning.values_list("facilitator_id", "second_facilitator_id"):
        busy |= {lead, second}
    available = list(
        Facilitator.objects.filter(engagement=engagement)
        .trained()
        .exclude(pk__in=busy - {None})
        .order_by("name", "pk")
    )
    missing = [g for g in stakeholder_groups if g.pk not in existing]
    spread = spread_facilitators(len(missing), available)
    created = []
    for stakeholder_group, facilitators in zip(missing, spread, strict=True):
        group = BreakoutGroup(
            engagement=engagement,
            round=BreakoutGroup.Round.HOMOGENEOUS,
            name=stakeholder_group.name,
            stakeholder_group=stakeholder_group,
            facilitator=facilitators[0] if facilitators else None,
            second_facilitator=facilitators[1] if len(facilitators) > 1 else None,
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


#: The fields of an afternoon group that saving a proposal replaces (their version).
AFTERNOON_FIELDS = ("name", "number", "facilitator", "participants")


def afternoon_groups_version(engagement: Engagement) -> str:
    """The version of ``engagement``'s afternoon groups, for ``afternoon_groups_save``."""
    groups = BreakoutGroup.objects.filter(
        engagement=engagement, round=BreakoutGroup.Round.HETEROGENEOUS
    ).prefetch_related("participants")
    return records_version(groups, AFTERNOON_FIELDS)


#: The fields of an issue that the votes page edits (its version).
VOTE_FIELDS = ("dot_votes", "is_priority")


@transaction.atomic
def issues_record_votes(
    *,
    engagement: Engagement,
    votes: Mapping[int, int],
    priorities: set[int],
    user,
    expected_version: str | None = None,
) -> list[Issue]:
    """Record the dot-vote tallies and which issues are priorities.

    ``votes`` maps each canonical issue id to its tally of paper dots (a whole number, zero
    or more; each participant had three dots, ``DOMAIN.md``); ``priorities`` is the set of ids
    chosen as priority issues. Returns the priority issues, most votes first. Needs
    ``change_issue``. Raises ``ValidationError`` for a merged issue, an issue of another
    engagement, a negative tally or an issue locked by the published plan; with
    ``expected_version`` (``guards.records_version`` of the canonical issues' ``VOTE_FIELDS``
    when the page was opened), ``guards.StaleEdit`` if someone saved votes since."""
    require_permission(user, "engagements.change_issue", engagement)
    check_records_version(
        Issue.objects.filter(engagement=engagement).canonical(),
        expected=expected_version,
        fields=VOTE_FIELDS,
    )
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
    expected_version: str | None = None,
) -> list[BreakoutGroup]:
    """Replace the afternoon (heterogeneous) groups with ``groups``.

    With ``expected_version`` (``afternoon_groups_version`` when the page was opened), raises
    ``guards.StaleEdit`` if someone saved afternoon groups since, so that one proposal does
    not silently replace another.

    ``groups`` maps a group number to participant ids; ``facilitators`` maps each group
    number to a trained facilitator's id. Returns the new groups, numbered and without a
    name (their name is generated in the reader's language, ``BreakoutGroup.label_spec``). Needs
    ``add_breakoutgroup``. Raises ``ValidationError`` when a group lacks a member of a
    stakeholder group present on the roster, a participant is not on the roster or in two
    groups, a facilitator is untrained or leads two groups, or afternoon groups already hold
    solutions (they would be lost)."""
    require_permission(user, "engagements.add_breakoutgroup", engagement)
    Engagement.objects.select_for_update().filter(pk=engagement.pk).first()
    existing = BreakoutGroup.objects.filter(
        engagement=engagement, round=BreakoutGroup.Round.HETEROGENEOUS
    )
    check_records_version(existing, expected=expected_version, fields=AFTERNOON_FIELDS)
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
            # No name: "Afternoon group <number>" is written in each reader's language when
            # it is shown (``BreakoutGroup.label_spec``), not in the language of who saved it.
            number=number,
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
CSV_REQUIRED_COLUMNS = ("name", "stakeholder_group")

#: The most data rows one roster file may hold. A program day seats a few hundred people, so
#: 2,000 leaves room for any real roster while keeping one upload quick to check (about a
#: second) and its preview small enough to keep in the session; unbounded, 100,000 rows took
#: minutes and gave a 16 MB report.
ROSTER_MAX_ROWS = 2000
#: The largest roster file accepted, in bytes (checked on the upload, before it is read).
#: 2,000 rows of the five columns fit in well under 1 MB; anything bigger is the wrong file.
ROSTER_MAX_BYTES = 1024 * 1024


@dataclass
class RosterImport:
    """What reading a roster CSV found; nothing is saved. Rows are plain, JSON-safe dicts so
    that the page can keep them in the session until staff confirm the import.

    - ``accepted``: the rows to import, each ``{"line", "name", "stakeholder_group"`` (the
      group's pk)``, "stakeholder_group_name", "preferred_language", "organisation",
      "email"}``: what ``participants_import`` takes.
    - ``duplicates``: valid rows that are not imported because they are the same person as a
      participant on the roster or an earlier row of the file (see ``same_person``): the
      same dicts plus ``"duplicate_of_line"``, the earlier row's line number, or ``None``
      when the person is already on the roster.
    - ``rejected``: the rows that are no valid participant, each ``(line number, row dict,
      [messages])``."""

    accepted: list[dict] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    rejected: list[tuple[int, dict, list[str]]] = field(default_factory=list)


@dataclass
class RosterImported:
    """What ``participants_import`` did: the participants ``added`` (saved) and the rows
    ``skipped`` because the person was already on the roster (or earlier in ``rows``)."""

    added: list[Participant] = field(default_factory=list)
    skipped: list[Mapping] = field(default_factory=list)


def _person_name(name: str) -> str:
    return " ".join(name.split()).casefold()


def _emails_agree(email: str, other_email: str) -> bool:
    email, other_email = email.strip().casefold(), other_email.strip().casefold()
    return not email or not other_email or email == other_email


class _People:
    """The people seen so far (on the roster, then in the file), for ``same_person``."""

    def __init__(self):
        self.emails_by_name: dict[str, list[tuple[str, int | None]]] = {}

    def add(self, name: str, email: str, line: int | None = None) -> None:
        self.emails_by_name.setdefault(_person_name(name), []).append((email, line))

    def find(self, name: str, email: str) -> tuple[bool, int | None]:
        """``(True, line)`` for the first person seen who is the same as ``name`` and
        ``email`` (``line`` is None for the roster), else ``(False, None)``."""
        for other_email, line in self.emails_by_name.get(_person_name(name), []):
            if _emails_agree(email, other_email):
                return True, line
        return False, None


def same_person(name: str, email: str, other_name: str, other_email: str) -> bool:
    """The duplicate rule of the roster import: two participants are the same person when
    their names are equal ignoring case and spacing (``"  jordan  LEE"`` is ``"Jordan
    Lee"``), and their email addresses do not differ: equal ignoring case, or at least one of
    them blank. Two people of the same name with different email addresses are two people.
    The stakeholder group, language and organisation play no part (the same person listed
    under another group is still a duplicate); ``Participant`` has no phone number."""
    return _person_name(name) == _person_name(other_name) and _emails_agree(email, other_email)


def _roster_people(engagement: Engagement) -> _People:
    people = _People()
    for name, email in Participant.objects.filter(engagement=engagement).values_list(
        "name", "email"
    ):
        people.add(name, email)
    return people


def _csv_rows(text: str) -> tuple[list[str], list[tuple[int, dict]]]:
    """The header and the non-blank data rows of ``text`` as ``(line, row)``; raise
    ``ValidationError`` for what is no roster file. Rows are counted while they are read and
    reading stops at the first row over ``ROSTER_MAX_ROWS``."""
    if "\x00" in text:
        raise ValidationError(
            _(
                "The file contains NUL characters, so it is not a CSV text file (it may be "
                "a spreadsheet or UTF-16 text). Save it as “CSV UTF-8” and upload it again."
            ),
            code="nul",
        )
    if not text.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    reader = csv.DictReader(io.StringIO(text))
    rows = []
    try:
        headers = [h.strip().lower() for h in reader.fieldnames or []]
        reader.fieldnames = headers
        missing = [c for c in CSV_REQUIRED_COLUMNS if c not in headers]
        if missing:
            raise ValidationError(
                _("The header row must name the columns %(columns)s.")
                % {"columns": join_list(missing)},
                code="columns",
            )
        for row in reader:
            row = {k: (v or "").strip() for k, v in row.items() if k}
            if not any(row.values()):
                continue
            if len(rows) == ROSTER_MAX_ROWS:
                raise ValidationError(
                    ngettext(
                        "The file has more than %(limit)s row; split it into files of at "
                        "most %(limit)s participant and import them one after the other.",
                        "The file has more than %(limit)s rows; split it into files of at "
                        "most %(limit)s participants and import them one after the other.",
                        ROSTER_MAX_ROWS,
                    )
                    % {"limit": formats.number_format(ROSTER_MAX_ROWS, force_grouping=True)},
                    code="too_many_rows",
                )
            rows.append((reader.line_num, row))
    except csv.Error as error:
        raise ValidationError(
            _("The file is not a readable CSV file (%(error)s).") % {"error": error},
            code="csv",
        ) from None
    if not rows:
        raise ValidationError(_("The file has column names but no participants."), code="no_rows")
    return headers, rows


def participant_rows_read(text: str, *, engagement: Engagement) -> RosterImport:
    """Read the roster CSV ``text`` as participants of ``engagement``; saves nothing.

    The header row names the columns (``CSV_COLUMNS``, case ignored; ``name`` and
    ``stakeholder_group`` are required, others optional, unknown ones ignored); the
    stakeholder group is given by name (case ignored), the language by code or English name.
    Blank rows are skipped. Each row is accepted, a duplicate (``same_person`` as a
    participant on the roster or an earlier accepted row) or rejected with its reasons; see
    ``RosterImport``.

    Raises ``ValidationError`` (a message for the user) when the text is no roster: empty,
    header only, a required column missing, NUL characters, unreadable CSV, or more than
    ``ROSTER_MAX_ROWS`` data rows (counted while reading, before any row is checked)."""
    _headers, rows = _csv_rows(text)
    groups = {
        g.name.strip().lower(): g for g in StakeholderGroup.objects.filter(engagement=engagement)
    }
    languages = {str(label).lower(): code for code, label in PROGRAM_LANGUAGE_CHOICES}
    people = _roster_people(engagement)
    result = RosterImport()
    for line, row in rows:
        errors = []
        group_name = row.get("stakeholder_group", "")
        group = groups.get(group_name.lower())
        if group is None:
            errors.append(
                _("Unknown stakeholder group “%(name)s”.")
                % {"name": isolate(Truncator(group_name).chars(80))}
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
            # The engagement and the group were just read from the database: no need to
            # query each row for them.
            participant.full_clean(exclude=["engagement", "stakeholder_group"])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                label = Participant._meta.get_field(name).verbose_name if name != "__all__" else ""
                errors.extend(label_value(label, m) if label else m for m in messages)
        if errors:
            result.rejected.append((line, row, errors))
            continue
        values = {
            "line": line,
            "name": participant.name,
            "stakeholder_group": group.pk,
            "stakeholder_group_name": group.name,
            "preferred_language": participant.preferred_language,
            "organisation": participant.organisation,
            "email": participant.email,
        }
        found, duplicate_of_line = people.find(participant.name, participant.email)
        if found:
            result.duplicates.append({**values, "duplicate_of_line": duplicate_of_line})
        else:
            people.add(participant.name, participant.email, line)
            result.accepted.append(values)
    return result


@transaction.atomic
def participants_import(*, engagement: Engagement, rows: Sequence[Mapping], user) -> RosterImported:
    """Save ``rows`` (the ``accepted`` rows of ``participant_rows_read``: ``name``,
    ``stakeholder_group`` pk, and optionally ``preferred_language``, ``organisation``,
    ``email``, ``line``) as participants of ``engagement``. Needs ``add_participant``.

    A row that is ``same_person`` as a participant on the roster, or as an earlier row, is
    skipped: the roster is read again here, with the engagement locked until the transaction
    ends, so rows confirmed twice (double click, back button, two tabs) or two imports at
    once add nobody twice. Each participant is validated (``full_clean``) and kept in the
    history by ``user``; they are inserted together (``bulk_create_with_history``: 2,000 rows
    one by one took over 10 s). One audit entry gives the number added.

    Returns a ``RosterImported``. Raises ``PermissionDenied``, or ``ValidationError`` (and
    saves nothing) when a row is no valid participant any more, e.g. its stakeholder group
    was deleted since the file was read."""
    require_permission(user, "engagements.add_participant", engagement)
    Engagement._base_manager.select_for_update().only("pk").get(pk=engagement.pk)
    # Locked too, so that a group cannot be deleted before its participants are inserted.
    groups = {
        g.pk: g for g in StakeholderGroup.objects.select_for_update().filter(engagement=engagement)
    }
    people = _roster_people(engagement)
    result = RosterImported()
    for row in rows:
        name, email = row.get("name", ""), row.get("email", "")
        if people.find(name, email)[0]:
            result.skipped.append(row)
            continue
        group = groups.get(row.get("stakeholder_group"))
        line = row.get("line", len(result.added) + len(result.skipped) + 1)
        if group is None:
            raise ValidationError(
                _(
                    "Line %(line)s: the stakeholder group “%(name)s” is not in this "
                    "engagement any more; upload the file again."
                )
                % {"line": line, "name": isolate(row.get("stakeholder_group_name", ""))}
            )
        participant = Participant(
            engagement=engagement,
            name=name,
            stakeholder_group=group,
            preferred_language=row.get("preferred_language") or "en",
            organisation=row.get("organisation", ""),
            email=email,
        )
        try:
            # The engagement and the group are locked rows of this engagement: no need to
            # query each row for them.
            participant.full_clean(exclude=["engagement", "stakeholder_group"])
        except ValidationError as error:
            raise ValidationError(
                _("Line %(line)s: %(errors)s")
                % {"line": line, "errors": join_sentences(error.messages)}
            ) from None
        people.add(name, email)
        result.added.append(participant)
    if result.added:
        bulk_create_with_history(result.added, Participant, batch_size=500, default_user=user)
        audit(
            engagement=engagement,
            user=user,
            action=AuditEntry.Action.IMPORTED,
            model=Participant,
            count=len(result.added),
        )
    return result
