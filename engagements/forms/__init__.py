"""Forms for the engagement pages, one module per step. Forms parse and present input; the
rules live in the models and services, whose errors the views put back on the form
(``add_service_errors``) so that what a user typed survives a refused save."""

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import ForeignKey


class DateInput(forms.DateInput):
    """A browser date picker that reads and writes ISO dates."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _has_engagement(model) -> bool:
    try:
        field = model._meta.get_field("engagement")
    except FieldDoesNotExist:
        return False
    return isinstance(field, ForeignKey)


class EngagementRecordForm(forms.ModelForm):
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
