"""The facilitators' note page on a phone with poor Wi-Fi, in a real headless Chromium
(static/facilitator/notes.js and the service worker templates/facilitator_portal/sw.js).

What the issue asks and each test checks against the database: notes typed and submitted
offline, a reload while offline, then back online are all stored, once each; a double
submit, and a note re-sent after its answer was lost, are stored once; two phones typing
into one group at once keep every note and each sees the other's; a stale edit shows both
texts; the page opens offline after one visit; without JavaScript the plain form works; a
draft survives a reload and a closed tab.

Offline is simulated at both ends (the ``network`` fixture): Playwright's
``context.set_offline(True)`` makes the browser offline (``navigator.onLine`` false, the
``offline`` event, failed requests, also the service worker's), and the live server stops
answering: it closes every connection without reading a request, as a dead Wi-Fi would. The
second half is needed because the first leaks: right after a reload while offline, a request
of a page controlled by a service worker (the page's first POST) was seen to reach the
server although Playwright reported it failed. With the server cut too, nothing can be
stored by any path while "offline", so "stored once, after coming back online" is really
tested.
"""

import re
import time
from pathlib import Path

import pytest
from django.test import Client
from django.test.testcases import QuietWSGIRequestHandler
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from engagements import models, services
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def group(db):
    """A morning group of Erie led by Ann and co-led by Bob, both invited (accounts without
    an office, each with a sign-in link in force). Ann and Bob are on ``group.ann`` and
    ``group.bob``."""
    staff = factories.UserFactory(office=factories.office("mid-atlantic"))
    erie = factories.EngagementFactory(community="Erie", lead_staff=staff)
    ann = factories.trained_facilitator(erie, name="Ann Ames", email="ann@example.org")
    bob = factories.trained_facilitator(erie, name="Bob Baker", email="bob@example.org")
    group = factories.BreakoutGroupFactory(
        engagement=erie, name="Youth A", facilitator=ann, second_facilitator=bob
    )
    factories.ParticipantFactory(engagement=erie, name="Maria Gonzalez")
    for person in (ann, bob):
        services.sign_in_link_create(
            person=person, user=staff, language="en", email=person.email, base_url=""
        )
        person.refresh_from_db()
    group.ann = ann.user
    group.bob = bob.user
    return group


class Network:
    """The connection between the phones (browser contexts) and the server."""

    def __init__(self):
        self.cut = False
        self.contexts = []

    def go_offline(self, *contexts):
        self.contexts = contexts
        for context in contexts:
            context.set_offline(True)
        self.cut = True

    def go_online(self):
        self.cut = False
        for context in self.contexts:
            context.set_offline(False)


@pytest.fixture
def network(live_server, monkeypatch):
    """Cuts and restores the network (see the module's docstring): while ``cut``, the live
    server answers no request, on new connections and on those kept alive: it closes the
    connection without a response."""
    state = Network()
    parse_request = QuietWSGIRequestHandler.parse_request

    def parse_or_drop(handler):
        if state.cut:
            handler.close_connection = True
            return False
        return parse_request(handler)

    monkeypatch.setattr(QuietWSGIRequestHandler, "parse_request", parse_or_drop)
    yield state
    state.cut = False


@pytest.fixture
def phone(browser, live_server):
    """Makes a browser context (a phone) where a user is signed in: ``phone(user, **options)``.
    Each has a list ``errors`` that collects what its pages report (console errors, uncaught
    exceptions, CSP violations). All are closed at the end of the test, before the database
    is emptied (a page's last request must not hold a lock then)."""
    contexts = []

    def make(user, **options):
        client = Client()
        client.force_login(user)
        context = browser.new_context(base_url=live_server.url, viewport=PHONE, **options)
        context.set_default_timeout(15000)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
        context.errors = []
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    # Let the live server finish the requests the pages had under way.
    time.sleep(0.5)


