"""Every page type passes axe-core, in every language, at desktop and phone width.

WCAG 2.1 AA (which Section 508 requires of federal software) and axe's best practices: 0
violations of any impact, on every page a reader can open. A staff member who sees everything
(headquarters, also an administrator) opens every URL pattern of the app in a real headless
Chromium: the engagements pages on a complete engagement (the demo's Erie), and on an empty one
(just opened, nothing recorded; a page that needs a record it does not have is skipped for
it); the pages Erie's published plan locks (a GET redirects to the plan) again while a
revision of the plan is under way; the preview of an uploaded roster (which only an upload
reaches); the account pages; a few pages of the admin; and, signed out, the sign-in and
password-reset pages and a personal sign-in link's pages (valid, and not working). The
facilitators' pages (``facilitator_portal``: their groups, the note page of the morning group
the demo ``facilitator`` leads and of the afternoon group it co-leads, the edit and delete
pages of a note) are opened as that facilitator, the council's pages (``council_portal``) as
the demo ``council`` member, as their users see them. Each page is loaded once per
language and checked at 1280 px and at 360 px (the viewport is resized, the page is not
reloaded). In the same loads:

- at 360 px the document is not wider than the screen (tables scroll inside their own box);
- at 1280 px the items of the navigation bar sit on one line.

The URL patterns are read from the resolver with the URL × role matrix's walk
(``tests/matrix/``), so a new page type is checked the day it is added; a pattern outside the
engagements namespace that this module does not know fails the test until it is taught. Only
GET pages that answer HTML are checked: POST-only views (405), redirects and downloads (the
PDF) are skipped; any other answer than 200 is a failure.

axe-core is vendored in ``tests/browser/vendor/axe-core/`` and injected by Playwright, outside
the page's Content-Security-Policy. While developing, ``AXE_ONLY=planning,council`` checks only
the URLs whose name or path contains one of the comma-separated substrings.
"""

import os
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from engagements import models, services
from engagements.demo import load_demo
from engagements.services.access import sign_in_path
from offices.models import User
from tests.factories import UserFactory, office
from tests.matrix.test_url_role_matrix import (
    COUNCIL_NAMESPACE,
    FACILITATOR_NAMESPACE,
    NAMESPACE,
    build_urls,
    walk,
)

AXE_SOURCE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}

SIGNED_IN = "signed in"  # as the headquarters administrator
SIGNED_OUT = "signed out"
FACILITATOR = "the demo facilitator"
COUNCIL = "the demo council member"
#: Who opens the pages of each portal (the demo's invited people), by namespace.
PORTALS = {FACILITATOR_NAMESPACE: FACILITATOR, COUNCIL_NAMESPACE: COUNCIL}
#: Their usernames (``load_demo``).
PORTAL_USERNAMES = {FACILITATOR: "facilitator", COUNCIL: "council"}

#: The URL patterns outside the engagements namespace (and the admin, below): who opens them.
#: A pattern missing here fails the test, so that a new page is not left unchecked.
OTHER_PAGES = {
    "set_language": SIGNED_OUT,  # POST only (a GET redirects): skipped
    "login": SIGNED_OUT,
    "logout": SIGNED_IN,  # POST only
    "password_reset": SIGNED_OUT,
    "password_reset_done": SIGNED_OUT,
    "password_reset_confirm": SIGNED_OUT,  # redirects to its form once the token is checked
    "password_reset_complete": SIGNED_OUT,
    "password_change": SIGNED_IN,
    "password_change_done": SIGNED_IN,
    "offices:account": SIGNED_IN,
    "offices:sign_out_everywhere": SIGNED_IN,  # POST only
    "sign_in_link": SIGNED_OUT,  # the demo facilitator's link (``sign_in_link_pages``)
}
#: Patterns whose GET redirects to the page to check (the password-reset link keeps its
#: token in the session and shows its form at a URL without it).
FOLLOW_REDIRECT = {"password_reset_confirm"}

#: Django's admin is its own app: its index, and for a few models the list and a record.
#: Not the user's change page: Django's own widgets fail axe there (the group and permission
#: pickers put aria-label on a <span>; the last-login and joined date and time inputs have no
#: label), which only replacing Django's admin templates and widgets would fix.
ADMIN_CHANGELISTS = [models.Engagement, models.PlanItem, User]
ADMIN_CHANGE_PAGES = [models.Engagement, models.PlanItem]

#: What a GET may answer instead of a page, and is then not checked: a redirect (a page that
#: is locked, or needs something the test does not do) or a POST-only view.
REDIRECT, POST_ONLY = 302, 405

