"""Form fields shared by both apps and the admin."""

from django import forms
from django.core.exceptions import ValidationError

from spcp.digits import to_western_digits

#: The range of the database's 64-bit integer ids.
ID_RANGE = range(-(2**63), 2**63)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of records that refuses ids beyond 64 bits as invalid choices before
    querying: SQLite cannot even compare them (``OverflowError``, a 500); PostgreSQL and a
    single choice (Django checks an exact lookup's range) are not affected."""

    def _check_values(self, value):
        if (self.to_field_name or "pk") == "pk":
            for pk in value:
                try:
                    number = int(str(pk))
                except ValueError:
                    continue  # Django's own check refuses it with its message
                if number not in ID_RANGE:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)


class BoundedManyToManyAdminMixin:
    """For a ``ModelAdmin``: its many-to-many fields use ``BoundedModelMultipleChoiceField``."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", BoundedModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class WholeNumberInput(forms.TextInput):
    """A text box for a whole number that brings up the phone's number keypad.

    Not ``<input type="number">``: browsers refuse to let anyone type Persian (۰–۹) or
    Arabic-Indic (٠–٩) digits into one, and a Farsi keyboard types them.
    """

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})


class WholeNumberField(forms.IntegerField):
    """An ``IntegerField`` that accepts Western, Persian and Arabic-Indic digits, in every
    language ("۱۲", "١٢" and "12" are all 12), with Django's usual messages for the rest.

    Returns an ``int`` (or ``None`` when empty and not required)."""

    widget = WholeNumberInput

    def to_python(self, value):
        if isinstance(value, str):
            value = to_western_digits(value).strip()
        return super().to_python(value)
