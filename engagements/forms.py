"""Forms for the engagement pages. Each record form is bound to one engagement: its choice
fields offer only that engagement's records."""

import csv
import io

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import ForeignKey
from django.utils.translation import gettext_lazy as _

from offices.models import Office, UnknownStateError, User

from . import models
from .languages import PROGRAM_LANGUAGE_CHOICES, PROGRAM_LANGUAGE_CODES
from .validators import validate_unattributed


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class EngagementForm(forms.ModelForm):
    """Create or edit an engagement. The office is proposed from the state."""

    languages = forms.MultipleChoiceField(
        label=_("Languages of the program"),
        choices=PROGRAM_LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Languages the program day will use; plan interpreters for each."),
    )

    class Meta:
        model = models.Engagement
        fields = [
            "community",
            "state",
            "office",
            "lead_staff",
            "law_enforcement_agencies",
            "origin",
            "incident_date",
            "incident_description",
            "languages",
            "opened_on",
        ]
        widgets = {
            "origin": forms.RadioSelect,
            "incident_date": DateInput,
            "opened_on": DateInput,
            "law_enforcement_agencies": forms.Textarea(attrs={"rows": 3}),
            "incident_description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["office"].required = False
        self.fields["office"].queryset = Office.objects.selectable()
        self.fields["office"].help_text = _(
            "Leave empty to use the regional office that serves the state."
        )
        self.fields["lead_staff"].queryset = User.objects.filter(
            office__isnull=False, is_active=True
        ).order_by("first_name", "last_name")
        if not self.instance.pk:
            self.initial.setdefault("lead_staff", user.pk)

    def clean(self):
        cleaned = super().clean()
        state, office = cleaned.get("state"), cleaned.get("office")
        if not state:
            return cleaned
        try:
            regional = Office.objects.for_state(state)
        except (UnknownStateError, Office.DoesNotExist):
            self.add_error("state", _("No CRS office serves this state."))
            return cleaned
        if office is None:
            office = cleaned["office"] = regional
        allowed = (
            office.is_headquarters or office.pk == regional.pk or (office.region_id == regional.pk)
        )
        if not allowed:
            self.add_error(
                "office",
                _("%(state)s is served by the %(office)s office or its field offices.")
                % {"state": state, "office": regional},
            )
        elif not self.user.office.is_headquarters and office.pk != self.user.office_id:
            self.add_error(
                "office",
                _(
                    "You can open engagements for your own office only. %(state)s is served "
                    "by %(office)s; ask that office or headquarters."
                )
                % {"state": state, "office": office},
            )
        return cleaned


class ProgramDayForm(forms.ModelForm):
    """The program day's date and venue (step 3)."""

    class Meta:
        model = models.Engagement
        fields = ["program_date", "program_venue", "program_address"]
        widgets = {"program_date": DateInput, "program_address": forms.Textarea(attrs={"rows": 2})}


class EngagementRecordForm(forms.ModelForm):
    """A form for a record of one engagement.

    Every choice of a related record is limited to the same engagement; fields named in
    ``unattributed_fields`` refuse text naming a participant on the roster."""

    unattributed_fields: tuple[str, ...] = ()

    def __init__(self, *args, engagement, **kwargs):
        super().__init__(*args, **kwargs)
        self.engagement = engagement
        self.instance.engagement = engagement
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and _has_engagement(queryset.model):
                field.queryset = queryset.filter(engagement=engagement)
        for field in self.fields.values():
            if isinstance(field.widget, forms.DateInput):
                field.widget = DateInput()
            elif isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 3)

    def validate_unique(self):
        """Check unique constraints that include the engagement too (it is not a form field,
        so Django would skip them and the database would refuse the row instead)."""
        exclude = self._get_validation_exclusions()
        exclude.discard("engagement")
        try:
            self.instance.validate_unique(exclude=exclude)
            self.instance.validate_constraints(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)

    def clean(self):
        cleaned = super().clean()
        if self.unattributed_fields:
            names = models.Participant.objects.filter(engagement=self.engagement).values_list(
                "name", flat=True
            )
            names = list(names)
            for name in self.unattributed_fields:
                try:
                    validate_unattributed(cleaned.get(name, ""), names)
                except ValidationError as error:
                    self.add_error(name, error)
        return cleaned


def _has_engagement(model) -> bool:
    try:
        field = model._meta.get_field("engagement")
    except FieldDoesNotExist:
        return False
    return isinstance(field, ForeignKey)


class StakeholderGroupForm(EngagementRecordForm):
    class Meta:
        model = models.StakeholderGroup
        fields = ["name", "description", "order"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = models.StakeholderGroup.objects.filter(
            engagement=self.engagement, name__iexact=name
        ).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(
                _("This engagement already has a stakeholder group of that name.")
            )
        return name


class PlanningGroupMemberForm(EngagementRecordForm):
    class Meta:
        model = models.PlanningGroupMember
        fields = ["name", "affiliation", "sector", "role", "email", "phone"]


class PlanningMeetingForm(EngagementRecordForm):
    class Meta:
        model = models.PlanningMeeting
        fields = ["held_on", "location", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 6})}