# Runs axe on the document with its default rules (WCAG 2.0/2.1 A and AA, best practices) and
# returns one line per violation and element.
RUN_AXE = """
async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  const lines = [];
  for (const violation of results.violations) {
    for (const node of violation.nodes) {
      lines.push(`${violation.impact} ${violation.id}: ${node.target.join(" ")}: `
        + (node.failureSummary || violation.help).replace(/\\s+/g, " ").slice(0, 300));
    }
  }
  return lines;
}
"""

# The width of the document against the viewport's, and the language the page says it is in.
MEASURE = """
() => ({scroll: document.documentElement.scrollWidth, viewport: window.innerWidth,
        lang: document.documentElement.lang})
"""

# What sticks out past the viewport's end edge (for the failure message).
WIDEST_ELEMENTS = """
() => {
  const width = window.innerWidth, rtl = document.dir === "rtl";
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if ((rtl ? r.left < -1 : r.right > width + 1) && r.width > 0) {
      const path = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + (el.className && typeof el.className === "string"
           ? "." + el.className.trim().split(/\\s+/).join(".") : "");
      out.push(`${path} (${Math.round(rtl ? -r.left : r.right - width)} px)`);
    }
  }
  return out.slice(0, 5).join(", ");
}
"""

# The items of the navigation bar that are shown, and whether they sit on one line: every
# item's vertical middle lies inside every other item's box.
NAVBAR_ITEMS_ON_ONE_LINE = """
() => {
  const nav = document.querySelector("header nav.navbar");
  if (!nav) return [];
  const items = [...nav.querySelectorAll(
    ".navbar-brand, .navbar-toggler, .navbar-nav .nav-link, .navbar-collapse form > *"
  )].filter(el => el.offsetParent !== null && el.type !== "hidden")
    .map(el => ({text: (el.innerText || el.getAttribute("aria-label") || el.tagName).trim(),
                 rect: el.getBoundingClientRect()}));
  const wrapped = [];
  for (const a of items) {
    const middle = (a.rect.top + a.rect.bottom) / 2;
    for (const b of items) {
      if (middle < b.rect.top || middle > b.rect.bottom) {
        wrapped.push(`"${a.text}" is not on the line of "${b.text}"`);
      }
    }
  }
  return wrapped.slice(0, 3);
}
"""


@dataclass(frozen=True)
class Page:
    """One page to check: its URL ``name`` (with the engagement, if any, in ``where``), its
    ``url``, who opens it (``SIGNED_IN``, ``SIGNED_OUT``, ``FACILITATOR``, ``COUNCIL``), and
    whether its GET's redirect is followed."""

    name: str
    url: str
    who: str
    where: str = ""
    follow: bool = False

    def __str__(self) -> str:
        return f"{self.name}{f' ({self.where})' if self.where else ''} {self.url}"


def only(pages: list[Page]) -> list[Page]:
    """``pages`` narrowed by the ``AXE_ONLY`` environment variable (comma-separated
    substrings of a page's name or URL), all of them without it."""
    wanted = [part for part in os.environ.get("AXE_ONLY", "").split(",") if part]
    if not wanted:
        return pages
    return [p for p in pages if any(part in p.name or part in p.url for part in wanted)]


def engagement_pages(engagement, where: str, *, skip_missing: bool) -> list[Page]:
    """The engagements namespace's pages into ``engagement`` (in the active language). A
    pattern the matrix cannot build fails the test, except, with ``skip_missing``, one that
    needs a record the engagement does not have."""
    urls, problems = build_urls(engagement)
    if skip_missing:
        problems = [p for p in problems if f"{engagement} has no " not in p]
    if problems:
        pytest.fail("URL patterns this test cannot build:\n" + "\n".join(problems))
    return [Page(url.name, url.url, who=SIGNED_IN, where=where) for url in urls]


def portal_pages(engagement) -> list[Page]:
    """The facilitators' and the council's pages (in the active language), built as the URL ×
    role matrix builds them (the demo facilitator's groups and notes, ``engagement``'s plan),
    each opened by the portal's demo user."""
    urls, problems = build_urls(engagement, tuple(PORTALS))
    if problems:
        pytest.fail("URL patterns this test cannot build:\n" + "\n".join(problems))
    return [
        Page(url.view_name, url.url, who=PORTALS[url.namespace], where=str(engagement))
        for url in urls
    ]


def sign_in_link_pages() -> list[Page]:
    """A personal sign-in link's pages, signed out: the demo facilitator's link (the welcome
    page with its "Sign in" button) and the same link with a tampered token (the page that
    says it does not work), in the active language."""
    link = models.SignInLink.objects.get(user__username=PORTAL_USERNAMES[FACILITATOR])
    _path, _sep, query = sign_in_path(link).partition("?")
    url = reverse("sign_in_link", kwargs={"link_pk": link.pk}) + "?" + query
    return [
        Page("sign_in_link", url, who=SIGNED_OUT, where="valid"),
        Page("sign_in_link", url[:-4] + "AAAA", who=SIGNED_OUT, where="tampered"),
    ]


