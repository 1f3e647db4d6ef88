"""Forms for the engagement itself: its details and the program day's date and venue."""

from django import forms
from django.utils.translation import gettext_lazy as _

from offices.models import Office, User

from ..languages import PROGRAM_LANGUAGE_CHOICES
from ..models import Engagement
from . import DateInput, SubmissionGuardMixin


class EngagementForm(SubmissionGuardMixin, forms.ModelForm):
    """Create or edit an engagement. Left empty, the office is the regional office that
    serves the state (``services.engagement_create``)."""

    languages = forms.MultipleChoiceField(
        label=_("Languages of the program"),
        choices=PROGRAM_LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Languages the program day will use; plan interpreters for each."),
    )

    class Meta:
        model = Engagement
        fields = [
            "community",
            "state",
            "office",
            "lead_staff",
            "law_enforcement_agencies",
            "origin",
            "incident_date",
            "incident_description",
            "languages",
            "opened_on",
        ]
        widgets = {
            "origin": forms.RadioSelect,
            "incident_date": DateInput,
            "opened_on": DateInput,
            "law_enforcement_agencies": forms.Textarea(attrs={"rows": 3}),
            "incident_description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].required = False
        self.fields["office"].queryset = Office.objects.selectable()
        self.fields["office"].help_text = _(
            "Leave empty to use the regional office that serves the state."
        )
        # The lead must belong to the engagement's office (``Engagement.clean``): staff choose
        # among their office's colleagues; headquarters among everyone (labelled by office).
        staff = User.objects.filter(office__isnull=False, is_active=True).select_related("office")
        office = getattr(user, "office", None)
        if not (user.is_superuser or (office and office.is_headquarters)):
            staff = staff.filter(office=office)
        else:
            self.fields["lead_staff"].label_from_instance = lambda u: f"{u} · {u.office}"
        self.fields["lead_staff"].queryset = staff.order_by("first_name", "last_name")
        if not self.instance.pk:
            self.initial.setdefault("lead_staff", user.pk)


class ProgramDayForm(SubmissionGuardMixin, forms.ModelForm):
    """The program day's date and venue (step 3)."""

    class Meta:
        model = Engagement
        fields = ["program_date", "program_venue", "program_address"]
        widgets = {"program_date": DateInput, "program_address": forms.Textarea(attrs={"rows": 2})}
