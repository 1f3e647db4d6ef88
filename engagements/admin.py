"""Every engagement model in Django's admin, with its change history, under the same rules as
the pages.

- **Who sees what.** Each list holds the engagements ``Engagement.objects.for_user(user)``
  gives (their office's for CRS staff, all for headquarters, none for anyone else) and the
  records of those engagements, history included; another office's row answers as a missing
  one does, so its existence stays need-to-know (42 U.S.C. 2000g-2(b)).
- **Who may do what.** Reaching the admin takes ``is_staff`` and Django's model permissions
  (given to groups by a superuser); every object is then checked again with its django-rules
  permission (``rules.py``), the one the pages and the services check.
- **Choices.** Every foreign-key choice is limited to what the user may see: the engagement of
  a new record, the records it links to, the office of an engagement (their own, unless
  headquarters) and its lead staff (the office's staff).
- **Saving.** Saves and deletes go through the same services as the pages (``services``), so
  the admin gets the same answer as a form: the models' rules, the permission, the history and
  the audit entry. The form calls the service as the last step of its validation, so what the
  service refuses comes back as an error on the form, with what the user typed, never a 500.

**Superusers.** Django lets a superuser pass every permission check, here and in the services
alike (``User.has_perm``): a superuser sees and changes every office's engagements, whatever
office they belong to. It is the deployment's administrator, not a CRS role; give it to the
few people who run the server, and give CRS staff an office and a group instead.
"""

from functools import partial

import rules
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from offices.models import Office, User
from spcp.text import join_sentences

from . import models, services
from .audit import audit_sentence
from .forms import SubmissionGuardMixin, add_service_errors
from .predicates import is_crs_staff, is_headquarters_staff
from .services.guards import StaleEdit


def visible_engagements(user):
    """The engagements ``user`` may see in the admin: ``Engagement.objects.for_user``, or
    every engagement for a superuser."""
    if user.is_active and user.is_superuser:
        return models.Engagement.objects.all()
    return models.Engagement.objects.for_user(user)


def sees_every_office(user) -> bool:
    """Superusers and headquarters staff, who may choose any office."""
    return bool(user.is_active and (user.is_superuser or is_headquarters_staff(user)))


def rule_holds(user, permission: str, obj=None) -> bool:
    """Whether the django-rules ``permission`` holds for ``user`` on ``obj``; a superuser
    holds every permission, as ``User.has_perm`` has it. Django's model permissions do not
    count here: they open the admin, the rule decides on the object."""
    return bool(user.is_active and (user.is_superuser or rules.has_perm(permission, user, obj)))


class AdminServiceForm(SubmissionGuardMixin, forms.ModelForm):
    """Base of the admin's forms for engagement data: saves the instance through a service as
    the last step of validation, and puts what the service refuses back on the form. Like the
    pages' forms it carries the version it was opened on or a one-time token
    (``SubmissionGuardMixin``, rendered by ``templates/admin/engagements/change_form.html``).

    ``get_form`` makes one subclass per request, setting ``user`` (the signed-in user) and
    ``admin_save`` (``admin_save(instance)`` calls the service)."""

    user = None
    admin_save = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        engagement_id = getattr(self.instance, "engagement_id", None)
        if self.instance.pk is None or engagement_id is None:
            return
        # A record keeps its engagement: offer only that engagement's records.
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and issubclass(queryset.model, models.EngagementRecord):
                field.queryset = queryset.filter(engagement_id=engagement_id)

    def _post_clean(self):
        """After Django's model validation (``full_clean``), when nothing failed, save through
        the service; its ``ValidationError`` goes on the fields it names."""
        super()._post_clean()
        if self._errors:
            return
        try:
            self.admin_save(self.instance, **self.guard_kwargs())
        except StaleEdit as error:
            self.show_conflict(error)
            self.add_error(
                None,
                _(
                    "Someone else saved a change to this record after you opened it; nothing "
                    "was saved. Open the record again to see their version, or save again to "
                    "replace it with yours."
                ),
            )
        except ValidationError as error:
            add_service_errors(self, error)
        except PermissionDenied:
            self.add_error(None, _("You do not have permission to make this change."))
        else:
            self.saved_through_service = True