def other_pages(reset_user) -> list[Page]:
    """The pages outside the engagements namespace, in the active language: those of
    ``OTHER_PAGES`` (the password-reset link is ``reset_user``'s) and the admin's."""
    pages, unknown = [], []
    for pattern in walk(get_resolver(), skipped={"admin"}):
        if pattern.namespace == (NAMESPACE,) or pattern.app in PORTALS:
            continue
        name = ":".join(pattern.namespace + (pattern.name,))
        if name not in OTHER_PAGES:
            unknown.append(f"{pattern.route} ({name})")
            continue
        if name == "sign_in_link":
            pages += sign_in_link_pages()
            continue
        kwargs = {}
        if name == "password_reset_confirm":
            kwargs = {
                "uidb64": urlsafe_base64_encode(force_bytes(reset_user.pk)),
                "token": default_token_generator.make_token(reset_user),
            }
        url = reverse(name, kwargs=kwargs)
        pages.append(Page(name, url, who=OTHER_PAGES[name], follow=name in FOLLOW_REDIRECT))
    if unknown:
        pytest.fail(
            "URL patterns this test does not know; add them to OTHER_PAGES:\n" + "\n".join(unknown)
        )
    pages.append(Page("admin:index", reverse("admin:index"), who=SIGNED_IN))
    for model in ADMIN_CHANGELISTS:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        pages.append(Page(name, reverse(name), who=SIGNED_IN))
    for model in ADMIN_CHANGE_PAGES:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}_change"
        record = model._base_manager.order_by("pk").first()
        pages.append(Page(name, reverse(name, args=[record.pk]), who=SIGNED_IN))
    return pages


def roster_preview(client: Client, engagement) -> Page:
    """The preview of an uploaded roster CSV (a row to import, a duplicate, a rejected row),
    which only an upload reaches: ``client`` uploads it (in the active language), and the
    page's URL carries the upload's token, kept in the session the browser shares."""
    participant = models.Participant.objects.filter(engagement=engagement).first()
    group = participant.stakeholder_group.name
    rows = [
        "name,stakeholder_group,preferred_language,organisation,email",
        f"Jordan Lee,{group},vi,Central High School,",
        f"{participant.name},{group},,,",
        "Minh Tran,No such group,,,",
    ]
    upload = SimpleUploadedFile("roster.csv", "\n".join(rows).encode(), content_type="text/csv")
    url = reverse(f"{NAMESPACE}:participant_import", args=[engagement.pk])
    response = client.post(url, {"file": upload})
    assert response.status_code == REDIRECT, response.content.decode()[:2000]
    where = "Erie, a roster uploaded"
    return Page("participant_import_preview", response["Location"], who=SIGNED_IN, where=where)


def answer(client: Client, page: Page) -> int | str | None:
    """What a GET of ``page`` by ``client`` answers (following a redirect only where
    ``page.follow`` says so): None for an HTML page to check, ``REDIRECT`` or ``POST_ONLY``,
    ``"download"`` for anything but HTML, or what is wrong (another status)."""
    client.raise_request_exception = False
    response = client.get(page.url, follow=page.follow)
    if response.status_code in {REDIRECT, POST_ONLY}:
        return response.status_code
    if page.name == "sign_in_link" and page.where == "tampered" and response.status_code < 500:
        return None  # the page that says the link does not work (400 or 404)
    if response.status_code != 200:
        return f"GET answered {response.status_code}"
    if not response["Content-Type"].startswith("text/html"):
        return "download"
    return None


def check(tab, page: Page, language: str) -> list[str]:
    """Load ``page`` once in the browser ``tab``, run axe at desktop width and at phone width,
    and measure the navigation bar (desktop) and the document's width (phone). Returns what is
    wrong, one line each."""
    tab.set_viewport_size(DESKTOP)
    response = tab.goto(page.url)
    landed = urlsplit(tab.url)
    refused_link = page.name == "sign_in_link" and page.where == "tampered"
    if response is None or (response.status != 200 and not refused_link):
        return [f"the browser got {response and response.status}"]
    if landed.path != urlsplit(page.url).path and not page.follow:
        return [f"the browser landed on {landed.path}"]  # e.g. signing in: nothing checked
    problems = [f"1280 px: {line}" for line in tab.evaluate(RUN_AXE)]
    wrapped = tab.evaluate(NAVBAR_ITEMS_ON_ONE_LINE)
    if wrapped:
        problems.append("1280 px: the navigation bar wraps: " + "; ".join(wrapped))
    tab.set_viewport_size(PHONE)
    problems += [f"360 px: {line}" for line in tab.evaluate(RUN_AXE)]
    measured = tab.evaluate(MEASURE)
    if measured["scroll"] > measured["viewport"]:
        problems.append(
            f"360 px: the page is {measured['scroll']} px wide, wider than the screen"
            f" ({measured['viewport']} px): {tab.evaluate(WIDEST_ELEMENTS)}"
        )
    if measured["lang"] != language:
        problems.append(f'the page is in "{measured["lang"]}", not in "{language}"')
    return problems


