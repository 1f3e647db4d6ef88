"""The catalogues are complete and every sentence is a translatable whole (issue 8).

- Every msgid of the five catalogues, including those the source has gained since the
  catalogues were last made, is translated and not fuzzy; each translation has the
  placeholders of its msgid (a missing or misspelt ``%(name)s`` fails at run time).
- No template builds a sentence from pieces the catalogue cannot reorder: a
  ``{% translate %}``/``{% blocktranslate %}`` next to a ``{{ variable }}`` or another
  translation in the same run of text, with only spaces or punctuation between them. Such a
  sentence is one msgid with named placeholders (``{% blocktranslate with ... %}``).
- Lists are joined with the reader's separator (the ``list_join`` filter), not ", "."""

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["vi", "fa", "zh_Hant", "ko", "hi"]
TEMPLATES = ROOT / "templates"


# The catalogues ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalogues(tmp_path_factory) -> dict[str, polib.POFile]:
    """The five catalogues as ``make messages`` would leave them now: the committed ones
    merged with every string of the source (a string added since the catalogues were made
    comes out untranslated, a changed one fuzzy). Made in a copy of the project, so the
    working tree is not touched."""
    copy = tmp_path_factory.mktemp("messages") / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", ".hypothesis", "*_cache", "__pycache__", "*.sqlite3", "*.mo"
        ),
    )
    command = [sys.executable, "manage.py", "makemessages", "--no-location", "--ignore=.venv"]
    command += [f"-l{language}" for language in LANGUAGES]
    subprocess.run(command, cwd=copy, check=True, capture_output=True)
    return {
        language: polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))
        for language in LANGUAGES
    }


def _name(entry: polib.POEntry) -> str:
    context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
    return context + entry.msgid[:70]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_msgid_is_translated_and_not_fuzzy(catalogues, language):
    entries = [e for e in catalogues[language] if not e.obsolete]
    untranslated = [_name(e) for e in entries if not e.translated() and "fuzzy" not in e.flags]
    fuzzy = [_name(e) for e in entries if "fuzzy" in e.flags]
    assert not untranslated and not fuzzy, (
        f"{language}: {len(untranslated)} untranslated, {len(fuzzy)} fuzzy (run `make "
        f"messages` and translate them):\n"
        + "\n".join(f"  untranslated: {n}" for n in untranslated[:30])
        + "\n"
        + "\n".join(f"  fuzzy: {n}" for n in fuzzy[:30])
    )


#: %-style placeholders of python-format strings: ``%(name)s``, ``%d``, ``%.1f``; ``%%`` is a
#: literal percent sign.
PERCENT = re.compile(
    r"%(?:\((\w+)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])"
)
#: {}-style placeholders of python-brace-format strings: ``{name}``, ``{0}``, ``{n:d}``.
BRACE = re.compile(r"(?<!\{)\{(\w*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")


def placeholders(text: str, flags: list[str]) -> list[tuple[str, str]]:
    """The placeholders of ``text`` as sorted ``(name, conversion)`` pairs (unnamed ones in
    order, as ``("#0", "d")``...) for a python-format or python-brace-format string."""
    found = []
    if "python-format" in flags:
        unnamed = 0
        for name, conversion in PERCENT.findall(text):
            if conversion == "%":
                continue
            if not name:
                name, unnamed = f"#{unnamed}", unnamed + 1
            found.append((name, conversion))
    if "python-brace-format" in flags:
        found += [(name or "#", "{}") for name in BRACE.findall(text)]
    return sorted(found)


def placeholder_problems(entry: polib.POEntry) -> list[str]:
    """How the translations of ``entry`` break its placeholders (empty if they do not).

    A singular translation has exactly the placeholders of its msgid. Each plural form has
    only placeholders of the msgid or msgid_plural, and all those the two share (a language
    may drop the number from a form used only for one, as English "one group" might)."""
    flags = entry.flags
    if not ({"python-format", "python-brace-format"} & set(flags)):
        return []
    problems = []
    if not entry.msgid_plural:
        if entry.msgstr and placeholders(entry.msgstr, flags) != placeholders(entry.msgid, flags):
            problems.append(entry.msgstr)
        return problems
    singular = set(placeholders(entry.msgid, flags))
    plural = set(placeholders(entry.msgid_plural, flags))
    for form in entry.msgstr_plural.values():
        found = set(placeholders(form, flags))
        if form and not (singular & plural <= found <= singular | plural):
            problems.append(form)
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(catalogues, language):
    broken = {
        _name(entry): problems
        for entry in catalogues[language]
        if not entry.obsolete and "fuzzy" not in entry.flags
        for problems in [placeholder_problems(entry)]
        if problems
    }
    assert not broken, f"{language}: placeholders differ from the msgid's: {broken}"


