"""The plain forms of the facilitators' note page: they work without JavaScript, and the page's
script (``static/facilitator/notes.js``) reads the same fields. Forms parse input only; the
rules (never attributed, the right round, open rounds) live in the models and in
``engagements.services.notes``, whose errors ``add_note_errors`` puts back on the form so
that what was typed stays."""

import uuid

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: The longest note a facilitator's form or the JSON endpoint accepts, in characters: far
#: more than a breakout group says about one point, small enough to refuse a runaway paste.
MAX_NOTE_LENGTH = 5000


class IssueSelect(forms.Select):
    """The priority issues: each option's text is what people typed, isolated in its own
    direction (``dir="auto"``)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value not in (None, ""):
            option["attrs"] = {**option["attrs"], "dir": "auto"}
        return option


def _textarea(rows: int, **attrs) -> forms.Textarea:
    return forms.Textarea(
        attrs={"rows": rows, "dir": "auto", "class": "form-control", "spellcheck": "true", **attrs}
    )


class NoteForm(forms.Form):
    """A note of one ``kind`` ("strength", "issue" or "solution"): its ``text``, and for a
    solution the priority ``issue`` it answers (one of ``issues``, a list of ``Issue``) and
    its ``actions``. ``client_id`` is the note's id made when the form was rendered, so that
    sending the same form twice stores one note."""

    kind = forms.CharField(widget=forms.HiddenInput)
    client_id = forms.UUIDField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(max_length=MAX_NOTE_LENGTH)
    issue = forms.TypedChoiceField(
        coerce=int,
        label=gettext_lazy("The priority issue it answers"),
        widget=IssueSelect(attrs={"class": "form-select"}),
    )
    actions = forms.CharField(
        label=gettext_lazy("Actions"),
        required=False,
        max_length=MAX_NOTE_LENGTH,
        help_text=gettext_lazy("Concrete steps, who takes them and by when: one per line."),
        widget=_textarea(3),
    )

    #: The label of ``text`` for each kind.
    TEXT_LABELS = {
        "strength": gettext_lazy("A strength of the community"),
        "issue": gettext_lazy("An issue that impedes trust between police and community"),
        "solution": gettext_lazy("A solution"),
    }

    def __init__(self, data=None, *, kind: str, issues=(), **kwargs):
        initial = {"kind": kind, "client_id": uuid.uuid4(), **kwargs.pop("initial", {})}
        super().__init__(data, initial=initial, **kwargs)
        self.kind = kind
        self.fields["text"].label = self.TEXT_LABELS[kind]
        self.fields["text"].widget = _textarea(3 if kind != "solution" else 2)
        self.fields["text"].widget.attrs["maxlength"] = str(MAX_NOTE_LENGTH)
        if kind == "solution":
            self.fields["issue"].choices = [("", _("Choose a priority issue"))] + [
                (issue.pk, issue.text) for issue in issues
            ]
        else:
            del self.fields["issue"]
            del self.fields["actions"]

    def add_error(self, field, error):
        """Add ``error`` as Django does, and mark the fields in error for assistive
        technology (``aria-invalid``, and ``aria-describedby`` naming the messages)."""
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                ids = [self[name].auto_id + "_errors"]
                if self.fields[name].help_text:
                    ids.append(self[name].auto_id + "_help")
                attrs["aria-describedby"] = " ".join(ids)

    def clean_kind(self):
        if self.cleaned_data["kind"] != self.kind:
            raise ValidationError(_("Unknown kind of note."), code="invalid")
        return self.kind

    def note_kwargs(self) -> dict:
        """The text fields as ``breakout_note_create`` and ``breakout_note_update`` take them."""
        data = self.cleaned_data
        if self.kind != "solution":
            return {"text": data["text"]}
        return {"text": data["text"], "actions": data["actions"], "issue_id": data["issue"]}


class NoteEditForm(NoteForm):
    """A change to a note: the fields of ``NoteForm`` and the ``base_revision`` the change
    was made on (an edit on an older revision is refused and both texts are shown)."""

    base_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, data=None, *, note, kind: str, issues=(), **kwargs):
        initial = {
            "text": note.text,
            "base_revision": note.revision,
            **({"actions": note.actions, "issue": note.issue_id} if kind == "solution" else {}),
            **kwargs.pop("initial", {}),
        }
        super().__init__(data, kind=kind, issues=issues, initial=initial, **kwargs)
        del self.fields["client_id"]
        self.note = note


class NoteDeleteForm(forms.Form):
    """Deleting a note seen at ``base_revision``."""

    base_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def note_error_messages(error: ValidationError) -> dict[str, list[str]]:
    """A service's ``ValidationError`` as ``{field name: [messages]}`` (``NON_FIELD_ERRORS``
    for the rest), in the active language, each message once. The refusal of a note naming
    someone on the roster (``engagements.validators.validate_unattributed``) does not repeat
    the name, so nothing of the roster is shown."""
    if hasattr(error, "error_dict"):
        items = error.error_dict.items()
    else:
        items = [(NON_FIELD_ERRORS, error.error_list)]
    result: dict[str, list[str]] = {}
    for name, errors in items:
        for item in errors:
            for message in ValidationError([item]).messages:
                if message not in result.setdefault(name, []):
                    result[name].append(message)
    return result


def add_note_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ``error`` on ``form`` (``note_error_messages``): on the field it names
    when the form has it, else above the form."""
    for name, messages in note_error_messages(error).items():
        form.add_error(name if name in form.fields else None, messages)
