"""Step 5: the SPCP council, its meetings, and progress updates on the action plan."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..labels import COUNCIL_MEETING, dated_spec, generated_label
from .action_plan import PlanItem
from .engagement import EngagementRecord


class CouncilMember(EngagementRecord):
    """A council member, drawn from the participants or the planning group, representing a
    stakeholder group."""

    class Role(models.TextChoices):
        CHAIR = "chair", pgettext_lazy("council role", "Chair")
        VICE_CHAIR = "vice_chair", pgettext_lazy("council role", "Vice chair")
        MEMBER = "member", pgettext_lazy("council role", "Member")

    participant = models.ForeignKey(
        "engagements.Participant",
        verbose_name=_("participant"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="council_memberships",
    )
    planning_member = models.ForeignKey(
        "engagements.PlanningGroupMember",
        verbose_name=_("planning group member"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="council_memberships",
    )
    stakeholder_group = models.ForeignKey(
        "engagements.StakeholderGroup",
        verbose_name=_("represents"),
        on_delete=models.RESTRICT,
        related_name="council_members",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sign-in account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="council_roles",
        help_text=_("The account the member signs in with, made when staff invite them."),
    )

    class Meta:
        ordering = ["role", "pk"]
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(participant__isnull=False, planning_member__isnull=True)
                    | models.Q(participant__isnull=True, planning_member__isnull=False)
                ),
                name="council_member_from_one_source",
            ),
            models.UniqueConstraint(
                fields=["engagement", "participant"], name="unique_council_participant"
            ),
            models.UniqueConstraint(
                fields=["engagement", "planning_member"], name="unique_council_planning_member"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def person(self):
        """The participant or planning-group member who sits on the council."""
        return self.participant or self.planning_member

    @property
    def name(self) -> str:
        person = self.person
        return person.name if person else ""

    def clean(self):
        super().clean()
        if bool(self.participant_id) == bool(self.planning_member_id):
            raise ValidationError(
                _("Choose either a participant or a planning group member, not both.")
            )


class CouncilMeeting(EngagementRecord):
    """A council meeting, with its agenda, attendance and minutes."""

    held_on = models.DateField(_("date"))
    location = models.CharField(
        _("location"),
        max_length=200,
        blank=True,
        help_text=_("Topeka's council held “travelling” meetings in each council district."),
    )
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(pgettext_lazy("what a meeting recorded", "minutes"), blank=True)
    minutes_approved = models.BooleanField(
        _("minutes approved"),
        default=False,
        help_text=_("Council members see a meeting's minutes once the council approved them."),
    )
    attendees = models.ManyToManyField(
        CouncilMember,
        verbose_name=_("attendance"),
        blank=True,
        related_name="meetings_attended",
        through="CouncilMeetingAttendance",
    )

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("council meeting")
        verbose_name_plural = _("council meetings")

    def __str__(self):
        spec = self.label_spec()
        return generated_label(spec) if spec else ""

    def label_spec(self) -> dict | None:
        """The label "Council meeting of <date>", written in the reader's language."""
        return dated_spec(COUNCIL_MEETING, self.held_on) if self.held_on else None


class CouncilMeetingAttendance(EngagementRecord):
    """A council member's presence at a council meeting (the link behind
    ``CouncilMeeting.attendees``). Deleting a member who attended is refused."""

    meeting = models.ForeignKey(
        CouncilMeeting,
        verbose_name=_("council meeting"),
        on_delete=models.CASCADE,
        related_name="attendance_records",
    )
    member = models.ForeignKey(
        CouncilMember,
        verbose_name=_("council member"),
        on_delete=models.RESTRICT,
        related_name="attendance_records",
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("council meeting attendance")
        verbose_name_plural = _("council meeting attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"], name="unique_council_meeting_attendance"
            )
        ]

    def __str__(self):
        return str(self.member)


class ProgressUpdate(EngagementRecord):
    """A report of progress on one plan item, usually made at a council meeting."""

    plan_item = models.ForeignKey(
        "engagements.PlanItem",
        verbose_name=_("plan item"),
        on_delete=models.RESTRICT,
        related_name="progress_updates",
    )
    meeting = models.ForeignKey(
        CouncilMeeting,
        verbose_name=_("council meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_updates",
    )
    reported_on = models.DateField(_("reported on"), default=timezone.localdate)
    status = models.CharField(
        _("state of the item"),
        max_length=20,
        choices=PlanItem.Status.choices,
    )
    note = models.TextField(_("progress"))
    plan_version = models.PositiveIntegerField(
        _("plan version"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The published version of the plan this progress was reported against."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_(
            "The council member who posted it from the council's pages; empty when "
            "staff recorded it."
        ),
    )
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True, editable=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    hidden_reason = models.TextField(
        _("reason for hiding"),
        blank=True,
        editable=False,
        help_text=_("Why staff hid the update from the council's pages; kept with it."),
    )

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hidden_at__isnull=True) | ~models.Q(hidden_reason=""),
                name="hidden_progress_update_has_reason",
                violation_error_message=_("Give the reason for hiding the update."),
            )
        ]

    def __str__(self):
        return str(self.plan_item)
