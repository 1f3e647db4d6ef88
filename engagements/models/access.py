"""Sign-in links: how facilitators (step 2) and council members (step 5) sign in.

Staff invite a facilitator or a council member; the invitation is a personal link (a
django-sesame token scoped to one ``SignInLink``) sent by email in the person's language or
shown as a QR code. The person gets an account without an office, linked to their
``Facilitator`` or ``CouncilMember`` record. What they may see and do follows from those links
and from the link being in force (``engagements.predicates``): a facilitator's link ends a
week after staff close the engagement's breakout sessions, a council member's when staff
revoke it; revoking ends the access at once, also for a session already signed in."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .engagement import FACILITATOR_ACCESS_AFTER_CLOSE, EngagementRecord


class SignInLinkQuerySet(models.QuerySet):
    def in_force(self, now=None) -> "SignInLinkQuerySet":
        """Links not revoked and, for facilitators, not past their end: a week after the
        engagement's breakout sessions were closed (``Engagement.facilitator_access_ends_at``).
        ``now`` is an aware datetime (default: the current time)."""
        now = now or timezone.now()
        cutoff = now - FACILITATOR_ACCESS_AFTER_CLOSE
        facilitator_ended = Q(facilitator__isnull=False) & (
            Q(engagement__morning_closed_at__isnull=False)
            & Q(engagement__afternoon_closed_at__isnull=False)
            & Q(engagement__morning_closed_at__lte=cutoff)
            & Q(engagement__afternoon_closed_at__lte=cutoff)
        )
        return self.filter(revoked_at__isnull=True).exclude(facilitator_ended)


class SignInLink(EngagementRecord):
    """A personal sign-in link for one facilitator or one council member of an engagement.

    The link's secret is not stored: it is a django-sesame token for ``user`` with the scope
    ``scope`` (the link's id), so a link made for one invitation never opens another, and a
    tampered token is refused by django-sesame's signature check. ``state()`` says whether it
    is in force."""

    class State(models.TextChoices):
        ACTIVE = "active", _("In force")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="sign_in_links",
    )
    facilitator = models.ForeignKey(
        "engagements.Facilitator",
        verbose_name=_("facilitator"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sign_in_links",
    )
    council_member = models.ForeignKey(
        "engagements.CouncilMember",
        verbose_name=_("council member"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sign_in_links",
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        help_text=_("The invitation email and the pages the link opens are in this language."),
    )
    email = models.EmailField(
        _("sent to"),
        blank=True,
        help_text=_("Leave empty to show the link as a QR code only."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = SignInLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("sign-in link")
        verbose_name_plural = _("sign-in links")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(facilitator__isnull=False, council_member__isnull=True)
                    | Q(facilitator__isnull=True, council_member__isnull=False)
                ),
                name="sign_in_link_for_one_role",
                violation_error_message=_(
                    "A sign-in link is for one facilitator or one council member."
                ),
            )
        ]

    def __str__(self):
        return str(self.person)

    @property
    def person(self):
        """The ``Facilitator`` or ``CouncilMember`` the link is for."""
        return self.facilitator or self.council_member

    @property
    def is_for_facilitator(self) -> bool:
        return self.facilitator_id is not None

    @property
    def scope(self) -> str:
        """The django-sesame scope of the link's token: tokens of other links do not fit."""
        return f"spcp-sign-in-link:{self.pk}"

    @property
    def expires_at(self):
        """When a facilitator's link ends (aware datetime), or None: a council member's link
        and a facilitator's link before the breakout sessions are closed do not expire."""
        if not self.is_for_facilitator:
            return None
        return self.engagement.facilitator_access_ends_at

    def state(self, now=None) -> str:
        """``State.REVOKED``, ``State.EXPIRED`` or ``State.ACTIVE`` at ``now`` (aware
        datetime; default now)."""
        if self.revoked_at:
            return self.State.REVOKED
        ends = self.expires_at
        if ends is not None and ends <= (now or timezone.now()):
            return self.State.EXPIRED
        return self.State.ACTIVE

    def get_state_display(self) -> str:
        return self.State(self.state()).label
