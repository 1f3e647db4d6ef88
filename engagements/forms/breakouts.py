"""Step 3, the program day: the roster, breakout groups, their notes, merging, dot votes and
the afternoon groups."""

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext

from offices.models import User
from spcp.fields import WholeNumberField
from spcp.text import isolate

from ..models import BreakoutGroup, Facilitator, Issue, Participant, Solution, Strength
from ..services.breakouts import (
    AFTERNOON_FIELDS,
    ROSTER_MAX_BYTES,
    ROSTER_MAX_ROWS,
    VOTE_FIELDS,
)
from ..services.guards import records_version
from . import (
    BoundedModelMultipleChoiceField,
    EngagementRecordForm,
    RecordSelect,
    SetVersionMixin,
    set_conflict,
    set_text_direction,
)


class ParticipantForm(EngagementRecordForm):
    class Meta:
        model = Participant
        fields = ["name", "stakeholder_group", "preferred_language", "organisation", "email"]


class ParticipantImportForm(forms.Form):
    """A CSV file of participants: columns name, stakeholder_group, preferred_language,
    organisation, email (a header row is required; only name and stakeholder_group must
    have a value). ``cleaned_data["file"]`` is the decoded text.

    The form checks the bytes: at most ``ROSTER_MAX_BYTES`` (from the upload's size, before
    reading it) and UTF-8 text. What the text holds (columns, rows, the row limit) is checked
    by ``services.participant_rows_read``."""

    file = forms.FileField(label=_("CSV file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = ngettext(
            "UTF-8 CSV with a header row: name, stakeholder_group, preferred_language, "
            "organisation, email. The stakeholder group is given by its name. At most "
            "%(rows)s participant and %(size)s per file.",
            "UTF-8 CSV with a header row: name, stakeholder_group, preferred_language, "
            "organisation, email. The stakeholder group is given by its name. At most "
            "%(rows)s participants and %(size)s per file.",
            ROSTER_MAX_ROWS,
        ) % {
            "rows": formats.number_format(ROSTER_MAX_ROWS, force_grouping=True),
            "size": filesizeformat(ROSTER_MAX_BYTES),
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > ROSTER_MAX_BYTES:
            raise ValidationError(
                ngettext(
                    "The file is larger than %(limit)s (it has %(size)s). A roster of "
                    "%(rows)s participant fits in far less: check that this is the right "
                    "file, or split it.",
                    "The file is larger than %(limit)s (it has %(size)s). A roster of "
                    "%(rows)s participants fits in far less: check that this is the right "
                    "file, or split it.",
                    ROSTER_MAX_ROWS,
                )
                % {
                    "limit": filesizeformat(ROSTER_MAX_BYTES),
                    "size": filesizeformat(upload.size),
                    "rows": formats.number_format(ROSTER_MAX_ROWS, force_grouping=True),
                },
                code="too_large",
            )
        raw = upload.read()
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                _(
                    "The file is not UTF-8 text (it may be a spreadsheet or another kind of "
                    "file); save it as “CSV UTF-8” and upload it again."
                ),
                code="encoding",
            ) from None


class BreakoutGroupForm(EngagementRecordForm):
    class Meta:
        model = BreakoutGroup
        fields = [
            "name",
            "round",
            "stakeholder_group",
            "facilitator",
            "second_facilitator",
            "co_facilitator",
            "language",
            "room",
            "participants",
        ]
        widgets = {"participants": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        trained = Facilitator.objects.filter(engagement=self.engagement).trained()
        self.fields["facilitator"].queryset = trained
        self.fields["second_facilitator"].queryset = trained
        self.fields["participants"].queryset = self.fields["participants"].queryset.select_related(
            "stakeholder_group"
        )
        self.fields["co_facilitator"].queryset = User.objects.filter(
            office__isnull=False, is_active=True
        )


class StrengthForm(EngagementRecordForm):
    class Meta:
        model = Strength
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class IssueForm(EngagementRecordForm):
    class Meta:
        model = Issue
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class SolutionForm(EngagementRecordForm):
    class Meta:
        model = Solution
        fields = ["issue", "text", "actions"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issue"].queryset = Issue.objects.filter(
            engagement=self.engagement, is_priority=True, merged_into__isnull=True
        )
        self.fields["issue"].help_text = _("The priority issue this solution answers.")


#: The note form for each kind of breakout note.
NOTE_FORMS = {"strength": StrengthForm, "issue": IssueForm, "solution": SolutionForm}


class IssueMergeForm(forms.Form):
    """Merge overlapping issues from different groups into one."""

    target = forms.ModelChoiceField(
        label=_("Keep this issue"),
        queryset=Issue.objects.none(),
        help_text=_("Its wording is kept; the others are merged into it."),
    )
    issues = BoundedModelMultipleChoiceField(
        label=_("Merge these issues into it"),
        queryset=Issue.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, engagement, **kwargs):
        super().__init__(*args, **kwargs)
        canonical = (
            Issue.objects.filter(engagement=engagement)
            .canonical()
            .select_related("group")
            .order_by("group__name", "pk")
        )
        self.fields["target"].queryset = canonical
        self.fields["issues"].queryset = canonical
        self.fields["target"].label_from_instance = self.label
        self.fields["issues"].label_from_instance = self.label
        set_text_direction(self)

    @staticmethod
    def label(issue) -> str:
        """The issue and the group that named it, each isolated, in the reader's language."""
        pattern = pgettext("an issue and the breakout group that named it", "%(issue)s (%(group)s)")
        return pattern % {"issue": isolate(issue.text), "group": isolate(issue.group)}

    def clean(self):
        cleaned = super().clean()
        target, issues = cleaned.get("target"), cleaned.get("issues")
        if target and issues and target in issues:
            self.add_error("issues", _("Do not tick the issue you keep."))
        return cleaned


class VotesForm(SetVersionMixin, forms.Form):
    """Dot-vote tallies per issue, and which issues are priorities."""

    def __init__(self, *args, issues, **kwargs):
        super().__init__(*args, **kwargs)
        self.issues = list(issues)
        self.add_version(records_version(self.issues, VOTE_FIELDS))
        for issue in self.issues:
            self.fields[f"votes_{issue.pk}"] = WholeNumberField(
                label=_("Dots for “%(issue)s”") % {"issue": isolate(issue.text[:80])},
                min_value=0,
                max_value=10000,
                initial=issue.dot_votes,
            )
            self.fields[f"priority_{issue.pk}"] = forms.BooleanField(
                label=pgettext("checkbox: this issue goes forward as a priority", "Priority"),
                required=False,
                initial=issue.is_priority,
            )

    def rows(self):
        for issue in self.issues:
            yield issue, self[f"votes_{issue.pk}"], self[f"priority_{issue.pk}"]

    def votes(self) -> dict[int, int]:
        return {issue.pk: self.cleaned_data[f"votes_{issue.pk}"] for issue in self.issues}

    def priorities(self) -> set[int]:
        return {issue.pk for issue in self.issues if self.cleaned_data[f"priority_{issue.pk}"]}

    def show_conflict(self, error) -> None:
        """After a ``guards.StaleEdit``: per issue whose saved tally or priority differs from
        what was typed, both; the hidden version becomes the stored one, so saving again
        keeps what was typed (see ``SubmissionGuardMixin.show_conflict``)."""
        typed = {issue.pk: issue for issue in self.issues}
        rows = []
        for stored in error.stored:
            if stored.pk not in typed:
                continue
            saved = _vote_text(stored.dot_votes, stored.is_priority)
            mine = _vote_text(
                self.cleaned_data.get(f"votes_{stored.pk}"),
                self.cleaned_data.get(f"priority_{stored.pk}"),
            )
            if saved != mine:
                rows.append({"label": stored.text[:80], "saved": saved, "typed": mine})
        set_conflict(self, error, rows, records_version(error.stored, VOTE_FIELDS))


def _vote_text(dots, is_priority) -> str:
    """The tally and the priority mark as one phrase ("12 dots, priority") in the reader's
    language."""
    n = dots or 0
    if is_priority:
        return ngettext("%(n)d dot, priority", "%(n)d dots, priority", n) % {"n": n}
    return ngettext("%(n)d dot", "%(n)d dots", n) % {"n": n}


class AfternoonGroupsForm(SetVersionMixin, forms.Form):
    """A proposal of afternoon groups, as staff adjust it: a group for each participant and a
    facilitator for each group. ``version`` is ``services.afternoon_groups_version``: saving
    does not silently replace groups someone saved after the page was opened."""

    def __init__(
        self, *args, participants, facilitators, group_count, version, proposal=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.add_version(version)
        self.group_count = group_count
        self.participants = list(participants)
        numbers = [(n, _("Group %(number)d") % {"number": n}) for n in range(1, group_count + 1)]
        # Choices built once, not a queryset per group, so the page's queries do not grow.
        facilitator_choices = [("", "---------")] + [(f.pk, f.name) for f in facilitators]
        by_participant, by_group = {}, {}
        for group in proposal or []:
            by_group[group.number] = group.facilitator_id
            for pid in group.participant_ids:
                by_participant[pid] = group.number
        for number in range(1, group_count + 1):
            self.fields[f"facilitator_{number}"] = forms.TypedChoiceField(
                label=_("Facilitator of group %(number)d") % {"number": number},
                choices=facilitator_choices,
                coerce=int,
                initial=by_group.get(number),
                # The options are facilitators' names: each keeps its own direction.
                widget=RecordSelect(attrs={"class": "form-select form-select-sm"}),
            )
        for participant in self.participants:
            self.fields[f"participant_{participant.pk}"] = forms.TypedChoiceField(
                label=participant.name,
                choices=numbers,
                coerce=int,
                initial=by_participant.get(participant.pk, 1),
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def groups(self) -> dict[int, list[int]]:
        groups = {n: [] for n in range(1, self.group_count + 1)}
        for participant in self.participants:
            groups[self.cleaned_data[f"participant_{participant.pk}"]].append(participant.pk)
        return groups

    def show_conflict(self, error) -> None:
        """After a ``guards.StaleEdit``: someone saved afternoon groups since the page was
        opened; the page says so (the groups differ as a whole, no field-by-field rows)."""
        set_conflict(self, error, [], records_version(error.stored, AFTERNOON_FIELDS))
        self.conflict["whole"] = True

    def facilitators(self) -> dict[int, int]:
        return {n: self.cleaned_data[f"facilitator_{n}"] for n in range(1, self.group_count + 1)}

    def group_rows(self):
        """For the template: per group number, its facilitator field and participant fields."""
        assignment = {}
        for participant in self.participants:
            field = self[f"participant_{participant.pk}"]
            try:
                number = int(field.value() or 1)
            except (TypeError, ValueError):
                number = 1
            assignment.setdefault(number, []).append((participant, field))
        for number in range(1, self.group_count + 1):
            yield number, self[f"facilitator_{number}"], assignment.get(number, [])
