"""Numbers in the reader's digits: Persian digits on Farsi pages and in Farsi PDFs, Western
digits elsewhere; whole-number fields accept Persian and Arabic-Indic digits in every language;
each language's date and time formats."""

import datetime
import io
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation
from pypdf import PdfReader

from engagements import models, queries
from engagements.forms.breakouts import VotesForm
from engagements.pdf import _COUNTER_STYLES, action_plan_pdf
from spcp.digits import NATIVE_DIGITS, localize_html_digits, to_native_digits, to_western_digits
from tests.matrix.test_url_role_matrix import OWN_OFFICE

WESTERN = re.compile(r"[0-9]")
PERSIAN = re.compile(r"[۰-۹]")

# -- the conversion itself -----------------------------------------------------------------


def test_shown_text_and_readable_attributes_are_converted():
    html = '<p title="Step 3" aria-label="2 notes">Step 1 · 12 <a href="/fa/e/3/">v4</a></p>'
    assert localize_html_digits(html, "fa") == (
        '<p title="Step ۳" aria-label="۲ notes">Step ۱ · ۱۲ <a href="/fa/e/3/">v۴</a></p>'
    )


@pytest.mark.parametrize(
    "kept",
    [
        "<bdi>Room 12</bdi>",
        '<span dir="auto">Room 12</span>',
        '<td dir="ltr">202.305.2935</td>',
        '<span translate="no">Room 12</span>',
        "<textarea>Room 12</textarea>",
        "<script>var room = 12;</script>",
        "<style>p { margin: 12px }</style>",
        "<code>12</code>",
        '<input name="votes_3" value="12">',
        "see https://example.org/12 or ask room12@example.org",
        "it&#x27;s &#39;x&#39;",
        "<title>\u2068Room 12\u2069</title>",
    ],
)
def test_someone_elses_text_markup_and_addresses_keep_their_digits(kept):
    assert localize_html_digits(kept, "fa") == kept


def test_conversion_resumes_after_an_isolated_element_even_left_unclosed():
    html = (
        "<table><tr><td dir=auto>Room 7<td>8</td></tr></table>"
        "<select><option dir=auto>Issue 9<option>10</select>"
        "<bdi>a <bdi>b 1</bdi> 2</bdi> 3"
    )
    assert localize_html_digits(html, "fa") == (
        "<table><tr><td dir=auto>Room 7<td>۸</td></tr></table>"
        "<select><option dir=auto>Issue 9<option>۱۰</select>"
        "<bdi>a <bdi>b 1</bdi> 2</bdi> ۳"
    )


@pytest.mark.parametrize("language", ["en", "vi", "zh-hant", "ko", "hi"])
def test_other_languages_keep_western_digits(language):
    html = "<p>Step 1 · 12</p>"
    assert localize_html_digits(html, language) == html
    assert to_native_digits("Step 1", language) == "Step 1"


def test_plain_text_conversion_and_back():
    assert to_native_digits("Page 1 of 25", "fa") == "Page ۱ of ۲۵"
    isolated = "2 notes on \u2068Room 12\u2069"
    assert to_native_digits(isolated, "fa") == "۲ notes on \u2068Room 12\u2069"
    assert to_western_digits("۱۲ and ١٢ and 12") == "12 and 12 and 12"


def test_pdf_counter_styles_cover_every_language_with_its_own_digits():
    assert set(_COUNTER_STYLES) == set(NATIVE_DIGITS)


# -- pages -----------------------------------------------------------------------------------


class ShownText(HTMLParser):
    """The text of a page a reader sees as the app's own: outside scripts, styles, form fields,
    and elements that isolate someone else's text (``<bdi>``, ``[dir]``)."""

    VERBATIM = {"script", "style", "textarea", "pre", "code", "kbd", "samp", "bdi"}
    # Elements without content or end tag: an <input dir="auto"> isolates nothing after it.
    VOID = set("area base br col embed hr img input link meta source track wbr".split())

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # tags of open verbatim elements
        self.text = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if tag in self.VOID:
            return
        if self.stack:
            if tag == self.stack[-1]:
                self.stack.append(tag)
        elif tag in self.VERBATIM or ("dir" in names and tag != "html") or (
            ("translate", "no") in attrs
        ):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if self.stack and tag == self.stack[-1]:
            self.stack.pop()

    def handle_data(self, data):
        if not self.stack:
            # Typed text isolated in plain text (FSI … PDI) is someone else's too.
            self.text.append(re.sub("[\u2066-\u2068][^\u2069]*\u2069?", " ", data))


def shown_text(content: bytes) -> str:
    parser = ShownText()
    parser.feed(content.decode())
    return " ".join(parser.text)


PAGES = [
    "engagement_detail",
    "planning",
    "training",
    "program_day",
    "participant_list",
    "issue_vote",
    "action_plan",
    "council",
    "engagement_history",
]


@pytest.fixture
def erie_staff_client(client, demo):
    client.force_login(demo.users[OWN_OFFICE])
    return client


@pytest.mark.parametrize("name", PAGES)
def test_farsi_pages_show_numbers_in_persian_digits(erie_staff_client, demo, name):
    with translation.override("fa"):
        url = reverse(f"engagements:{name}", args=[demo.erie.pk])
    response = erie_staff_client.get(url)
    assert response.status_code == 200
    assert response["Content-Language"] == "fa"
    text = shown_text(response.content)
    assert PERSIAN.search(text), f"{url}: no Persian digits"
    western = [m.start() for m in WESTERN.finditer(text)]
    assert not western, f"{url}: Western digits in {text[western[0] - 40 : western[0] + 40]!r}"


