"""Forms already submitted: the one-time token of every create form that was saved.

A create form carries a token made when it was rendered (``forms.SubmissionGuardMixin``). The
service that saves it first stores the token here, in the same transaction, so a second
submission of the same form (a double click, a reload that posts again, a retry after a lost
response) finds the token taken and saves nothing (``services.guards.claim_token``)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FormSubmission(models.Model):
    """One saved submission of a create form, by its token (a UUID made by the server when
    the form was rendered). Unique: the database refuses the same token twice, also when two
    submissions race."""

    token = models.UUIDField(_("token"), unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self) -> str:
        return str(self.token)
