"""Forms for the engagement pages, one module per step. Forms parse and present input; the
rules live in the models and services, whose errors the views put back on the form
(``add_service_errors``) so that what a user typed survives a refused save."""

import datetime
import uuid

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import ForeignKey, Model
from django.utils import formats
from django.utils.translation import gettext as _

from spcp.bidi import is_generated_label
from spcp.fields import BoundedModelMultipleChoiceField
from spcp.text import join_list

from ..services.guards import record_version

#: Shown for an empty value in a comparison.
EMPTY = "—"


class DateInput(forms.DateInput):
    """A browser date picker that reads and writes ISO dates."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class _OptionsOfRecordsMixin:
    """For a choice widget whose labels are records' names or text people typed: every
    option but the empty one carries ``dir="auto"``, so that an English name keeps its order
    in a Farsi list and a Farsi one in an English list (``spcp.bidi``). On checkboxes the
    crispy template puts it on the label (``templates/bootstrap5/layout/
    radio_checkbox_select.html``). Not on a record whose name the app writes itself
    (``spcp.bidi.is_generated_label``): that is the app's text."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)  # ModelChoiceIteratorValue
        if value is not None and value != "" and not is_generated_label(instance):
            option["attrs"] = {**option["attrs"], "dir": "auto"}
        return option


class RecordSelect(_OptionsOfRecordsMixin, forms.Select):
    """A drop-down of records: each option isolated (``dir="auto"``)."""


class RecordSelectMultiple(_OptionsOfRecordsMixin, forms.SelectMultiple):
    """A multiple-choice list of records: each option isolated (``dir="auto"``)."""


class RecordCheckboxSelectMultiple(_OptionsOfRecordsMixin, forms.CheckboxSelectMultiple):
    """Checkboxes of records: each label isolated (``dir="auto"``)."""


_RECORD_WIDGETS = {
    forms.Select: RecordSelect,
    forms.SelectMultiple: RecordSelectMultiple,
    forms.CheckboxSelectMultiple: RecordCheckboxSelectMultiple,
}


