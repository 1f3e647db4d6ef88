"""The action plan as a document in one language: a published version (from its frozen
snapshot) or the live draft, and the comparison of two of them.

A *snapshot* (``ActionPlanVersion.snapshot``, made by :func:`plan_snapshot`) is plain JSON:

    {"schema": 1, "original_language": "en",
     "engagement": {"community", "state", "office": {language: name},
                    "program_date": ISO date or None},
     "published_by_name": str,
     "introduction": {language code: text, …},            # only languages that have text
     "items": [{"id": plan item pk, "target_date": ISO date or None,
                "title" | "actions" | "responsible_party" | "progress_measure":
                    {language code: text, …},
                "issues": [{"id", "text", "groups": [{"name", "number"}, …]}],
                "solutions": [{"id", "text", "group": {"name", "number"}}]}, …]}

A *document* (:func:`version_document`, :func:`draft_document`) is what the plan shows in one
language, for the version and draft pages and the PDF (``engagements.pdf``): every text is a
:class:`ShownText`, the language's own text where it is given, else the text in the plan's
original language marked ``fallback`` (pages and the PDF say so, in the reader's language,
and give the text its own ``lang`` and ``dir``). Group names the app generates
("Afternoon group 2") are written in the reader's language when shown (:class:`GroupName`).

Pure reads: nothing here writes to the database."""

import datetime
import difflib
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from spcp.bidi import first_strong_direction

from .labels import afternoon_group_spec, generated_label

SCHEMA = 1
#: The plan's texts given in every language, on the plan and on each item.
PLAN_FIELDS = ("introduction",)
ITEM_FIELDS = ("title", "actions", "responsible_party", "progress_measure")
LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def language_name(code: str) -> str:
    """The site's name of language ``code`` (``settings.LANGUAGES``: "Farsi"), in the active
    language."""
    return str(dict(settings.LANGUAGES).get(code, code))


def _column(name: str, language: str) -> str:
    """The translation column of ``name`` in ``language`` (``title_zh_hant``)."""
    return f"{name}_{language.replace('-', '_')}"


def _texts(obj, name: str) -> dict[str, str]:
    """``{language: text}`` of ``obj``'s field ``name`` for every language with text."""
    texts = {}
    for code in LANGUAGE_CODES:
        value = getattr(obj, _column(name, code), None)
        if value:
            texts[code] = value
    return texts


def _group(group) -> dict:
    return {"name": group.name or "", "number": group.number}


def _person_name(user) -> str:
    if user is None:
        return ""
    full = f"{getattr(user, 'first_name', '')} {getattr(user, 'last_name', '')}".strip()
    return full or user.username


def plan_snapshot(plan, items, *, published_by=None) -> dict:
    """The snapshot (see the module's docstring) of ``plan`` with its ``items`` in order.

    ``items`` are plan items whose ``issue_links`` (with ``issue``, its ``group`` and its
    ``merged_issues`` with their groups) and ``solution_links`` (with ``solution`` and its
    ``group``) can be read, ideally prefetched. Works with the historical models of a
    migration too (reads plain fields and related managers only)."""
    engagement = plan.engagement
    snapshot_items = []
    for item in items:
        issues = []
        for link in item.issue_links.all():
            issue = link.issue
            groups = {issue.group_id: issue.group}
            for merged in issue.merged_issues.all():
                groups.setdefault(merged.group_id, merged.group)
            issues.append(
                {"id": issue.pk, "text": issue.text, "groups": [_group(g) for g in groups.values()]}
            )
        solutions = [
            {
                "id": link.solution.pk,
                "text": link.solution.text,
                "group": _group(link.solution.group),
            }
            for link in item.solution_links.all()
        ]
        snapshot_items.append(
            {
                "id": item.pk,
                "target_date": item.target_date.isoformat() if item.target_date else None,
                **{name: _texts(item, name) for name in ITEM_FIELDS},
                "issues": issues,
                "solutions": solutions,
            }
        )
    program_date = getattr(engagement, "program_date", None)
    office = getattr(engagement, "office", None)
    return {
        "schema": SCHEMA,
        "original_language": plan.original_language,
        "engagement": {
            "community": engagement.community,
            "state": engagement.state,
            # The office's name in every language (CRS's own names, ``offices``).
            "office": _texts(office, "name") if office is not None else {},
            "program_date": program_date.isoformat() if program_date else None,
        },
        "published_by_name": _person_name(published_by),
        "introduction": _texts(plan, "introduction"),
        "items": snapshot_items,
    }