def test_the_placeholder_check_catches_a_broken_translation():
    ok = polib.POEntry(msgid="Page %(n)s of %(total)s", msgstr="%(total)s / %(n)s")
    ok.flags = ["python-format"]
    misspelt = polib.POEntry(msgid="Page %(n)s of %(total)s", msgstr="%(n)s / %(totl)s")
    misspelt.flags = ["python-format"]
    plural = polib.POEntry(
        msgid="%(n)d participant in %(group)s",
        msgid_plural="%(n)d participants in %(group)s",
        msgstr_plural={0: "%(group)s: %(n)d", 1: "%(group)s"},
    )
    plural.flags = ["python-format"]
    brace = polib.POEntry(msgid="{name} joined", msgstr="{nom} joined")
    brace.flags = ["python-brace-format"]
    assert placeholder_problems(ok) == []
    assert placeholder_problems(misspelt) == ["%(n)s / %(totl)s"]
    assert placeholder_problems(plural) == ["%(group)s"]
    assert placeholder_problems(brace) == ["{nom} joined"]


# Sentences built from pieces in templates ------------------------------------------------

#: One token of a template's source, in the order tried.
TOKEN = re.compile(
    r"""
    (?P<comment>\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}|\{\#.*?\#\})
    |(?P<block>\{%\s*blocktrans(?:late)?\b.*?%\}(?P<body>.*?)\{%\s*endblocktrans(?:late)?\s*%\})
    |(?P<translate>\{%\s*trans(?:late)?\s+(?P<msgid>"[^"]*"|'[^']*')(?P<rest>[^%]*)%\})
    |(?P<var>\{\{.*?\}\})
    |(?P<tag>\{%\s*(?P<tagname>\w+).*?%\})
    |(?P<html><[a-zA-Z/!](?:[^<>"']|"[^"]*"|'[^']*')*>)
    |(?P<entity>&\#?\w+;)
    |(?P<char>.)
    """,
    re.DOTALL | re.VERBOSE,
)
#: Template tags that output nothing and do not end a run of text: a sentence may go on
#: across them (``{% translate "x" %}{% if y %}: {{ y }}{% endif %}`` is still glued).
TRANSPARENT_TAGS = {
    "with", "endwith", "spaceless", "endspaceless", "autoescape", "endautoescape",
    "get_current_language", "load",
}  # fmt: skip
#: Tags that open, switch and close alternative branches: what precedes ``{% if %}`` runs on
#: into each branch, but one branch never runs on into the next (``{% if a %}{% translate
#: "x" %}{% else %}{{ y }}{% endif %}`` shows x or y, never both).
OPENING_TAGS = {"if", "for"}
SWITCHING_TAGS = {"elif", "else", "empty"}
CLOSING_TAGS = {"endif", "endfor"}
#: Template tags that output a value, like a variable.
VALUE_TAGS = {"url", "firstof", "now", "cycle", "static", "get_current_language_bidi"}
#: A variable whose value is isolated from the text around it.
ISOLATED = re.compile(r"\|(?:bdi|isolate|quoted|list_join)\b")
#: A variable holding the app's own text in the reader's language: a choice's label, a date.
APP_TEXT = re.compile(r"\.get_\w+_display\b|\|date:")
#: An HTML attribute's value (scanned as a run of text of its own).
ATTRIBUTE = re.compile(r"""=\s*("([^"]*)"|'([^']*)')""")


@dataclass
class Piece:
    kind: str  # "translation" or "variable"
    source: str
    start: int
    text: str = ""  # for a translation: its English text


@dataclass
class Seam:
    """Two pieces glued into one phrase by nothing but spaces or punctuation."""

    path: str
    line: int
    source: str
    context: str


def _sentence_end(piece: Piece) -> bool:
    return bool(re.search(r"[.!?]\s*$", piece.text))