@pytest.mark.parametrize("name", ["engagement_detail", "action_plan"])
def test_english_pages_keep_western_digits(erie_staff_client, demo, name):
    response = erie_staff_client.get(reverse(f"engagements:{name}", args=[demo.erie.pk]))
    text = shown_text(response.content)
    assert WESTERN.search(text)
    assert not PERSIAN.search(text)


def test_the_sign_in_page_and_the_engagement_list_are_converted_too(erie_staff_client, demo):
    with translation.override("fa"):
        url = reverse("engagements:engagement_list")
    text = shown_text(erie_staff_client.get(url).content)
    assert PERSIAN.search(text) and not WESTERN.search(text)


def test_a_farsi_page_keeps_user_text_form_values_and_links_western(erie_staff_client, demo):
    issue = models.Issue.objects.filter(group__engagement=demo.erie).first()
    issue.text = "Response times above 15 minutes"
    issue.save()
    with translation.override("fa"):
        url = reverse("engagements:issue_vote", args=[demo.erie.pk])
    content = erie_staff_client.get(url).content.decode()
    assert "Response times above 15 minutes" in content
    assert f'value="{issue.dot_votes}"' in content
    assert f"/fa/engagements/{demo.erie.pk}/" in content


# -- the PDF ----------------------------------------------------------------------------------


def pdf_text(engagement, language) -> str:
    data = action_plan_pdf(
        plan=engagement.action_plan, items=queries.plan_items(engagement), language=language
    )
    return "\f".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_farsi_pdf_numbers_pages_and_dates_in_persian_digits(demo):
    text = pdf_text(demo.erie, "fa")
    pages = text.split("\f")
    assert "۱" in text and "۲" in text
    # Each page ends with the translated footer, its counters in Persian digits. Its words
    # are compared as a set: pypdf orders the runs of a right-to-left line that follows a
    # left-to-right one differently (the page itself shows them right).
    for number, page in enumerate(pages, start=1):
        with translation.override("fa"):
            footer = translation.gettext("Page %(page)s of %(pages)s") % {
                "page": number,
                "pages": len(pages),
            }
        footer = to_native_digits(footer, "fa")
        assert set(footer.split()) <= set(page.strip().splitlines()[-1].split()), page[-200:]


def test_the_english_pdf_footer_reads_page_n_of_m(demo):
    text = pdf_text(demo.erie, "en")
    assert re.search(r"Page 1 of \d+", text)
    assert not PERSIAN.search(text)


# -- whole numbers typed in any digits --------------------------------------------------------


@pytest.mark.parametrize("typed", ["12", "۱۲", "١٢", " ۱۲ "])
def test_vote_tallies_accept_persian_and_arabic_indic_digits(demo, typed):
    issues = list(models.Issue.objects.filter(group__engagement=demo.erie)[:1])
    form = VotesForm(
        {f"votes_{issues[0].pk}": typed, "opened_version": ""}, issues=issues
    )
    form.is_valid()
    assert form.cleaned_data.get(f"votes_{issues[0].pk}") == 12, form.errors


def test_vote_tallies_still_refuse_what_is_not_a_whole_number(demo):
    issues = list(models.Issue.objects.filter(group__engagement=demo.erie)[:1])
    form = VotesForm({f"votes_{issues[0].pk}": "۱۲a"}, issues=issues)
    assert not form.is_valid()
    assert f"votes_{issues[0].pk}" in form.errors


def test_number_boxes_let_any_digits_be_typed(erie_staff_client, demo):
    """Browsers refuse Persian digits in <input type="number">: the boxes are text boxes that
    bring up the number keypad."""
    for name in ("issue_vote", "afternoon_groups"):
        content = erie_staff_client.get(
            reverse(f"engagements:{name}", args=[demo.erie.pk])
        ).content.decode()
        assert 'type="number"' not in content
        assert 'inputmode="numeric"' in content


def test_the_afternoon_group_count_accepts_persian_digits(erie_staff_client, demo):
    url = reverse("engagements:afternoon_groups", args=[demo.erie.pk])
    western = erie_staff_client.get(url, {"groups": "3"}).context["group_count"]
    persian = erie_staff_client.get(url, {"groups": "۳"}).context["group_count"]
    assert western == persian == 3


# -- date and time formats ----------------------------------------------------------------------

MOMENT = datetime.datetime(2026, 11, 21, 14, 3, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    "language, date, date_time",
    [
        ("en", "Nov. 21, 2026", "Nov. 21, 2026, 2:03 p.m."),
        ("vi", "ngày 21 tháng 11 năm 2026", "ngày 21 tháng 11 năm 2026, 14:03"),
        ("fa", "21 نوامبر 2026", "21 نوامبر 2026، ساعت 14:03"),
        ("zh-hant", "2026年11月21日", "2026年11月21日 14:03"),
        ("ko", "2026년 11월 21일", "2026년 11월 21일 오후 2:03"),
        ("hi", "21 नवंबर 2026", "21 नवंबर 2026, 14:03"),
    ],
)
def test_each_language_writes_dates_its_own_way(language, date, date_time):
    with translation.override(language), timezone.override(datetime.UTC):
        assert formats.date_format(MOMENT.date()) == date
        assert formats.date_format(timezone.localtime(MOMENT), "DATETIME_FORMAT") == date_time