@dataclass(frozen=True)
class ShownText:
    """A text of the plan as shown in one language. ``lang`` is the language it is written
    in; ``fallback`` is true when the reader's language has no translation and the plan's
    original language is shown instead. ``str()`` gives the text."""

    text: str
    lang: str
    fallback: bool = False

    def __str__(self):
        return self.text

    def __bool__(self):
        return bool(self.text)

    @property
    def direction(self) -> str:
        """ "ltr" or "rtl": from the text's first strong letter, else from its language."""
        return first_strong_direction(self.text) or (
            "rtl" if translation.get_language_info(self.lang)["bidi"] else "ltr"
        )

    @property
    def language_name(self) -> str:
        """The name of the text's language, in the active language ("Farsi")."""
        return language_name(self.lang)

    @property
    def lines(self) -> list[str]:
        """The text's non-empty lines (an item's actions are one per line)."""
        return [line.strip() for line in self.text.splitlines() if line.strip()]


@dataclass(frozen=True)
class GroupName:
    """A breakout group's name in a snapshot: typed text, or a name the app generates in the
    reader's language ("Afternoon group 2"). ``str()`` gives it in the active language;
    ``label_spec()`` lets ``spcp.bidi`` leave a generated name unisolated."""

    name: str = ""
    number: int | None = None

    def label_spec(self) -> dict | None:
        if self.name or self.number is None:
            return None
        return afternoon_group_spec(self.number)

    def __str__(self):
        spec = self.label_spec()
        return generated_label(spec) if spec else self.name


def shown_text(texts: dict, language: str, original: str) -> ShownText:
    """The text of ``texts`` (``{language: text}``) to show in ``language``: its own when
    given, else the ``original`` language's (or, failing that, any language's) marked as a
    fallback. An empty text when there is none."""
    if texts.get(language):
        return ShownText(texts[language], language)
    for code in (original, *LANGUAGE_CODES):
        if texts.get(code):
            return ShownText(texts[code], code, fallback=True)
    return ShownText("", language)


def translation_count(snapshot: dict, language: str) -> tuple[int, int]:
    """``(translated, total)``: of the plan's texts (introduction, and each item's title,
    actions, responsible party and measure) that have a text, how many
    are given in ``language``."""
    texts = [snapshot["introduction"]] + [
        item[name] for item in snapshot["items"] for name in ITEM_FIELDS
    ]
    written = [t for t in texts if t]
    return sum(1 for t in written if t.get(language)), len(written)


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def document(snapshot: dict, language: str, **metadata) -> dict:
    """The plan of ``snapshot`` as shown in ``language``. ``metadata`` (number, published_at,
    published_by, note, is_draft, …) is added to the result as is.

    Returns ``{"language", "original_language", "introduction": ShownText, "items": [...],
    "engagement": {"community", "state", "office", "program_date": date or None},
    "has_fallback": bool, "translated": int, "total": int, **metadata}``; each item is
    ``{"id", "number" (1, 2, …), "title" | "actions" | "responsible_party" |
    "progress_measure": ShownText, "action_list": [str], "target_date": date or None,
    "issues": [{"id", "text", "groups": [GroupName]}], "solutions": [{"id", "text", "group":
    GroupName}], "fallback": bool (some text of the item is in the original language)}``."""
    original = snapshot["original_language"]
    items = []
    for number, item in enumerate(snapshot["items"], start=1):
        texts = {name: shown_text(item[name], language, original) for name in ITEM_FIELDS}
        items.append(
            {
                "id": item["id"],
                "number": number,
                **texts,
                "action_list": texts["actions"].lines,
                "target_date": _date(item["target_date"]),
                "issues": [
                    {
                        "id": issue["id"],
                        "text": issue["text"],
                        "groups": [GroupName(**g) for g in issue["groups"]],
                    }
                    for issue in item["issues"]
                ],
                "solutions": [
                    {"id": s["id"], "text": s["text"], "group": GroupName(**s["group"])}
                    for s in item["solutions"]
                ],
                "fallback": any(t.fallback for t in texts.values()),
            }
        )
    introduction = shown_text(snapshot["introduction"], language, original)
    translated, total = translation_count(snapshot, language)
    engagement = dict(snapshot["engagement"])
    engagement["program_date"] = _date(engagement.get("program_date"))
    office = engagement.get("office")
    if isinstance(office, dict):  # by language; a bare name in versions frozen before
        engagement["office"] = (
            office.get(language)
            or office.get(settings.LANGUAGE_CODE)
            or next(iter(office.values()), "")
        )
    return {
        "language": language,
        "original_language": original,
        "original_language_name": language_name(original),
        "introduction": introduction,
        "items": items,
        "engagement": engagement,
        "has_fallback": introduction.fallback or any(i["fallback"] for i in items),
        "translated": translated,
        "total": total,
        **metadata,
    }