class RecordAddForm(forms.ModelForm):
    """Adds the engagement (not editable on the model) to the admin's add form, chosen among
    the engagements the user may see."""

    engagement = forms.ModelChoiceField(
        queryset=models.Engagement.objects.none(), label=_("engagement")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engagement"].queryset = visible_engagements(self.user)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("engagement"):
            self.instance.engagement = cleaned["engagement"]
        return cleaned


class EngagementAdminForm(forms.ModelForm):
    """The engagement's admin form. The lead staff belong to the engagement's office (or
    headquarters): ``Engagement.clean`` says so, as for the pages."""


class ScopedAdminMixin:
    """Limits a model admin to the engagements the user may see (``visible_engagements``)
    and checks each object's django-rules permission. ``engagement_lookup`` is the path from
    the model (and its historical model) to the engagement's id."""

    engagement_lookup = "engagement"

    def scope(self, queryset, user):
        """``queryset`` limited to the rows of the engagements ``user`` may see."""
        if user.is_active and user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.engagement_lookup}__in": visible_engagements(user)})

    def get_queryset(self, request):
        """Only the rows of the engagements the user may see."""
        return self.scope(super().get_queryset(request), request.user)

    def object_rule_holds(self, request, verb: str, obj) -> bool:
        """The django-rules permission ``<app>.<verb>_<model>`` on ``obj``."""
        opts = self.opts
        permission = f"{opts.app_label}.{get_permission_codename(verb, opts)}"
        return rule_holds(request.user, permission, obj)

    def has_view_permission(self, request, obj=None):
        """Django's view (or change) permission, and the rule on ``obj``."""
        return super().has_view_permission(request, obj) and (
            obj is None
            or self.object_rule_holds(request, "view", obj)
            or self.object_rule_holds(request, "change", obj)
        )

    def has_change_permission(self, request, obj=None):
        """Django's change permission, and the rule on ``obj``."""
        return super().has_change_permission(request, obj) and (
            obj is None or self.object_rule_holds(request, "change", obj)
        )

    def has_delete_permission(self, request, obj=None):
        """Django's delete permission, and the rule on ``obj``."""
        return super().has_delete_permission(request, obj) and (
            obj is None or self.object_rule_holds(request, "delete", obj)
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Offer only the engagements, and their records, that the user may see."""
        related = db_field.related_model
        visible = visible_engagements(request.user)
        if related is models.Engagement:
            kwargs["queryset"] = visible
        elif issubclass(related, models.EngagementRecord):
            kwargs["queryset"] = related._default_manager.filter(
                engagement__in=visible
            ).select_related("engagement")
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and issubclass(related, models.EngagementRecord):
            # The same name (a "Youth" group) recurs in every engagement: say whose it is.
            field.label_from_instance = lambda record: f"{record} ({record.engagement})"
        return field


class ScopedHistoryAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """A scoped admin (``ScopedAdminMixin``) with its change history, whose forms save
    through ``service_save``."""

    def service_save(self, request, obj, *, change: bool, **guard) -> None:
        """Save ``obj`` through its service, as ``request.user``; ``guard`` holds the form's
        version or token (``SubmissionGuardMixin.guard_kwargs``)."""
        raise NotImplementedError

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The model form, saving through ``service_save`` when it validates."""
        form = super().get_form(request, obj, change=change, **kwargs)
        save = partial(self.service_save, request, change=obj is not None)
        return type(
            form.__name__,
            (AdminServiceForm, form),
            {"user": request.user, "admin_save": staticmethod(save)},
        )

    def save_model(self, request, obj, form, change):
        """Nothing left to do when the form saved through the service while validating."""
        if not getattr(form, "saved_through_service", False):
            self.service_save(request, obj, change=change)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        """Only the versions of the rows the user may see."""
        queryset = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return self.scope(queryset, request.user)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """One version of a row the user may see; a missing one otherwise (404)."""
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        pk_name = self.opts.pk.attname
        versions = self.get_history_queryset(request, history, pk_name, unquote(object_id))
        if not versions.filter(history_id=version_id).exists():
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(models.Engagement)
class EngagementAdmin(ScopedHistoryAdmin):
    """Engagements: staff open them for their own office, headquarters for any."""

    form = EngagementAdminForm
    engagement_lookup = "id"
    list_display = ["community", "state", "office", "lead_staff", "origin", "program_date"]
    list_filter = ["office", "origin", "state"]
    list_select_related = ["office", "lead_staff"]
    search_fields = ["community", "law_enforcement_agencies"]
    date_hierarchy = "opened_on"

    def has_add_permission(self, request):
        """Django's add permission, and the rule (``add_engagement``: CRS staff)."""
        return super().has_add_permission(request) and rule_holds(
            request.user, "engagements.add_engagement"
        )

    def has_delete_permission(self, request, obj=None):
        """Never here: no service deletes an engagement, whose records and audit trail would
        go with it."""
        return False

    def get_changeform_initial_data(self, request):
        """A new engagement of a regional or field office starts with the user's office and
        the user as lead staff (headquarters choose both)."""
        initial = super().get_changeform_initial_data(request)
        if is_crs_staff(request.user) and not sees_every_office(request.user):
            initial.setdefault("office", request.user.office_id)
            initial.setdefault("lead_staff", request.user.pk)
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """The office: the user's own unless headquarters. The lead staff: the office's
        staff (every office's, labelled with it, for headquarters, and checked against the
        office chosen: ``EngagementAdminForm``)."""
        user = request.user
        every_office = sees_every_office(user)
        if db_field.name == "office":
            offices = Office.objects.selectable()
            kwargs["queryset"] = offices if every_office else offices.filter(pk=user.office_id)
        elif db_field.name == "lead_staff":
            staff = User.objects.filter(office__isnull=False, is_active=True)
            if not every_office:
                staff = staff.filter(office_id=user.office_id)
            kwargs["queryset"] = staff.select_related("office").order_by(
                "first_name", "last_name", "username"
            )
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "lead_staff" and every_office:
            field.label_from_instance = lambda staff: f"{staff} ({staff.office})"
        return field

    def service_save(self, request, obj, *, change, **guard):
        """``engagement_update`` or ``engagement_create``."""
        service = services.engagement_update if change else services.engagement_create
        service(engagement=obj, user=request.user, **guard)


class DeletionRefused(Exception):
    """A service refused to delete a record; the message says why."""


class RecordAdmin(ScopedHistoryAdmin):
    """Admin for a record that belongs to an engagement. The engagement is chosen when a
    record is added and fixed afterwards. Many-to-many links are edited on the pages."""

    list_select_related = ["engagement"]
    list_filter = ["engagement__office"]

    def has_add_permission(self, request):
        """Django's add permission, for CRS staff; the rule (``add_<model>``) is checked on
        the engagement chosen, when the form is saved."""
        user = request.user
        return super().has_add_permission(request) and (
            (user.is_active and user.is_superuser) or is_crs_staff(user)
        )

    def get_readonly_fields(self, request, obj=None):
        return ["engagement"] if obj else []

    def get_fields(self, request, obj=None):
        """The engagement first."""
        fields = [name for name in super().get_fields(request, obj) if name != "engagement"]
        return ["engagement", *fields]

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The model form; on the add form, with the engagement to choose (``RecordAddForm``)."""
        if kwargs.get("fields"):
            # Not a model form field: the engagement is not editable on the model.
            kwargs["fields"] = [name for name in kwargs["fields"] if name != "engagement"]
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None:
            return form
        return type(form.__name__, (RecordAddForm, form), {})

    def service_save(self, request, obj, *, change, **guard):
        """``record_update`` or ``record_create``."""
        service = services.record_update if change else services.record_create
        service(record=obj, user=request.user, **guard)

    def delete_view(self, request, object_id, extra_context=None):
        """Django's delete page; a deletion the service refuses is undone (the admin's log
        entry with it) and its reason shown on the record's page."""
        try:
            return super().delete_view(request, object_id, extra_context)
        except DeletionRefused as refused:
            self.message_user(request, str(refused), messages.ERROR)
            opts = self.opts
            return HttpResponseRedirect(
                reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_change",
                    args=[object_id],
                    current_app=self.admin_site.name,
                )
            )

    def delete_model(self, request, obj):
        """``record_delete``; raises ``DeletionRefused`` with the reason it refuses."""
        try:
            services.record_delete(record=obj, user=request.user)
        except ValidationError as error:
            raise DeletionRefused(join_sentences(error.messages)) from error

    def delete_queryset(self, request, queryset):
        """``record_delete`` one by one; each refusal is shown with its reason."""
        for obj in queryset:
            try:
                services.record_delete(record=obj, user=request.user)
            except ValidationError as error:
                self.message_user(request, join_sentences(error.messages), messages.ERROR)