def new_page(context):
    page = context.new_page()

    def console(message):
        # Chromium logs the failed requests of an offline page as errors: expected here.
        if message.type == "error" and "net::ERR_INTERNET_DISCONNECTED" not in message.text:
            if "Failed to load resource" not in message.text:
                context.errors.append(f"{page.url}: {message.text}")

    page.on("console", console)
    page.on("pageerror", lambda error: context.errors.append(f"{page.url}: {error}"))
    return page


def group_url(group):
    return reverse("facilitator_portal:group", args=[group.pk])


def open_notes(page, group, *, offline_ready=True):
    """Open the note page and wait until its script runs (and, with ``offline_ready``, until
    the service worker has kept the page and its assets)."""
    page.goto(group_url(group))
    page.wait_for_selector("#sync-status:not(:empty)")
    if offline_ready:
        page.wait_for_selector("#facilitator-notes[data-offline-ready='true']", state="attached")


def add_note(page, kind, text):
    form = page.locator(f".note-form[data-kind='{kind}']")
    form.locator("textarea[name='text']").fill(text)
    form.locator("button[type='submit']").click()


def note(page, text):
    return page.locator("li.note", has=page.locator(".note-text", has_text=text))


def stored_texts(group):
    return sorted(
        [s.text for s in models.Strength.objects.filter(group=group)]
        + [i.text for i in models.Issue.objects.filter(group=group)]
    )


