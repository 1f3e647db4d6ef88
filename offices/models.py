"""CRS offices (headquarters, regional and field offices), the states they serve, and staff.

The office list and each region's states come from ``shared/DOMAIN.md`` (CRS's public pages;
the Rocky Mountain, Northwest and Pacific-territory lists follow federal standard regions
VIII, X and IX). Names in every language come from CRS's brochures in ``shared/seeds/``.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .states import STATE_CHOICES, STATE_CODES


class UnknownStateError(ValueError):
    """Raised for a state code that is not a USPS code of a state or territory CRS serves."""


class OfficeQuerySet(models.QuerySet):
    def for_state(self, code: str) -> "Office":
        """Return the regional office serving ``code``, a two-letter USPS code such as "TX".

        Case and surrounding spaces are ignored. Raises ``UnknownStateError`` for a code that
        is not a state, DC or a territory CRS serves, and ``Office.DoesNotExist`` if the
        offices have not been loaded (they come with the migrations).
        """
        normalised = (code or "").strip().upper()
        if normalised not in STATE_CODES:
            raise UnknownStateError(
                f"{code!r} is not a two-letter USPS code of a U.S. state or territory."
            )
        return self.get(served_states__code=normalised)

    def selectable(self) -> "OfficeQuerySet":
        """Offices in the order staff expect: headquarters, regions, then field offices."""
        return self.order_by("kind_order", "order")


class Office(models.Model):
    """A CRS office: headquarters, one of ten regional offices, or one of four field offices."""

    class Kind(models.TextChoices):
        HEADQUARTERS = "headquarters", _("Headquarters")
        REGIONAL = "regional", _("Regional office")
        FIELD = "field", _("Field office")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    kind_order = models.PositiveSmallIntegerField(editable=False, default=0)
    name = models.CharField(
        _("name"), max_length=120, help_text=_("The region's name, or the office's city.")
    )
    city = models.CharField(_("city"), max_length=120)
    region = models.ForeignKey(
        "self",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="field_offices",
        limit_choices_to={"kind": "regional"},
        help_text=_("For a field office: the regional office it belongs to."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        ordering = ["kind_order", "order"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="field", region__isnull=False)
                    | (~models.Q(kind="field") & models.Q(region__isnull=True))
                ),
                name="office_region_matches_kind",
                violation_error_message=_(
                    "A field office belongs to a region; headquarters and regional offices do not."
                ),
            )
        ]

    def __str__(self):
        if self.kind == self.Kind.REGIONAL:
            return f"{self.name} ({self.city})"
        if self.kind == self.Kind.FIELD:
            return _("%(city)s field office") % {"city": self.city}
        return f"{self.name} ({self.city})"

    def save(self, *args, **kwargs):
        self.kind_order = list(self.Kind.values).index(self.kind)
        super().save(*args, **kwargs)

    @property
    def is_headquarters(self) -> bool:
        return self.kind == self.Kind.HEADQUARTERS


class ServedState(models.Model):
    """One state or territory and the regional office that serves it."""

    code = models.CharField(_("state"), max_length=2, choices=STATE_CHOICES, unique=True)
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        on_delete=models.CASCADE,
        related_name="served_states",
        limit_choices_to={"kind": "regional"},
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("served state")
        verbose_name_plural = _("served states")

    def __str__(self):
        return self.get_code_display()


class User(AbstractUser):
    """A person who signs in. CRS staff belong to an office; others have none yet."""

    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text=_("CRS staff see and manage the engagements of their own office."),
    )
    session_generation = models.PositiveIntegerField(
        _("session generation"),
        default=0,
        editable=False,
        help_text=_("Raised by “Sign out everywhere”: it ends every session signed in before."),
    )

    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "Pages open in this language when the person signs in, and the emails they get "
            "are written in it. Empty until they choose one or first sign in."
        ),
    )

    # The language is a preference, not a fact about the person: it changes with every
    # switch and its history would be noise.
    history = HistoricalRecords(
        excluded_fields=["password", "last_login", "session_generation", "language"]
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def is_crs_staff(self) -> bool:
        """True for an active user who belongs to a CRS office."""
        return self.is_active and self.office_id is not None

    def get_session_auth_hash(self):
        """Django's session check, which also fails once the session generation has moved.

        Django stores this hash in the session at sign-in and compares it on every request
        (it changes with the password); mixing in ``session_generation`` makes "Sign out
        everywhere" end every existing session the same way. Generation 0 keeps Django's hash,
        so sessions from before this existed stay valid.
        """
        return self._with_session_generation(super().get_session_auth_hash())

    def get_session_auth_fallback_hash(self):
        """The same for the hashes made with ``SECRET_KEY_FALLBACKS``."""
        for fallback_hash in super().get_session_auth_fallback_hash():
            yield self._with_session_generation(fallback_hash)

    def _with_session_generation(self, session_hash: str) -> str:
        if not self.session_generation:
            return session_hash
        return salted_hmac(
            "offices.User.session_generation",
            f"{session_hash}:{self.session_generation}",
            algorithm="sha256",
        ).hexdigest()
