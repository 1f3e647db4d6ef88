"""Inviting facilitators (step 2) and council members (step 5) to sign in, their links, and
the page a link opens.

Staff pages (``engagements`` namespace, ``*_signinlink`` permissions: staff of the
engagement): the invitation form, the link's page with its address and a QR code to print or
show, sending the email again, and revoking. The link's own page (``sign_in_link``, outside
any engagement) is for someone not signed in yet: a GET only shows a "Sign in" button (email
scanners open links), the POST signs in; a withdrawn, expired or tampered link gets a page
that says so and whom to ask, and nothing about the engagement.
"""

import smtplib

import segno
from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from sesame.backends import ModelBackend as SesameBackend

from offices.services import user_set_language
from spcp.i18n import set_language_cookie, url_in_language

from .. import services
from ..forms.access import SignInLinkForm
from ..models import CouncilMember, Facilitator, SignInLink
from ..portals import portal_home
from ..services.access import invitation_email, sign_in_path
from . import engagement_context, record_view, save_form

#: The query parameter (and form field) that carries a link's django-sesame token.
TOKEN_FIELD = "sesame"
#: Longer than any django-sesame token; anything longer is refused without parsing.
MAX_TOKEN_LENGTH = 200

LINKS = SignInLink.objects.select_related(
    "user",
    "created_by",
    "revoked_by",
    "facilitator",
    "council_member__participant",
    "council_member__planning_member",
)


def site_url(request) -> str:
    """This site's address as the request reached it (``https://spcp.example.org``), for the
    links in emails and QR codes."""
    return request.build_absolute_uri("/")[:-1]


def qr_code_svg(data: str, *, title: str) -> str:
    """An inline SVG of ``data`` as a QR code, with ``title`` as its accessible name: black on
    white, four modules of quiet zone, no ``style`` attribute (the Content-Security-Policy
    forbids inline styles). Safe to put in a page as it is."""
    svg = segno.make(data, error="m").svg_inline(
        scale=1, svgclass="qr-code", lineclass=None, dark="#000", light="#fff", omitsize=True
    )
    # segno writes ``<svg viewBox=".." class="qr-code">`` (sized by static/css/sign_in_link.css):
    # add what a screen reader needs; the title is escaped here.
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)
    return mark_safe(svg)  # noqa: S308 (segno's markup; the only text is escaped above)


def _person_field(person) -> str:
    return "facilitator" if isinstance(person, Facilitator) else "council_member"


def _invite(request, engagement, person, *, step: int):
    """The invitation form for ``person`` (a facilitator or a council member); on success,
    the new link's page."""
    form = SignInLinkForm(request.POST or None, person=person)
    made = {}

    def save():
        made["link"] = services.sign_in_link_create(
            user=request.user, base_url=site_url(request), **form.service_kwargs()
        )

    email = form.cleaned_data.get("email") if form.is_bound and form.is_valid() else ""
    done = (
        _("The invitation was sent to %(email)s.") % {"email": email}
        if email
        else _("The sign-in link is ready: print its QR code or show it on a screen.")
    )
    if save_form(request, form, save, done):
        if getattr(made.get("link"), "email_failed", False):
            messages.warning(
                request,
                _("The email could not be sent. Try again later, or show the QR code instead."),
            )
        link = made.get("link") or person.sign_in_links.order_by("-created_at", "-pk").first()
        if link is None:  # pragma: no cover - AlreadySubmitted always follows a made link
            return redirect("engagements:training" if step == 2 else "engagements:council")
        return redirect("engagements:signinlink_detail", engagement.pk, link.pk)
    links = LINKS.filter(**{_person_field(person): person})
    return render(
        request,
        "engagements/signinlink_form.html",
        engagement_context(
            engagement,
            step,
            form=form,
            person=person,
            is_facilitator=step == 2,
            links=links,
            title=_("Invite to sign in"),
            cancel_url=reverse(
                "engagements:training" if step == 2 else "engagements:council",
                args=[engagement.pk],
            ),
        ),
    )


@record_view(Facilitator, "engagements.add_signinlink")
@require_http_methods(["GET", "POST"])
def facilitator_invite(request, engagement, facilitator):
    """Invite a facilitator to sign in and enter the notes of the breakout groups they lead."""
    return _invite(request, engagement, facilitator, step=2)


@record_view(
    CouncilMember,
    "engagements.add_signinlink",
    queryset=CouncilMember.objects.select_related("participant", "planning_member"),
)
@require_http_methods(["GET", "POST"])
def councilmember_invite(request, engagement, councilmember):
    """Invite a council member to sign in and follow the published action plan."""
    return _invite(request, engagement, councilmember, step=5)


def _step(link) -> int:
    return 2 if link.is_for_facilitator else 5