def seams(source: str, path: str = "", *, plain_text: bool = False) -> list[Seam]:
    """Where ``source`` (a template) glues a translation to a variable or to another
    translation, with only spaces or punctuation (no HTML tag, no other words) between. In
    ``plain_text`` (an email's text), a line break ends a run of text too."""
    found = []
    previous: Piece | None = None
    glue = ""
    branches: list[tuple[Piece | None, str]] = []

    def boundary():
        nonlocal previous, glue
        previous, glue = None, ""

    def meet(piece: Piece):
        nonlocal previous, glue
        # Two values joined by a comma, colon or semicolon make a phrase too: its punctuation
        # is English ("Erie, Pennsylvania", "12 May: done").
        punctuated = re.search(r"[,;:]", glue)
        if previous is not None and ("translation" in (previous.kind, piece.kind) or punctuated):
            # Two whole sentences side by side, separated by spaces only, are two msgids that
            # each stand alone: each language puts its own full stop at the end.
            whole_sentences = (
                previous.kind == piece.kind == "translation"
                and _sentence_end(previous)
                and not glue.strip()
            )
            # A middle dot separates the items of a list of facts ("12 May · Room 4 · 9
            # present"): no language reorders them, provided each value is the app's own
            # text (a choice's label, a date) or isolated (``|bdi``, ``|isolate``) so that
            # its direction cannot carry the dot along.
            list_of_facts = glue.strip() == "·" and all(
                p.kind == "translation" or ISOLATED.search(p.source) or APP_TEXT.search(p.source)
                for p in (previous, piece)
            )
            if not (whole_sentences or list_of_facts):
                start, end = previous.start, piece.start + len(piece.source)
                line_start = source.rfind("\n", 0, start) + 1
                line_end = source.find("\n", end)
                found.append(
                    Seam(
                        path=path,
                        line=source.count("\n", 0, start) + 1,
                        source=source[start:end],
                        context=source[line_start : line_end if line_end >= 0 else None],
                    )
                )
        previous, glue = piece, ""

    for match in TOKEN.finditer(source):
        kind = match.lastgroup
        token = match.group(0)
        if match.group("comment"):
            continue
        if match.group("block"):
            body = re.sub(r"\{%\s*plural\s*%\}.*", "", match.group("body"), flags=re.DOTALL)
            meet(Piece("translation", token, match.start(), " ".join(body.split())))
        elif match.group("translate"):
            if re.search(r"\bas\s+\w+\s*$", match.group("rest")):
                continue  # {% translate "x" as name %} outputs nothing here
            meet(Piece("translation", token, match.start(), match.group("msgid")[1:-1]))
        elif kind == "var":
            meet(Piece("variable", token, match.start()))
        elif match.group("tag"):
            name = match.group("tagname")
            if name in VALUE_TAGS:
                meet(Piece("variable", token, match.start()))
            elif name in OPENING_TAGS:
                branches.append((previous, glue))
            elif name in SWITCHING_TAGS and branches:
                previous, glue = branches[-1]
            elif name in CLOSING_TAGS and branches:
                branches.pop()
            elif name not in TRANSPARENT_TAGS:
                boundary()
        elif kind == "html":
            boundary()
            for attribute in ATTRIBUTE.finditer(token):
                value = attribute.group(2) if attribute.group(2) is not None else attribute.group(3)
                offset = match.start() + attribute.start(1) + 1
                for seam in seams(value, path):
                    seam.line += source.count("\n", 0, offset)
                    found.append(seam)
        elif kind == "entity":
            glue += " "
        elif re.match(r"\w", token) or (plain_text and token == "\n"):
            boundary()  # words that are not translated: another problem, not a seam
        else:
            glue += token
    return found


#: Pieces that may stand side by side, each with the reason. Matched (``re.search``) against
#: the lines the two pieces are on.
ALLOWED_SEAMS = [
    (
        # The page's title: its own name, then the engagement's, as in the breadcrumb. Two
        # names side by side, not a sentence, and <title> cannot hold <bdi>.
        r"\{% block title %\}\{% translate \"[^\"]+\" %\} · \{\{ engagement(\|isolate)? \}\}"
        r"\{% endblock title %\}",
        "page title",
    ),
    (
        # A web address: its punctuation is the address's, not a language's.
        r"\{\{ protocol \}\}://\{\{ domain \}\}",
        "web address",
    ),
]


def _allowed(seam: Seam) -> bool:
    return any(re.search(pattern, seam.context) for pattern, _reason in ALLOWED_SEAMS)


def template_seams() -> list[Seam]:
    found = []
    for path in sorted(TEMPLATES.rglob("*")):
        if path.suffix in {".html", ".txt"}:
            plain_text = path.suffix == ".txt" or "email" in path.name
            source = path.read_text(encoding="utf-8")
            found += seams(source, str(path.relative_to(ROOT)), plain_text=plain_text)
    return [seam for seam in found if not _allowed(seam)]


