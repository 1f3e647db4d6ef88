"""Text of one direction inside text of the other keeps its own direction (issue 8).

An English stakeholder group on a Farsi page, or a Farsi note on an English page, must not
scramble the sentence around it ("شرکت‌کننده Faith/Clergy · 12"). Every piece of text
someone typed is isolated where it is shown: inline in ``<bdi>``, as a block, cell, option or
text box with a ``dir`` attribute, in plain text (``<title>``, attributes, messages) between
the Unicode isolates FSI and PDI (``spcp.bidi``).

The page walk seeds a marker into every text people type in the demo's Erie engagement, then
opens every page of it and checks that each place the marker shows is isolated.
"""

import io
import re

import pytest
import tinyhtml5
from django import forms
from django.apps import apps
from django.core import mail
from django.db.models import CharField, EmailField, SlugField, TextField, URLField, Value
from django.db.models.functions import Concat
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from engagements import models
from engagements.forms.breakouts import ParticipantForm
from engagements.forms.council import CouncilMeetingForm
from engagements.pdf import action_plan_pdf
from offices.models import User
from spcp.bidi import bdi_html, first_strong_direction
from tests.matrix.test_url_role_matrix import OWN_OFFICE, build_urls

FSI, PDI = "\u2068", "\u2069"
#: English typed text, for the Farsi pages; Farsi typed text, for the English pages.
LATIN, FARSI = "Qzx", "ژکس"
#: (page language, text typed in the other direction).
PAIRS = [("fa", LATIN), ("en", FARSI)]

#: Text fields that are not free text someone types in a language.
NOT_TYPED = {"phone", "password", "username", "object_repr", "model"}
#: Attributes people read, whose text must be isolated with FSI … PDI (no element can).
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
XHTML = "{http://www.w3.org/1999/xhtml}"


# -- the building blocks --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, direction",
    [
        ("Faith/Clergy", "ltr"),
        ("شرکت‌کننده", "rtl"),
        ("12 - (Youth)", "ltr"),  # digits and punctuation are not strong
        ("«۱۲» جوانان Youth", "rtl"),
        (f"{FSI}Youth{PDI} جوانان", "rtl"),  # an isolate inside is skipped
        ("12 · 3", None),
        ("", None),
        (None, None),
    ],
)
def test_first_strong_direction(text, direction):
    assert first_strong_direction(text) == direction


def test_bdi_escapes_and_writes_the_direction_of_the_text():
    assert bdi_html("Faith & <Clergy>") == '<bdi dir="ltr">Faith &amp; &lt;Clergy&gt;</bdi>'
    assert bdi_html("جوانان") == '<bdi dir="rtl">جوانان</bdi>'
    assert bdi_html("12") == "<bdi>12</bdi>"
    assert bdi_html("") == "" and bdi_html(None) == ""


def test_a_name_the_app_generates_is_not_isolated():
    """Its digits are then written in the reader's digits like the rest of the app's text."""

    class Generated:
        def label_spec(self):
            return {"kind": "afternoon_group", "number": 3}

        def __str__(self):
            return "گروه بعدازظهر 3"

    assert bdi_html(Generated()) == "گروه بعدازظهر 3"
    rendered = Template("{% load spcp %}{{ g|isolate }}|{{ t|isolate }}").render(
        Context({"g": Generated(), "t": "Youth"})
    )
    assert rendered == f"گروه بعدازظهر 3|{FSI}Youth{PDI}"


def test_filters_in_a_translated_sentence_and_a_pdf_block():
    template = Template(
        "{% load i18n spcp %}"
        "{% blocktranslate with name=g|bdi %}Group {{ name }}{% endblocktranslate %}"
        ' <p dir="{{ p|text_direction }}">{{ p }}</p>'
    )
    rendered = template.render(Context({"g": "Faith/Clergy", "p": "جلسه (Erie)!"}))
    assert rendered == 'Group <bdi dir="ltr">Faith/Clergy</bdi> <p dir="rtl">جلسه (Erie)!</p>'


@pytest.mark.django_db
def test_form_text_boxes_and_choices_of_records_keep_their_direction(engagement):
    models.StakeholderGroup.objects.create(engagement=engagement, name="جوانان")
    form = ParticipantForm(engagement=engagement)
    assert 'dir="auto"' in str(form["name"])
    assert 'dir="auto"' in str(form["organisation"])
    assert 'dir="ltr"' in str(form["email"])  # an address reads left to right everywhere
    group = str(form["stakeholder_group"])
    assert re.search(r'<option value="\d+" dir="auto">جوانان</option>', group)
    assert '<option value="" selected>' in group  # the empty choice is the app's own
    assert 'dir="auto"' not in str(form["preferred_language"])  # the app's own labels