class LogisticsTaskForm(EngagementRecordForm):
    class Meta:
        model = models.LogisticsTask
        fields = ["title", "category", "owner", "due_date", "status"]


class FacilitatorForm(EngagementRecordForm):
    class Meta:
        model = models.Facilitator
        fields = ["name", "affiliation", "languages", "email", "phone"]


class TrainingSessionForm(EngagementRecordForm):
    class Meta:
        model = models.TrainingSession
        fields = ["held_on", "place", "trainer", "notes"]


class AttendanceForm(forms.Form):
    """Who attended a training session and who completed it: one choice per facilitator."""

    STATES = [
        ("absent", _("Did not attend")),
        ("attended", _("Attended")),
        ("completed", _("Completed training")),
    ]

    def __init__(self, *args, session, facilitators, **kwargs):
        super().__init__(*args, **kwargs)
        current = {a.facilitator_id: a for a in session.attendances.all()}
        for facilitator in facilitators:
            record = current.get(facilitator.pk)
            state = (
                "absent" if record is None else ("completed" if record.completed else "attended")
            )
            self.fields[f"facilitator_{facilitator.pk}"] = forms.ChoiceField(
                label=facilitator.name,
                choices=self.STATES,
                initial=state,
                widget=forms.RadioSelect,
            )

    def attendance(self) -> dict[int, str]:
        return {
            int(name.removeprefix("facilitator_")): value
            for name, value in self.cleaned_data.items()
        }


class ParticipantForm(EngagementRecordForm):
    class Meta:
        model = models.Participant
        fields = ["name", "stakeholder_group", "preferred_language", "organisation", "email"]


class ParticipantImportForm(forms.Form):
    """A CSV file of participants: columns name, stakeholder_group, preferred_language,
    organisation, email (a header row is required; only name and stakeholder_group must
    have a value)."""

    MAX_BYTES = 2 * 1024 * 1024
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 CSV with a header row: name, stakeholder_group, preferred_language, "
            "organisation, email. The stakeholder group is given by its name."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError(_("The file is larger than 2 MB."))
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                _("The file is not UTF-8 text; save it as “CSV UTF-8”.")
            ) from None
        reader = csv.DictReader(io.StringIO(text))
        try:
            headers = [h.strip().lower() for h in (reader.fieldnames or [])]
            for _row in reader:
                pass
        except csv.Error as error:
            raise ValidationError(
                _("The file is not a readable CSV file (%(error)s).") % {"error": error}
            ) from None
        missing = {"name", "stakeholder_group"} - set(headers)
        if missing:
            raise ValidationError(
                _("The header row must name the columns %(columns)s.")
                % {"columns": ", ".join(sorted(missing))}
            )
        return text


def read_participant_rows(text: str, *, engagement):
    """Validate each CSV row as a participant of ``engagement``.

    Returns ``(forms, rejected)``: the valid, unsaved ``ParticipantForm`` instances, and a
    list of ``(line_number, row_dict, [messages])`` for the rows refused and why."""
    groups = {
        g.name.strip().lower(): g.pk
        for g in models.StakeholderGroup.objects.filter(engagement=engagement)
    }
    languages = {str(label).lower(): code for code, label in PROGRAM_LANGUAGE_CHOICES}
    accepted, rejected = [], []
    reader = csv.DictReader(io.StringIO(text))
    reader.fieldnames = [h.strip().lower() for h in reader.fieldnames or []]
    for row in reader:
        line = reader.line_num
        row = {k: (v or "").strip() for k, v in row.items() if k}
        if not any(row.values()):
            continue
        errors = []
        group_name = row.get("stakeholder_group", "")
        group_id = groups.get(group_name.lower())
        if group_name and group_id is None:
            errors.append(str(_("Unknown stakeholder group “%(name)s”.") % {"name": group_name}))
        language = row.get("preferred_language", "") or "en"
        language = (
            language
            if language in PROGRAM_LANGUAGE_CODES
            else languages.get(language.lower(), language)
        )
        form = ParticipantForm(
            data={
                "name": row.get("name", ""),
                "stakeholder_group": group_id or "",
                "preferred_language": language,
                "organisation": row.get("organisation", ""),
                "email": row.get("email", ""),
            },
            engagement=engagement,
        )
        if not form.is_valid():
            for field, messages in form.errors.items():
                if field == "stakeholder_group" and group_name and group_id is None:
                    continue
                label = form.fields[field].label if field in form.fields else ""
                errors.extend(f"{label}: {m}" if label else m for m in messages)
        if errors:
            rejected.append((line, row, errors))
        else:
            accepted.append(form)
    return accepted, rejected