def wait_for(page, condition, timeout=10.0, message="condition"):
    """Wait until ``condition()`` (a database query, usually) is true, letting ``page`` run
    (Playwright's handlers run only while the test waits through Playwright)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"timed out waiting for {message}")


def test_notes_written_offline_and_across_a_reload_are_stored_once_back_online(
    phone, group, network
):
    context = phone(group.ann)
    page = new_page(context)
    open_notes(page, group)
    status = page.locator("#sync-status")
    expect(status).to_have_text("Online: every note is saved.")

    network.go_offline(context)
    add_note(page, "strength", "Neighbours look out for each other")
    add_note(page, "issue", "Patrols never stop to talk")
    expect(status).to_contain_text("You are offline")
    expect(status).to_contain_text("Notes waiting to be sent: 2")
    expect(note(page, "Neighbours look out")).to_have_attribute("data-state", "waiting")
    expect(note(page, "Patrols never stop").locator(".note-state")).to_have_text(
        "Waiting to be sent"
    )

    # Still offline: the page comes from the service worker, the waiting notes from the
    # phone's storage; one more note is written.
    page.reload()
    expect(status).to_contain_text("Notes waiting to be sent: 2")
    expect(note(page, "Neighbours look out")).to_have_attribute("data-state", "waiting")
    add_note(page, "strength", "The youth centre is open late")
    expect(status).to_contain_text("Notes waiting to be sent: 3")
    assert stored_texts(group) == []

    network.go_online()
    expected = sorted(
        [
            "Neighbours look out for each other",
            "Patrols never stop to talk",
            "The youth centre is open late",
        ]
    )
    wait_for(page, lambda: stored_texts(group) == expected, message="the three notes")
    expect(page.locator("li.note[data-state='saved']")).to_have_count(3)
    expect(page.locator("#sync-status")).to_have_text("Online: every note is saved.")
    # Exactly once each, with the ids made in the browser.
    page.wait_for_timeout(1000)
    assert stored_texts(group) == expected
    assert models.Strength.objects.filter(group=group, client_id__isnull=True).count() == 0
    assert page.evaluate(f"localStorage.getItem('spcp:outbox:{group.pk}')") == "[]"
    assert context.errors == []


def test_the_page_opens_offline_after_one_visit(phone, group, network):
    models.Strength.objects.create(engagement=group.engagement, group=group, text="Block parties")
    context = phone(group.ann)
    page = new_page(context)
    open_notes(page, group)
    page.close()

    network.go_offline(context)
    page = new_page(context)
    page.goto(group_url(group))
    page.wait_for_selector("#sync-status:not(:empty)")
    assert page.get_by_role("heading", name="Youth A", level=1).is_visible()
    assert note(page, "Block parties").is_visible()
    assert "You are offline" in page.locator("#sync-status").inner_text()
    # The notes the page fetches come from the worker's cache.
    answer = page.evaluate(
        """async (url) => {
            const response = await fetch(url);
            return {cache: response.headers.get('X-SPCP-From-Cache'), body: await response.json()};
        }""",
        reverse("facilitator_portal:notes_api", args=[group.pk]),
    )
    assert answer["cache"] == "1"
    assert [n["text"] for n in answer["body"]["notes"]] == ["Block parties"]
    # A facilitators' page never opened says so, instead of the browser's error page.
    page.goto(reverse("facilitator_portal:group", args=[group.pk + 1000]))
    assert page.get_by_role("heading", name="Offline").is_visible()
    assert context.errors == []


def test_a_double_submit_and_a_resend_after_a_lost_answer_store_one_note(phone, group):
    # Playwright cannot intercept requests of a page a service worker controls: this phone
    # has none (the outbox does not need one).
    context = phone(group.ann, service_workers="block")
    page = new_page(context)
    open_notes(page, group, offline_ready=False)

    form = page.locator(".note-form[data-kind='strength']")
    form.locator("textarea[name='text']").fill("Churches host dinners")
    form.locator("button[type='submit']").dblclick()
    wait_for(page, lambda: stored_texts(group) == ["Churches host dinners"], message="the note")
    expect_saved = "li.note[data-state='saved'] .note-text"
    page.wait_for_selector(expect_saved)

    # The server stores the next note, but its answer never reaches the phone (the Wi-Fi
    # drops): the page sends it again later with the same id, and it is stored once.
    lost = []

    def lose_answer(route):
        if route.request.method == "POST" and not lost:
            route.fetch()  # reaches the server...
            lost.append(route.request.post_data_json["client_id"])
            route.abort("internetdisconnected")  # ...but the phone never hears back
        else:
            route.continue_()

    page.route("**/notes.json", lose_answer)
    add_note(page, "issue", "Stops feel random")
    wait_for(page, lambda: lost, message="the first attempt")
    assert models.Issue.objects.filter(group=group).count() == 1
    expect(page.locator("li.note[data-state='saved']")).to_have_count(2, timeout=20000)
    expect(page.locator("#sync-status")).to_have_text("Online: every note is saved.")
    page.wait_for_timeout(1000)
    issues = list(models.Issue.objects.filter(group=group))
    assert [(i.text, str(i.client_id)) for i in issues] == [("Stops feel random", lost[0])]
    assert stored_texts(group) == ["Churches host dinners", "Stops feel random"]
    assert page.locator("li.note").count() == 2
    assert context.errors == []


def test_two_phones_typing_into_one_group_keep_every_note_and_see_each_others(phone, group):
    ann_context = phone(group.ann)
    bob_context = phone(group.bob)
    ann = new_page(ann_context)
    bob = new_page(bob_context)
    open_notes(ann, group, offline_ready=False)
    open_notes(bob, group, offline_ready=False)

    texts = []
    for round_ in range(3):
        for name, page in (("Ann", ann), ("Bob", bob)):
            text = f"{name} note {round_}"
            texts.append(text)
            add_note(page, "strength" if round_ % 2 == 0 else "issue", text)
    wait_for(ann, lambda: stored_texts(group) == sorted(texts), message="all six notes")
    # Each phone shows all six within about five seconds of the last one.
    started = time.monotonic()
    for page in (ann, bob):
        expect(page.locator("li.note[data-state='saved']")).to_have_count(6, timeout=7000)
    assert time.monotonic() - started < 7
    for page in (ann, bob):
        shown = sorted(page.locator("li.note .note-text").all_inner_texts())
        assert shown == sorted(texts)
    assert ann_context.errors == [] and bob_context.errors == []


def test_a_stale_edit_shows_both_texts_and_keeps_the_chosen_one(phone, group):
    stored = models.Strength.objects.create(
        engagement=group.engagement, group=group, text="Good street lighting"
    )
    ann_context = phone(group.ann)
    bob_context = phone(group.bob)
    ann = new_page(ann_context)
    bob = new_page(bob_context)
    open_notes(ann, group, offline_ready=False)
    open_notes(bob, group, offline_ready=False)

    # Both open the note; Bob saves first.
    note(ann, "Good street lighting").get_by_role("button", name="Edit").click()
    note(bob, "Good street lighting").get_by_role("button", name="Edit").click()
    bob.locator("li.note textarea[name='text']").fill("Good street lighting downtown")
    bob.get_by_role("button", name="Save", exact=True).click()
    wait_for(
        bob,
        lambda: models.Strength.objects.get(pk=stored.pk).text == "Good street lighting downtown",
        message="Bob's change",
    )
    ann.locator("li.note textarea[name='text']").fill("Good lighting on Main Street")
    ann.get_by_role("button", name="Save", exact=True).click()

    conflict = ann.locator(".note-conflict")
    conflict.wait_for()
    assert "changed on another phone" in conflict.inner_text()
    assert conflict.locator(".note-conflict-mine").inner_text() == "Good lighting on Main Street"
    assert conflict.locator(".note-conflict-saved").inner_text() == (
        "Good street lighting downtown"
    )
    # Nothing was overwritten.
    ann.wait_for_timeout(500)
    assert models.Strength.objects.get(pk=stored.pk).text == "Good street lighting downtown"

    conflict.get_by_role("button", name="Keep mine").click()
    wait_for(
        ann,
        lambda: models.Strength.objects.get(pk=stored.pk).text == "Good lighting on Main Street",
        message="Ann's choice",
    )
    note(bob, "Good lighting on Main Street").wait_for(timeout=7000)
    assert models.Strength.objects.filter(group=group).count() == 1
    assert ann_context.errors == [] and bob_context.errors == []


def test_without_javascript_the_plain_form_adds_a_note(phone, group):
    context = phone(group.ann, java_script_enabled=False)
    page = new_page(context)
    page.goto(group_url(group))
    add_note(page, "strength", "Faith leaders know every family")
    page.wait_for_load_state()
    assert page.get_by_text("Note saved.").is_visible()
    assert note(page, "Faith leaders know every family").is_visible()
    assert stored_texts(group) == ["Faith leaders know every family"]


def test_a_draft_survives_a_reload_and_a_closed_tab(phone, group):
    context = phone(group.ann)
    page = new_page(context)
    open_notes(page, group, offline_ready=False)
    field = page.locator(".note-form[data-kind='issue'] textarea[name='text']")
    field.press_sequentially("Officers rarely ")
    page.reload()
    page.wait_for_selector("#sync-status:not(:empty)")
    assert field.input_value() == "Officers rarely "
    field.press_sequentially("speak Spanish")
    page.close()

    page = new_page(context)
    open_notes(page, group, offline_ready=False)
    field = page.locator(".note-form[data-kind='issue'] textarea[name='text']")
    assert field.input_value() == "Officers rarely speak Spanish"
    # Once the note is queued the draft is gone: a reload shows an empty form.
    page.locator(".note-form[data-kind='issue'] button[type='submit']").click()
    wait_for(page, lambda: stored_texts(group) == ["Officers rarely speak Spanish"], message="note")
    page.reload()
    page.wait_for_selector("#sync-status:not(:empty)")
    assert field.input_value() == ""
    assert context.errors == []


AXE_SOURCE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
RUN_AXE = """
async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.flatMap((violation) => violation.nodes.map((node) =>
    `${violation.id}: ${node.target.join(" ")}: ${node.failureSummary || violation.help}`));
}
"""

# The elements that stick out of the screen, for the failure message.
STICKING_OUT = """
() => Array.from(document.body.querySelectorAll("*"))
  .filter((e) => {
    const r = e.getBoundingClientRect();
    return r.right > innerWidth + 1 || r.left < -1;
  })
  .slice(0, 8).map((e) => `${e.tagName.toLowerCase()}.${e.className}`)
