"""Under the strict Content-Security-Policy, no page breaks: a staff member (also an admin) signs
in and opens one page of every kind, over the demo data, in a real headless Chromium; the browser
reports no violation of the policy, and Bootstrap's JavaScript (a file, not inline) still runs."""


import pytest
from django.urls import reverse

from engagements.demo import load_demo
from engagements.models import BreakoutGroup, Engagement
from tests.factories import UserFactory, office

# Playwright's init scripts are not subject to the page's policy; the listener sees every
# violation in every document the page loads, and hands it to the test through a binding.
LISTEN_FOR_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} on ${location.pathname}`
    + ` (${event.sourceFile}:${event.lineNumber})`
  );
}, true);
"""


@pytest.fixture
def violations(page):
    """Every CSP violation the browser reports, as events and as console messages (the admin
    pages' missing favicon.ico, a 404 logged as an error, is not one)."""
    reported = []
    page.expose_function("reportCspViolation", lambda text: reported.append(text))
    page.add_init_script(LISTEN_FOR_VIOLATIONS)
    # Chromium also logs each violation, and any Permissions-Policy it cannot parse.
    page.on(
        "console",
        lambda message: (
            reported.append(f"console on {page.url}: {message.text}")
            if "Content Security Policy" in message.text or "Permissions-Policy" in message.text
            else None
        ),
    )
    return reported


def visit(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    assert "content-security-policy" in response.headers, url
    # Violations are reported asynchronously; let them arrive before the next page.
    page.wait_for_load_state("load")
    page.wait_for_timeout(100)


@pytest.mark.django_db(transaction=True)
def test_no_page_breaks_under_the_content_security_policy(page, violations):
    load_demo()
    UserFactory(
        username="dana",
        office=office("mid-atlantic"),
        is_staff=True,
        is_superuser=True,
    )
    erie = Engagement.objects.get(community="Erie", state="PA")
    group = BreakoutGroup.objects.filter(engagement=erie).first()

    visit(page, reverse("login"))
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password").fill("pw-for-tests-123")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(reverse("engagements:engagement_list"))

    def engagement_url(name, *args):
        return reverse(f"engagements:{name}", args=[erie.pk, *args])

    pages = [
        reverse("engagements:engagement_list"),
        engagement_url("engagement_detail"),
        engagement_url("planning"),
        engagement_url("training"),
        engagement_url("program_day"),
        engagement_url("action_plan"),
        engagement_url("council"),
        engagement_url("participant_list"),
        engagement_url("breakoutgroup_detail", group.pk),
        engagement_url("issue_vote"),
        engagement_url("afternoon_groups"),
        engagement_url("planninggroupmember_create"),
        engagement_url("engagement_history"),
        reverse("admin:index"),
        reverse("admin:engagements_engagement_changelist"),
        reverse("admin:engagements_engagement_change", args=[erie.pk]),
        "/fa" + reverse("engagements:engagement_detail", args=[erie.pk]),
    ]
    for url in pages:
        visit(page, url)

    assert violations == []


@pytest.mark.django_db(transaction=True)
def test_bootstraps_javascript_runs_under_the_policy(page, violations):
    UserFactory(username="dana", office=office("mid-atlantic"))
    page.set_viewport_size({"width": 375, "height": 740})
    visit(page, reverse("login"))
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password").fill("pw-for-tests-123")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(reverse("engagements:engagement_list"))

    menu = page.locator("#nav-main")
    assert not menu.is_visible()
    page.get_by_role("button", name="Show the menu").click()
    menu.get_by_role("button", name="Sign out").wait_for(state="visible")
    assert page.get_by_role("button", name="Show the menu").get_attribute("aria-expanded") == (
        "true"
    )
    assert violations == []
