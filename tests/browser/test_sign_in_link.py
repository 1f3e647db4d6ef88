"""A personal sign-in link opened in a real headless Chromium, as the invited person would
from the email or the QR code: the page asks to press "Sign in", the press signs them in
(the browser's real CSRF and referrer handling included) and lands on their own pages in
the link's language; a withdrawn link says so and signs nobody in."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import translation

from engagements.services.access import sign_in_link_create, sign_in_link_revoke, sign_in_path
from tests.factories import (
    BreakoutGroupFactory,
    EngagementFactory,
    UserFactory,
    office,
    trained_facilitator,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def link_for(db):
    """Make a sign-in link, in a language, for a facilitator who leads a morning group."""

    def make(language: str):
        staff = UserFactory(office=office("mid-atlantic"))
        engagement = EngagementFactory(lead_staff=staff)
        person = trained_facilitator(engagement, name="Maria Lopez")
        BreakoutGroupFactory(engagement=engagement, facilitator=person)
        link = sign_in_link_create(
            person=person, user=staff, language=language, email="", base_url=""
        )
        return link, staff

    return make


@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_link_signs_in_with_one_press_and_lands_on_my_groups(page, link_for, language):
    link, _staff = link_for(language)
    response = page.goto(sign_in_path(link))
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    assert "Maria Lopez" in page.locator("h1").inner_text()
    # Opening the link signed nobody in: the portal still asks to sign in.
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    with translation.override(language):
        home = reverse("facilitator_portal:home")
    assert urlsplit(page.url).path == home
    assert page.locator("html").get_attribute("lang") == language
    nav = page.locator("#nav-main").inner_text()
    assert "Open an engagement" not in nav
    assert page.locator(f'#nav-main a[href="{home}"]').count() == 1


def test_opening_the_link_alone_does_not_sign_in(page, link_for):
    link, _staff = link_for("en")
    page.goto(sign_in_path(link))
    page.goto(reverse("facilitator_portal:home"))
    assert urlsplit(page.url).path == reverse("login")


def test_a_withdrawn_link_says_so_and_does_not_sign_in(page, link_for):
    link, staff = link_for("en")
    page.goto(sign_in_path(link))  # opened before it was withdrawn, pressed after
    sign_in_link_revoke(link=link, user=staff)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "This sign-in link was withdrawn" in page.locator("h1").inner_text()
    page.goto(reverse("facilitator_portal:home"))
    assert urlsplit(page.url).path == reverse("login")