def set_text_direction(form) -> None:
    """Let what people type, and the records they choose from, keep their own direction on a
    page of the other direction (Farsi typed into an English page is right to left, aligned
    right; an English name on a Farsi page the reverse). On every field of ``form``:

    - text boxes (``type="text"``/``"search"``, not the number boxes with
      ``inputmode="numeric"``) and text areas get ``dir="auto"``;
    - e-mail and web address boxes get ``dir="ltr"``;
    - a choice of records (``ModelChoiceField``, ``ModelMultipleChoiceField``) gets the
      ``Record*`` widget of its kind, whose options carry ``dir="auto"``.

    A ``dir`` the form already set is kept. Call it once the form's fields are all there
    (``SubmissionGuardMixin`` does for every model form)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.EmailInput | forms.URLInput):
            widget.attrs.setdefault("dir", "ltr")
        elif isinstance(widget, forms.Textarea) or (
            isinstance(widget, forms.TextInput)
            and not isinstance(widget, forms.DateInput | forms.DateTimeInput | forms.TimeInput)
            and widget.input_type in ("text", "search")
            and widget.attrs.get("inputmode") not in ("numeric", "decimal")
        ):
            widget.attrs.setdefault("dir", "auto")
        if isinstance(field, forms.ModelChoiceField):
            record_widget = _RECORD_WIDGETS.get(type(widget))
            if record_widget is not None:
                # The same widget, as the subclass that isolates options (no state added).
                widget.__class__ = record_widget


def _has_engagement(model) -> bool:
    try:
        field = model._meta.get_field("engagement")
    except FieldDoesNotExist:
        return False
    return isinstance(field, ForeignKey)


class SearchForm(forms.Form):
    """The search box of a list page (``?q=``): at most 200 characters, no NUL characters
    (Django's ``CharField`` refuses them; PostgreSQL cannot compare them)."""

    q = forms.CharField(required=False, max_length=200, strip=True)

    def query(self) -> str:
        """The valid search text, or "" when there is none or it was refused."""
        return self.cleaned_data.get("q", "") if self.is_valid() else ""


class SubmissionGuardMixin:
    """For a ``ModelForm``: an edit form carries the version of the record it was opened on
    (hidden ``opened_version``), a create form a one-time token (hidden ``form_token``);
    ``guard_kwargs()`` hands them to the service, which refuses a stale edit
    (``guards.StaleEdit``, shown with ``show_conflict``) and a second submission
    (``guards.AlreadySubmitted``). Its text boxes and choices of records keep the direction
    of what is in them (``set_text_direction``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_version"] = forms.CharField(
                widget=forms.HiddenInput, required=False, max_length=64
            )
            if not self.is_bound:
                self.initial["opened_version"] = record_version(
                    self.instance, self.version_fields()
                )
        else:
            self.fields["form_token"] = forms.UUIDField(widget=forms.HiddenInput, required=False)
            self.initial["form_token"] = uuid.uuid4()
        self.conflict = None
        set_text_direction(self)

    def version_fields(self) -> list[str]:
        """The model fields this form edits (their values make the version)."""
        return [
            f.name
            for f in self.instance._meta.get_fields()
            if f.name in self.fields and (f.concrete or f.many_to_many)
        ]

    def guard_kwargs(self) -> dict:
        """The keyword arguments for the create or update service (after ``is_valid``)."""
        if self.instance.pk:
            return {
                "expected_version": self.cleaned_data.get("opened_version") or None,
                "version_fields": self.version_fields(),
            }
        return {"token": self.cleaned_data.get("form_token")}

    def show_conflict(self, error) -> None:
        """Prepare the page for a ``guards.StaleEdit``: ``self.conflict`` holds who saved
        when and, per field that differs, the saved value and the typed one; the hidden
        version becomes the stored one, so saving the form again keeps what was typed."""
        stored = error.stored
        rows = []
        for name in self.version_fields():
            field = self.fields[name]
            model_field = stored._meta.get_field(name)
            saved = (
                list(getattr(stored, name).all())
                if model_field.many_to_many
                else getattr(stored, name)
            )
            saved_text = _display(field, saved)
            typed_text = _display(field, self.cleaned_data.get(name))
            if saved_text != typed_text:
                rows.append({"label": field.label, "saved": saved_text, "typed": typed_text})
        set_conflict(self, error, rows, record_version(stored, self.version_fields()))


class SetVersionMixin:
    """For a plain ``Form`` that edits a set of records at once (dot votes, attendance,
    afternoon groups): ``add_version(version)`` adds the hidden ``opened_version`` holding
    ``guards.records_version`` of the set when the page was opened; ``guard_kwargs()`` hands
    it to the service, whose ``guards.StaleEdit`` the form shows with ``set_conflict``."""

    conflict = None

    def add_version(self, version: str) -> None:
        self.fields["opened_version"] = forms.CharField(
            widget=forms.HiddenInput, required=False, max_length=64, initial=version
        )

    def guard_kwargs(self) -> dict:
        """The version the page was opened on, for the service's ``expected_version``."""
        return {"expected_version": self.cleaned_data.get("opened_version") or None}


def set_conflict(form, error, rows: list[dict], version: str) -> None:
    """Put a ``guards.StaleEdit`` on ``form`` for ``includes/form_conflict.html``:
    ``form.conflict`` (the message, who saved last and when, and ``rows`` of
    ``{"label", "saved", "typed"}``), and make the form's hidden ``opened_version`` the
    stored ``version``, so that saving the form again keeps what was typed."""
    form.conflict = {
        "message": error.messages[0],
        "changed_by": error.changed_by,
        "changed_at": error.changed_at,
        "rows": rows,
    }
    data = form.data.copy()
    data[form.add_prefix("opened_version")] = version
    form.data = data


def _display(field, value) -> str:
    """``value`` of form ``field`` as the person reads it (choice labels, record names,
    localised dates); ``EMPTY`` when there is nothing."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, list | tuple | set) or hasattr(value, "model"):
        texts = sorted(_display(field, item) for item in value)
        return join_list(texts) if texts else EMPTY
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.date):
        return formats.localize(value)
    choices = {str(key): label for key, label in getattr(field, "choices", ()) if key != ""}
    return str(choices.get(str(value), value))


class EngagementRecordForm(SubmissionGuardMixin, forms.ModelForm):
    """A form for a record of one engagement: every choice of a related record is limited to
    that engagement, so another engagement's ids are refused as invalid choices."""

    def __init__(self, *args, engagement, **kwargs):
        super().__init__(*args, **kwargs)
        self.engagement = engagement
        self.instance.engagement = engagement
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and _has_engagement(queryset.model):
                field.queryset = queryset.filter(engagement=engagement)
            if type(field) is forms.ModelMultipleChoiceField:
                field.__class__ = BoundedModelMultipleChoiceField  # see its docstring
            if isinstance(field.widget, forms.DateInput):
                field.widget = DateInput()
            elif isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 3)

    def validate_unique(self):
        """Check unique constraints that include the engagement too (it is not a form field,
        so Django would skip them and the database would refuse the row instead)."""
        exclude = self._get_validation_exclusions()
        exclude.discard("engagement")
        try:
            self.instance.validate_unique(exclude=exclude)
            self.instance.validate_constraints(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)

    def links(self) -> dict:
        """The many-to-many choices of the form, ``{field name: records}``, for the
        services' ``links`` argument."""
        return {
            f.name: list(self.cleaned_data[f.name])
            for f in self._meta.model._meta.many_to_many
            if f.name in self.cleaned_data
        }


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on ``form``: on the field it names when the form
    has that field, otherwise above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