@pytest.mark.django_db
def test_number_and_date_boxes_are_left_alone(engagement):
    class Form(forms.Form):
        votes = forms.CharField(widget=forms.TextInput(attrs={"inputmode": "numeric"}))
        day = forms.DateField()
        note = forms.CharField(widget=forms.Textarea(attrs={"dir": "rtl"}))

    from engagements.forms import set_text_direction

    form = Form()
    set_text_direction(form)
    assert "dir=" not in str(form["votes"]) and "dir=" not in str(form["day"])
    assert 'dir="rtl"' in str(form["note"])  # what a form set itself is kept


@pytest.mark.django_db
def test_checkboxes_of_records_isolate_their_labels(engagement, stakeholder_groups):
    member = models.CouncilMember.objects.create(
        engagement=engagement,
        stakeholder_group=stakeholder_groups[0],
        planning_member=models.PlanningGroupMember.objects.create(
            engagement=engagement, name="مریم احمدی", sector="faith"
        ),
    )
    form = CouncilMeetingForm(engagement=engagement)
    html = Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))
    label = re.search(rf'<label for="id_attendees_\d+"[^>]*>\s*{member}\s*</label>', html)
    assert label and 'dir="auto"' in label.group()


# -- every page of a complete engagement -------------------------------------------------------


def mark_typed_text(marker: str) -> None:
    """Put ``marker`` in front of every text someone typed into the engagements (each free
    text field of every record that holds one, the audit trail's record labels) and of every
    user's name, directly in the database."""
    for model in apps.get_app_config("engagements").get_models():
        if model.__name__.startswith("Historical"):
            continue
        names = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, CharField | TextField)
            and not isinstance(field, EmailField | URLField | SlugField)
            and not field.choices
            and field.name not in NOT_TYPED
        ]
        if model is models.AuditEntry:
            names = ["object_repr"]
        elif model is models.FormSubmission:
            names = []
        for name in names:
            # Blank stays blank: a numbered afternoon group, for one, has no name.
            model._base_manager.exclude(**{name: ""}).update(
                **{name: Concat(Value(f"{marker} "), name)}
            )
    for name in ("first_name", "last_name"):
        User.objects.exclude(**{name: ""}).update(**{name: Concat(Value(f"{marker} "), name)})


class Unisolated:
    """Collects the places of an HTML page where ``marker`` shows outside any isolation."""

    def __init__(self, marker: str):
        self.marker = marker
        self.places: list[str] = []

    def check(self, html: str) -> list[str]:
        self.places = []
        self.walk(tinyhtml5.parse(html), isolated=False, path="")
        return self.places

    def walk(self, element, *, isolated: bool, path: str) -> None:
        tag = element.tag.removeprefix(XHTML) if isinstance(element.tag, str) else ""
        if tag in ("script", "style"):
            return
        path = f"{path}/{tag}"
        isolated = isolated or tag == "bdi" or (tag != "html" and "dir" in element.attrib)
        if tag == "input" and self.marker in element.attrib.get("value", ""):
            if "dir" not in element.attrib:
                self.places.append(f"{path}[@value]: {element.attrib['value']!r}")
        for attribute in READ_ATTRIBUTES:
            self.plain_text(element.attrib.get(attribute), f"{path}[@{attribute}]")
        if isolated:
            return
        self.plain_text(element.text, path)
        for child in element:
            self.walk(child, isolated=isolated, path=path)
            self.plain_text(child.tail, path)

    def plain_text(self, text, where: str) -> None:
        """``text`` is not in an isolating element: each marker must be between FSI and PDI."""
        if not text or self.marker not in text:
            return
        for match in re.finditer(re.escape(self.marker), text):
            before = text[: match.start()]
            if before.count(FSI) <= before.count(PDI):
                snippet = text[max(0, match.start() - 30) : match.end() + 30].strip()
                self.places.append(f"{where}: {snippet!r}")


def html_pages(client, engagement):
    """(URL, HTML) of every page of ``engagement`` a member of its office can GET, of the
    engagement list and of the account page: the URL patterns come from the resolver (as for
    the URL × role matrix), so a new page is walked the day it is added."""
    urls, problems = build_urls(engagement)
    assert not problems, problems
    outside = [reverse("engagements:engagement_list"), reverse("offices:account")]
    for url in outside + [u.url for u in urls]:
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            yield url, response.content.decode()


def in_language(language: str, name: str, *args) -> str:
    """The URL of the page ``name`` in ``language`` (English has no prefix)."""
    with translation.override(language):
        return reverse(f"engagements:{name}", args=args)


@pytest.fixture
def erie_staff(demo):
    return demo.users[OWN_OFFICE]


@pytest.mark.parametrize("language, marker", PAIRS)
def test_typed_text_is_isolated_on_every_page(client, demo, erie_staff, language, marker):
    mark_typed_text(marker)
    client.force_login(erie_staff)
    check = Unisolated(marker)
    walked, failures = 0, []
    with translation.override(language):  # the URLs in the language's prefix
        pages = list(html_pages(client, demo.erie))
    for url, html in pages:
        assert f'<html lang="{language}"' in html, url
        walked += 1
        failures += [f"{url} {place}" for place in check.check(html)]
    assert walked > 40  # the walk reached the pages
    assert not failures, "Typed text outside any isolation:\n" + "\n".join(failures)