class Checker:
    """The browser tabs (signed in as ``staff``, as the demo facilitator, as the demo council
    member, signed out) with axe-core, the Django test clients that tell pages from redirects
    and downloads first, and what was found."""

    def __init__(self, browser, base_url: str, staff, language: str):
        self.language = language
        users = {
            SIGNED_IN: staff,
            SIGNED_OUT: None,
            **{who: User.objects.get(username=name) for who, name in PORTAL_USERNAMES.items()},
        }
        self.clients = {who: Client() for who in users}
        self.contexts, self.tabs = [], {}
        for who, user in users.items():
            client = self.clients[who]
            context = browser.new_context(base_url=base_url)
            context.add_init_script(path=str(AXE_SOURCE))
            if user is not None:
                client.force_login(user)
                name = settings.SESSION_COOKIE_NAME
                cookie = {"name": name, "value": client.cookies[name].value, "url": base_url}
                context.add_cookies([cookie])
            self.contexts.append(context)
            self.tabs[who] = context.new_page()
            self.tabs[who].set_default_timeout(15000)
        self.failures, self.checked, self.skipped = [], [], []

    def run(self, pages: list[Page]) -> list[Page]:
        """Check every page of ``pages`` that answers HTML; returns those that redirected."""
        redirected = []
        for page in pages:
            outcome = answer(self.clients[page.who], page)
            if outcome is None:
                self.checked.append(page)
                problems = check(self.tabs[page.who], page, self.language)
                self.failures += [f"{page}: {problem}" for problem in problems]
            elif outcome in {REDIRECT, POST_ONLY, "download"}:
                self.skipped.append(f"{page}: {outcome}")
                if outcome == REDIRECT:
                    redirected.append(page)
            else:
                self.failures.append(f"{page}: {outcome}")
        return redirected

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def everything(transactional_db):
    """The demo data, an empty engagement and a headquarters administrator who sees all."""
    load_demo(scale=1)
    staff = UserFactory(
        username="axe",
        first_name="Alexandra",
        last_name="Montgomery-Okafor",  # a long name: the navigation bar must still fit
        office=office("headquarters"),
        is_staff=True,
        is_superuser=True,
    )
    erie = models.Engagement.objects.get(community="Erie", state="PA")
    empty = services.engagement_create(
        engagement=models.Engagement(
            community="Springfield",
            state="PA",
            law_enforcement_agencies="Springfield Police Department",
            lead_staff=staff,
            opened_on=erie.opened_on,
        ),
        user=staff,
    )
    return staff, erie, empty


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_type_passes_axe(browser, live_server, everything, language):
    """Guards WCAG 2.1 AA on every page type in ``language``: 0 axe-core violations at
    1280 px and 360 px, no page wider than a 360 px screen, a navigation bar on one line at
    1280 px. Lists every page and problem at once."""
    staff, erie, empty = everything
    with translation.override(language):
        pages = (
            engagement_pages(erie, "Erie", skip_missing=False)
            + engagement_pages(empty, "empty", skip_missing=True)
            + portal_pages(erie)
            + other_pages(reset_user=User.objects.get(username="central"))
        )
    assert len(pages) >= 100, [str(page) for page in pages]
    checker = Checker(browser, live_server.url, staff, language)
    try:
        with translation.override(language):
            pages.append(roster_preview(checker.clients[SIGNED_IN], erie))
        redirected = checker.run(only(pages))
        # Erie's plan is published, which locks it and what it links to: its edit pages
        # redirect to the plan. They are checked again while a revision is under way.
        locked = [
            replace(page, where="Erie, plan under revision")
            for page in redirected
            if page.where == "Erie"
        ]
        if locked:
            services.action_plan_revise(plan=erie.action_plan, user=staff)
            checker.run(locked)
    finally:
        checker.close()
    print(f"{language}: {len(checker.checked)} pages checked; skipped:", *checker.skipped, sep="\n")
    assert checker.checked or os.environ.get("AXE_ONLY")
    assert not checker.failures, (
        f"{len(checker.failures)} problems on {len(checker.checked)} pages in {language}:\n"
        + "\n".join(checker.failures)
    )
