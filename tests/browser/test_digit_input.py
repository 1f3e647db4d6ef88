"""A staff member on a Farsi keyboard types the dot-vote tally in Persian digits, in a real
Chromium: the box takes them (an ``<input type="number">`` would not) and the tally is saved."""

import pytest
from django.urls import reverse
from django.utils import translation

from engagements import models, services
from engagements.demo.load import load_demo
from offices.models import User


def reverse_in(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


@pytest.mark.django_db(transaction=True)
def test_a_tally_typed_in_persian_digits_is_saved(page):
    load_demo(scale=1)
    erie = models.Engagement.objects.get(community="Erie", state="PA")
    issue = models.Issue.objects.filter(group__engagement=erie, merged_into=None).first()
    # Votes of a published plan are locked: open a revision first, as staff would.
    staff = User.objects.get(username="demo")
    services.action_plan_revise(plan=erie.action_plan, user=staff)

    page.goto("/fa/accounts/login/")
    page.locator("#id_username").fill("demo")
    page.locator("#id_password").fill("spcp-demo-2018")
    page.locator("main button[type=submit]").click()
    page.goto(reverse_in("fa", "engagements:issue_vote", erie.pk))

    box = page.locator(f"#id_votes_{issue.pk}")
    box.fill("")
    box.press_sequentially("۱۷")
    assert box.input_value() == "۱۷"
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    assert page.locator(".is-invalid").count() == 0, page.locator("main").inner_text()

    issue.refresh_from_db()
    assert issue.dot_votes == 17
    # The saved tally is back in the box (a form value keeps Western digits).
    assert page.locator(f"#id_votes_{issue.pk}").input_value() == "17"