@pytest.mark.parametrize("language, marker", PAIRS)
def test_pages_that_matter_show_the_typed_text_isolated(client, demo, erie_staff, language, marker):
    """The walk above passes trivially if a page shows no typed text: these pages must."""
    mark_typed_text(marker)
    client.force_login(erie_staff)
    erie = demo.erie
    group = models.BreakoutGroup.objects.filter(engagement=erie, round="homogeneous").first()
    pages = {
        "engagement_detail": [erie.pk],
        "planning": [erie.pk],
        "training": [erie.pk],
        "participant_list": [erie.pk],
        "program_day": [erie.pk],
        "breakoutgroup_detail": [erie.pk, group.pk],
        "issue_merge": [erie.pk],
        "issue_vote": [erie.pk],
        "action_plan": [erie.pk],
        "council": [erie.pk],
        "engagement_history": [erie.pk],
    }
    for name, args in pages.items():
        html = client.get(in_language(language, name, *args)).content.decode()
        isolated = re.findall(
            rf'<(?:bdi|[a-z0-9]+ [^>]*dir="(?:auto|ltr|rtl)")[^>]*>[^<]*{marker}', html
        )
        assert isolated, f"{name}: no typed text shown isolated"
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert f"{FSI}{marker}" in title, f"{name}: the engagement in <title> is not isolated"
        breadcrumb = re.search(r'<ol class="breadcrumb">(.*?)</ol>', html, re.S).group(1)
        assert re.search(rf"<bdi[^>]*>{marker} Erie, PA</bdi>", breadcrumb), name


def test_the_farsi_stakeholder_group_list_keeps_counts_with_their_noun(client, demo, erie_staff):
    """ "شرکت‌کننده Faith/Clergy · 12" was the count glued to the English name."""
    mark_typed_text(LATIN)
    client.force_login(erie_staff)
    html = client.get(in_language("fa", "planning", demo.erie.pk)).content.decode()
    assert re.search(
        rf'<strong><bdi dir="ltr">{LATIN} Faith/Clergy</bdi></strong> <span[^>]*>· ', html
    )


def test_a_form_error_keeps_the_typed_note_in_its_direction(client, demo, erie_staff):
    """A note naming a Farsi participant is refused without repeating the name (facilitators
    may not learn who is on the roster), and the note typed keeps its direction in the text
    area."""
    erie = demo.erie
    participant = models.Participant.objects.filter(engagement=erie).first()
    participant.name = "مریم احمدی"
    participant.save()
    group = models.BreakoutGroup.objects.filter(engagement=erie, round="homogeneous").first()
    client.force_login(erie_staff)
    response = client.post(
        reverse("engagements:breakoutgroup_detail", args=[erie.pk, group.pk]),
        {"kind": "issue", "issue-text": "مریم احمدی said the police never come"},
    )
    html = response.content.decode()
    assert "names a person on the program’s roster" in html  # the error, without the name
    assert html.count("مریم احمدی") == 1  # only in the text area
    assert re.search(r'<textarea[^>]*dir="auto"[^>]*>\s*مریم احمدی said', html)
    assert not Unisolated("مریم").check(html)


# -- the PDF -----------------------------------------------------------------------------------


def pdf_text(content: bytes) -> str:
    """The text of the PDF, with "(" and ")" both read as "|": a font subset maps each
    bracket glyph to one character, and a right-to-left run draws "(" with the glyph of ")",
    so extraction cannot tell which one was meant (the page itself shows them right)."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return text.translate(str.maketrans("()", "||"))


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_pdf_keeps_typed_text_in_its_own_order(demo, language):
    """An English plan item ending in punctuation on a Farsi PDF: without isolation its
    "!" and brackets move to the other end ("!Build trust (now)")."""
    erie = demo.erie
    item = models.PlanItem.objects.filter(engagement=erie).order_by("order").first()
    models.PlanItem.objects.filter(pk=item.pk).update(
        title="Build trust (now)!",
        title_fa="",  # the demo gives some titles in Farsi: this one is shown in English
        responsible_party="Chief’s office (Erie PD).",
        responsible_party_fa="",
    )
    items = models.PlanItem.objects.filter(engagement=erie).prefetch_related(
        "issues__group", "solutions", "progress_updates"
    )
    text = pdf_text(action_plan_pdf(plan=erie.action_plan, items=items, language=language))
    assert "Build trust |now|!" in text
    assert "Chief’s office |Erie PD|." in text


# -- e-mails -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_password_reset_email_isolates_the_username_and_the_site(client, staff):
    """Plain text has no element to isolate with: the names are between FSI and PDI."""
    staff.email = "staff@example.gov"
    staff.save()
    client.post("/fa/accounts/password-reset/", {"email": "staff@example.gov"})
    (email,) = mail.outbox
    assert f"{FSI}staff{PDI}" in email.body
    assert f"{FSI}testserver{PDI}" in email.body