@record_view(SignInLink, "engagements.view_signinlink", queryset=LINKS)
@require_http_methods(["GET"])
def signinlink_detail(request, engagement, link):
    """A link's page for staff: whom it is for, its state, who invited whom when, and, while
    it is in force, its address to copy and its QR code to print or show (a secret: whoever
    holds it signs in as the person; the page is never stored by the browser, see
    ``spcp.middleware.NoStoreMiddleware``)."""
    state = link.state()
    url = qr_code = None
    if state == SignInLink.State.ACTIVE:
        url = site_url(request) + sign_in_path(link)
        qr_code = qr_code_svg(
            url, title=_("QR code of the sign-in link for %(name)s") % {"name": link.person}
        )
    return render(
        request,
        "engagements/signinlink_detail.html",
        engagement_context(
            engagement,
            _step(link),
            link=link,
            person=link.person,
            state=state,
            states=SignInLink.State,
            url=url,
            qr_code=qr_code,
            title=_("Sign-in link"),
        ),
    )


@record_view(SignInLink, "engagements.change_signinlink", queryset=LINKS)
@require_http_methods(["GET", "POST"])
def signinlink_revoke(request, engagement, link):
    """GET: ask to confirm. POST: withdraw the link at once (``services.sign_in_link_revoke``):
    it no longer signs in, and what it gave access to closes, also in a session already
    open."""
    if request.method == "POST":
        services.sign_in_link_revoke(link=link, user=request.user)
        messages.success(
            request,
            _("The link was withdrawn. %(name)s can no longer sign in or see anything with it.")
            % {"name": link.person},
        )
        return redirect("engagements:signinlink_detail", engagement.pk, link.pk)
    return render(
        request,
        "engagements/signinlink_confirm_revoke.html",
        engagement_context(
            engagement, _step(link), link=link, person=link.person, title=_("Withdraw the link")
        ),
    )


@record_view(SignInLink, "engagements.change_signinlink", queryset=LINKS)
@require_POST
def signinlink_send(request, engagement, link):
    """Send the invitation email of a link in force again, to the address it was sent to."""
    if link.state() != SignInLink.State.ACTIVE or not link.email:
        messages.error(
            request, _("This link no longer works or has no email address: invite again.")
        )
    else:
        try:
            invitation_email(link, base_url=site_url(request)).send()
        except (smtplib.SMTPException, OSError):
            messages.error(
                request,
                _("The email could not be sent. Try again later, or show the QR code instead."),
            )
        else:
            messages.success(
                request, _("The invitation was sent again to %(email)s.") % {"email": link.email}
            )
    return redirect("engagements:signinlink_detail", engagement.pk, link.pk)


# -- the link's own page --------------------------------------------------------------------


def link_user(link: SignInLink | None, token: str | None):
    """The account ``token`` signs in as when it is ``link``'s own django-sesame token (its
    signature checks out, it was made for this link's scope, and for the link's account,
    which is active); else None. Never writes.

    django-sesame's backend is called directly rather than through ``authenticate()``: the
    sign-in lockout (django-axes) would count every tampered link as a failed password."""
    if link is None or not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    user = SesameBackend().authenticate(None, sesame=token, scope=link.scope)
    if user is None or user.pk != link.user_id:
        return None
    return user


def _origin_only_referrer(response):
    """The page's address holds the secret: the browser sends no more of it than the site's
    origin, to anyone, this site's own static files included (``Referrer-Policy:
    strict-origin``). Not ``no-referrer``: with it the browser sends ``Origin: null`` with the
    "Sign in" form, and the CSRF check refuses it."""
    response["Referrer-Policy"] = "strict-origin"
    return response


@require_http_methods(["GET", "POST"])
def sign_in_link(request, link_pk):
    """The page a sign-in link opens (``/<language>/accounts/link/<id>/?sesame=<token>``).

    - A valid link in force: GET shows "Welcome" and one "Sign in" button, and changes
      nothing (email scanners open links); POST (the button, the token in the form) signs the
      person in, notes when the link was used, saves the link's language as theirs if they had
      none, and goes to their portal.
    - A valid link that was withdrawn or has expired: a page saying so (410), in the
      person's own language, with whom to ask.
    - Anything else (unknown id, wrong or tampered token, no token): the same page whether
      the link exists or not (404), in the page's language.

    The ended and broken pages name nobody and nothing of the engagement."""
    data = request.POST if request.method == "POST" else request.GET
    token = data.get(TOKEN_FIELD, "")
    link = SignInLink.objects.select_related("user", "engagement").filter(pk=link_pk).first()
    user = link_user(link, token)
    if user is None:
        return _origin_only_referrer(
            render(request, "registration/sign_in_link_invalid.html", status=404)
        )
    state = link.state()
    if state != SignInLink.State.ACTIVE:
        language = link.user.language or link.language
        with translation.override(language):
            response = render(
                request,
                "registration/sign_in_link_ended.html",
                {"revoked": state == SignInLink.State.REVOKED},
                status=410,
            )
        response["Content-Language"] = language
        return _origin_only_referrer(response)
    if request.method == "GET":
        return _origin_only_referrer(
            render(
                request,
                "registration/sign_in_link.html",
                {"link": link, "person_user": user, "token": token},
            )
        )
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    SignInLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now())
    if not user.language:
        user_set_language(user=user, language=link.language)
    language = user.language or link.language
    with translation.override(language):
        home = portal_home(user) or reverse("engagements:engagement_list")
    response = HttpResponseRedirect(url_in_language(home, language))
    set_language_cookie(response, language)
    return response
