"""Forms of the sign-in pages that differ from Django's."""

from django.contrib.auth import forms as auth_forms

from .languages import in_user_language


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's "forgot your password" form, whose email is written in the language of the
    person it goes to (``offices.languages``): their saved language, or the language of the
    page the reset was asked from if they have none. Subject, text and the link's URL (with
    its language prefix) all follow it."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        """Render and send the email for ``context["user"]`` in that user's language."""
        with in_user_language(context["user"]):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)