class BreakoutGroupForm(EngagementRecordForm):
    class Meta:
        model = models.BreakoutGroup
        fields = [
            "name",
            "round",
            "stakeholder_group",
            "facilitator",
            "co_facilitator",
            "language",
            "room",
            "participants",
        ]
        widgets = {"participants": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = models.Facilitator.objects.filter(
            engagement=self.engagement
        ).trained()
        self.fields["participants"].queryset = self.fields["participants"].queryset.select_related(
            "stakeholder_group"
        )
        self.fields["co_facilitator"].queryset = User.objects.filter(
            office__isnull=False, is_active=True
        )


class StrengthForm(EngagementRecordForm):
    unattributed_fields = ("text",)

    class Meta:
        model = models.Strength
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class IssueForm(EngagementRecordForm):
    unattributed_fields = ("text",)

    class Meta:
        model = models.Issue
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class SolutionForm(EngagementRecordForm):
    unattributed_fields = ("text", "actions")

    class Meta:
        model = models.Solution
        fields = ["issue", "text", "actions"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issue"].queryset = models.Issue.objects.filter(
            engagement=self.engagement, is_priority=True, merged_into__isnull=True
        )
        self.fields["issue"].help_text = _("The priority issue this solution answers.")


class IssueMergeForm(forms.Form):
    """Merge overlapping issues from different groups into one."""

    target = forms.ModelChoiceField(
        label=_("Keep this issue"),
        queryset=models.Issue.objects.none(),
        help_text=_("Its wording is kept; the others are merged into it."),
    )
    issues = forms.ModelMultipleChoiceField(
        label=_("Merge these issues into it"),
        queryset=models.Issue.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, engagement, **kwargs):
        super().__init__(*args, **kwargs)
        canonical = (
            models.Issue.objects.filter(engagement=engagement)
            .canonical()
            .select_related("group")
            .order_by("group__name", "pk")
        )
        self.fields["target"].queryset = canonical
        self.fields["issues"].queryset = canonical
        label = lambda issue: f"{issue.text} ({issue.group.name})"  # noqa: E731
        self.fields["target"].label_from_instance = label
        self.fields["issues"].label_from_instance = label

    def clean(self):
        cleaned = super().clean()
        target, issues = cleaned.get("target"), cleaned.get("issues")
        if target and issues and target in issues:
            self.add_error("issues", _("Do not tick the issue you keep."))
        return cleaned


class VotesForm(forms.Form):
    """Dot-vote tallies per issue, and which issues are priorities."""

    def __init__(self, *args, issues, **kwargs):
        super().__init__(*args, **kwargs)
        self.issues = list(issues)
        for issue in self.issues:
            self.fields[f"votes_{issue.pk}"] = forms.IntegerField(
                label=_("Dots for “%(issue)s”") % {"issue": issue.text[:80]},
                min_value=0,
                max_value=10000,
                initial=issue.dot_votes,
            )
            self.fields[f"priority_{issue.pk}"] = forms.BooleanField(
                label=_("Priority"),
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


class AfternoonGroupsForm(forms.Form):
    """A proposal of afternoon groups, as staff adjust it: a group for each participant and a
    facilitator for each group."""

    def __init__(self, *args, participants, facilitators, group_count, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
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
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
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

    def facilitators(self) -> dict[int, int]:
        return {n: self.cleaned_data[f"facilitator_{n}"] for n in range(1, self.group_count + 1)}

    def group_rows(self):
        """For the template: per group number, its facilitator field and participant fields."""
        assignment = {}
        for participant in self.participants:
            field = self[f"participant_{participant.pk}"]
            number = int(field.value() or 1)
            assignment.setdefault(number, []).append((participant, field))
        for number in range(1, self.group_count + 1):
            yield number, self[f"facilitator_{number}"], assignment.get(number, [])


class ActionPlanForm(forms.ModelForm):
    class Meta:
        model = models.ActionPlan
        fields = ["introduction"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 5})}


class PlanItemForm(EngagementRecordForm):
    class Meta:
        model = models.PlanItem
        fields = [
            "order",
            "title",
            "issues",
            "solutions",
            "actions",
            "responsible_party",
            "target_date",
            "progress_measure",
        ]
        widgets = {
            "issues": forms.CheckboxSelectMultiple,
            "solutions": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issues"].queryset = models.Issue.objects.filter(
            engagement=self.engagement, is_priority=True, merged_into__isnull=True
        )
        self.fields["solutions"].queryset = models.Solution.objects.filter(
            engagement=self.engagement
        ).select_related("group")


class CouncilMemberForm(EngagementRecordForm):
    class Meta:
        model = models.CouncilMember
        fields = ["participant", "planning_member", "stakeholder_group", "role", "joined_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].help_text = _("Choose a participant or a planning group member.")


class CouncilMeetingForm(EngagementRecordForm):
    class Meta:
        model = models.CouncilMeeting
        fields = ["held_on", "location", "agenda", "minutes", "attendees"]
        widgets = {"attendees": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = self.fields["attendees"].queryset.select_related(
            "participant", "planning_member"
        )


class ProgressUpdateForm(EngagementRecordForm):
    class Meta:
        model = models.ProgressUpdate
        fields = ["plan_item", "meeting", "reported_on", "status", "note"]