def test_no_template_builds_a_sentence_from_pieces():
    found = template_seams()
    assert not found, "Sentences glued from pieces (make each one msgid):\n" + "\n".join(
        f"  {s.path}:{s.line}: {s.source}" for s in found
    )


@pytest.mark.parametrize(
    "source",
    [
        # The patterns found in issue 8, as they were.
        '({% translate "from" %} {{ issue.group.name }}{% for m in issue.merged_issues.all %}'
        ", {{ m.group.name }}{% endfor %})",
        "({{ issue.group.name }}{% if issue.n_merged %} · {% blocktranslate count "
        "n=issue.n_merged %}{{ n }} merged{% plural %}{{ n }} merged{% endblocktranslate %}"
        "{% endif %})",
        '{% translate "Facilitator" %}: {{ group.facilitator }}',
        '{{ a.facilitator.name }} ({% if a.completed %}{% translate "completed" %}{% else %}'
        '{% translate "attended" %}{% endif %})',
        '<a title="{% translate \'Your account\' %}{% if user.office %} · {{ user.office }}'
        '{% endif %}">',
        '{% translate "Step" %} {% translate "one" %}',
        '{{ a }}{% if b %}{% translate "x" %}{% else %}{% translate "y" %}{% endif %}',
        '{% if b %}{% translate "x" %}{% else %}{{ c }}{% endif %} {% translate "and more" %}',
        '{{ group.name }} · {% translate "Draft" %}',
        '{{ group.name|bdi }} · {% translate "Facilitator" %}: {{ name|bdi }}',
        "{{ engagement.community|bdi }}, {{ engagement.get_state_display }}",
    ],
)
def test_the_seam_check_catches_glued_pieces(source):
    assert seams(source)


@pytest.mark.parametrize(
    "source",
    [
        "{% blocktranslate trimmed with group=g %}(from {{ group }}){% endblocktranslate %}",
        '{% translate "Facilitator" %}</dt><dd>{{ group.facilitator }}</dd>',
        '<bdi>{{ name }}</bdi> · {% translate "Draft" %}',
        '{% translate "Nothing was saved." %} {% translate "Try again." %}',
        '{% translate "rows" as label %}{% include "x.html" with label=label %}{{ x }}',
        '{% translate "Edit" %}<span class="visually-hidden"> {{ record }}</span>',
        '{% if a %}{% translate "Complete" %}{% else %}{% translate "Not complete" %}{% endif %}',
        '{% for x in xs %}{{ x }}{% empty %}{% translate "None yet." %}{% endfor %}',
        '{{ place|bdi }} · {% translate "Program day" context "x" %} · {{ room|isolate }}',
    ],
)
def test_the_seam_check_lets_whole_pieces_be(source):
    assert seams(source) == []


def test_a_line_break_ends_a_run_of_plain_text():
    source = '{% translate "Your username:" %}\n{{ username }}'
    assert seams(source, plain_text=True) == []
    assert seams(source)


def test_a_seam_is_reported_with_its_line():
    (seam,) = seams('<p>\n  <b>x</b>\n  {% translate "Trainer" %}: {{ s.trainer }}</p>', "t.html")
    assert (seam.path, seam.line) == ("t.html", 3)
    assert seam.source == '{% translate "Trainer" %}: {{ s.trainer }}'


#: A translated label whose colon was left outside the msgid (``{% translate "Roster" %}:``):
#: some languages write another colon (Chinese "：") or none.
COLON_OUTSIDE = re.compile(
    r"""\{%\s*trans(?:late)?\s+(?:"[^"]*"|'[^']*')[^%]*%\}:|\{%\s*endblocktrans(?:late)?\s*%\}:"""
)


def test_labels_keep_their_colon_in_the_msgid():
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for match in COLON_OUTSIDE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, "Put the colon inside the translated text:\n" + "\n".join(found)
    assert COLON_OUTSIDE.search('<strong>{% translate "Roster" %}:</strong>')


# Lists ------------------------------------------------------------------------------------

#: A list joined in the template with English punctuation.
LATIN_JOIN = re.compile(r"""\|join:["'][,;、،]\s*["']|forloop\.last\s*%\}\s*[,;]""")


def test_templates_join_lists_with_the_readers_separator():
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for match in LATIN_JOIN.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, "Use the list_join filter (spcp.text) for lists:\n" + "\n".join(found)
