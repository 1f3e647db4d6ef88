"""Step 3: the program day. Participants, both breakout rounds, and what each group records:
strengths, issues (merged across groups, then dot-voted and prioritised) and solutions.

Breakout notes are never attributed: no note has a participant field, and note text naming a
participant on the roster is refused (``engagements.validators.validate_unattributed``)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..labels import afternoon_group_spec, generated_label
from ..languages import PROGRAM_LANGUAGE_CHOICES
from ..validators import validate_unattributed
from .engagement import EngagementRecord

PLAN_LOCK_MESSAGE = _(
    "The published action plan depends on this record. Start a revision of the plan before "
    "changing it, so that nothing changes silently."
)


def _plan_is_published(engagement_id) -> bool:
    from .action_plan import ActionPlan

    return ActionPlan.objects.is_published(engagement_id)


class BreakoutNote(EngagementRecord):
    """What a breakout group recorded: never attributed to a named participant.

    ``clean()`` refuses text in ``unattributed_fields`` that names a participant on the
    engagement's roster (``validators.validate_unattributed``) and a group of the wrong round
    (``group_round``)."""

    unattributed_fields: tuple[str, ...] = ("text",)
    group_round: str = ""
    #: A change of any of these raises ``revision`` (``services.records.record_update``).
    revised_fields: tuple[str, ...] = ("text",)

    client_id = models.UUIDField(
        _("client id"),
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_(
            "Made by the facilitator's browser when the note was written, so that a note sent "
            "twice (a double tap, a retry, a lost response) is stored once."
        ),
    )
    revision = models.PositiveIntegerField(
        _("revision"),
        default=1,
        editable=False,
        help_text=_(
            "Raised by every change of the text: an edit made on an older revision is refused."
        ),
    )

    class Meta:
        abstract = True

    def permission_parent(self):
        """Notes are added to a breakout group: the permission is checked on the group."""
        return self.group

    def clean(self):
        super().clean()
        errors = {}
        if self.group_id and self.group.round != self.group_round:
            errors["group"] = (
                _("Strengths and issues are recorded by morning groups.")
                if self.group_round == BreakoutGroup.Round.HOMOGENEOUS
                else _("Solutions are recorded by afternoon groups.")
            )
        names = list(
            Participant.objects.filter(engagement_id=self.engagement_id).values_list(
                "name", flat=True
            )
        )
        for field in self.unattributed_fields:
            try:
                validate_unattributed(getattr(self, field), names)
            except ValidationError as error:
                errors[field] = error
        errors.update(self.note_errors())
        if errors:
            raise ValidationError(errors)

    def note_errors(self) -> dict:
        """Further ``{field: message}`` errors of a kind of note (none by default)."""
        return {}


class Participant(EngagementRecord):
    """A person on the program day's roster, invited from one stakeholder group."""

    name = models.CharField(_("name"), max_length=120)
    stakeholder_group = models.ForeignKey(
        "engagements.StakeholderGroup",
        verbose_name=_("stakeholder group"),
        on_delete=models.RESTRICT,
        related_name="participants",
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=PROGRAM_LANGUAGE_CHOICES, default="en"
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self):
        return self.name


