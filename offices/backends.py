"""Sign-in lockout: the django-axes authentication backend and how it finds the client.

The policy itself (how many failures, for how long, keyed on what) is in ``spcp/settings.py``.
"""

import ipaddress

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import get_user_model

#: The length of django-axes' username column. The sign-in form lets longer names through to
#: ``authenticate()`` (Django sets its max_length after the validators are built).
STORED_USERNAME_LENGTH = 255


class SignInLockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, first in ``AUTHENTICATION_BACKENDS``.

    It refuses a sign-in from a username and address that are locked out, before any
    password is checked; the next backends do the signing in. Axes can only count attempts
    that come with a request (its handler ignores the others), so a call to ``authenticate()``
    without one, as the test client's ``login()`` makes, is left to the next backends instead
    of raising: every sign-in form (ours and the admin's) passes its request.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        """Raise ``PermissionDenied`` for a locked-out sign-in; otherwise return None."""
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_username(request, credentials=None) -> str | None:
    """The username a sign-in attempt is counted under (django-axes' ``AXES_USERNAME_CALLABLE``).

    What was typed, as axes would read it, but storable whatever it is: NUL characters
    dropped and cut to the length of axes' column, so that a garbage name is counted and
    locked out like any other instead of failing the sign-in with a database error.
    """
    field = get_user_model().USERNAME_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    if username is None:
        return None
    return str(username).replace("\x00", "")[:STORED_USERNAME_LENGTH]


def client_ip_address(request) -> str | None:
    """The address a request came from, as the lockout counts it.

    ``REMOTE_ADDR``, unless ``SIGN_IN_PROXY_COUNT`` says how many reverse proxies stand in
    front of the site, each appending the address it was reached from to X-Forwarded-For: then
    the entry that many places from the right, the one the outermost proxy wrote. Entries
    further left come from the client and could be forged. Anything that is not an IP
    address falls back to ``REMOTE_ADDR``.
    """
    count = settings.SIGN_IN_PROXY_COUNT
    if count > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
        if len(addresses) >= count:
            try:
                return str(ipaddress.ip_address(addresses[-count]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR")
