"""The engagement's audit trail: one row per change, written by the service that made it.

django-simple-history keeps every version of every record (for the admin and for
comparisons); ``AuditEntry`` is the readable feed of "Recent changes": who did what, when, in
which step, in a bounded number of queries. Services write it in the same transaction as the
change (``services/records.py``), as Zulip does with its audit log."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .engagement import Engagement


class AuditEntryQuerySet(models.QuerySet):
    def for_engagement(self, engagement) -> "AuditEntryQuerySet":
        """The entries of ``engagement``, newest first, with the actor joined."""
        return self.filter(engagement=engagement).select_related("actor").order_by("-at", "-pk")


class AuditEntry(models.Model):
    """One change to an engagement: a record created, changed or deleted, or a step's action
    (merge, votes, publication...). ``fields`` names the fields changed; ``links`` holds, per
    many-to-many field, the labels of the records linked and unlinked."""

    class Action(models.TextChoices):
        CREATED = "created", pgettext_lazy("history action", "Created")
        CHANGED = "changed", pgettext_lazy("history action", "Changed")
        DELETED = "deleted", pgettext_lazy("history action", "Deleted")
        MOVED = "moved", pgettext_lazy("history action", "Moved")
        MERGED = "merged", pgettext_lazy("history action", "Merged")
        UNMERGED = "unmerged", pgettext_lazy("history action", "Separated")
        VOTES = "votes", _("Votes recorded")
        ATTENDANCE = "attendance", _("Attendance recorded")
        MORNING_GROUPS = "morning_groups", _("Morning groups created")
        AFTERNOON_GROUPS = "afternoon_groups", _("Afternoon groups saved")
        PUBLISHED = "published", pgettext_lazy("history action", "Published")
        REVISED = "revised", _("Revision started")
        IMPORTED = "imported", pgettext_lazy("history action", "Imported")
        INVITED = "invited", pgettext_lazy("history action", "Invited")
        REVOKED = "revoked", pgettext_lazy("history action", "Revoked")
        HIDDEN = "hidden", pgettext_lazy("history action", "Hidden")
        MORNING_CLOSED = "morning_closed", _("Morning round closed")
        AFTERNOON_CLOSED = "afternoon_closed", _("Afternoon round closed")
        MORNING_REOPENED = "morning_reopened", _("Morning round reopened")
        AFTERNOON_REOPENED = "afternoon_reopened", _("Afternoon round reopened")

    engagement = models.ForeignKey(
        Engagement,
        verbose_name=_("engagement"),
        on_delete=models.CASCADE,
        related_name="audit_entries",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    step = models.PositiveSmallIntegerField(_("step"), default=0)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    model = models.CharField(_("kind of record"), max_length=40)
    object_id = models.BigIntegerField(_("record id"), null=True, blank=True)
    object_repr = models.CharField(
        pgettext_lazy("the record an audit entry is about", "record"), max_length=200, blank=True
    )
    object_label = models.JSONField(
        _("generated label"),
        default=dict,
        blank=True,
        help_text=_(
            "For a record whose label the app generates (“Afternoon group 3”): what the label "
            "is made of, so that it is written in each reader’s language."
        ),
    )
    fields = models.JSONField(_("fields changed"), default=list, blank=True)
    links = models.JSONField(_("links changed"), default=dict, blank=True)
    count = models.PositiveIntegerField(_("how many"), default=0)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["engagement", "-at"], name="audit_engagement_at"),
            models.Index(fields=["engagement", "step"], name="audit_engagement_step"),
        ]

    def __str__(self):
        from ..audit import audit_sentence

        return audit_sentence(self)

    def record_label(self) -> str:
        """The label of the record this entry is about, in the active language: generated
        again from ``object_label`` when the app made it up, else the label as it was."""
        from ..labels import generated_label

        return generated_label(self.object_label) if self.object_label else self.object_repr
