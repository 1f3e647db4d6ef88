"""Step 4: the action plan, the council's roadmap of concrete solutions.

A plan is drafted, then published. A published plan does not change silently: its items are
locked until staff start a revision, and publishing again raises the version number. Each
publication is kept as an immutable ``ActionPlanVersion`` (a frozen snapshot of the plan's
text in every language, its items, issues and solutions), so every version stays readable.

The plan's text (introduction, item titles, actions, responsible party, measures) is given in
each of the site's languages (django-modeltranslation, ``engagements/translation.py``: columns
``title_en``, ``title_fa``, …); ``ActionPlan.original_language`` says which language the plan
was written in, the one shown where a translation is missing. Translations are part of the
plan's content: locked while it is published, frozen in each version."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltranslation.utils import build_localized_fieldname
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
    original_language = models.CharField(
        _("original language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_(
            "The language the plan is written in; where a translation is missing, the text is "
            "shown in this language."
        ),
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
        locked = ["original_language", *localized_names("introduction")]
        stored = ActionPlan.objects.filter(pk=self.pk).values("status", *locked).first()
        if (
            stored
            and stored["status"] == self.Status.PUBLISHED
            and any(stored[name] != getattr(self, name) for name in locked)
        ):
            raise ValidationError(PLAN_ITEM_LOCK_MESSAGE, code="locked")

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


def localized_names(field_name: str) -> list[str]:
    """The translation columns of ``field_name``, one per language of the site
    (``["title_en", "title_vi", …]``)."""
    return [build_localized_fieldname(field_name, code) for code, _name in settings.LANGUAGES]


#: The plan's text given in every language (registered in ``engagements/translation.py``).
PLAN_TEXT_FIELDS = ("introduction",)
ITEM_TEXT_FIELDS = ("title", "actions", "responsible_party", "progress_measure")


def _plan_version_refused(*args, **kwargs):
    raise ValidationError(
        _("A published version of the action plan is a lasting record; it cannot be changed."),
        code="immutable",
    )


class ActionPlanVersionQuerySet(models.QuerySet):
    """Versions are written once: bulk updates and deletes are refused."""

    update = _plan_version_refused
    delete = _plan_version_refused
    bulk_update = _plan_version_refused

    def for_plan(self, plan) -> "ActionPlanVersionQuerySet":
        """The versions of ``plan``, newest first, with who published them."""
        return self.filter(plan=plan).select_related("published_by").order_by("-number")


class ActionPlanVersion(models.Model):
    """One publication of an action plan, frozen: ``snapshot`` holds the introduction and
    every item with everything it shows (issues with their groups, solutions, actions,
    responsible party, target date, measure), each text in every language given at the time
    (see ``engagements.versions`` for its shape and for reading it in a language).

    Immutable: saving an existing version, or deleting one, raises ``ValidationError``
    (``code="immutable"``), as do the queryset's ``update`` and ``delete``."""

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.CASCADE,
        related_name="versions",
        editable=False,
    )
    number = models.PositiveIntegerField(_("version"), editable=False)
    published_at = models.DateTimeField(_("published"), editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    note = models.TextField(
        _("what changed"),
        blank=True,
        editable=False,
        help_text=_("A note for readers on what changed since the previous version."),
    )
    snapshot = models.JSONField(_("content"), editable=False)

    objects = ActionPlanVersionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("published version of an action plan")
        verbose_name_plural = _("published versions of action plans")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_plan_version_number")
        ]

    def __str__(self):
        return str(_("Version %(number)s") % {"number": self.number})

    def save(self, *args, **kwargs):
        """Write a new version once; refuse (``ValidationError``) to save an existing one."""
        if not self._state.adding:
            _plan_version_refused()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        """Refused: a published version is a lasting record (``ValidationError``)."""
        _plan_version_refused()


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
        "plan",
        *[name for field in ITEM_TEXT_FIELDS for name in localized_names(field)],
        "target_date",
    )

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", pgettext_lazy("plan item status", "Not started")
        IN_PROGRESS = "in_progress", pgettext_lazy("plan item status", "In progress")
        DONE = "done", pgettext_lazy("plan item status", "Done")
        ON_HOLD = "on_hold", pgettext_lazy("plan item status", "On hold")

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.CASCADE,
        related_name="items",
        editable=False,
    )
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

    def save(self, *args, **kwargs):
        """A new item is put on its engagement's plan."""
        if self.plan_id is None and self.engagement_id is not None:
            self.plan = ActionPlan.objects.get(engagement_id=self.engagement_id)
        super().save(*args, **kwargs)

    def clean(self):
        """Put a new item on its engagement's plan, and refuse a plan of another
        engagement."""
        if self.plan_id is None and self.engagement_id is not None:
            self.plan = ActionPlan.objects.filter(engagement_id=self.engagement_id).first()
        if self.plan_id is not None and self.plan.engagement_id != self.engagement_id:
            raise ValidationError(
                {"plan": _("A plan item belongs to the action plan of its own engagement.")}
            )
        super().clean()

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
