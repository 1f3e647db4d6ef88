"""Signing in and the signed-in user's own account.

Django's auth views do the work (``spcp/urls.py`` lists them); the subclasses below add what
this site promises: signing in opens the site in the person's saved language, the reset
email is in their language and says how long its link works, and a new password lifts a
sign-in lockout. ``locked_out`` is the page django-axes shows for a refused sign-in.
"""

from datetime import timedelta

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.utils import reset as reset_sign_in_failures
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from spcp.i18n import set_language_cookie, url_in_language

from .forms import PasswordResetForm
from .languages import user_language
from .services import user_set_language, user_sign_out_everywhere


def duration(delta: timedelta) -> str:
    """``delta`` in words in the active language: "30 minutes", "1 hour", "90 minutes".

    Whole hours in hours, anything else in minutes. The messages are Django's own (its
    ``timesince``), so languages Django translates them for need nothing more.
    """
    minutes = max(round(delta.total_seconds() / 60), 1)
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(num)d hour", "%(num)d hours", hours) % {"num": hours}
    return ngettext("%(num)d minute", "%(num)d minutes", minutes) % {"num": minutes}


def locked_out(request, original_response=None, credentials=None):
    """The page for a sign-in refused by the lockout (django-axes' ``AXES_LOCKOUT_CALLABLE``).

    Says for how long and whom to ask, in the site's layout, with status 429 and a
    Retry-After header when the lockout ends by itself.
    """
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "wait": duration(cool_off) if cool_off else None,
    }
    response = render(request, "registration/locked_out.html", context, status=429)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


class LoginView(auth_views.LoginView):
    """Django's sign-in page, which opens the site in the person's own language.

    After a successful sign-in the redirect goes to ``next`` (or the engagement list) in the
    user's saved language, and the language cookie is set to it. A user who has not chosen a
    language yet keeps the one of the page they signed in on, which is saved for them.
    """

    def form_valid(self, form):
        """Sign the user in, then redirect in their language (saving it if they had none)."""
        response = super().form_valid(form)
        user = form.get_user()
        language = user_language(user)
        user_set_language(user=user, language=language)
        response = HttpResponseRedirect(url_in_language(response.url, language))
        set_language_cookie(response, language)
        return response


#: ``duration`` evaluated when the text is rendered, in the language active then.
lazy_duration = lazy(duration, str)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's "forgot your password" form. Whether or not an account has the address, the
    answer is the same page; the email goes out in the person's saved language (else the
    language of the page it was asked from) and says how long its link works."""

    form_class = PasswordResetForm

    def form_valid(self, form):
        """Send the email (if the address is known) with the link's lifetime in words."""
        self.extra_email_context = {
            "link_lifetime": lazy_duration(timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)),
        }
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's "choose a new password" page, reached from the email's link. The new password
    also clears the account's failed sign-ins, so a locked-out user can sign in at once."""

    def form_valid(self, form):
        """Set the password, then forget the account's failed sign-ins."""
        response = super().form_valid(form)
        reset_sign_in_failures(username=form.user.get_username())
        return response


@login_required
def account(request):
    """The signed-in user's account: who they are, their language (changed through the
    language switch, ``spcp.i18n.set_language``), changing the password, signing out."""
    return render(request, "offices/account.html")


@login_required
@require_http_methods(["GET", "POST"])
def sign_out_everywhere(request):
    """GET: say what signing out everywhere does. POST: end every session of the user, on
    every device, this one included, and go to the sign-in page."""
    if request.method == "POST":
        user_sign_out_everywhere(user=request.user)
        logout(request)
        messages.success(request, _("You are signed out on every device, this one included."))
        return redirect(settings.LOGIN_URL)
    return render(request, "offices/sign_out_everywhere.html")