def _with_progress(doc: dict) -> dict:
    """Add each item's living ``status`` (display text) and ``latest_progress`` (the newest
    ``ProgressUpdate`` not hidden by staff, or None) to ``doc``'s items, by plan item id;
    items since deleted get None. Progress belongs to the living plan, not to a version."""
    from .models import PlanItem, ProgressUpdate

    ids = [item["id"] for item in doc["items"]]
    statuses = {
        pk: PlanItem.Status(status).label
        for pk, status in PlanItem.objects.filter(pk__in=ids).values_list("pk", "status")
    }
    latest = {}
    for update in ProgressUpdate.objects.filter(
        plan_item_id__in=ids, hidden_at__isnull=True
    ).order_by("-reported_on", "-pk"):
        latest.setdefault(update.plan_item_id, update)
    for item in doc["items"]:
        item["status"] = statuses.get(item["id"])
        item["latest_progress"] = latest.get(item["id"])
    return doc


def version_document(version, language: str, *, progress: bool = True) -> dict:
    """Everything published ``version`` (an ``ActionPlanVersion``) shows, in ``language``
    (see :func:`document`), from its frozen snapshot, with ``number``, ``published_at``,
    ``published_by`` (the name at publication), ``note`` and ``is_draft`` False; with
    ``progress`` (default) each item also has its living ``status`` and
    ``latest_progress``."""
    doc = document(
        version.snapshot,
        language,
        number=version.number,
        published_at=version.published_at,
        published_by=version.snapshot.get("published_by_name", "")
        or _person_name(version.published_by),
        note=version.note,
        is_draft=False,
        version=version,
    )
    return _with_progress(doc) if progress else doc


def live_items(plan):
    """``plan``'s items in order with what a snapshot reads prefetched."""
    from django.db.models import Prefetch

    from .models import Issue, PlanItem, PlanItemIssue, PlanItemSolution

    return PlanItem.objects.filter(plan=plan).prefetch_related(
        Prefetch(
            "issue_links",
            queryset=PlanItemIssue.objects.select_related("issue__group").prefetch_related(
                Prefetch("issue__merged_issues", queryset=Issue.objects.select_related("group"))
            ),
        ),
        Prefetch(
            "solution_links",
            queryset=PlanItemSolution.objects.select_related("solution__group"),
        ),
    )


def draft_snapshot(plan) -> dict:
    """The snapshot of ``plan`` as it is now (the draft, or the published plan)."""
    return plan_snapshot(plan, live_items(plan))