"""


@pytest.mark.parametrize("language", ["en", "fa"])
def test_what_the_script_shows_passes_axe_at_phone_and_desktop_width(phone, group, language):
    """The states only the script draws (a note refused with its message, a conflict with
    both texts, the inline editor, the delete confirmation, notes waiting offline) pass
    axe-core, and the page is no wider than a 390 px phone, in English and in Farsi."""
    first = models.Strength.objects.create(
        engagement=group.engagement, group=group, text="Block parties"
    )
    models.Strength.objects.create(engagement=group.engagement, group=group, text="Food bank")
    context = phone(group.ann, service_workers="block")
    context.add_init_script(path=str(AXE_SOURCE))
    page = new_page(context)
    with translation.override(language):
        url = group_url(group)
    page.goto(url)
    page.wait_for_selector("#sync-status:not(:empty)")

    # Refused: a note that names someone on the roster.
    add_note(page, "issue", "Maria Gonzalez was stopped twice")
    expect(page.locator("li.note[data-state='error'] .note-error")).to_be_visible()
    # A conflict: the note changed on another phone while it was being edited here.
    note(page, "Block parties").locator(".note-edit-button").click()
    services.breakout_note_update(
        note=first, user=group.bob, base_revision=first.revision, text="Block parties in June"
    )
    page.locator("li.note .note-editor textarea").fill("Block parties every month")
    page.locator("li.note .note-editor .note-save").click()
    expect(page.locator(".note-conflict")).to_be_visible()
    # The delete confirmation, and an editor left open.
    note(page, "Food bank").locator(".note-delete-button").click()
    expect(page.locator(".note-confirm")).to_be_visible()
    # Offline: a note waits.
    page.context.set_offline(True)
    add_note(page, "strength", "Parents walk children to school")
    expect(page.locator("li.note[data-state='waiting']")).to_have_count(1)
    expect(page.locator("#sync-status")).to_have_class(re.compile("is-offline"))

    for size in (PHONE, {"width": 1280, "height": 900}):
        page.set_viewport_size(size)
        assert page.evaluate(RUN_AXE) == [], size
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.evaluate(
        STICKING_OUT
    )
    assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "fa" else "ltr")
    assert context.errors == []


def test_an_afternoon_group_records_a_solution_with_its_issue_and_actions(phone, group):
    """A solution is sent with the priority issue it answers and its actions, and edited in
    place."""
    priority = factories.IssueFactory(
        engagement=group.engagement,
        group=group,
        text="Slow response times",
        is_priority=True,
        dot_votes=9,
    )
    afternoon = factories.BreakoutGroupFactory(
        engagement=group.engagement,
        round="heterogeneous",
        name="Mixed 1",
        stakeholder_group=None,
        facilitator=group.second_facilitator,
        second_facilitator=group.facilitator,
    )
    context = phone(group.ann)
    page = new_page(context)
    open_notes(page, afternoon, offline_ready=False)
    form = page.locator(".note-form[data-kind='solution']")
    form.locator("select[name='issue']").select_option(str(priority.pk))
    form.locator("textarea[name='text']").fill("A community liaison officer")
    form.locator("textarea[name='actions']").fill("Hire the officer\nMonthly meetings")
    form.locator("button[type='submit']").click()
    wait_for(page, lambda: models.Solution.objects.filter(group=afternoon).exists(), message="it")
    solution = models.Solution.objects.get(group=afternoon)
    assert (solution.text, solution.actions, solution.issue_id) == (
        "A community liaison officer",
        "Hire the officer\nMonthly meetings",
        priority.pk,
    )
    shown = note(page, "A community liaison officer")
    expect(shown).to_have_attribute("data-state", "saved")
    expect(shown.locator(".note-issue")).to_contain_text("Slow response times")
    expect(shown.locator(".note-actions")).to_have_text("Hire the officer\nMonthly meetings")

    shown.locator(".note-edit-button").click()
    page.locator(".note-editor textarea[name='actions']").fill("Hire the officer by June")
    page.locator(".note-editor .note-save").click()
    wait_for(
        page,
        lambda: models.Solution.objects.get(pk=solution.pk).actions == "Hire the officer by June",
        message="the change",
    )
    solution.refresh_from_db()
    assert (solution.text, solution.issue_id) == ("A community liaison officer", priority.pk)
    assert context.errors == []


def test_a_farsi_page_counts_in_persian_digits(phone, group):
    """The counts the script writes (notes per kind, notes waiting) use Persian digits on a
    Farsi page, as everything the server writes there does."""
    context = phone(group.ann, service_workers="block")
    page = new_page(context)
    page.goto("/fa" + group_url(group))
    page.wait_for_selector("#sync-status:not(:empty)")
    add_note(page, "strength", "Churches host dinners")
    add_note(page, "strength", "Neighbours look out for each other")
    wait_for(page, lambda: len(stored_texts(group)) == 2, message="both notes")
    expect(page.locator(".note-count[data-kind='strength']")).to_have_text("۲", timeout=10000)
    assert context.errors == []


def sign_out(page):
    page.set_viewport_size({"width": 1280, "height": 800})  # the navbar is open at this width
    page.locator("form[data-sign-out] button[type='submit']").click()


def kept_on_the_phone(page) -> dict:
    """What the pages left on the phone: "spcp:" localStorage keys, "spcp-" caches and
    service workers."""
    return page.evaluate(
        """async () => ({
            keys: Object.keys(localStorage).filter((k) => k.startsWith("spcp:")),
            caches: (await caches.keys()).filter((n) => n.startsWith("spcp-")),
            workers: (await navigator.serviceWorker.getRegistrations()).length,
        })"""
    )


def test_signing_out_removes_what_the_pages_kept_on_the_phone(phone, group):
    """The next person to use the phone finds nothing of the notes: signing out with nothing
    waiting removes the drafts, the kept pages and notes, and the service worker."""
    context = phone(group.ann)
    page = new_page(context)
    open_notes(page, group)
    page.locator(".note-form[data-kind='issue'] textarea[name='text']").fill("A draft")
    page.wait_for_function("Object.keys(localStorage).some((k) => k.startsWith('spcp:draft:'))")
    kept = kept_on_the_phone(page)
    assert kept["caches"] and kept["workers"] == 1, kept

    sign_out(page)
    page.wait_for_url(lambda url: "/facilitator/" not in url)
    assert kept_on_the_phone(page) == {"keys": [], "caches": [], "workers": 0}
    page.goto(group_url(group))
    assert "/accounts/login/" in page.url  # signed out, and no kept copy answers
    assert context.errors == []


def test_signing_out_with_notes_waiting_asks_first_and_keeps_them(phone, group):
    context = phone(group.ann, service_workers="block")
    page = new_page(context)
    page.goto(reverse("facilitator_portal:home"))
    outbox = f"spcp:outbox:{group.pk}"
    page.evaluate(
        "(key) => localStorage.setItem(key, JSON.stringify([{op: 'create', kind: 'issue',"
        " client_id: '6f1c1f8e-3f5e-4c5b-9a59-2f0a4c1e7a11', text: 'Waiting'}]))",
        outbox,
    )
    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    sign_out(page)
    page.wait_for_timeout(500)
    assert questions and "not been sent" in questions[0]
    assert page.url.endswith(reverse("facilitator_portal:home"))  # still signed in
    page.once("dialog", lambda dialog: answer(dialog, True))
    sign_out(page)
    page.wait_for_url(lambda url: "/facilitator/" not in url)
    assert outbox in kept_on_the_phone(page)["keys"]  # kept, to be sent at the next sign-in
    assert context.errors == []
