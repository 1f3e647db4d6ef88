"""The engagement: one SPCP program for one city or county."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from offices.states import STATE_CHOICES
from spcp.text import isolate, join_list

from ..languages import PROGRAM_LANGUAGE_CODES, PROGRAM_LANGUAGE_LABELS


def _count(model_path: str, **filters):
    """A subquery counting the rows of ``model_path`` that belong to the outer engagement."""
    from django.apps import apps

    model = apps.get_model("engagements", model_path)
    rows = (
        model.objects.filter(engagement=OuterRef("pk"), **filters)
        .order_by()
        .values("engagement")
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=models.IntegerField()), 0)


#: How long facilitators keep access after staff close the breakout sessions, so that they
#: can read back and finish what they wrote.
FACILITATOR_ACCESS_AFTER_CLOSE = datetime.timedelta(days=7)


class EngagementQuerySet(models.QuerySet):
    def for_user(self, user) -> "EngagementQuerySet":
        """Engagements ``user`` may see: all for headquarters staff, their office's for other
        CRS staff, none for anyone else (see ``engagements/rules.py``)."""
        if not getattr(user, "is_authenticated", False) or not user.is_crs_staff:
            return self.none()
        if user.office.is_headquarters:
            return self
        return self.filter(office_id=user.office_id)

    def with_step_counts(self) -> "EngagementQuerySet":
        """Annotate the counts the five-step overview needs, in the same single query."""
        return self.select_related("office", "lead_staff", "action_plan").annotate(
            n_members=_count("PlanningGroupMember"),
            n_law_enforcement_members=_count("PlanningGroupMember", sector="law_enforcement"),
            n_stakeholder_groups=_count("StakeholderGroup"),
            n_planning_meetings=_count("PlanningMeeting"),
            n_tasks=_count("LogisticsTask"),
            n_open_tasks=_count("LogisticsTask", status__in=["todo", "in_progress"]),
            n_training_sessions=_count("TrainingSession"),
            n_facilitators=_count("Facilitator"),
            n_trained_facilitators=_count("Facilitator", attendances__completed=True),
            n_participants=_count("Participant"),
            n_homogeneous_groups=_count("BreakoutGroup", round="homogeneous"),
            n_heterogeneous_groups=_count("BreakoutGroup", round="heterogeneous"),
            n_groups_without_facilitator=_count("BreakoutGroup", facilitator__isnull=True),
            n_strengths=_count("Strength"),
            n_issues=_count("Issue"),
            n_voted_issues=_count("Issue", dot_votes__gt=0),
            n_priority_issues=_count("Issue", is_priority=True),
            n_solutions=_count("Solution"),
            n_plan_items=_count("PlanItem"),
            n_council_members=_count("CouncilMember"),
            n_council_chairs=_count("CouncilMember", role="chair"),
            n_council_meetings=_count("CouncilMeeting"),
            n_progress_updates=_count("ProgressUpdate"),
        )

    def search(self, text: str) -> "EngagementQuerySet":
        """Engagements whose community, state code or agencies contain ``text``."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(community__icontains=text)
            | Q(state__iexact=text)
            | Q(law_enforcement_agencies__icontains=text)
        )


