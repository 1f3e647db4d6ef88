"""Language access: the language switch works from any language to any other and keeps the
page; a person's language is saved on their account and used at sign-in and in their emails;
a first visit follows the browser's Accept-Language."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import set_script_prefix
from django.utils import translation

from offices.languages import in_user_language, user_language
from offices.models import User
from offices.services import user_set_language
from offices.views import duration
from spcp.i18n import language_from_accept_language, path_in_language, url_in_language
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-123"  # UserFactory's
SWITCH = "/i18n/setlang/"
LOGIN = "/accounts/login/"
COOKIE = settings.LANGUAGE_COOKIE_NAME
LANGUAGES = [code for code, _name in settings.LANGUAGES]
#: What a browser sends when it opens a page (the test client sends no Accept header).
BROWSER = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def in_language(path: str, language: str) -> str:
    """``path`` (an English, unprefixed path) as the page in ``language``."""
    return path if language == "en" else f"/{language}{path}"


def html_lang(response) -> str:
    (lang,) = re.findall(r'<html lang="([^"]+)"', response.content.decode())
    return lang


def switch(client, language, next_url, **extra):
    """Post the language switch at the top of every page."""
    return client.post(SWITCH, {"language": language, "next": next_url}, **extra)


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", email="alice@example.gov")


# -- the switch ----------------------------------------------------------------------------


class TestSwitch:
    @pytest.mark.parametrize("current", LANGUAGES)
    def test_from_the_sign_in_page_to_every_language(self, client, current):
        page = LOGIN + "?next=/engagements/%3Fstate%3DPA"
        for chosen in LANGUAGES:
            response = switch(client, chosen, in_language(page, current))
            assert response.status_code == 302
            assert response.url == in_language(page, chosen), (current, chosen)
            assert response.cookies[COOKIE].value == chosen
            landed = client.get(response.url)
            assert landed.status_code == 200
            assert html_lang(landed) == chosen
            assert "registration/login.html" in [t.name for t in landed.templates]

    @pytest.mark.parametrize("current", LANGUAGES)
    def test_signed_in_to_every_language_and_saved_on_the_account(
        self, staff_client, staff, engagement, current
    ):
        page = f"/engagements/{engagement.pk}/history/?page=1&q=caf%C3%A9"
        for chosen in LANGUAGES:
            response = switch(staff_client, chosen, in_language(page, current))
            assert response.status_code == 302
            assert response.url == in_language(page, chosen), (current, chosen)
            assert User.objects.get(pk=staff.pk).language == chosen
            landed = staff_client.get(response.url)
            assert landed.status_code == 200
            assert html_lang(landed) == chosen
            assert landed.context["engagement"] == engagement

    def test_the_form_on_every_page_posts_the_page_it_is_on(self, staff_client, engagement):
        path = f"/fa/engagements/{engagement.pk}/?x=1"
        page = staff_client.get(path).content.decode()
        assert f'action="{SWITCH}"' in page
        assert f'name="next" type="hidden" value="{path}"' in page.replace("&amp;", "&")

    def test_a_full_url_of_this_site_keeps_its_host_and_query(self, client):
        response = switch(client, "vi", "http://testserver/fa/accounts/login/?a=1#top")
        assert response.url == "http://testserver/vi/accounts/login/?a=1#top"

    @pytest.mark.parametrize(
        "unsafe",
        [
            "https://evil.example/fa/accounts/login/",
            "//evil.example/fa/",
            "/\\evil.example/",
            "javascript:alert(1)",
            "",
        ],
    )
    def test_an_unsafe_next_is_not_followed(self, client, unsafe):
        response = switch(client, "ko", unsafe)
        assert response.status_code == 302
        assert response.url == "/ko/"
        assert response.cookies[COOKIE].value == "ko"

    def test_without_a_safe_next_the_referring_page_is_used(self, client):
        response = switch(
            client, "hi", "https://evil.example/", HTTP_REFERER="http://testserver/vi/accounts/"
        )
        assert response.url == "http://testserver/hi/accounts/"
        response = switch(client, "hi", "", HTTP_REFERER="https://evil.example/fa/")
        assert response.url == "/hi/"

    def test_an_unknown_language_changes_nothing(self, client, alice):
        client.force_login(alice)
        for unknown in ["de", "zh-TW", "FA", ""]:
            response = switch(client, unknown, "/fa/accounts/")
            assert response.status_code == 302
            assert response.url == "/fa/accounts/"
            assert COOKIE not in response.cookies
        assert User.objects.get(pk=alice.pk).language == ""

    def test_get_is_refused_and_the_csrf_token_is_checked(self, alice):
        browser = Client(enforce_csrf_checks=True)
        response = browser.get(SWITCH, {"language": "fa", "next": "/"})
        assert response.status_code == 405
        assert COOKIE not in response.cookies

        response = switch(browser, "fa", "/")
        assert response.status_code == 403
        assert COOKIE not in response.cookies

        page = browser.get(LOGIN)
        token = page.cookies[settings.CSRF_COOKIE_NAME].value
        response = browser.post(
            SWITCH, {"language": "fa", "next": LOGIN, "csrfmiddlewaretoken": token}
        )
        assert (response.status_code, response.url) == (302, "/fa" + LOGIN)

    def test_switching_signed_out_saves_nothing(self, client, alice):
        switch(client, "fa", LOGIN)
        assert User.objects.get(pk=alice.pk).language == ""


class TestPathInLanguage:
    @pytest.mark.parametrize(
        "path, language, expected",
        [
            ("/engagements/3/", "fa", "/fa/engagements/3/"),
            ("/fa/engagements/3/", "en", "/engagements/3/"),
            ("/fa/engagements/3/", "zh-hant", "/zh-hant/engagements/3/"),
            ("/zh-hant/", "ko", "/ko/"),
            ("/", "vi", "/vi/"),
            ("/en/accounts/", "en", "/accounts/"),  # English has no prefix
            ("/i18n/setlang/", "fa", "/i18n/setlang/"),  # exists only without a prefix
            ("/hi/no-such-page/", "vi", "/vi/no-such-page/"),  # its 404 in Vietnamese
            ("/fantasy/", "ko", "/ko/fantasy/"),  # "fa" only as a whole segment
        ],
    )
    def test_paths(self, path, language, expected):
        assert path_in_language(path, language) == expected

    def test_below_a_script_prefix(self):
        set_script_prefix("/spcp/")
        try:
            assert path_in_language("/spcp/fa/accounts/", "vi") == "/spcp/vi/accounts/"
            assert path_in_language("/spcp/fa/accounts/", "en") == "/spcp/accounts/"
            assert path_in_language("/elsewhere/", "vi") == "/elsewhere/"
        finally:
            set_script_prefix("/")

    def test_full_urls(self):
        assert url_in_language("https://crs.example/ko/?a=b", "en") == "https://crs.example/?a=b"
        assert url_in_language("?a=b", "fa") == "/fa/?a=b"


# -- the saved language --------------------------------------------------------------------


class TestSavedLanguage:
    def test_the_service_refuses_what_is_not_a_site_language(self, alice):
        for bad in ["de", "zh-TW", "", "fa "]:
            with pytest.raises(ValueError):
                user_set_language(user=alice, language=bad)
        assert User.objects.get(pk=alice.pk).language == ""

    def test_it_leaves_no_version_in_the_users_history(self, alice):
        versions = alice.history.count()
        user_set_language(user=alice, language="vi")
        assert User.objects.get(pk=alice.pk).language == "vi"
        assert alice.language == "vi"
        assert alice.history.count() == versions

    def test_user_language(self, alice):
        with translation.override("hi"):
            assert user_language(alice) == "hi"  # none saved: the page's
            assert user_language(alice, default="ko") == "ko"
            assert user_language(None) == "hi"
            alice.language = "fa"
            assert user_language(alice, default="ko") == "fa"
            with in_user_language(alice) as language:
                assert language == "fa"
                assert translation.get_language() == "fa"
            assert translation.get_language() == "hi"

    def test_the_account_page_shows_it_and_changes_it(self, client, alice):
        client.force_login(alice)
        page = client.get("/accounts/").content.decode()
        assert "Not chosen yet" in page
        assert 'id="account-language"' in page

        response = switch(client, "zh-hant", "/accounts/")
        assert response.url == "/zh-hant/accounts/"
        assert User.objects.get(pk=alice.pk).language == "zh-hant"
        page = client.get(response.url).content.decode()
        assert '<span lang="zh-hant" dir="auto">繁體中文</span>' in page
        assert re.search(r'<option value="zh-hant" lang="zh-hant" selected>', page)


# -- signing in ----------------------------------------------------------------------------


class TestSignIn:
    def test_a_saved_language_opens_next_in_it(self, client, alice):
        user_set_language(user=alice, language="fa")
        response = client.post(
            LOGIN + "?next=/engagements/", {"username": "alice", "password": PASSWORD}
        )
        assert response.status_code == 302
        assert response.url == "/fa/engagements/"
        assert response.cookies[COOKIE].value == "fa"

    def test_english_saved_signs_in_from_another_language_into_english(self, client, alice):
        user_set_language(user=alice, language="en")
        response = client.post(
            "/ko" + LOGIN, {"username": "alice", "password": PASSWORD, "next": "/ko/accounts/"}
        )
        assert response.url == "/accounts/"
        assert response.cookies[COOKIE].value == "en"

    def test_without_one_the_page_language_is_saved(self, client, alice):
        response = client.post("/vi" + LOGIN, {"username": "alice", "password": PASSWORD})
        assert response.url == "/vi/"  # the engagement list, in Vietnamese
        assert response.cookies[COOKIE].value == "vi"
        assert User.objects.get(pk=alice.pk).language == "vi"

    def test_a_wrong_password_saves_nothing(self, client, alice):
        response = client.post("/vi" + LOGIN, {"username": "alice", "password": "wrong"})
        assert response.status_code == 200
        assert User.objects.get(pk=alice.pk).language == ""

    def test_an_unsafe_next_still_goes_home_in_the_language(self, client, alice):
        user_set_language(user=alice, language="hi")
        response = client.post(
            LOGIN, {"username": "alice", "password": PASSWORD, "next": "https://evil.example/"}
        )
        assert response.url == "/hi/"


# -- emails --------------------------------------------------------------------------------


class TestEmail:
    def test_the_reset_email_is_in_the_saved_language(self, client, alice):
        user_set_language(user=alice, language="ko")
        response = client.post("/vi/accounts/password-reset/", {"email": "alice@example.gov"})
        assert response.url == "/vi/accounts/password-reset/sent/"  # the page stays Vietnamese

        (email,) = mail.outbox
        with translation.override("ko"):
            subject = translation.gettext("Password reset on %(site_name)s")
            line = translation.gettext("Please go to the following page and choose a new password:")
            lifetime = duration(timedelta(hours=1))
        assert lifetime != "1 hour" and line.startswith("다음")
        assert email.subject == subject % {"site_name": "testserver"}
        assert line in email.body
        assert lifetime in email.body
        assert re.search(r"http://testserver/ko/accounts/reset/[^/\s]+/[^/\s]+/", email.body)

    def test_without_a_saved_language_it_is_in_the_pages(self, client, alice):
        client.post("/hi/accounts/password-reset/", {"email": "alice@example.gov"})
        (email,) = mail.outbox
        assert "http://testserver/hi/accounts/reset/" in email.body
        with translation.override("hi"):
            assert duration(timedelta(hours=1)) in email.body


# -- the first visit -----------------------------------------------------------------------


class TestFirstVisit:
    @pytest.mark.parametrize(
        "header, expected",
        [
            ("zh-TW,zh;q=0.9,en;q=0.8", "zh-hant"),
            ("zh-Hant", "zh-hant"),
            ("zh-Hant-TW", "zh-hant"),
            ("zh", "zh-hant"),
            ("fa-IR,fa;q=0.9,en-US;q=0.8", "fa"),
            ("ko-KR", "ko"),
            ("vi-VN,vi;q=0.9", "vi"),
            ("hi-IN", "hi"),
            ("en-US,fa;q=0.5", "en"),
            ("de-DE,de;q=0.9,ko;q=0.5", "ko"),
            ("fa;q=0,ko", "ko"),
            ("de", None),
            ("*", None),
            ("", None),
        ],
    )
    def test_accept_language(self, header, expected):
        assert language_from_accept_language(header) == expected

    def test_a_browser_asking_for_farsi_gets_the_page_in_farsi(self, client):
        response = client.get(
            LOGIN + "?next=/engagements/", HTTP_ACCEPT_LANGUAGE="fa-IR,fa;q=0.9", **BROWSER
        )
        assert response.status_code == 302
        assert response.url == "/fa" + LOGIN + "?next=/engagements/"
        assert {"Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}
        assert html_lang(client.get(response.url)) == "fa"

    def test_traditional_chinese(self, client):
        response = client.head("/accounts/password-reset/", HTTP_ACCEPT_LANGUAGE="zh-TW", **BROWSER)
        assert response.url == "/zh-hant/accounts/password-reset/"

    def test_english_first_is_not_redirected(self, client):
        response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9,fa;q=0.5", **BROWSER)
        assert response.status_code == 200
        assert html_lang(response) == "en"

    def test_once_english_is_picked_there_are_no_more_redirects(self, client):
        switch(client, "en", "/fa" + LOGIN)
        response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="fa", **BROWSER)
        assert response.status_code == 200
        assert html_lang(response) == "en"

    def test_a_picked_language_is_kept_on_unprefixed_links(self, client):
        switch(client, "vi", LOGIN)
        response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en", **BROWSER)
        assert response.url == "/vi" + LOGIN

    def test_the_signed_in_users_language_comes_first(self, client, alice):
        user_set_language(user=alice, language="ko")
        client.force_login(alice)
        client.cookies[COOKIE] = "vi"
        response = client.get("/accounts/", HTTP_ACCEPT_LANGUAGE="fa", **BROWSER)
        assert response.url == "/ko/accounts/"

        user_set_language(user=alice, language="en")
        response = client.get("/accounts/", HTTP_ACCEPT_LANGUAGE="fa", **BROWSER)
        assert response.status_code == 200
        assert html_lang(response) == "en"

    def test_a_prefixed_page_is_never_redirected(self, client):
        response = client.get("/vi" + LOGIN, HTTP_ACCEPT_LANGUAGE="fa", **BROWSER)
        assert response.status_code == 200
        assert html_lang(response) == "vi"

    def test_what_is_not_a_page_request_is_left_alone(self, client, alice):
        farsi = {"HTTP_ACCEPT_LANGUAGE": "fa"}
        # The test client and fetch() calls do not ask for HTML.
        assert client.get(LOGIN, **farsi).status_code == 200
        response = client.get(LOGIN, HTTP_ACCEPT="application/json", **farsi)
        assert response.status_code == 200
        # A form post is answered where it was sent.
        response = client.post(LOGIN, {"username": "alice", "password": "x"}, **farsi, **BROWSER)
        assert response.status_code == 200
        assert html_lang(response) == "en"
        # Static files, and URLs that exist only without a prefix.
        assert client.get("/static/css/spcp.css", **farsi, **BROWSER).status_code == 200
        assert client.get(SWITCH, **farsi, **BROWSER).status_code == 405
        assert client.get("/no-such-page/", **farsi, **BROWSER).status_code == 404

    def test_the_admin_opens_in_the_language_too(self, client):
        response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="hi", **BROWSER, follow=True)
        assert response.redirect_chain == [("/hi/admin/login/", 302)]
        assert response.status_code == 200
        assert html_lang(response) == "hi"
