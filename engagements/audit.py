"""Each audit entry as a full, translatable sentence, chosen at display time in the reader's
language (never stored in the writer's). One sentence per kind of record and action, so that
every language can order its words as it needs (no verb glued to a model name). The record's
label is text someone typed, or a label the app generates again in the reader's language
(``AuditEntry.record_label``); either way it is isolated (FSI … PDI) inside the sentence."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from spcp.text import isolate

# (model, action) -> sentence; %(record)s is the record's label.
SENTENCES = {
    ("engagement", "created"): _("Opened the engagement “%(record)s”."),
    ("engagement", "changed"): _("Changed the engagement’s details."),
    ("engagement", "deleted"): _("Deleted the engagement “%(record)s”."),
    ("actionplan", "changed"): _("Changed the action plan’s introduction."),
    ("actionplan", "published"): _("Published the action plan."),
    ("actionplan", "revised"): _("Started a revision of the action plan."),
    ("stakeholdergroup", "created"): _("Added the stakeholder group “%(record)s”."),
    ("stakeholdergroup", "changed"): _("Changed the stakeholder group “%(record)s”."),
    ("stakeholdergroup", "deleted"): _("Deleted the stakeholder group “%(record)s”."),
    ("stakeholdergroup", "moved"): _("Moved the stakeholder group “%(record)s” in the list."),
    ("planninggroupmember", "created"): _("Added “%(record)s” to the planning group."),
    ("planninggroupmember", "changed"): _("Changed the planning group member “%(record)s”."),
    ("planninggroupmember", "deleted"): _("Removed “%(record)s” from the planning group."),
    ("planningmeeting", "created"): _("Added the planning meeting “%(record)s”."),
    ("planningmeeting", "changed"): _("Changed the planning meeting “%(record)s”."),
    ("planningmeeting", "deleted"): _("Deleted the planning meeting “%(record)s”."),
    ("logisticstask", "created"): _("Added the logistics task “%(record)s”."),
    ("logisticstask", "changed"): _("Changed the logistics task “%(record)s”."),
    ("logisticstask", "deleted"): _("Deleted the logistics task “%(record)s”."),
    ("facilitator", "created"): _("Added the facilitator “%(record)s”."),
    ("facilitator", "changed"): _("Changed the facilitator “%(record)s”."),
    ("facilitator", "deleted"): _("Deleted the facilitator “%(record)s”."),
    ("trainingsession", "created"): _("Added the training session “%(record)s”."),
    ("trainingsession", "changed"): _("Changed the training session “%(record)s”."),
    ("trainingsession", "deleted"): _("Deleted the training session “%(record)s”."),
    ("participant", "created"): _("Added “%(record)s” to the roster."),
    ("participant", "changed"): _("Changed the participant “%(record)s”."),
    ("participant", "deleted"): _("Removed “%(record)s” from the roster."),
    ("breakoutgroup", "created"): _("Added the breakout group “%(record)s”."),
    ("breakoutgroup", "changed"): _("Changed the breakout group “%(record)s”."),
    ("breakoutgroup", "deleted"): _("Deleted the breakout group “%(record)s”."),
    ("strength", "created"): _("Recorded the strength “%(record)s”."),
    ("strength", "changed"): _("Changed the strength “%(record)s”."),
    ("strength", "deleted"): _("Deleted the strength “%(record)s”."),
    ("issue", "created"): _("Recorded the issue “%(record)s”."),
    ("issue", "changed"): _("Changed the issue “%(record)s”."),
    ("issue", "deleted"): _("Deleted the issue “%(record)s”."),
    ("issue", "merged"): _("Merged overlapping issues into “%(record)s”."),
    ("issue", "unmerged"): _("Separated the issue “%(record)s” again."),
    ("solution", "created"): _("Recorded the solution “%(record)s”."),
    ("solution", "changed"): _("Changed the solution “%(record)s”."),
    ("solution", "deleted"): _("Deleted the solution “%(record)s”."),
    ("planitem", "created"): _("Added the plan item “%(record)s”."),
    ("planitem", "changed"): _("Changed the plan item “%(record)s”."),
    ("planitem", "deleted"): _("Deleted the plan item “%(record)s”."),
    ("planitem", "moved"): _("Moved the plan item “%(record)s” in the plan."),
    ("councilmember", "created"): _("Added “%(record)s” to the council."),
    ("councilmember", "changed"): _("Changed the council member “%(record)s”."),
    ("councilmember", "deleted"): _("Removed “%(record)s” from the council."),
    ("councilmeeting", "created"): _("Added the council meeting “%(record)s”."),
    ("councilmeeting", "changed"): _("Changed the council meeting “%(record)s”."),
    ("councilmeeting", "deleted"): _("Deleted the council meeting “%(record)s”."),
    ("progressupdate", "created"): _("Reported progress: “%(record)s”."),
    ("progressupdate", "changed"): _("Changed the progress update “%(record)s”."),
    ("progressupdate", "deleted"): _("Deleted the progress update “%(record)s”."),
    ("progressupdate", "hidden"): _("Hid the progress update “%(record)s” from the council."),
    ("signinlink", "invited"): _("Invited “%(record)s” to sign in."),
    ("signinlink", "created"): _("Made a sign-in link for “%(record)s”."),
    ("signinlink", "changed"): _("Changed the sign-in link of “%(record)s”."),
    ("signinlink", "deleted"): _("Deleted the sign-in link of “%(record)s”."),
    ("signinlink", "revoked"): _("Revoked the sign-in link of “%(record)s”."),
    ("engagement", "morning_closed"): _("Closed the morning breakout sessions."),
    ("engagement", "afternoon_closed"): _("Closed the afternoon breakout sessions."),
    ("engagement", "morning_reopened"): _("Reopened the morning breakout sessions."),
    ("engagement", "afternoon_reopened"): _("Reopened the afternoon breakout sessions."),
}
GENERIC = {
    "created": _("Added “%(record)s”."),
    "changed": _("Changed “%(record)s”."),
    "deleted": _("Deleted “%(record)s”."),
    "moved": _("Moved “%(record)s”."),
}


def record_label(entry) -> str:
    """The label of the record ``entry`` is about, for a sentence: text someone typed is
    isolated (FSI … PDI); a label the app generates is its own text in the reader's
    language, written again now (``AuditEntry.record_label``)."""
    label = entry.record_label()
    return label if entry.object_label else isolate(label)


def audit_sentence(entry) -> str:
    """The sentence saying what ``entry`` (an ``AuditEntry``) did, in the active language."""
    n = entry.count
    if entry.action == "votes":
        return ngettext(
            "Recorded the dot votes of %(n)d issue.", "Recorded the dot votes of %(n)d issues.", n
        ) % {"n": n}
    if entry.action == "attendance":
        return ngettext(
            "Recorded the attendance of %(n)d facilitator at “%(record)s”.",
            "Recorded the attendance of %(n)d facilitators at “%(record)s”.",
            n,
        ) % {"n": n, "record": record_label(entry)}
    if entry.action == "morning_groups":
        return ngettext("Created %(n)d morning group.", "Created %(n)d morning groups.", n) % {
            "n": n
        }
    if entry.action == "afternoon_groups":
        return ngettext("Saved %(n)d afternoon group.", "Saved %(n)d afternoon groups.", n) % {
            "n": n
        }
    if entry.action == "imported":
        return ngettext(
            "Imported %(n)d participant from CSV.", "Imported %(n)d participants from CSV.", n
        ) % {"n": n}
    if (entry.model, entry.action) == ("actionplan", "published"):
        return _("Published version %(n)d of the action plan.") % {"n": n}
    sentence = SENTENCES.get((entry.model, entry.action)) or GENERIC.get(entry.action)
    if sentence is None:
        return entry.get_action_display()
    # The label is text someone typed: isolated (Unicode FSI … PDI) so that it keeps its own
    # direction inside a sentence of the other direction.
    return sentence % {"record": record_label(entry)}


def audit_details(entry) -> list[str]:
    """What ``entry`` changed, as short phrases in the active language: the names of the
    fields changed, then per link field how many records were linked, and how many
    unlinked (each a phrase of its own, so that its noun agrees with its number)."""
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist

    try:
        model = apps.get_model("engagements", entry.model)
    except LookupError:
        model = None

    def label(name):
        try:
            return str(model._meta.get_field(name).verbose_name) if model else name
        except FieldDoesNotExist:
            return name

    details = [label(name) for name in entry.fields]
    for name, change in (entry.links or {}).items():
        added, removed = len(change.get("added", [])), len(change.get("removed", []))
        if added:
            details.append(
                ngettext("%(field)s: %(n)d record linked", "%(field)s: %(n)d records linked", added)
                % {"field": label(name), "n": added}
            )
        if removed:
            details.append(
                ngettext(
                    "%(field)s: %(n)d record unlinked",
                    "%(field)s: %(n)d records unlinked",
                    removed,
                )
                % {"field": label(name), "n": removed}
            )
    return details
