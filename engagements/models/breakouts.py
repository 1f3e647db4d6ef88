"""Step 3: the program day. Participants, both breakout rounds, and what each group records:
strengths, issues (merged across groups, then dot-voted and prioritised) and solutions.

Breakout notes are never attributed: no note has a participant field, and note text naming a
participant on the roster is refused (``engagements.validators.validate_unattributed``)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..languages import PROGRAM_LANGUAGE_CHOICES
from .engagement import EngagementRecord


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

    def clean(self):
        if self.stakeholder_group_id and self.stakeholder_group.engagement_id != self.engagement_id:
            raise ValidationError(
                {"stakeholder_group": _("Choose a stakeholder group of this engagement.")}
            )


class BreakoutGroup(EngagementRecord):
    """A facilitated small group in one of the program day's two rounds.

    Morning groups are homogeneous (one per stakeholder group) and list strengths and issues;
    afternoon groups are heterogeneous (at least one member of every stakeholder group) and
    develop solutions for the priority issues."""

    class Round(models.TextChoices):
        HOMOGENEOUS = "homogeneous", _("Morning: homogeneous groups")
        HETEROGENEOUS = "heterogeneous", _("Afternoon: heterogeneous groups")

    round = models.CharField(_("round"), max_length=20, choices=Round.choices)
    name = models.CharField(_("name"), max_length=120)
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
        Participant, verbose_name=_("participants"), blank=True, related_name="breakout_groups"
    )

    class Meta:
        ordering = ["round", "name"]
        verbose_name = _("breakout group")
        verbose_name_plural = _("breakout groups")
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "round", "name"], name="unique_breakout_group_name"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("engagements:breakoutgroup_detail", args=[self.engagement_id, self.pk])

    def clean(self):
        errors = {}
        if self.round == self.Round.HOMOGENEOUS and not self.stakeholder_group_id:
            errors["stakeholder_group"] = _("A morning group meets for one stakeholder group.")
        if self.round == self.Round.HETEROGENEOUS and self.stakeholder_group_id:
            errors["stakeholder_group"] = _(
                "Afternoon groups are mixed: leave the stakeholder group empty."
            )
        if self.facilitator_id:
            from .training import Facilitator

            trained = Facilitator.objects.trained().filter(
                pk=self.facilitator_id, engagement_id=self.engagement_id
            )
            if not trained.exists():
                errors["facilitator"] = _(
                    "Only a facilitator who completed training can lead a breakout group."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def is_morning(self) -> bool:
        return self.round == self.Round.HOMOGENEOUS


class Strength(EngagementRecord):
    """A strength of the community named by a morning group. Never attributed to a person."""

    group = models.ForeignKey(
        BreakoutGroup,
        verbose_name=_("breakout group"),
        on_delete=models.CASCADE,
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


class Issue(EngagementRecord):
    """An issue that impedes trust between police and community, as a morning group named it.

    Overlapping issues from different groups are merged by CRS staff: the merged ones point
    to the issue they were merged into, which carries the dot votes."""

    group = models.ForeignKey(
        BreakoutGroup,
        verbose_name=_("breakout group"),
        on_delete=models.CASCADE,
        related_name="issues",
    )
    text = models.TextField(_("issue"))
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.SET_NULL,
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

    def __str__(self):
        return self.text[:120]


class Solution(EngagementRecord):
    """A solution an afternoon group developed for a priority issue, with its actions."""

    group = models.ForeignKey(
        BreakoutGroup,
        verbose_name=_("breakout group"),
        on_delete=models.CASCADE,
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
