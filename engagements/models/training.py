"""Step 2: facilitator training. Only people who completed training may lead a breakout."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from ..labels import TRAINING_SESSION, dated_spec, generated_label
from .engagement import EngagementRecord


class FacilitatorQuerySet(models.QuerySet):
    def with_training(self) -> "FacilitatorQuerySet":
        """Annotate ``is_trained``: completed at least one training session."""
        return self.annotate(
            is_trained=Exists(
                TrainingAttendance.objects.filter(facilitator=OuterRef("pk"), completed=True)
            )
        )

    def trained(self) -> "FacilitatorQuerySet":
        """Facilitators who completed a training session."""
        return self.with_training().filter(is_trained=True)


class Facilitator(EngagementRecord):
    """A local volunteer recruited to facilitate small-group discussions."""

    name = models.CharField(_("name"), max_length=120)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    languages = models.CharField(
        _("languages spoken"), max_length=200, blank=True, help_text=_("e.g. “English, Spanish”.")
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sign-in account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="facilitator_roles",
        help_text=_("The account the facilitator signs in with, made when staff invite them."),
    )

    objects = FacilitatorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("facilitator")
        verbose_name_plural = _("facilitators")

    def __str__(self):
        return self.name


class TrainingSession(EngagementRecord):
    """A facilitator training session run by CRS."""

    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    trainer = models.CharField(
        _("trainer"), max_length=120, help_text=_("Usually a CRS conciliation specialist.")
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")

    def __str__(self):
        spec = self.label_spec()
        return generated_label(spec) if spec else self.place

    def label_spec(self) -> dict | None:
        """The label "<date> · <place>", the date written in the reader's language."""
        if self.held_on is None:
            return None
        return dated_spec(TRAINING_SESSION, self.held_on, place=self.place)


class TrainingAttendance(EngagementRecord):
    """One facilitator's attendance at one training session, and whether they completed it."""

    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("training session"),
        on_delete=models.RESTRICT,
        related_name="attendances",
    )
    facilitator = models.ForeignKey(
        Facilitator,
        verbose_name=_("facilitator"),
        on_delete=models.RESTRICT,
        related_name="attendances",
    )
    completed = models.BooleanField(_("completed training"), default=False)

    class Meta:
        ordering = ["facilitator__name"]
        verbose_name = _("training attendance")
        verbose_name_plural = _("training attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "facilitator"], name="unique_training_attendance"
            )
        ]

    def __str__(self):
        return pgettext(
            "a facilitator's attendance at a training session", "%(facilitator)s at %(session)s"
        ) % {"facilitator": self.facilitator, "session": self.session}
