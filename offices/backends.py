"""Sign-in lockout: the django-axes authentication backend and how it finds the client.

The policy itself (how many failures, for how long, keyed on what) is in ``spcp/settings.py``.
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings


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


def client_ip_address(request) -> str | None:
    """The address a request came from, as the lockout counts it.

    ``REMOTE_ADDR``, unless ``SIGN_IN_PROXY_COUNT`` says how many reverse proxies stand in
    front of the site, each appending the address it was reached from to X-Forwarded-For: then
    the entry that many places from the right, the one the outermost proxy wrote. Entries
    further left come from the client and could be forged.
    """
    count = settings.SIGN_IN_PROXY_COUNT
    if count > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
        if len(addresses) >= count:
            return addresses[-count]
    return request.META.get("REMOTE_ADDR")
