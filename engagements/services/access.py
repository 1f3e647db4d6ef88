"""Inviting facilitators (step 2) and council members (step 5) to sign in, and revoking.

An invitation makes (or reuses) the person's account, which has no office, links it to their
``Facilitator`` or ``CouncilMember`` record, and makes a ``SignInLink``: a personal link
(a django-sesame token scoped to that link) that staff email in the person's language or show
as a QR code. Revoking a link ends it, and the access it gave, at once.
"""

import logging
import secrets
import smtplib
import uuid

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from sesame.utils import get_query_string

from ..models import AuditEntry, CouncilMember, Facilitator, SignInLink
from .guards import claim_token
from .records import _save, audit, require_permission

logger = logging.getLogger(__name__)


def person_email(person) -> str:
    """The email address on file for a ``Facilitator`` or ``CouncilMember`` ("" if none):
    a council member's comes from the participant or planning-group member they are."""
    if isinstance(person, Facilitator):
        return person.email
    source = person.participant or person.planning_member
    return getattr(source, "email", "") or ""


def person_language(person) -> str:
    """The language to invite ``person`` in: their account's, else a council member's
    preferred language from the roster, else English. A site language code."""
    from django.conf import settings

    site = {code for code, _name in settings.LANGUAGES}
    if person.user_id and person.user.language in site:
        return person.user.language
    participant = getattr(person, "participant", None)
    preferred = getattr(participant, "preferred_language", "")
    return preferred if preferred in site else settings.LANGUAGE_CODE


def _account_for(person, email: str, language: str):
    """The account ``person`` signs in with: the one already linked, else an active account
    without an office that has ``email`` (one person serving in several engagements), else a
    new one with an unusable password."""
    User = get_user_model()
    if person.user_id:
        return person.user
    if email:
        existing = (
            User.objects.filter(email__iexact=email, office__isnull=True, is_active=True)
            .order_by("pk")
            .first()
        )
        if existing is not None:
            return existing
    kind = "facilitator" if isinstance(person, Facilitator) else "council"
    user = User(
        username=f"{kind}-{secrets.token_hex(6)}",
        first_name=str(person)[:150],
        email=email,
        language=language,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


def sign_in_path(link: SignInLink) -> str:
    """The path and query of ``link``'s sign-in page, in the link's language, with its
    django-sesame token (a secret: whoever has it can sign in as the person)."""
    with translation.override(link.language):
        path = reverse("sign_in_link", kwargs={"link_pk": link.pk})
    return path + get_query_string(link.user, scope=link.scope)


@transaction.atomic
def sign_in_link_create(
    *,
    person: Facilitator | CouncilMember,
    user,
    language: str,
    email: str = "",
    base_url: str,
    token: uuid.UUID | None = None,
) -> SignInLink:
    """Invite ``person`` (a facilitator or council member) to sign in, in ``language`` (a
    site language code). With ``email``, the link is sent there (in ``language``); without
    it, staff show it as a QR code. ``base_url`` is the site's address
    (``https://spcp.example.org``) for the link in the email. ``token`` is the invitation
    form's one-time token: the same form sent twice (a double tap) makes one link
    (``guards.AlreadySubmitted`` the second time).

    Needs ``add_signinlink`` on the engagement. Raises ``ValidationError`` for an unknown
    language or an invalid email address, ``PermissionDenied``, ``AlreadySubmitted``. Returns
    the new link; the person's earlier links stay in force until revoked."""
    require_permission(user, "engagements.add_signinlink", person.engagement)
    claim_token(token=token, user=user)
    from django.conf import settings

    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError({"language": _("Choose one of the site’s languages.")})
    email = (email or "").strip()
    account = _account_for(person, email, language)
    if person.user_id != account.pk:
        person.user = account
        _save(person, user)
    if not account.language:
        account.language = language
        account.save(update_fields=["language"])
    link = SignInLink(
        engagement=person.engagement,
        user=account,
        language=language,
        email=email,
        created_by=user,
        **{"facilitator" if isinstance(person, Facilitator) else "council_member": person},
    )
    _save(link, user)
    audit(engagement=link.engagement, user=user, action=AuditEntry.Action.INVITED, record=link)
    if email:
        transaction.on_commit(lambda: _send_invitation(link, base_url=base_url))
    return link


def _send_invitation(link: SignInLink, *, base_url: str) -> None:
    """Send ``link``'s invitation email once the link is saved. A mail server that refuses
    (``smtplib.SMTPException``, ``OSError``) does not undo the saved link: it is logged and
    ``link.email_failed`` is set, so the page can say so and offer the QR code or a resend."""
    try:
        invitation_email(link, base_url=base_url).send()
    except (smtplib.SMTPException, OSError):
        logger.exception("The invitation email of sign-in link %s could not be sent.", link.pk)
        link.email_failed = True


def invitation_email(link: SignInLink, *, base_url: str) -> EmailMessage:
    """The invitation email for ``link``, written in the link's language, with the link
    (``base_url`` + ``sign_in_path``) and what the person will find behind it."""
    with translation.override(link.language):
        context = {
            "link": link,
            "person": link.person,
            "url": base_url.rstrip("/") + sign_in_path(link),
            "engagement": link.engagement,
            "is_facilitator": link.is_for_facilitator,
        }
        subject = render_to_string("engagements/email/sign_in_link_subject.txt", context)
        body = render_to_string("engagements/email/sign_in_link_body.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[link.email])


@transaction.atomic
def sign_in_link_revoke(*, link: SignInLink, user) -> SignInLink:
    """Revoke ``link`` at once: it no longer signs in, and the access it gave ends, also in a
    session already open. Needs ``change_signinlink``. Revoking a revoked link does nothing.
    Returns the link."""
    require_permission(user, "engagements.change_signinlink", link)
    link = SignInLink.objects.select_for_update().get(pk=link.pk)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.revoked_by = user
        _save(link, user)
        audit(engagement=link.engagement, user=user, action=AuditEntry.Action.REVOKED, record=link)
    return link