class BreakoutGroup(EngagementRecord):
    """A facilitated small group in one of the program day's two rounds.

    Morning groups are homogeneous (one per stakeholder group) and list strengths and issues;
    afternoon groups are heterogeneous (at least one member of every stakeholder group) and
    develop solutions for the priority issues.

    A group has the ``name`` staff gave it or, for the afternoon groups the app proposed, a
    ``number``: its name ("Afternoon group 3") is then written in each reader's language when
    it is shown (``engagements.labels``), never stored in the language of whoever saved it.
    A name typed later takes precedence over the number."""

    class Round(models.TextChoices):
        HOMOGENEOUS = "homogeneous", _("Morning: homogeneous groups")
        HETEROGENEOUS = "heterogeneous", _("Afternoon: heterogeneous groups")

    round = models.CharField(_("round"), max_length=20, choices=Round.choices)
    name = models.CharField(
        _("name"),
        max_length=120,
        blank=True,
        help_text=_(
            "A numbered afternoon group may keep an empty name: it is then called "
            "“Afternoon group” and its number, in each reader’s language."
        ),
    )
    number = models.PositiveSmallIntegerField(
        _("number"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The number of an afternoon group the app proposed."),
    )
    stakeholder_group = models.ForeignKey(
        "engagements.StakeholderGroup",
        verbose_name=_("stakeholder group"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="breakout_groups",
        help_text=_("Morning groups only: the stakeholder group that meets in it."),
    )
    facilitator = models.ForeignKey(
        "engagements.Facilitator",
        verbose_name=_("facilitator"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="breakout_groups",
        help_text=_("Only facilitators who completed training are offered."),
    )
    second_facilitator = models.ForeignKey(
        "engagements.Facilitator",
        verbose_name=_("second facilitator"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="co_led_groups",
        help_text=_("Optional: another trained facilitator who co-leads the group with the first."),
    )
    co_facilitator = models.ForeignKey(
        "offices.User",
        verbose_name=_("CRS co-facilitator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="co_facilitated_groups",
        limit_choices_to={"office__isnull": False},
    )
    language = models.CharField(
        _("language spoken"), max_length=10, choices=PROGRAM_LANGUAGE_CHOICES, default="en"
    )
    room = models.CharField(_("room"), max_length=80, blank=True)
    participants = models.ManyToManyField(
        Participant,
        verbose_name=_("participants"),
        blank=True,
        related_name="breakout_groups",
        through="BreakoutGroupParticipant",
    )

    class Meta:
        ordering = ["round", "number", "name"]
        verbose_name = _("breakout group")
        verbose_name_plural = _("breakout groups")
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "round", "name"],
                condition=~Q(name=""),
                name="unique_breakout_group_name",
                violation_error_message=_(
                    "A breakout group with this name already exists in this round."
                ),
            ),
            models.UniqueConstraint(
                fields=["engagement", "round", "number"],
                condition=Q(number__isnull=False),
                name="unique_breakout_group_number",
                violation_error_message=_(
                    "A breakout group with this number already exists in this round."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(name="") | Q(number__isnull=False, round="heterogeneous"),
                name="breakout_group_has_a_name",
                violation_error_message=_("Give the group a name."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(round="homogeneous", stakeholder_group__isnull=False)
                    | Q(round="heterogeneous", stakeholder_group__isnull=True)
                ),
                name="breakout_group_round_matches_stakeholder_group",
                violation_error_message=_(
                    "A morning group meets for one stakeholder group; afternoon groups are mixed."
                ),
            ),
            models.UniqueConstraint(
                fields=["facilitator", "round"],
                condition=Q(facilitator__isnull=False),
                name="one_group_per_facilitator_and_round",
                violation_error_message=_(
                    "This facilitator already leads a group in this round; a facilitator can "
                    "lead only one group at a time."
                ),
            ),
            models.UniqueConstraint(
                fields=["second_facilitator", "round"],
                condition=Q(second_facilitator__isnull=False),
                name="one_co_led_group_per_facilitator_and_round",
                violation_error_message=_(
                    "This facilitator already co-leads a group in this round; a facilitator "
                    "can lead only one group at a time."
                ),
            ),
            models.CheckConstraint(
                condition=Q(second_facilitator__isnull=True)
                | (Q(facilitator__isnull=False) & ~Q(second_facilitator=F("facilitator"))),
                name="second_facilitator_beside_another",
                violation_error_message=_(
                    "A second facilitator co-leads with a first one, and is another person."
                ),
            ),
        ]

    def __str__(self):
        spec = self.label_spec()
        return generated_label(spec) if spec else self.name

    def get_absolute_url(self):
        return reverse("engagements:breakoutgroup_detail", args=[self.engagement_id, self.pk])

    def label_spec(self) -> dict | None:
        """A numbered afternoon group without a typed name: "Afternoon group <number>" in the
        reader's language. None for a group with a name."""
        if self.name or self.number is None:
            return None
        return afternoon_group_spec(self.number)

    def clean(self):
        super().clean()
        errors = {}
        numbered = self.number is not None and self.round == self.Round.HETEROGENEOUS
        if not self.name.strip() and not numbered:
            errors["name"] = _("Give the group a name.")
        if self.round == self.Round.HOMOGENEOUS and not self.stakeholder_group_id:
            errors["stakeholder_group"] = _("A morning group meets for one stakeholder group.")
        if self.round == self.Round.HETEROGENEOUS and self.stakeholder_group_id:
            errors["stakeholder_group"] = _(
                "Afternoon groups are mixed: leave the stakeholder group empty."
            )
        errors.update(self.facilitator_errors())
        if errors:
            raise ValidationError(errors)

    def facilitator_errors(self) -> dict:
        """``{field: message}`` for the group's facilitators: each must have completed
        training for this engagement; a second facilitator needs a first, other one; nobody
        leads or co-leads two groups of the same round (they run at the same time)."""
        from .training import Facilitator

        errors = {}
        chosen = {
            name: pk
            for name, pk in (
                ("facilitator", self.facilitator_id),
                ("second_facilitator", self.second_facilitator_id),
            )
            if pk
        }
        if not chosen:
            return errors
        trained = set(
            Facilitator.objects.trained()
            .filter(pk__in=chosen.values(), engagement_id=self.engagement_id)
            .values_list("pk", flat=True)
        )
        busy = set()
        others = BreakoutGroup.objects.filter(
            engagement_id=self.engagement_id, round=self.round
        ).exclude(pk=self.pk)
        for lead, second in others.values_list("facilitator_id", "second_facilitator_id"):
            busy |= {lead, second}
        for name, pk in chosen.items():
            if pk not in trained:
                errors[name] = _(
                    "Only a facilitator who completed training can lead a breakout group."
                )
            elif pk in busy:
                errors[name] = _(
                    "This facilitator already leads a group in this round; a facilitator can "
                    "lead only one group at a time."
                )
        if "second_facilitator" in chosen and "second_facilitator" not in errors:
            if not self.facilitator_id:
                errors["second_facilitator"] = _(
                    "Choose the first facilitator before a second one."
                )
            elif self.facilitator_id == self.second_facilitator_id:
                errors["second_facilitator"] = _("Choose another person as second facilitator.")
        return errors

    @property
    def is_morning(self) -> bool:
        return self.round == self.Round.HOMOGENEOUS

    @property
    def facilitators(self) -> list:
        """The group's trained facilitators: the first, then the second (if any)."""
        return [f for f in (self.facilitator, self.second_facilitator) if f is not None]


class BreakoutGroupParticipant(EngagementRecord):
    """A participant's place in a breakout group (the link behind ``BreakoutGroup.participants``,
    kept as a record so that its changes are in the history)."""

    group = models.ForeignKey(
        BreakoutGroup,
        verbose_name=_("breakout group"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.RESTRICT,
        related_name="group_memberships",
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("breakout group member")
        verbose_name_plural = _("breakout group members")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "participant"], name="unique_breakout_group_participant"
            )
        ]

    def __str__(self):
        return str(self.participant)


class Strength(BreakoutNote):
    """A strength of the community named by a morning group. Never attributed to a person."""

    group_round = BreakoutGroup.Round.HOMOGENEOUS

    group = models.ForeignKey(
        BreakoutGroup,
        verbose_name=_("breakout group"),
        on_delete=models.RESTRICT,
        related_name="strengths",
    )
    text = models.TextField(_("strength"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("strength")
        verbose_name_plural = _("strengths")

    def __str__(self):
        return self.text[:80]


class IssueQuerySet(models.QuerySet):
    def canonical(self) -> "IssueQuerySet":
        """Issues not merged into another: the ones that are voted on."""
        return self.filter(merged_into__isnull=True)

    def priorities(self) -> "IssueQuerySet":
        """The prioritised issues, most votes first."""
        return self.filter(is_priority=True).order_by("-dot_votes", "pk")


class Issue(BreakoutNote):
    """An issue that impedes trust between police and community, as a morning group named it.

    Overlapping issues from different groups are merged by CRS staff: the merged ones point
    to the issue they were merged into, which carries the dot votes. An issue is never merged
    into itself, nor into an issue that was itself merged; a merged issue has no votes and is
    no priority (database constraints). While a published action plan links to it, or to the
    issue it is merged into, its text, group, merge, votes and priority are locked."""

    group_round = BreakoutGroup.Round.HOMOGENEOUS
    locked_fields = ("text", "group", "merged_into", "dot_votes", "is_priority")

    group = models.ForeignKey(
        BreakoutGroup,
        verbose_name=_("breakout group"),
        on_delete=models.RESTRICT,
        related_name="issues",
    )
    text = models.TextField(_("issue"))
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="merged_issues",
    )
    dot_votes = models.PositiveIntegerField(_("dot votes"), default=0)
    is_priority = models.BooleanField(_("priority issue"), default=False)

    objects = IssueQuerySet.as_manager()

    class Meta:
        ordering = ["-dot_votes", "pk"]
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        constraints = [
            models.CheckConstraint(
                condition=~Q(merged_into=F("pk")),
                name="issue_not_merged_into_itself",
                violation_error_message=_("An issue cannot be merged into itself."),
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(dot_votes=0, is_priority=False),
                name="merged_issue_has_no_votes",
                violation_error_message=_(
                    "A merged issue has no votes of its own and is not a priority: the issue "
                    "it was merged into carries them."
                ),
            ),
        ]

    def __str__(self):
        return self.text[:120]

    def clean(self):
        super().clean()
        if not self.merged_into_id:
            return
        if self.pk is not None and self.merged_into_id == self.pk:
            raise ValidationError({"merged_into": _("An issue cannot be merged into itself.")})
        if self.merged_into.merged_into_id:
            raise ValidationError(
                {"merged_into": _("Merge into an issue that has not itself been merged.")}
            )
        if self.pk is not None and Issue.objects.filter(merged_into_id=self.pk).exists():
            raise ValidationError(
                {"merged_into": _("Other issues were merged into this one; merge those first.")}
            )
        if self.pk is not None and self.solutions.exists():
            raise ValidationError(
                {"merged_into": _("This issue has solutions; it cannot be merged any more.")}
            )

    def source_groups(self) -> list["BreakoutGroup"]:
        """The breakout groups that named this issue: its own group, then those of the issues
        merged into it, each once. Reads ``merged_issues`` (prefetch it with their groups)."""
        groups = {self.group_id: self.group}
        for merged in self.merged_issues.all():
            groups.setdefault(merged.group_id, merged.group)
        return list(groups.values())

    def locked_reason(self) -> str:
        """Locked while a published plan links to this issue or to the issue it is (or was)
        merged into."""
        if not _plan_is_published(self.engagement_id):
            return ""
        from .action_plan import PlanItemIssue

        ids = {self.pk, self.merged_into_id}
        if self.pk is not None:
            ids |= set(Issue.objects.filter(pk=self.pk).values_list("merged_into_id", flat=True))
        ids.discard(None)
        if ids and PlanItemIssue.objects.filter(issue_id__in=ids).exists():
            return PLAN_LOCK_MESSAGE
        return ""


class Solution(BreakoutNote):
    """A solution an afternoon group developed for a priority issue, with its actions.

    Locked while a published action plan links to it."""

    group_round = BreakoutGroup.Round.HETEROGENEOUS
    unattributed_fields = ("text", "actions")
    revised_fields = ("text", "actions", "issue")
    locked_fields = ("group", "issue", "text", "actions")

    group = models.ForeignKey(
        BreakoutGroup,
        verbose_name=_("breakout group"),
        on_delete=models.RESTRICT,
        related_name="solutions",
    )
    issue = models.ForeignKey(
        Issue,
        verbose_name=_("priority issue"),
        on_delete=models.RESTRICT,
        related_name="solutions",
    )
    text = models.TextField(_("solution"))
    actions = models.TextField(_("actions"), blank=True, help_text=_("One action per line."))

    class Meta:
        ordering = ["issue", "pk"]
        verbose_name = _("solution")
        verbose_name_plural = _("solutions")

    def __str__(self):
        return self.text[:120]

    def note_errors(self) -> dict:
        if self.issue_id and (self.issue.merged_into_id or not self.issue.is_priority):
            return {
                "issue": _("A solution answers one of the priority issues; choose one of them.")
            }
        return {}

    def locked_reason(self) -> str:
        """Locked while a published plan links to this solution."""
        if self.pk is None or not _plan_is_published(self.engagement_id):
            return ""
        from .action_plan import PlanItemSolution

        if PlanItemSolution.objects.filter(solution_id=self.pk).exists():
            return PLAN_LOCK_MESSAGE
        return ""
