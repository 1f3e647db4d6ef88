"""Content-Security-Policy, Permissions-Policy and ``Cache-Control: no-store``: on the sign-in
page, on every signed-in page and on the action-plan PDF; static files keep their caching."""

import pytest
from django.urls import reverse

from tests.factories import EngagementFactory

STRICT_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "manifest-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
}


def csp_directives(response):
    header = response["Content-Security-Policy"]
    directives = {}
    for directive in filter(None, (part.strip() for part in header.split(";"))):
        name, _, sources = directive.partition(" ")
        directives[name] = sources
    return directives


def assert_strict_csp(response):
    assert "Content-Security-Policy" in response
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert csp_directives(response) == STRICT_DIRECTIVES


def assert_no_store(response):
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"no-store", "private"} <= directives


@pytest.fixture
def signed_in_pages(engagement):
    return [
        reverse("engagements:engagement_list"),
        reverse("engagements:engagement_detail", args=[engagement.pk]),
        reverse("engagements:planning", args=[engagement.pk]),
        reverse("engagements:action_plan", args=[engagement.pk]),
        reverse("engagements:engagement_history", args=[engagement.pk]),
    ]


@pytest.mark.django_db
class TestContentSecurityPolicy:
    def test_sign_in_page(self, client):
        response = client.get(reverse("login"))
        assert response.status_code == 200
        assert_strict_csp(response)

    def test_signed_in_pages(self, staff_client, signed_in_pages):
        for url in signed_in_pages:
            response = staff_client.get(url)
            assert response.status_code == 200, url
            assert_strict_csp(response)


@pytest.mark.django_db
class TestPermissionsPolicy:
    @pytest.mark.parametrize(
        "feature", ["camera", "microphone", "geolocation", "payment", "usb", "display-capture"]
    )
    def test_powerful_features_are_refused(self, client, feature):
        response = client.get(reverse("login"))
        policy = [part.strip() for part in response["Permissions-Policy"].split(",")]
        assert f"{feature}=()" in policy

    def test_signed_in_page(self, staff_client):
        response = staff_client.get(reverse("engagements:engagement_list"))
        assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
class TestNoStore:
    def test_sign_in_page(self, client):
        assert_no_store(client.get(reverse("login")))

    def test_anonymous_responses_that_choose_no_caching(self, client, engagement):
        response = client.get(reverse("engagements:engagement_detail", args=[engagement.pk]))
        assert response.status_code == 302
        assert_no_store(response)

    def test_signed_in_pages(self, staff_client, signed_in_pages):
        for url in signed_in_pages:
            response = staff_client.get(url)
            assert response.status_code == 200, url
            assert_no_store(response)

    def test_refusals_to_a_signed_in_user(self, staff_client, other_staff):
        hidden = EngagementFactory(lead_staff=other_staff, office=other_staff.office)
        response = staff_client.get(reverse("engagements:engagement_detail", args=[hidden.pk]))
        assert response.status_code == 404
        assert_no_store(response)

    def test_action_plan_pdf(self, staff_client, engagement):
        response = staff_client.get(reverse("engagements:action_plan_pdf", args=[engagement.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert_no_store(response)

    @pytest.mark.parametrize("signed_in, kept", [(True, False), (False, True)])
    def test_caching_chosen_by_a_view_is_kept_only_for_anonymous_users(
        self, rf, staff, signed_in, kept
    ):
        from django.contrib.auth.models import AnonymousUser
        from django.http import HttpResponse
        from django.utils.cache import patch_cache_control

        from spcp.middleware import NoStoreMiddleware

        def view(request):
            response = HttpResponse("public")
            patch_cache_control(response, public=True, max_age=3600)
            return response

        request = rf.get("/")
        request.user = staff if signed_in else AnonymousUser()
        response = NoStoreMiddleware(view)(request)
        assert ("no-store" not in response["Cache-Control"]) is kept
        assert ("public" in response["Cache-Control"]) is kept


@pytest.mark.django_db
def test_static_files_keep_their_own_caching(client):
    response = client.get("/static/css/spcp.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "Content-Security-Policy" not in response
