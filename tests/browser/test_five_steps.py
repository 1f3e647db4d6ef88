"""A CRS staff member signs in and takes a new engagement through all five steps in a real
headless Chromium, then downloads the action plan as a PDF."""

import io
import re

import pytest
from pypdf import PdfReader

from tests.factories import UserFactory, office


def save(page, label="Save"):
    page.get_by_role("button", name=label, exact=True).click()


@pytest.mark.django_db(transaction=True)
def test_walk_the_five_steps(page):
    UserFactory(
        username="dana", first_name="Dana", last_name="Reyes", office=office("mid-atlantic")
    )

    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password").fill("pw-for-tests-123")
    page.get_by_role("button", name="Sign in").click()

    # Open an engagement; the office is proposed from the state.
    page.get_by_role("link", name="Open an engagement").first.click()
    page.get_by_label("Community").fill("Erie")
    page.get_by_label("State").select_option("PA")
    page.get_by_label("Law-enforcement agencies").fill("Erie Bureau of Police")
    page.get_by_label("Spanish").check()
    save(page)
    assert page.get_by_role("heading", name="Erie, PA").is_visible()
    overview = page.url

    # Step 1: planning group.
    page.get_by_role("link", name="Step 1: Planning group").click()
    page.get_by_role("link", name="Add member").click()
    page.get_by_label("Name").fill("Chief Ortiz")
    page.get_by_label("Affiliation").fill("Erie Bureau of Police")
    page.get_by_label("Sector").select_option("law_enforcement")
    save(page)
    for name in ("Youth", "Faith/Clergy"):
        page.get_by_role("link", name="Add stakeholder group").click()
        page.get_by_label("Name").fill(name)
        save(page)
    page.get_by_role("link", name="Add task").click()
    page.get_by_label("Task").fill("Book the venue")
    page.get_by_label("Status").select_option("done")
    save(page)

    # Step 2: facilitator training.
    page.get_by_role("link", name="Step 2: Facilitator training").click()
    # Two facilitators: each morning group (Youth, Faith/Clergy) needs a trained one.
    for name in ("Rev. Grace Hill", "Imam Yusuf Khan"):
        page.get_by_role("link", name="Add facilitator").click()
        page.get_by_label("Name").fill(name)
        save(page)
    page.get_by_role("link", name="Add training session").click()
    page.get_by_label("Date").fill("2024-03-01")
    page.get_by_label("Place").fill("Library")
    page.get_by_label("Trainer").fill("Dana Reyes")
    save(page)
    page.get_by_role("link", name="Record attendance").click()
    for choice in page.get_by_label("Completed training").all():
        choice.check()
    save(page)
    assert page.get_by_text("Completed training").first.is_visible()

    # Step 3: the program day.
    page.get_by_role("link", name="Step 3: Program day").click()
    page.get_by_role("link", name="Set date and venue").click()
    page.get_by_label("Program date").fill("2024-04-21")
    page.get_by_label("Venue", exact=True).fill("Community hall")
    save(page)
    page.get_by_role("link", name="Participant roster").click()
    page.get_by_role("link", name="Import from CSV").click()
    page.get_by_label("CSV file").set_input_files(
        files=[
            {
                "name": "roster.csv",
                "mimeType": "text/csv",
                "buffer": b"name,stakeholder_group\nJordan Lee,Youth\nAna Ruiz,Faith/Clergy\n"
                b"Bad Row,Nobody\n",
            }
        ]
    )
    page.get_by_role("button", name="Check the file").click()
    assert page.get_by_text("Unknown stakeholder group “\u2068Nobody\u2069”.").is_visible()
    page.get_by_role("button", name="Import 2 participants").click()
    assert page.get_by_text("2 participants imported.").is_visible()
    page.get_by_role("link", name="Step 3: Program day").click()
    page.get_by_role("button", name="Create a group for each stakeholder group").click()
    page.get_by_role("table").get_by_role("link", name="Youth", exact=True).click()
    page.get_by_role("textbox", name="Issue").fill("Officers are hard to approach")
    page.get_by_role("button", name="Add issue").click()
    page.get_by_role("textbox", name="Strength").fill("Strong youth programs")
    page.get_by_role("button", name="Add strength").click()
    page.get_by_role("link", name="Step 3: Program day").click()
    page.get_by_role("link", name="Dot votes and priorities").click()
    page.get_by_label(re.compile("Dots for")).fill("14")
    page.get_by_label(re.compile("^Priority")).check()
    page.get_by_role("button", name="Save votes and priorities").click()
    page.get_by_role("link", name="Step 3: Program day").click()
    page.get_by_role("link", name="Propose afternoon groups").click()
    page.get_by_role("button", name="Save these groups").click()
    page.get_by_role("table").get_by_role("link", name="Afternoon group 1", exact=True).click()
    page.get_by_label("Priority issue").select_option(label="Officers are hard to approach")
    page.get_by_role("textbox", name="Solution").fill("Monthly walk-and-talks")
    page.get_by_role("button", name="Add solution").click()
    assert page.get_by_role("paragraph").filter(has_text="Monthly walk-and-talks").is_visible()

    # Step 4: the action plan.
    page.get_by_role("link", name="Step 4: Action plan").click()
    page.get_by_role("link", name="Add plan item").click()
    page.get_by_role("textbox", name="Title").fill("Walk-and-talk patrols in every district")
    page.get_by_label("Officers are hard to approach").check()
    page.get_by_label("Actions").fill("Schedule monthly walks")
    page.get_by_label("Responsible party").fill("Erie Bureau of Police")
    save(page)
    page.get_by_role("button", name="Publish the plan").click()
    assert page.get_by_text("Published, version 1").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    text = "".join(
        p.extract_text()
        for p in PdfReader(io.BytesIO(open(download.value.path(), "rb").read())).pages
    )
    assert "Walk-and-talk patrols in every district" in text

    # Step 5: the council.
    page.get_by_role("link", name="Step 5: Council").click()
    page.get_by_role("link", name="Add council member").click()
    page.get_by_label("Participant").select_option(label="Jordan Lee")
    page.get_by_label("Represents").select_option(label="Youth")
    page.get_by_label("Role").select_option("chair")
    save(page)
    page.get_by_role("link", name="Add meeting").click()
    page.get_by_label("Date").fill("2024-05-10")
    page.get_by_label("Jordan Lee").check()
    save(page)

    page.goto(overview)
    assert page.get_by_text("All five steps are complete.").is_visible(), page.locator(
        "[role=note]"
    ).inner_text()
