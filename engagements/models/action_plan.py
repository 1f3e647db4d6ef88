"""Step 4: the action plan, the council's roadmap of concrete solutions.

A plan is drafted, then published. A published plan does not change silently: its items are
locked until staff start a revision, and publishing again raises the version number."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .engagement import Engagement, EngagementRecord


class ActionPlan(models.Model):
    """The action plan of one engagement: its state, version and introduction."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

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

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self):
        return str(_("Action plan for %(engagement)s") % {"engagement": self.engagement})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class PlanItem(EngagementRecord):
    """One item of the plan: a solution to priority issues, its actions, who is responsible,
    by when, and how progress is measured. Linked back to the issues it came from."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        ON_HOLD = "on_hold", _("On hold")

    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("solution"), max_length=250)
    issues = models.ManyToManyField(
        "engagements.Issue",
        verbose_name=_("priority issues"),
        related_name="plan_items",
        help_text=_("The priority issues this item answers."),
    )
    solutions = models.ManyToManyField(
        "engagements.Solution",
        verbose_name=_("breakout solutions"),
        blank=True,
        related_name="plan_items",
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
