"""Typed text keeps its own order in a real Chromium, read off where each character is drawn:
an English stakeholder group beside its Farsi count, a Farsi issue ending in "!" on an English
page (tests/test_bidi.py checks the markup of every page; this checks what the reader sees)."""

import pytest
from django.urls import reverse
from django.utils import translation

from engagements import models
from engagements.demo.load import load_demo

#: The characters of an element in the order they are drawn: line by line (characters whose
#: vertical middles are within 8 px share a line, whatever their font size), left to right.
DRAWN_ORDER = """
(element) => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const drawn = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getBoundingClientRect();
      if (box.width > 0) drawn.push({y: (box.top + box.bottom) / 2, x: box.left, c: node.data[i]});
    }
  }
  drawn.sort((a, b) => a.y - b.y);
  let line = 0, top = null;
  for (const d of drawn) {
    if (top === null || d.y - top > 8) { line += 1; top = d.y; }
    d.line = line;
  }
  drawn.sort((a, b) => a.line - b.line || a.x - b.x);
  return drawn.map((d) => d.c).join("");
}
"""


def url_in(language, name, *args):
    with translation.override(language):
        return reverse(f"engagements:{name}", args=args)


def drawn(locator) -> str:
    return locator.first.evaluate(DRAWN_ORDER)


@pytest.mark.django_db(transaction=True)
def test_typed_text_keeps_its_order_on_the_page(page):
    load_demo(scale=1)
    erie = models.Engagement.objects.get(community="Erie", state="PA")
    group = models.StakeholderGroup.objects.get(engagement=erie, name="Faith/Clergy")
    n = models.Participant.objects.filter(stakeholder_group=group).count()
    issue = models.Issue.objects.filter(engagement=erie, merged_into=None).first()
    issue.text = "برای جوانان کاری نیست!"
    models.Issue.objects.filter(pk=issue.pk).update(text=issue.text)

    page.goto("/accounts/login/")
    page.locator("#id_username").fill("demo")
    page.locator("#id_password").fill("spcp-demo-2018")
    page.locator("main button[type=submit]").click()

    # Farsi page: "Faith/Clergy · ۱۲ شرکت‌کننده" reads from the right, the name first; the
    # count stands left of the name, not glued to its right ("Faith/Clergy · 12").
    page.goto(url_in("fa", "planning", erie.pk))
    name = page.locator("section[aria-labelledby=sg-heading] li strong", has_text="Faith/Clergy")
    line = drawn(name.locator("xpath=.."))
    count = str(n).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert "Faith/Clergy" in line and count in line, line
    assert line.index(count) < line.index("Faith/Clergy"), line

    # English page: the Farsi issue is drawn right to left, its "!" at its left end.
    page.goto(url_in("en", "issue_vote", erie.pk))
    cell = drawn(page.locator(f"tr:has(#id_votes_{issue.pk}) th"))
    assert cell.startswith("!" + issue.text[:-1][::-1]), cell
