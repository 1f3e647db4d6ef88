"""Inviting a facilitator or a council member to sign in (``services.access``)."""

import uuid

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from ..services.access import person_email, person_language


def language_choices() -> list[tuple[str, str]]:
    """The site's languages, each named in itself and in the reader's language
    ("فارسی (Farsi)"), so that staff and the invitee both recognise it."""
    choices = []
    for code, name in settings.LANGUAGES:
        local, translated = get_language_info(code)["name_local"], str(name)
        choices.append((code, local if local == translated else f"{local} ({translated})"))
    return choices


class SignInLinkForm(forms.Form):
    """The invitation: the language of the email and of the pages the link opens, and the
    address to send it to (empty: the link is only shown, as a QR code, to print or show).
    A one-time token makes a second submission of the same form (a double tap) harmless."""

    language = forms.ChoiceField(
        label=_("Language"),
        help_text=_("The invitation email and the pages the link opens are in this language."),
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        help_text=_(
            "The link is sent here. Leave it empty to print the link as a QR code or show it "
            "on a screen instead."
        ),
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["language"].choices = language_choices()
        self.initial.setdefault("language", person_language(person))
        self.initial.setdefault("email", person_email(person))
        self.initial.setdefault("form_token", uuid.uuid4())

    def service_kwargs(self) -> dict:
        """The keyword arguments of ``services.sign_in_link_create`` from the valid form."""
        return {
            "person": self.person,
            "language": self.cleaned_data["language"],
            "email": self.cleaned_data["email"],
            "token": self.cleaned_data.get("form_token"),
        }
