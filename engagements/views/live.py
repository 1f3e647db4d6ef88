"""Step 3 on the program day itself: staff watch the breakout notes arrive, group by group,
as the facilitators save them on their phones, and close each round when its groups are done.

The program-day page (``breakouts.program_day``) renders the notes on load, so it works
without JavaScript; ``static/engagements/program-day-live.js`` then asks
``program_day_notes`` (JSON) every few seconds and updates the page in place. Closing a round
(``breakout_round_close``) makes its notes final for facilitators (``services.notes``)."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from spcp.bidi import is_generated_label
from spcp.digits import to_native_digits

from .. import queries, services
from ..models import BreakoutGroup
from . import engagement_context, engagement_view

MORNING = BreakoutGroup.Round.HOMOGENEOUS
AFTERNOON = BreakoutGroup.Round.HETEROGENEOUS
#: How often the page asks for new notes, in milliseconds ("within about five seconds").
POLL_INTERVAL_MS = 5000
#: Up to how many new notes the page announces by their number ("3 new notes").
ANNOUNCED_MAX = 50


def count_label(kind: str, n: int) -> str:
    """Words for ``n`` notes of ``kind`` ("3 strengths", "1 issue"), in the active
    language and its digits."""
    if kind == "strength":
        text = ngettext("%(n)d strength", "%(n)d strengths", n)
    elif kind == "issue":
        text = ngettext("%(n)d issue", "%(n)d issues", n)
    else:
        text = ngettext("%(n)d solution", "%(n)d solutions", n)
    return to_native_digits(text % {"n": n})


def _note_json(note: "queries.NoteRow") -> dict:
    data = {
        "kind": note.kind,
        "id": note.id,
        "text": note.text,
        "updated_at": note.updated_at.isoformat(),
    }
    if note.kind == "solution":
        data["actions"] = note.actions
        data["issue"] = note.issue
    return data


def group_json(entry: "queries.GroupNotes") -> dict:
    """One group of ``queries.program_day_notes`` as the JSON endpoint and the page show it:
    ``id``, ``name`` (a generated name such as "Afternoon group 3" in the active language
    and its digits, flagged by ``generated_name``), ``round``, ``url``, ``counts`` (number of notes
    per kind), ``labels`` (the same as words, "3 strengths"), ``numbers`` (the counts in the
    reader's digits) and ``notes`` (``kind``, ``id``,
    ``text``, ``updated_at``; a solution also has its ``actions`` and the ``issue`` it
    answers), oldest first."""
    group = entry.group
    counts = entry.counts
    generated = is_generated_label(group)
    return {
        "id": group.pk,
        "name": to_native_digits(str(group)) if generated else str(group),
        "generated_name": generated,
        "round": group.round,
        "url": group.get_absolute_url(),
        "counts": counts,
        "labels": {kind: count_label(kind, n) for kind, n in counts.items()},
        "numbers": {kind: to_native_digits(str(n)) for kind, n in counts.items()},
        "notes": [_note_json(note) for notes in entry.notes.values() for note in notes],
    }


def _with_sections(group: dict) -> dict:
    """``group`` (``group_json``) with its notes by kind, for the template: ``sections``, a
    list of ``{"kind", "label", "notes"}``."""
    sections = [
        {
            "kind": kind,
            "label": group["labels"][kind],
            "notes": [note for note in group["notes"] if note["kind"] == kind],
        }
        for kind in group["counts"]
    ]
    return {**group, "sections": sections}


def live_strings() -> dict:
    """What ``program-day-live.js`` writes on the page, translated here (it has no catalogue):
    the announcement of ``n`` new notes for ``n`` from 1 to ``ANNOUNCED_MAX`` (each language
    has its own plural forms), and the status lines."""
    return {
        "new_notes": {
            str(n): to_native_digits(ngettext("%(n)d new note", "%(n)d new notes", n) % {"n": n})
            for n in range(1, ANNOUNCED_MAX + 1)
        },
        "many_new_notes": to_native_digits(
            ngettext("More than %(n)d new note", "More than %(n)d new notes", ANNOUNCED_MAX)
            % {"n": ANNOUNCED_MAX}
        ),
        "live": _("New notes appear here by themselves, within a few seconds of being saved."),
        "paused": _("Updates paused while this tab is hidden."),
        "offline": _("Cannot reach the server: the notes shown may be out of date. Trying again…"),
        "signed_out": _("You were signed out: reload the page to sign in again."),
        "issue": _("Issue:"),
        "no_notes": _("No notes yet."),
    }


def program_day_live_context(engagement, groups=None) -> dict:
    """What the program-day page adds for the live notes and the rounds: ``morning_notes``
    and ``afternoon_notes`` (``group_json`` per group, with ``sections`` and the ``group``
    itself), ``morning_state`` and ``afternoon_state``
    (``queries.breakout_round_states``), and ``live_config`` for the script (the JSON
    endpoint, the interval and ``live_strings``). ``groups``: the engagement's breakout groups
    if the page has them already."""
    shown = [
        {**_with_sections(group_json(entry)), "group": entry.group}
        for entry in queries.program_day_notes(engagement, groups)
    ]
    states = queries.breakout_round_states(engagement)
    return {
        "morning_notes": [g for g in shown if g["round"] == MORNING],
        "afternoon_notes": [g for g in shown if g["round"] == AFTERNOON],
        "morning_state": states[MORNING],
        "afternoon_state": states[AFTERNOON],
        "live_config": {
            "url": reverse("engagements:program_day_notes", args=[engagement.pk]),
            "interval": POLL_INTERVAL_MS,
            "strings": live_strings(),
        },
    }


@never_cache
@engagement_view("engagements.view_engagement")
def program_day_notes(request, engagement):
    """The breakout notes of ``engagement`` as JSON, for the program-day page to show them as
    they arrive: ``{"server_time": ISO 8601, "groups": [group_json, ...]}``. Answers every
    method the same way (it only reads); never cached (the notes are confidential)."""
    groups = [group_json(entry) for entry in queries.program_day_notes(engagement)]
    return JsonResponse({"server_time": timezone.now().isoformat(), "groups": groups})


def _round_texts(round_: str, close: bool) -> dict:
    """The sentences of the confirmation page and messages of closing (``close``) or
    reopening ``round_``, each whole so that every language can word it."""
    if round_ == MORNING and close:
        return {
            "title": _("Close the morning breakout sessions?"),
            "button": _("Close the morning breakout sessions"),
            "done": _(
                "The morning breakout sessions are closed: facilitators can no longer change "
                "their notes."
            ),
            "unchanged": _("The morning breakout sessions were already closed."),
        }
    if round_ == AFTERNOON and close:
        return {
            "title": _("Close the afternoon breakout sessions?"),
            "button": _("Close the afternoon breakout sessions"),
            "done": _(
                "The afternoon breakout sessions are closed: facilitators can no longer "
                "change their notes."
            ),
            "unchanged": _("The afternoon breakout sessions were already closed."),
        }
    if round_ == MORNING:
        return {
            "title": _("Reopen the morning breakout sessions?"),
            "button": _("Reopen the morning breakout sessions"),
            "done": _(
                "The morning breakout sessions are open again: their facilitators can change "
                "their notes."
            ),
            "unchanged": _("The morning breakout sessions were already open."),
        }
    return {
        "title": _("Reopen the afternoon breakout sessions?"),
        "button": _("Reopen the afternoon breakout sessions"),
        "done": _(
            "The afternoon breakout sessions are open again: their facilitators can change "
            "their notes."
        ),
        "unchanged": _("The afternoon breakout sessions were already open."),
    }


@engagement_view("engagements.change_engagement")
def breakout_round_close(request, engagement, *, round: str, close: bool):
    """Close (``close`` True) or reopen one breakout ``round`` (fixed by the URL pattern):
    GET shows what it means and asks to confirm, POST does it
    (``services.breakout_round_close``, which writes the audit entry) and goes back to the
    program day with a message."""
    texts = _round_texts(round, close)
    anchor = "morning-heading" if round == MORNING else "afternoon-heading"
    back = redirect(reverse("engagements:program_day", args=[engagement.pk]) + "#" + anchor)
    is_open = engagement.round_is_open(round)
    if request.method == "POST":
        if is_open != close:
            messages.info(request, texts["unchanged"])
        else:
            services.breakout_round_close(
                engagement=engagement, round=round, user=request.user, close=close
            )
            messages.success(request, texts["done"])
        return back
    return render(
        request,
        "engagements/breakout_round_confirm.html",
        engagement_context(
            engagement,
            3,
            texts=texts,
            close=close,
            round=round,
            unchanged=is_open != close,
            morning=round == MORNING,
        ),
    )