@admin.register(models.StakeholderGroup)
class StakeholderGroupAdmin(RecordAdmin):
    list_display = ["name", "order", "engagement"]
    search_fields = ["name"]


@admin.register(models.PlanningGroupMember)
class PlanningGroupMemberAdmin(RecordAdmin):
    list_display = ["name", "affiliation", "sector", "engagement"]
    search_fields = ["name"]


@admin.register(models.PlanningMeeting)
class PlanningMeetingAdmin(RecordAdmin):
    list_display = ["__str__", "held_on", "engagement"]


@admin.register(models.LogisticsTask)
class LogisticsTaskAdmin(RecordAdmin):
    list_display = ["title", "category", "owner", "due_date", "status", "engagement"]


@admin.register(models.Facilitator)
class FacilitatorAdmin(RecordAdmin):
    list_display = ["name", "affiliation", "engagement"]
    search_fields = ["name"]


@admin.register(models.TrainingSession)
class TrainingSessionAdmin(RecordAdmin):
    list_display = ["__str__", "held_on", "place", "trainer", "engagement"]


@admin.register(models.TrainingAttendance)
class TrainingAttendanceAdmin(RecordAdmin):
    list_display = ["__str__", "session", "facilitator", "completed", "engagement"]


@admin.register(models.Participant)
class ParticipantAdmin(RecordAdmin):
    list_display = ["name", "stakeholder_group", "preferred_language", "engagement"]
    list_select_related = ["engagement", "stakeholder_group"]
    search_fields = ["name"]


