"""Issue 7, the PDF: complete, readable in every language, tagged for assistive technology, and
served from the copies rendered ahead for a published version (a draft is never served stale).

Speed is the benchmark's job (``scripts/benchmark_plan_pdf.py``), not a test's."""

import io
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader
from pypdf.generic import ContentStream

from engagements import pdf, services, tasks
from engagements.models import ActionPlanVersion, PlanItem, ProgressUpdate, Solution
from spcp.digits import to_native_digits
from tests.factories import BreakoutGroupFactory, IssueFactory, PlanItemFactory

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]

# Text a user might type in each of the six languages' scripts.
TYPED = {
    "en": "Joint youth basketball league",
    "vi": "Giải bóng rổ thanh niên chung",
    "fa": "لیگ بسکتبال مشترک جوانان",
    "zh-hant": "青年與警察聯合籃球聯賽",
    "ko": "청소년 경찰 농구 리그",
    "hi": "युवा और पुलिस बास्केटबॉल लीग",
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Stored PDFs go to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def published(engagement, plan, staff):
    """A plan of two items published as version 1: the first with a solution and a
    progress update (in progress), the second not started."""
    group = BreakoutGroupFactory(engagement=engagement, name="Faith leaders")
    issue = IssueFactory(engagement=engagement, group=group, text="Approachability")
    issue.is_priority = True
    issue.save()
    solution = Solution.objects.create(
        engagement=engagement, group=group, issue=issue, text="Coffee with a cop"
    )
    first = PlanItemFactory(
        engagement=engagement,
        title="Walk and talk patrols",
        actions="Monthly walks\nMeet the youth council",
        responsible_party="Police department",
        progress_measure="Walks held per month",
    )
    second = PlanItemFactory(engagement=engagement, title="Youth forum", actions="Book a hall")
    for item in (first, second):
        services.links_set(record=item, field_name="issues", targets=[issue], user=staff)
    services.links_set(record=first, field_name="solutions", targets=[solution], user=staff)
    plan.introduction = "We met in March and agreed on two steps."
    services.action_plan_update(plan=plan, user=staff)
    services.action_plan_publish(plan=plan, user=staff, note="First version")
    services.progress_update_create(
        update=ProgressUpdate(
            engagement=engagement, plan_item=first, status="in_progress", note="Two walks held"
        ),
        user=staff,
    )
    plan.refresh_from_db()
    return {
        "plan": plan,
        "items": (first, second),
        "version": ActionPlanVersion.objects.get(plan=plan, number=1),
    }


def read(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


def page_texts(content: bytes) -> list[str]:
    """Each page's text as pypdf extracts it. A font subset maps each glyph to one character:
    the space glyph, also drawn for no-break spaces, may come out as either."""
    return [page.extract_text().replace("\xa0", " ") for page in read(content).pages]


def structure_tags(reader: PdfReader) -> set[str]:
    """The structure types (/S) of every element of the PDF's structure tree."""
    tags, stack = set(), [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop()
        if hasattr(node, "get_object"):
            node = node.get_object()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            if "/S" in node:
                tags.add(str(node["/S"]))
            if "/K" in node:
                stack.append(node["/K"])
    return tags


def glyph_ids(reader: PdfReader) -> set[int]:
    """The glyphs drawn on every page (WeasyPrint writes two-byte glyph ids, Identity-H)."""
    ids = set()
    for page in reader.pages:
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator not in (b"Tj", b"TJ"):
                continue
            strings = operands[0] if operator == b"TJ" else operands
            for string in strings:
                raw = getattr(string, "original_bytes", None)
                if raw is not None:
                    ids.update(int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2))
    return ids


def extracted(content: bytes) -> str:
    """The PDF's text as pypdf extracts it, without zero-width non-joiners (Farsi words
    keep them in the PDF; extraction drops them)."""
    return "\n".join(page_texts(content)).replace("\u200c", "")


def rendered_html(monkeypatch) -> list[str]:
    """Collect the HTML that ``engagements.pdf`` hands to WeasyPrint."""
    pages = []
    original = pdf.HTML

    def keep(*, string, base_url=None):
        pages.append(string)
        return original(string=string, base_url=base_url)

    monkeypatch.setattr(pdf, "HTML", keep)
    return pages


def version_pdf_url(version, language="en"):
    with translation.override(language):
        return reverse(
            "engagements:actionplanversion_pdf", args=[version.plan.engagement_id, version.pk]
        )


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_is_tagged_complete_and_footed_in_every_language(published, language, monkeypatch):
    version = published["version"]
    html = rendered_html(monkeypatch)
    content = pdf.version_pdf(version=version, language=language)
    reader = read(content)
    root = reader.trailer["/Root"]

    # Tagged (PDF/UA-1): marked content, a structure tree with headings and lists, the
    # document's language and its title shown in the window.
    assert root["/MarkInfo"]["/Marked"].value is True
    assert {"/H1", "/H2", "/L", "/LI", "/Table"} <= structure_tags(reader)
    assert str(root["/Lang"]) == language
    assert published["plan"].engagement.community in reader.metadata.title
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True

    texts = [page.replace("\u200c", "") for page in page_texts(content)]
    text = "\n".join(texts)
    # Every item's text, its solution, its status and latest progress.
    for typed in [
        "Walk and talk patrols",
        "Monthly walks",
        "Meet the youth council",
        "Police department",
        "Walks held per month",
        "Youth forum",
        "Book a hall",
        "Approachability",
        "Coffee with a cop",
        "Two walks held",
        "We met in March",
    ]:
        assert typed in text, (typed, language)
    with translation.override(language):
        statuses = [str(PlanItem.Status(code).label) for code in ("in_progress", "not_started")]
        footer = translation.gettext("Page %(page)s of %(pages)s") % {
            "page": 1,
            "pages": len(texts),
        }
    for status in statuses:
        assert status in html[0], (status, language)
        if language != "hi":  # pypdf reorders Devanagari vowel signs when extracting
            assert status.replace("\u200c", "") in text, (status, language)
    assert 0 not in glyph_ids(reader)  # no missing glyph (.notdef)
    # In reading order: the introduction, then each item with its own texts.
    order = [
        "We met in March",
        "Walk and talk patrols",
        "Coffee with a cop",
        "Monthly walks",
        "Meet the youth council",
        "Youth forum",
        "Book a hall",
    ]
    assert [text.index(typed) for typed in order] == sorted(text.index(t) for t in order)
    # No half-empty first page: the first item starts on it.
    assert "Walk and talk patrols" in texts[0]
    # The translated footer, in the language's digits (Persian in Farsi). Its words are
    # compared as a set: pypdf may order the runs of a right-to-left line differently.
    footer = to_native_digits(footer, language)
    assert set(footer.split()) <= set(texts[0].strip().splitlines()[-1].split())


def test_text_typed_in_all_six_scripts_has_its_glyphs(published, staff, monkeypatch):
    """Text typed in any of the six languages' scripts is drawn with real glyphs (never the
    font's .notdef box, glyph 0) and extracts as typed, whatever the PDF's language."""
    plan = published["plan"]
    services.action_plan_revise(plan=plan, user=staff)
    first = PlanItem.objects.get(pk=published["items"][0].pk)
    first.actions = "\n".join(TYPED.values())
    services.record_update(record=first, user=staff)
    html = rendered_html(monkeypatch)
    for language in LANGUAGES:
        content = pdf.draft_pdf(plan=plan, language=language)
        assert 0 not in glyph_ids(read(content)), language
        assert all(typed in html[-1] for typed in TYPED.values())
        text = extracted(content)
        for script, typed in TYPED.items():
            if script == "fa":
                # Right-to-left runs extract in drawing order: compare the letters.
                assert set(typed.replace(" ", "")) <= set(text), language
            elif script != "hi":  # pypdf reorders Devanagari vowel signs
                assert typed in text, (script, language)


def test_fallback_text_is_marked_in_the_readers_language(published, staff, monkeypatch):
    plan = published["plan"]
    services.action_plan_revise(plan=plan, user=staff)
    first = published["items"][0]
    services.action_plan_translate(
        plan=plan, user=staff, language="fa", texts={("item", first.pk, "title"): "گشت پیاده"}
    )
    services.action_plan_publish(plan=plan, user=staff, note="Farsi title")
    version = ActionPlanVersion.objects.get(plan=plan, number=2)
    html = rendered_html(monkeypatch)
    pdf.version_pdf(version=version, language="fa")
    (page,) = html
    # The translated title is shown; the untranslated second title, in English, is marked
    # as such in Farsi and written left to right in English.
    assert "گشت پیاده" in page
    assert re.search(r'<span lang="en"><bdi dir="ltr">Youth forum</bdi></span>', page)
    with translation.override("fa"):
        mark = translation.gettext("Title shown in %(language)s: not translated yet.") % {
            "language": translation.gettext("English")
        }
    assert to_native_digits(mark, "fa") in page


class TestRenderedAhead:
    def test_the_task_renders_every_language(self, published, media):
        version = published["version"]
        names = tasks.render_version_pdfs.enqueue(version.pk).return_value
        assert len(names) == len(LANGUAGES) == 6
        for name, language in zip(names, LANGUAGES, strict=True):
            stored = (media / name).read_bytes()
            assert str(read(stored).trailer["/Root"]["/Lang"]) == language

    def test_a_published_version_is_served_from_its_stored_pdf(
        self, published, staff_client, monkeypatch
    ):
        version = published["version"]
        (name,) = [
            n for n in tasks.render_version_pdfs.enqueue(version.pk).return_value if "/fa-" in n
        ]

        def no_rendering(*args, **kwargs):
            raise AssertionError("rendered again instead of serving the stored PDF")

        monkeypatch.setattr(pdf, "render_plan_pdf", no_rendering)
        for url in (
            version_pdf_url(version, "fa"),
            "/fa" + reverse("engagements:action_plan_pdf", args=[version.plan.engagement_id]),
        ):
            response = staff_client.get(url)
            assert response.status_code == 200
            assert response["Content-Type"] == "application/pdf"
            assert "attachment" in response["Content-Disposition"]
            assert body(response) == (settings.MEDIA_ROOT / name).read_bytes()

    def test_a_progress_update_is_never_served_stale(self, published, staff, staff_client):
        version = published["version"]
        tasks.render_version_pdfs.enqueue(version.pk)
        second = published["items"][1]
        services.progress_update_create(
            update=ProgressUpdate(
                engagement=second.engagement, plan_item=second, status="done", note="Forum held"
            ),
            user=staff,
        )
        text = "\n".join(page_texts(body(staff_client.get(version_pdf_url(version)))))
        assert "Forum held" in text

    def test_a_draft_renders_on_demand_and_is_never_kept(
        self, published, staff, staff_client, media
    ):
        plan = published["plan"]
        tasks.render_version_pdfs.enqueue(published["version"].pk)
        stored = sorted(p.name for p in media.rglob("*.pdf"))
        services.action_plan_revise(plan=plan, user=staff)
        first = PlanItem.objects.get(pk=published["items"][0].pk)
        first.title = "Walk and talk patrols, weekly"
        services.record_update(record=first, user=staff)
        url = reverse("engagements:action_plan_pdf", args=[plan.engagement_id])
        for _ in range(2):
            text = "\n".join(page_texts(body(staff_client.get(url))))
            assert "Walk and talk patrols, weekly" in text
            assert "Draft" in text
        assert sorted(p.name for p in media.rglob("*.pdf")) == stored


def test_typed_digits_stay_as_typed_in_farsi(published, staff, monkeypatch):
    """The app's numbers are Persian in Farsi; digits someone typed are left as typed, in a
    Farsi text (no isolating element needed) as in an English one."""
    plan = published["plan"]
    services.action_plan_revise(plan=plan, user=staff)
    first = published["items"][0]
    services.action_plan_translate(
        plan=plan,
        user=staff,
        language="fa",
        texts={
            ("item", first.pk, "title"): "گشت 24 ساعته",
            ("item", first.pk, "actions"): "دیدار با 12 افسر\nWalk 3 blocks",
        },
    )
    html = rendered_html(monkeypatch)
    pdf.draft_pdf(plan=plan, language="fa")
    (page,) = html
    assert "<h2>۱. گشت 24 ساعته</h2>" in page
    assert "<li>•&nbsp; دیدار با 12 افسر</li>" in page
    assert '<li dir="ltr">•&nbsp; Walk 3 blocks</li>' in page
    assert not re.search("[\U000f0000-\U000ffffd]", page)  # every set-aside text is back


def test_rendering_leaves_the_garbage_collector_as_it_was(published):
    """The collector is paused while WeasyPrint lays out, and on again afterwards."""
    import gc

    assert gc.isenabled()
    pdf.version_pdf(version=published["version"], language="en")
    assert gc.isenabled()
    gc.disable()
    try:
        pdf.version_pdf(version=published["version"], language="en")
        assert not gc.isenabled()
    finally:
        gc.enable()
