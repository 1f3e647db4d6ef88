"""The language switch at the top of every page, in a real headless Chromium: from every
language to every other (all 36 ordered pairs, staying put included), on the sign-in page and
on a signed-in page, each switch lands on the same page (path and query string) in the chosen
language. And a first visit from a browser set to Farsi opens in Farsi."""

import pytest
from django.conf import settings

from offices.models import User
from tests.factories import EngagementFactory, UserFactory, office

LANGUAGES = [code for code, _name in settings.LANGUAGES]
PASSWORD = "pw-for-tests-123"  # UserFactory's

pytestmark = pytest.mark.django_db(transaction=True)


def every_ordered_pair(languages: list[str]) -> list[str]:
    """A cyclic order of ``languages`` (a de Bruijn sequence) in which every ordered pair,
    a language followed by itself included, appears exactly once as neighbours: walking it
    round once switches along all ``len(languages) ** 2`` pairs, one form post each."""
    k = len(languages)
    digits = [0] * (2 * k)
    sequence = []

    def extend(t, p):
        if t > 2:
            if 2 % p == 0:
                sequence.extend(digits[1 : p + 1])
            return
        digits[t] = digits[t - p]
        extend(t + 1, p)
        for j in range(digits[t - p] + 1, k):
            digits[t] = j
            extend(t + 1, t)

    extend(1, 1)
    return [languages[i] for i in sequence]


def in_language(path: str, language: str) -> str:
    return path if language == "en" else f"/{language}{path}"


@pytest.fixture
def browser_page(browser, live_server):
    """A desktop-width page (the navbar shows the switch) of a browser set to US English."""
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport={"width": 1280, "height": 800}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def switch_along_every_pair(page, base_url: str, path: str) -> list[str]:
    """Open ``path`` and switch language along every ordered pair with the navbar's select
    and "Change language" button; return what went wrong, one line per switch."""
    order = every_ordered_pair(LANGUAGES)
    pairs = list(zip(order, order[1:] + order[:1], strict=True))
    assert len(set(pairs)) == len(LANGUAGES) ** 2 == 36

    page.goto(in_language(path, order[0]))
    problems = []
    select = page.locator("#language-switcher")
    button = page.locator("form:has(#language-switcher) button[type=submit]")
    for current, chosen in pairs:
        assert page.locator("html").get_attribute("lang") == current
        assert select.input_value() == current
        select.select_option(chosen)
        with page.expect_navigation():
            button.click()
        expected = base_url + in_language(path, chosen)
        lang = page.locator("html").get_attribute("lang")
        if page.url != expected or lang != chosen:
            problems.append(f"{current} → {chosen}: {page.url} (lang={lang}), not {expected}")
    return problems


def test_every_pair_on_the_sign_in_page(browser_page, live_server):
    page = browser_page
    path = "/accounts/login/?next=/engagements/%3Fstate%3DPA"
    assert switch_along_every_pair(page, live_server.url, path) == []
    # Still the sign-in page, and it still signs in.
    assert page.locator("#id_username").is_visible()


def test_every_pair_on_a_signed_in_page(browser_page, live_server):
    page = browser_page
    dana = UserFactory(username="dana", office=office("mid-atlantic"))
    engagement = EngagementFactory(community="Erie", state="PA", lead_staff=dana)

    page.goto("/accounts/login/")
    page.locator("#id_username").fill("dana")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(live_server.url + "/")

    path = f"/engagements/{engagement.pk}/?view=all"
    assert switch_along_every_pair(page, live_server.url, path) == []
    assert page.get_by_role("heading", name="Erie, PA").first.is_visible()
    # Every switch was saved on the account: the last one is the language now.
    assert User.objects.get(pk=dana.pk).language == page.locator("html").get_attribute("lang")


def test_a_first_visit_follows_the_browsers_language(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fa-IR")
    try:
        page = context.new_page()
        page.goto("/accounts/login/")
        assert page.url == live_server.url + "/fa/accounts/login/"
        assert page.locator("html").get_attribute("lang") == "fa"
        assert page.locator("html").get_attribute("dir") == "rtl"

        # Picking English is respected from then on.
        page.locator("#language-switcher").select_option("en")
        with page.expect_navigation():
            page.locator("form:has(#language-switcher) button[type=submit]").click()
        page.goto("/accounts/login/")
        assert page.url == live_server.url + "/accounts/login/"
        assert page.locator("html").get_attribute("lang") == "en"
    finally:
        context.close()