class Engagement(models.Model):
    """An SPCP engagement: the one-day program run by CRS for a city or county, from the
    planning group (step 1) to the council carrying out the action plan (step 5)."""

    class Origin(models.TextChoices):
        PROACTIVE = "proactive", _("Proactive")
        CRITICAL_INCIDENT = "critical_incident", _("In response to a critical incident")

    community = models.CharField(
        _("community"), max_length=120, help_text=_("The city or county, e.g. “Erie”.")
    )
    state = models.CharField(_("state"), max_length=2, choices=STATE_CHOICES)
    office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("CRS office"),
        on_delete=models.PROTECT,
        related_name="engagements",
        help_text=_("Proposed from the state: the regional office that serves it."),
    )
    lead_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead CRS staff"),
        on_delete=models.PROTECT,
        related_name="led_engagements",
        limit_choices_to={"office__isnull": False, "is_active": True},
    )
    law_enforcement_agencies = models.TextField(
        _("law-enforcement agencies"),
        help_text=_("One agency per line, e.g. “Erie Bureau of Police”."),
    )
    origin = models.CharField(
        _("how it started"), max_length=20, choices=Origin.choices, default=Origin.PROACTIVE
    )
    incident_date = models.DateField(_("date of the incident"), null=True, blank=True)
    incident_description = models.TextField(
        _("what happened"),
        blank=True,
        help_text=_("For a critical incident: what happened, in a few sentences."),
    )
    languages = models.JSONField(
        _("languages of the program"),
        default=list,
        blank=True,
        help_text=_("Languages the program day will use; plan interpreters for each."),
    )
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    program_date = models.DateField(_("program date"), null=True, blank=True)
    program_venue = models.CharField(_("venue"), max_length=200, blank=True)
    program_address = models.TextField(_("venue address"), blank=True)
    morning_closed_at = models.DateTimeField(
        _("morning round closed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When staff closed the morning breakout sessions: their notes are final."),
    )
    afternoon_closed_at = models.DateTimeField(
        _("afternoon round closed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When staff closed the afternoon breakout sessions: their notes are final."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()
    objects = EngagementQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "community"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")

    def __str__(self):
        return f"{self.community}, {self.state}"

    def get_absolute_url(self):
        return reverse("engagements:engagement_detail", args=[self.pk])

    def clean(self):
        """Check the incident fields, the languages, that the office serves the state and
        that the lead staff member belongs to that office (or to headquarters).

        The office must be headquarters, the regional office that serves ``state``
        (``shared/DOMAIN.md``), or one of that region's field offices. Raises
        ``ValidationError`` keyed by field."""
        errors = {}
        office_error = self._office_error()
        if office_error:
            errors["office"] = office_error
        elif self.lead_staff_id and self.office_id and not self._lead_in_office():
            errors["lead_staff"] = _("Choose a member of the staff of the engagement’s office.")
        if self.origin == self.Origin.CRITICAL_INCIDENT:
            if not self.incident_date:
                errors["incident_date"] = _("Give the date of the critical incident.")
            if not (self.incident_description or "").strip():
                errors["incident_description"] = _("Describe the critical incident.")
        else:
            self.incident_date = None
            self.incident_description = ""
        if self.incident_date and self.incident_date > timezone.localdate():
            errors["incident_date"] = _("The incident date cannot be in the future.")
        languages = self.languages or []
        if not isinstance(languages, list) or not all(isinstance(c, str) for c in languages):
            errors["languages"] = _("Give the languages as a list of language codes.")
            languages = []
        unknown = [code for code in languages if code not in PROGRAM_LANGUAGE_CODES]
        if unknown:
            errors["languages"] = _("Unknown language code: %(codes)s.") % {
                "codes": join_list(map(str, unknown))
            }
        if errors:
            raise ValidationError(errors)

    def _lead_in_office(self) -> bool:
        """Whether the lead staff member belongs to the engagement's office or to
        headquarters (which may lead any engagement)."""
        lead_office = self.lead_staff.office
        return lead_office is not None and (
            lead_office.pk == self.office_id or lead_office.is_headquarters
        )

    def _office_error(self) -> str:
        from offices.models import Office, UnknownStateError

        if not (self.state and self.office_id):
            return ""
        try:
            regional = Office.objects.for_state(self.state)
        except (UnknownStateError, Office.DoesNotExist):
            return _("No CRS office serves this state.")
        office = self.office
        if office.is_headquarters or office.pk == regional.pk or office.region_id == regional.pk:
            return ""
        return _("%(state)s is served by the %(office)s office or its field offices.") % {
            "state": self.state,
            "office": isolate(regional),
        }

    def round_closed_at(self, round: str):
        """When staff closed the breakout ``round`` (a ``BreakoutGroup.Round`` value), as an
        aware datetime (UTC), or None while it is open."""
        return self.morning_closed_at if round == "homogeneous" else self.afternoon_closed_at

    def round_is_open(self, round: str) -> bool:
        """Whether facilitators may still add, change and delete the notes of ``round``."""
        return self.round_closed_at(round) is None

    @property
    def breakouts_closed_at(self):
        """When the program day's breakout sessions ended: the later closing of the two
        rounds once both are closed (an aware datetime), else None."""
        if self.morning_closed_at and self.afternoon_closed_at:
            return max(self.morning_closed_at, self.afternoon_closed_at)
        return None

    @property
    def facilitator_access_ends_at(self):
        """When facilitators' sign-in links and access end: a week
        (``FACILITATOR_ACCESS_AFTER_CLOSE``) after the breakout sessions were closed; None
        while they are open. From the issue "Facilitators and council members sign in"."""
        closed = self.breakouts_closed_at
        return closed + FACILITATOR_ACCESS_AFTER_CLOSE if closed else None

    @property
    def agency_list(self) -> list[str]:
        """The law-enforcement agencies, one per non-empty line."""
        return [line.strip() for line in self.law_enforcement_agencies.splitlines() if line.strip()]

    @property
    def language_labels(self) -> list[str]:
        """The program's languages as translated labels, in the order chosen."""
        return [str(PROGRAM_LANGUAGE_LABELS.get(code, code)) for code in self.languages or []]


class EngagementRecord(models.Model):
    """Base for every record that belongs to one engagement, with its change history.

    ``clean()`` enforces two rules for every subclass: each related record (a foreign key to
    another ``EngagementRecord``) belongs to the same engagement, and a record that a
    published action plan depends on keeps its ``locked_fields`` (see ``locked_reason``)."""

    engagement = models.ForeignKey(
        Engagement,
        verbose_name=_("engagement"),
        on_delete=models.CASCADE,
        related_name="%(class)s_set",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(inherit=True)

    #: Fields that may not change while ``locked_reason()`` gives a reason.
    locked_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def clean(self):
        errors = self.other_engagement_errors()
        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname)
            if isinstance(value, str) and "\x00" in value:
                errors[field.name] = ProhibitNullCharactersValidator.message
        if errors:
            raise ValidationError(errors)
        self.validate_unlocked()

    def other_engagement_errors(self) -> dict[str, str]:
        """The foreign keys of this record that point to another engagement's records, as
        ``{field name: message}``. The message names nothing of the other engagement, whose
        existence is need-to-know."""
        errors = {}
        for field in self._meta.concrete_fields:
            if not field.many_to_one or field.name == "engagement":
                continue
            if not issubclass(field.related_model, EngagementRecord):
                continue
            related_id = getattr(self, field.attname)
            if related_id is None or self.engagement_id is None:
                continue
            if field.is_cached(self):
                other = getattr(self, field.name).engagement_id
            else:
                other = (
                    field.related_model._base_manager.filter(pk=related_id)
                    .values_list("engagement_id", flat=True)
                    .first()
                )
            if other != self.engagement_id:
                errors[field.name] = _(
                    "This choice belongs to another engagement; choose one of this engagement’s "
                    "records."
                )
        return errors

    def permission_parent(self):
        """The object on which adding a record like this one is checked: its engagement."""
        return self.engagement

    def label_spec(self) -> dict | None:
        """For a record whose label the app generates (``engagements.labels``): what the
        label is made of, so that the history can write it in each reader's language; None
        (the default) when the label is text someone typed."""
        return None

    def locked_reason(self) -> str:
        """Why this record may not change or be deleted now, or "" when it may. Subclasses
        that a published action plan depends on override this."""
        return ""

    def validate_unlocked(self) -> None:
        """Raise ``ValidationError`` if the record is locked (``locked_reason()``) and is new
        or has a changed value in ``locked_fields`` compared with the database."""
        if not self.locked_fields:
            return
        reason = self.locked_reason()
        if not reason:
            return
        if self.pk is None:
            raise ValidationError(reason, code="locked")
        attnames = [self._meta.get_field(name).attname for name in self.locked_fields]
        stored = type(self)._base_manager.filter(pk=self.pk).values(*attnames).first()
        if stored is None or any(stored[a] != getattr(self, a) for a in attnames):
            raise ValidationError(reason, code="locked")