@admin.register(models.BreakoutGroup)
class BreakoutGroupAdmin(RecordAdmin):
    # ``__str__``: a numbered afternoon group's name is written in the reader's language.
    list_display = ["__str__", "round", "stakeholder_group", "facilitator", "engagement"]


@admin.register(models.Strength)
class StrengthAdmin(RecordAdmin):
    list_display = ["__str__", "group", "engagement"]


@admin.register(models.Issue)
class IssueAdmin(RecordAdmin):
    list_display = ["__str__", "group", "merged_into", "dot_votes", "is_priority", "engagement"]


@admin.register(models.Solution)
class SolutionAdmin(RecordAdmin):
    list_display = ["__str__", "group", "issue", "engagement"]


@admin.register(models.PlanItem)
class PlanItemAdmin(RecordAdmin):
    list_display = ["title", "responsible_party", "target_date", "status", "engagement"]


@admin.register(models.CouncilMember)
class CouncilMemberAdmin(RecordAdmin):
    list_display = ["__str__", "stakeholder_group", "role", "engagement"]


@admin.register(models.CouncilMeeting)
class CouncilMeetingAdmin(RecordAdmin):
    list_display = ["__str__", "held_on", "engagement"]


@admin.register(models.ProgressUpdate)
class ProgressUpdateAdmin(RecordAdmin):
    list_display = ["__str__", "plan_item", "reported_on", "status", "engagement"]


