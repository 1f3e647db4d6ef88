"""Step 1: the planning group, its meetings, its logistics tasks and the stakeholder groups."""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..labels import PLANNING_MEETING, dated_spec, generated_label
from .engagement import EngagementRecord


class Sector(models.TextChoices):
    """Where a planning-group member comes from: law enforcement or a community sector."""

    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
    FAITH = "faith", _("Faith/Clergy")
    YOUTH = "youth", _("Youth")
    NEW_AMERICANS = "new_americans", _("New Americans")
    SOCIAL_SERVICES = "social_services", _("Social services")
    BUSINESS = "business", _("Business/Community")
    CIVIL_RIGHTS = "civil_rights", _("Civil rights")
    EDUCATION = "education", _("Education")
    GOVERNMENT = "government", _("Local government")
    OTHER = "other", _("Other community sector")


class StakeholderGroup(EngagementRecord):
    """A group participants are invited from, e.g. Erie's “Faith/Clergy” or “Youth”.

    The morning breakouts are homogeneous: one per stakeholder group."""

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, editable=False, help_text=_("Set with the up and down buttons.")
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("stakeholder group")
        verbose_name_plural = _("stakeholder groups")
        constraints = [
            models.UniqueConstraint(
                "engagement",
                Lower("name"),
                name="unique_stakeholder_group_name_ci",
                violation_error_message=_(
                    "This engagement already has a stakeholder group of that name."
                ),
            )
        ]

    def __str__(self):
        return self.name


class PlanningGroupMember(EngagementRecord):
    """A member of the planning group: a local law-enforcement person or community leader."""

    name = models.CharField(_("name"), max_length=120)
    affiliation = models.CharField(
        _("affiliation"), max_length=200, help_text=_("Agency, congregation or organisation.")
    )
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    role = models.CharField(
        _("role in the group"), max_length=120, blank=True, help_text=_("e.g. “Co-chair”.")
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("planning group member")
        verbose_name_plural = _("planning group members")

    def __str__(self):
        return self.name


class PlanningMeeting(EngagementRecord):
    """A meeting of the planning group, with its notes."""

    held_on = models.DateField(_("date"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("planning meeting")
        verbose_name_plural = _("planning meetings")

    def __str__(self):
        spec = self.label_spec()
        return generated_label(spec) if spec else ""

    def label_spec(self) -> dict | None:
        """The label "Planning meeting of <date>", written in the reader's language."""
        return dated_spec(PLANNING_MEETING, self.held_on) if self.held_on else None


class LogisticsTask(EngagementRecord):
    """A piece of the program day's logistics: venue, invitations, interpreters, food..."""

    class Category(models.TextChoices):
        VENUE = "venue", _("Date and venue")
        INVITATIONS = "invitations", _("Invitations")
        INTERPRETERS = "interpreters", _("Interpreters")
        ACCESSIBILITY = "accessibility", _("Accessibility")
        FOOD = "food", _("Food")
        MATERIALS = "materials", _("Materials")
        OTHER = "other", pgettext_lazy("logistics task category", "Other")

    class Status(models.TextChoices):
        TODO = "todo", pgettext_lazy("logistics task status", "To do")
        IN_PROGRESS = "in_progress", pgettext_lazy("logistics task status", "In progress")
        DONE = "done", pgettext_lazy("logistics task status", "Done")

    title = models.CharField(_("task"), max_length=200)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    owner = models.ForeignKey(
        PlanningGroupMember,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.TODO
    )

    class Meta:
        ordering = ["status", "due_date", "title"]
        verbose_name = _("logistics task")
        verbose_name_plural = _("logistics tasks")

    def __str__(self):
        return self.title