def draft_document(plan, language: str, *, progress: bool = True) -> dict:
    """Everything the live ``plan`` (an ``ActionPlan``) shows now, in ``language``, in the
    shape of :func:`version_document`, with ``number`` the version it revises or publishes
    (``plan.version``), ``is_draft`` True when the plan is not published, and ``published_at``
    / ``published_by`` of its last publication."""
    doc = document(
        draft_snapshot(plan),
        language,
        number=plan.version,
        published_at=plan.published_at,
        published_by=_person_name(plan.published_by),
        note="",
        is_draft=not plan.is_published,
        version=None,
    )
    return _with_progress(doc) if progress else doc


# Comparison ---------------------------------------------------------------------------------

_TOKENS = re.compile(r"\s+|[^\s]+")


#: The share of words in common (difflib's ratio) below which a changed text counts as rewritten.
REWRITTEN_BELOW = 0.3


def word_diff(old: str, new: str) -> SafeString:
    """``new`` as HTML with the words removed since ``old`` in ``<del>`` and the words added
    in ``<ins>`` (word-level ``difflib``), everything escaped.

    A text rewritten as a whole (fewer than :data:`REWRITTEN_BELOW` of its words in common with
    the old one, typically a translation given where the original was shown) is shown as the
    old text struck through above the new one, each in its own direction, rather than as a
    word salad of both."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    words = difflib.SequenceMatcher(
        None, [t for t in a if not t.isspace()], [t for t in b if not t.isspace()], autojunk=False
    )
    if a and b and words.ratio() < REWRITTEN_BELOW:
        return format_html(
            '<del class="d-block" dir="auto">{}</del><ins class="d-block" dir="auto">{}</ins>',
            old,
            new,
        )
    out = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))


@dataclass
class FieldChange:
    """One changed text of an item: its ``name``, old and new text and the word diff."""

    name: str
    old: str
    new: str
    diff: SafeString


@dataclass
class ItemChange:
    """An item of the comparison: ``kind`` is "added", "removed", "changed" or "same";
    ``item`` the item as shown in the newer document (the older one for removed items)."""

    kind: str
    item: dict
    changes: list[FieldChange] = field(default_factory=list)


def _list_text(entries) -> str:
    return "\n".join(str(e["text"]) for e in entries)


def compare_documents(old: dict, new: dict) -> dict:
    """Compare two documents of the same plan in the same language (``old`` first): items
    matched by plan item id, each added, removed, changed (its texts, target date, issues or
    solutions differ as shown in that language) or the same; the introduction's word diff.

    Returns ``{"introduction": FieldChange or None, "items": [ItemChange, …] in the newer
    order with the removed ones at the end, "added" | "removed" | "changed": counts}``."""
    old_items = {item["id"]: item for item in old["items"]}
    new_ids = {item["id"] for item in new["items"]}
    result = []
    for item in new["items"]:
        before = old_items.get(item["id"])
        if before is None:
            result.append(ItemChange("added", item))
            continue
        changes = []
        pairs = [(name, str(before[name]), str(item[name])) for name in ITEM_FIELDS]
        pairs += [
            ("target_date", _date_text(before["target_date"]), _date_text(item["target_date"])),
            ("issues", _list_text(before["issues"]), _list_text(item["issues"])),
            ("solutions", _list_text(before["solutions"]), _list_text(item["solutions"])),
        ]
        for name, a, b in pairs:
            if a != b:
                changes.append(FieldChange(name, a, b, word_diff(a, b)))
        result.append(ItemChange("changed" if changes else "same", item, changes))
    removed = [ItemChange("removed", i) for i in old["items"] if i["id"] not in new_ids]
    result += removed
    a, b = str(old["introduction"]), str(new["introduction"])
    introduction = FieldChange("introduction", a, b, word_diff(a, b)) if a != b else None
    return {
        "introduction": introduction,
        "items": result,
        "added": sum(1 for c in result if c.kind == "added"),
        "removed": len(removed),
        "changed": sum(1 for c in result if c.kind == "changed"),
    }


def _date_text(value) -> str:
    from django.utils.formats import date_format

    return date_format(value) if value else ""