@admin.register(models.ActionPlan)
class ActionPlanAdmin(ScopedHistoryAdmin):
    """Action plans: their introduction changes here; publishing is on the pages."""

    list_display = ["engagement", "status", "version", "published_at"]
    list_select_related = ["engagement"]
    readonly_fields = ["engagement", "status", "version", "published_at", "published_by"]

    def has_add_permission(self, request):
        return False  # every engagement gets its plan when it is opened

    def has_delete_permission(self, request, obj=None):
        return False  # and keeps it

    def service_save(self, request, obj, *, change, **guard):
        """``action_plan_update``."""
        services.action_plan_update(plan=obj, user=request.user, **guard)


@admin.register(models.AuditEntry)
class AuditEntryAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """The audit trail, read-only."""

    list_display = ["at", "actor", "engagement", "sentence"]
    list_filter = ["action", "step"]
    list_select_related = ["actor", "engagement"]

    @admin.display(description=_("what"))
    def sentence(self, entry) -> str:
        """What the entry did, as the history page says it, in the reader's language."""
        return audit_sentence(entry)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.ActionPlanVersion)
class ActionPlanVersionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Published versions of the action plans, read only here as everywhere: a version is the
    plan exactly as it was published (``ActionPlanVersion`` refuses any change or deletion).
    Seen by whoever may see the plan (``engagements.view_actionplan``)."""

    engagement_lookup = "plan__engagement"
    list_display = ["plan", "number", "published_at", "published_by"]
    list_select_related = ["plan__engagement", "published_by"]
    fields = readonly_fields = [
        "plan",
        "number",
        "published_at",
        "published_by",
        "note",
        "snapshot",
    ]

    def has_view_permission(self, request, obj=None):
        """Django's view permission, and the plan's view rule on the version's plan."""
        return admin.ModelAdmin.has_view_permission(self, request, obj) and (
            obj is None or rule_holds(request.user, "engagements.view_actionplan", obj.plan)
        )

    def has_add_permission(self, request):
        return False  # versions are made by publishing, on the pages

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.SignInLink)
class SignInLinkAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Facilitators' and council members' sign-in links, read only: staff invite on the
    engagement's pages (step 2 and step 5), where the link and its QR code are shown. The one
    change made here is revoking, through ``services.sign_in_link_revoke``."""

    list_display = ["person", "engagement", "user", "language", "created_at", "state_label"]
    list_select_related = ["engagement", "user", "facilitator", "council_member"]
    fields = readonly_fields = [
        "engagement",
        "user",
        "facilitator",
        "council_member",
        "language",
        "email",
        "created_by",
        "created_at",
        "revoked_at",
        "revoked_by",
        "last_used_at",
    ]
    actions = ["revoke"]

    @admin.display(description=_("state"))
    def state_label(self, link) -> str:
        return link.get_state_display()

    @admin.action(description=_("Revoke the selected sign-in links"))
    def revoke(self, request, queryset):
        """Revoke each selected link the user may change (``sign_in_link_revoke``)."""
        done = 0
        for link in queryset:
            if rule_holds(request.user, "engagements.change_signinlink", link):
                services.sign_in_link_revoke(link=link, user=request.user)
                done += 1
        self.message_user(
            request,
            ngettext("%(n)d sign-in link revoked.", "%(n)d sign-in links revoked.", done)
            % {"n": done},
        )

    def has_add_permission(self, request):
        return False  # links are made by inviting, on the engagement's pages

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
