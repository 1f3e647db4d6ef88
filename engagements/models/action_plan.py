"""Step 4: the action plan, the council's roadmap of concrete solutions.

A plan is drafted, then published. A published plan does not change silently: its items are
locked until staff start a revision, and publishing again raises the version number."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .engagement import Engagement, EngagementRecord


class ActionPlanQuerySet(models.QuerySet):
    def is_published(self, engagement_id) -> bool:
        """Whether the plan of the engagement ``engagement_id`` is published now."""
        return self.filter(engagement_id=engagement_id, status=ActionPlan.Status.PUBLISHED).exists()


class ActionPlan(models.Model):
    """The action plan of one engagement: its state, version and introduction."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("action plan status", "Draft")
        PUBLISHED = "published", pgettext_lazy("action plan status", "Published")

    engagement = models.OneToOneField(
        Engagement,
        verbose_name=_("engagement"),
        on_delete=models.CASCADE,
        related_name="action_plan",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    version = models.PositiveIntegerField(
        _("published version"),
        default=0,
        editable=False,
        help_text=_("Raised by one each time the plan is published."),
    )
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Printed at the top of the plan: how it was made and who will carry it out."),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self):
        return str(_("Action plan for %(engagement)s") % {"engagement": self.engagement})

    def clean(self):
        """Refuse a change of the introduction while the stored plan is published."""
        if self.pk is None:
            return
        stored = ActionPlan.objects.filter(pk=self.pk).values("status", "introduction").first()
        if (
            stored
            and stored["status"] == self.Status.PUBLISHED
            and stored["introduction"] != self.introduction
        ):
            raise ValidationError(PLAN_ITEM_LOCK_MESSAGE, code="locked")

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


PLAN_ITEM_LOCK_MESSAGE = _(
    "The plan is published. Start a revision to change it, so that nothing changes silently."
)


class PlanLockedRecord(EngagementRecord):
    """A part of the plan's content: locked while the engagement's plan is published."""

    class Meta:
        abstract = True

    def locked_reason(self) -> str:
        if ActionPlan.objects.is_published(self.engagement_id):
            return PLAN_ITEM_LOCK_MESSAGE
        return ""


class PlanItem(PlanLockedRecord):
    """One item of the plan: a solution to priority issues, its actions, who is responsible,
    by when, and how progress is measured. Linked back to the issues it came from.

    Its content is locked while the plan is published; its status (set by progress updates)
    is not."""

    locked_fields = (
        "order",
        "title",
        "actions",
        "responsible_party",
        "target_date",
        "progress_measure",
    )

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", pgettext_lazy("plan item status", "Not started")
        IN_PROGRESS = "in_progress", pgettext_lazy("plan item status", "In progress")
        DONE = "done", pgettext_lazy("plan item status", "Done")
        ON_HOLD = "on_hold", pgettext_lazy("plan item status", "On hold")

    order = models.PositiveSmallIntegerField(
        _("order"), default=0, editable=False, help_text=_("Set with the up and down buttons.")
    )
    title = models.CharField(
        _("title"),
        max_length=250,
        help_text=_("A short name for this item of the plan, e.g. “Joint youth–police forum”."),
    )
    issues = models.ManyToManyField(
        "engagements.Issue",
        verbose_name=_("priority issues"),
        related_name="plan_items",
        through="PlanItemIssue",
        help_text=_("The priority issues this item answers."),
    )
    solutions = models.ManyToManyField(
        "engagements.Solution",
        verbose_name=_("breakout solutions"),
        blank=True,
        related_name="plan_items",
        through="PlanItemSolution",
        help_text=_("The solutions from the afternoon breakout groups this item builds on."),
    )
    actions = models.TextField(_("actions"), help_text=_("One concrete action per line."))
    responsible_party = models.CharField(
        _("responsible party"),
        max_length=200,
        help_text=_("An agency, an office or a council member."),
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    progress_measure = models.TextField(
        _("how progress is measured"),
        blank=True,
        help_text=_("e.g. “Number of officers trained; survey of participants after a year”."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.NOT_STARTED,
        editable=False,
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")

    def __str__(self):
        return self.title

    @property
    def action_list(self) -> list[str]:
        return [line.strip() for line in self.actions.splitlines() if line.strip()]


class PlanItemIssue(PlanLockedRecord):
    """A plan item's link to a priority issue it answers (traceability, ``DOMAIN.md`` step 4).

    Deleting a linked issue is refused (``RESTRICT``)."""

    locked_fields = ("plan_item", "issue")

    plan_item = models.ForeignKey(
        PlanItem, verbose_name=_("plan item"), on_delete=models.CASCADE, related_name="issue_links"
    )
    issue = models.ForeignKey(
        "engagements.Issue",
        verbose_name=_("priority issue"),
        on_delete=models.RESTRICT,
        related_name="plan_item_links",
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("plan item's issue")
        verbose_name_plural = _("plan items' issues")
        constraints = [
            models.UniqueConstraint(fields=["plan_item", "issue"], name="unique_plan_item_issue")
        ]

    def __str__(self):
        return str(self.issue)


class PlanItemSolution(PlanLockedRecord):
    """A plan item's link to a breakout solution it builds on. Deleting a linked solution is
    refused (``RESTRICT``)."""

    locked_fields = ("plan_item", "solution")

    plan_item = models.ForeignKey(
        PlanItem,
        verbose_name=_("plan item"),
        on_delete=models.CASCADE,
        related_name="solution_links",
    )
    solution = models.ForeignKey(
        "engagements.Solution",
        verbose_name=_("breakout solution"),
        on_delete=models.RESTRICT,
        related_name="plan_item_links",
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("plan item's solution")
        verbose_name_plural = _("plan items' solutions")
        constraints = [
            models.UniqueConstraint(
                fields=["plan_item", "solution"], name="unique_plan_item_solution"
            )
        ]

    def __str__(self):
        return str(self.solution)
