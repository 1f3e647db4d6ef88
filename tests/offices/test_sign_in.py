"""Locked-down sign-in: lockout after failed passwords, password reset by email, sessions that
end after a working day idle or with the browser, and signing out everywhere."""

import re
import runpy
from datetime import timedelta
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone, translation

from offices.backends import client_ip_address, client_username
from offices.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-123"  # UserFactory's
LOGIN = "/accounts/login/"
ACCOUNT = "/accounts/"
SIGN_OUT_EVERYWHERE = "/accounts/sign-out-everywhere/"


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", email="alice@example.gov")


@pytest.fixture
def bob(db):
    return UserFactory(username="bob", email="bob@example.gov")


def sign_in(client, username, password, **extra):
    """Post the sign-in form, as a browser would."""
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def signed_in_as(client) -> str | None:
    """The username ``client`` is signed in as on its next request, or None."""
    response = client.get(ACCOUNT)
    if response.status_code != 200:
        assert response.status_code == 302 and response.url.startswith(LOGIN)
        return None
    return response.context["user"].get_username()


def template_names(response) -> list[str]:
    return [template.name for template in response.templates]


# -- lockout -------------------------------------------------------------------------------


class TestLockout:
    def test_five_wrong_passwords_lock_out_even_the_right_one(self, client, alice):
        for _attempt in range(4):
            response = sign_in(client, "alice", "wrong")
            assert response.status_code == 200  # the form again, with its error
        response = sign_in(client, "alice", "wrong")
        assert response.status_code == 429

        response = sign_in(client, "alice", PASSWORD)
        assert response.status_code == 429
        assert signed_in_as(client) is None

    def test_the_lockout_page_says_for_how_long_and_whom_to_ask(self, client, alice):
        for _attempt in range(6):
            response = sign_in(client, "alice", "wrong")
        assert response.status_code == 429
        assert "registration/locked_out.html" in template_names(response)
        assert "base.html" in template_names(response)
        assert response["Retry-After"] == str(30 * 60)
        page = response.content.decode()
        assert "After 5 wrong passwords in a row" in page
        assert "“alice”" in page
        assert "You can try again 30 minutes after your last attempt" in page
        assert "ask your office’s lead or an SPCP administrator" in page
        assert 'href="/accounts/password-reset/"' in page

    def test_the_lockout_page_is_translated(self, client, alice):
        for _attempt in range(5):
            sign_in(client, "alice", "wrong")
        response = client.post("/fa" + LOGIN, {"username": "alice", "password": PASSWORD})
        assert response.status_code == 429
        page = response.content.decode()
        assert 'dir="rtl"' in page
        assert "۳۰ دقیقه" in page  # "30 minutes", from Django's Farsi catalogue, Persian digits

    def test_four_wrong_passwords_do_not_lock(self, client, alice):
        for _attempt in range(4):
            sign_in(client, "alice", "wrong")
        response = sign_in(client, "alice", PASSWORD)
        assert response.status_code == 302
        assert signed_in_as(client) == "alice"

    def test_another_user_is_not_locked_out(self, client, alice, bob):
        for _attempt in range(5):
            sign_in(client, "alice", "wrong")
        assert sign_in(client, "alice", PASSWORD).status_code == 429

        response = sign_in(client, "bob", PASSWORD)
        assert response.status_code == 302
        assert signed_in_as(client) == "bob"

    def test_the_same_user_from_another_address_is_not_locked_out(self, client, alice):
        for _attempt in range(5):
            sign_in(client, "alice", "wrong")
        assert sign_in(client, "alice", PASSWORD).status_code == 429

        response = sign_in(client, "alice", PASSWORD, REMOTE_ADDR="192.0.2.7")
        assert response.status_code == 302
        assert signed_in_as(client) == "alice"

    def test_the_lockout_ends_thirty_minutes_after_the_last_attempt(self, client, alice):
        for _attempt in range(5):
            sign_in(client, "alice", "wrong")
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=29))
        assert sign_in(client, "alice", PASSWORD).status_code == 429

        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
        assert sign_in(client, "alice", PASSWORD).status_code == 302
        assert signed_in_as(client) == "alice"

    def test_a_name_too_long_to_store_is_counted_like_any_other(self, client):
        name = "x" * 5000
        statuses = [sign_in(client, name, "wrong").status_code for _attempt in range(5)]
        assert statuses == [200, 200, 200, 200, 429]
        (attempt,) = AccessAttempt.objects.all()
        assert attempt.username == "x" * 255

    def test_the_counted_name_is_storable(self, rf):
        request = rf.post(LOGIN, {"username": "a\x00b" + "c" * 300})
        assert client_username(request) == "ab" + "c" * 253
        assert client_username(request, {"username": "alice"}) == "alice"

    @pytest.mark.parametrize(
        "proxies, forwarded, expected",
        [
            (0, "203.0.113.9", "10.0.0.1"),  # no proxy: the header is the client's word
            (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # what our proxy appended
            (2, "198.51.100.1, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
            (2, "203.0.113.9", "10.0.0.1"),  # fewer entries than proxies
            (1, "not-an-address", "10.0.0.1"),
        ],
    )
    def test_the_client_address_behind_proxies(self, settings, rf, proxies, forwarded, expected):
        settings.SIGN_IN_PROXY_COUNT = proxies
        request = rf.post(LOGIN, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
        assert client_ip_address(request) == expected

    def test_the_test_clients_login_still_works(self, client, alice):
        assert client.login(username="alice", password=PASSWORD)
        assert signed_in_as(client) == "alice"
        assert not client.login(username="alice", password="wrong")


# -- password reset ------------------------------------------------------------------------

RESET_LINK = re.compile(r"http://testserver((?:/[a-z-]+)?/accounts/reset/[^/\s]+/[^/\s]+/)")


class TestPasswordReset:
    def test_the_sign_in_page_links_to_the_reset(self, client):
        response = client.get(LOGIN)
        assert 'href="/accounts/password-reset/"' in response.content.decode()

    def test_the_email_is_in_the_language_of_the_page(self, client, alice):
        response = client.post("/vi/accounts/password-reset/", {"email": "alice@example.gov"})
        assert response.status_code == 302
        assert response.url == "/vi/accounts/password-reset/sent/"

        assert len(mail.outbox) == 1
        email = mail.outbox[0]
        assert email.to == ["alice@example.gov"]
        # The subject and the line above the link in Vietnamese (from the project's catalogue
        # or Django's), not in English.
        with translation.override("vi"):
            line = translation.gettext("Please go to the following page and choose a new password:")
            subject = translation.gettext("Password reset on %(site_name)s")
        assert line != "Please go to the following page and choose a new password:"
        assert email.subject == subject % {"site_name": "testserver"}
        assert line.rstrip(":：") in email.body
        assert "alice" in email.body
        (path,) = RESET_LINK.findall(email.body)
        assert path.startswith("/vi/accounts/reset/")

    def test_the_link_sets_a_new_password_that_signs_in(self, client, alice):
        client.post("/accounts/password-reset/", {"email": "ALICE@example.gov"})
        (path,) = RESET_LINK.findall(mail.outbox[0].body)
        assert "The link works once, for 1 hour." in mail.outbox[0].body

        response = client.get(path)  # Django moves the token out of the address
        assert response.status_code == 302
        response = client.get(response.url)
        assert response.status_code == 200
        assert "registration/password_reset_confirm.html" in template_names(response)
        new = "a-new-Passphrase-2026"
        response = client.post(
            response.request["PATH_INFO"], {"new_password1": new, "new_password2": new}
        )
        assert response.status_code == 302
        assert response.url == "/accounts/reset/done/"

        browser = Client()
        assert sign_in(browser, "alice", PASSWORD).status_code == 200  # the old one is refused
        assert sign_in(browser, "alice", new).status_code == 302
        assert signed_in_as(browser) == "alice"

        # The link works once.
        response = client.get(path, follow=True)
        assert not response.context["validlink"]

    def test_an_unknown_address_sends_nothing_and_answers_the_same(self, client, alice):
        known = client.post("/accounts/password-reset/", {"email": "alice@example.gov"})
        assert len(mail.outbox) == 1
        unknown = client.post("/accounts/password-reset/", {"email": "nobody@example.gov"})
        assert len(mail.outbox) == 1
        assert (unknown.status_code, unknown.url) == (known.status_code, known.url)

        page = client.get(unknown.url)
        assert page.status_code == 200
        assert "If an account has the address you entered" in page.content.decode()

    def test_a_new_password_lifts_the_lockout(self, client, alice):
        for _attempt in range(5):
            sign_in(client, "alice", "wrong")
        assert sign_in(client, "alice", PASSWORD).status_code == 429

        client.post("/accounts/password-reset/", {"email": "alice@example.gov"})
        (path,) = RESET_LINK.findall(mail.outbox[0].body)
        form = client.get(path).url
        new = "a-new-Passphrase-2026"
        client.post(form, {"new_password1": new, "new_password2": new})

        assert sign_in(client, "alice", new).status_code == 302
        assert signed_in_as(client) == "alice"


# -- sessions ------------------------------------------------------------------------------


class TestSessions:
    def test_the_session_cookie_ends_with_the_browser(self, client, alice):
        response = sign_in(client, "alice", PASSWORD)
        assert response.status_code == 302
        cookie = response.cookies[settings.SESSION_COOKIE_NAME]
        assert cookie.value
        assert cookie["max-age"] == ""
        assert cookie["expires"] == ""

    def test_a_session_idle_for_a_working_day_is_signed_out(self, client, alice):
        client.force_login(alice)
        start = timezone.now()
        idle = timedelta(seconds=settings.SESSION_COOKIE_AGE)
        assert idle == timedelta(hours=9)

        def at(moment):
            return mock.patch("django.utils.timezone.now", return_value=moment)

        with at(start + idle - timedelta(minutes=10)):
            assert signed_in_as(client) == "alice"
        # Each request starts the idle time again: nearly two working days since signing in,
        # but less than one since the last request.
        with at(start + 2 * idle - timedelta(minutes=20)):
            assert signed_in_as(client) == "alice"
        with at(start + 3 * idle):
            assert signed_in_as(client) is None

    def test_the_environment_sets_the_session_and_lockout_policy(self, monkeypatch):
        for name in [
            "SESSION_IDLE_SECONDS",
            "SESSION_EXPIRE_AT_BROWSER_CLOSE",
            "SIGN_IN_FAILURE_LIMIT",
            "SIGN_IN_LOCKOUT_MINUTES",
            "SIGN_IN_LOCKOUT",
        ]:
            monkeypatch.delenv(name, raising=False)
        defaults = runpy.run_path(str(settings.BASE_DIR / "spcp" / "settings.py"))
        assert defaults["SESSION_COOKIE_AGE"] == 9 * 60 * 60
        assert defaults["SESSION_SAVE_EVERY_REQUEST"] is True
        assert defaults["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is True
        assert defaults["AXES_ENABLED"] is True
        assert defaults["AXES_FAILURE_LIMIT"] == 5
        assert defaults["AXES_COOLOFF_TIME"] == timedelta(minutes=30)
        assert defaults["AXES_LOCKOUT_PARAMETERS"] == [["username", "ip_address"]]
        assert defaults["AUTHENTICATION_BACKENDS"][0] == "offices.backends.SignInLockoutBackend"

        monkeypatch.setenv("SESSION_IDLE_SECONDS", "600")
        monkeypatch.setenv("SESSION_EXPIRE_AT_BROWSER_CLOSE", "0")
        monkeypatch.setenv("SIGN_IN_FAILURE_LIMIT", "10")
        monkeypatch.setenv("SIGN_IN_LOCKOUT_MINUTES", "0")
        changed = runpy.run_path(str(settings.BASE_DIR / "spcp" / "settings.py"))
        assert changed["SESSION_COOKIE_AGE"] == 600
        assert changed["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is False
        assert changed["AXES_FAILURE_LIMIT"] == 10
        assert changed["AXES_COOLOFF_TIME"] is None  # locked until an administrator unlocks


# -- signing out everywhere ----------------------------------------------------------------


class TestSignOutEverywhere:
    def test_the_navbar_links_to_the_account_page(self, client, alice):
        client.force_login(alice)
        page = client.get("/").content.decode()
        assert f'href="{ACCOUNT}"' in page
        account = client.get(ACCOUNT).content.decode()
        assert f'href="{SIGN_OUT_EVERYWHERE}"' in account
        assert 'href="/accounts/password/"' in account

    def test_the_page_says_what_will_happen_and_asks_to_confirm(self, client, alice):
        other_device = Client()
        other_device.force_login(alice)
        client.force_login(alice)
        response = client.get(SIGN_OUT_EVERYWHERE)
        assert response.status_code == 200
        page = response.content.decode()
        assert "on every computer, phone and browser" in page
        assert 'method="post"' in page
        # Looking at the page signs nobody out.
        assert signed_in_as(client) == "alice"
        assert signed_in_as(other_device) == "alice"

    def test_every_session_of_the_user_ends_and_no_one_elses(self, client, alice, bob):
        phone = Client()
        phone.force_login(alice)
        client.force_login(alice)
        colleague = Client()
        colleague.force_login(bob)

        response = client.post(SIGN_OUT_EVERYWHERE)
        assert response.status_code == 302
        assert response.url == LOGIN
        assert signed_in_as(client) is None
        assert signed_in_as(phone) is None
        assert signed_in_as(colleague) == "bob"

        # The message shows on the sign-in page; signing in again works.
        page = client.get(LOGIN).content.decode()
        assert "You are signed out on every device, this one included." in page
        assert sign_in(client, "alice", PASSWORD).status_code == 302
        assert signed_in_as(client) == "alice"
        assert signed_in_as(phone) is None

    def test_it_leaves_no_version_in_the_users_history(self, client, alice):
        client.force_login(alice)
        versions = alice.history.count()
        client.post(SIGN_OUT_EVERYWHERE)
        assert User.objects.get(pk=alice.pk).session_generation == 1
        assert alice.history.count() == versions

    def test_anonymous_visitors_are_sent_to_sign_in(self, client):
        response = client.post(SIGN_OUT_EVERYWHERE)
        assert response.status_code == 302
        assert response.url.startswith(LOGIN)

    def test_changing_the_password_signs_out_the_other_devices_only(self, client, alice):
        phone = Client()
        phone.force_login(alice)
        client.force_login(alice)
        new = "a-new-Passphrase-2026"
        response = client.post(
            "/accounts/password/",
            {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        )
        assert response.status_code == 302
        assert signed_in_as(client) == "alice"
        assert signed_in_as(phone) is None
