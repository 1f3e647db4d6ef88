"""The facilitators' pages: "My breakout groups", the note page of one group (plain forms that
work without JavaScript), the pages to edit and delete a note, the JSON endpoint the note
page's script uses, and the service worker that lets the page open offline.

Every page needs a signed-in user. A group is looked up, then ``engagements.view_group_notes``
is checked on it: whoever may not see it (another group's facilitator, another engagement's,
a revoked or expired link) gets a 404, exactly as for a group that does not exist. Writes go
through ``engagements.services.notes``, which checks ``add_breakout_note``,
``change_breakout_note`` or ``delete_breakout_note`` again: a closed round refuses them, and
the page says so and keeps what was typed."""

import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    PermissionDenied,
    RequestDataTooBig,
    ValidationError,
)
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from engagements.models import BreakoutGroup
from engagements.predicates import facilitator_checks_cached, is_engagement_staff
from engagements.services.notes import (
    NOTE_MODELS,
    NoteConflict,
    breakout_note_create,
    breakout_note_delete,
    breakout_note_update,
)

from . import queries
from .forms import (
    MAX_NOTE_LENGTH,
    NoteDeleteForm,
    NoteEditForm,
    NoteForm,
    add_note_errors,
    note_error_messages,
)

VIEW_PERMISSION = "engagements.view_group_notes"


def load_group(request, breakoutgroup_pk: int) -> BreakoutGroup:
    """The breakout group ``breakoutgroup_pk`` with its engagement and facilitators, if the
    user holds ``engagements.view_group_notes`` on it; ``Http404`` otherwise (also when it
    does not exist)."""
    group = get_object_or_404(
        BreakoutGroup.objects.select_related(
            "engagement", "facilitator", "second_facilitator", "stakeholder_group"
        ),
        pk=breakoutgroup_pk,
    )
    if not request.user.has_perm(VIEW_PERMISSION, group):
        raise Http404(_("No breakout group found."))
    return group


def load_note(group: BreakoutGroup, kind: str, note_pk: int):
    """The note ``note_pk`` of ``kind`` in ``group`` (its group and engagement set from
    ``group``), or ``Http404`` when ``group`` has no such note."""
    note = get_object_or_404(NOTE_MODELS[kind].objects.filter(group_id=group.pk), pk=note_pk)
    note.group = group
    note.engagement = group.engagement
    return note


def _is_open(group) -> bool:
    return group.engagement.round_is_open(group.round)


def may_write(user, group) -> bool:
    """Whether ``user``, who may see ``group``'s notes, may add, change and delete them now:
    staff of the engagement always, its facilitators while the round is open. The same
    answer as the ``*_breakout_note`` permissions, without a query."""
    return _is_open(group) or is_engagement_staff(user, group)


def closed_message() -> str:
    """What a facilitator is told when the round is closed, in the active language."""
    return _(
        "CRS staff have closed this round: its notes can be read but no longer added, "
        "changed or deleted. If something is missing, tell CRS staff."
    )


# -- pages --------------------------------------------------------------------------------


@login_required
@require_GET
def home(request):
    """ "My breakout groups": the groups the user leads or co-leads, by engagement."""
    return render(
        request,
        "facilitator_portal/home.html",
        {"engagements": queries.groups_by_engagement(request.user)},
    )


def _note_forms(group, issues, *, bound: NoteForm | None = None) -> dict[str, NoteForm]:
    """An add form for each kind ``group`` records (``bound`` in place of its kind's)."""
    forms = {}
    for kind in queries.group_kinds(group):
        if bound is not None and bound.kind == kind:
            forms[kind] = bound
        else:
            forms[kind] = NoteForm(kind=kind, issues=issues, auto_id=f"id_{kind}_%s")
    return forms


def _strings() -> dict[str, str]:
    """The translated strings the note page's script shows."""
    return {
        "saved": _("Saved"),
        "waiting": _("Waiting to be sent"),
        "offline": _(
            "You are offline. Keep writing: your notes wait on this phone and are sent when "
            "the connection returns."
        ),
        "online": _("Online: every note is saved."),
        "sending": _("Sending…"),
        "conflict": _(
            "This note was changed on another phone after you opened it. Nothing was saved: "
            "choose which text to keep."
        ),
        "keepMine": _("Keep mine"),
        "keepSaved": _("Keep the saved one"),
        "edit": _("Edit"),
        "delete": _("Delete"),
        "confirmDelete": _("Delete this note?"),
        "cancel": _("Cancel"),
        "save": _("Save"),
        "error": _("The note could not be saved. Check it and try again."),
        "signedOut": _(
            "You are signed out. Open your sign-in link again; your notes wait on this phone."
        ),
        "closed": closed_message(),
        "yours": _("Your text"),
        "savedVersion": _("The saved text"),
        "noNotes": _("No notes yet."),
        # The status line while notes wait (count: how many).
        "waitingCount": _("Notes waiting to be sent: %(count)s"),
        "discard": _("Discard my text"),
    }


def _note_page(request, group, *, bound: NoteForm | None = None, status: int = 200):
    engagement = group.engagement
    is_open = _is_open(group)
    writable = may_write(request.user, group)
    issues = queries.priority_issues(engagement) if not group.is_morning else []
    notes = queries.group_notes(group)
    forms = _note_forms(group, issues, bound=bound)
    api = reverse("facilitator_portal:notes_api", args=[group.pk])
    config = {
        "api": api,
        "group": group.pk,
        "open": writable,
        "kinds": list(queries.group_kinds(group)),
        "issues": [{"id": issue.pk, "text": issue.text} for issue in issues],
        "strings": _strings(),
        "loginUrl": reverse("login"),
        "maxLength": MAX_NOTE_LENGTH,
    }
    sections = [
        {
            "kind": kind,
            "form": forms[kind],
            "notes": notes[kind],
            "heading": SECTION_HEADINGS[kind](),
            "add_label": ADD_LABELS[kind](),
            "update_url": f"facilitator_portal:{kind}_update",
            "delete_url": f"facilitator_portal:{kind}_delete",
        }
        for kind in queries.group_kinds(group)
    ]
    return render(
        request,
        "facilitator_portal/group.html",
        {
            "group": group,
            "engagement": engagement,
            "is_open": is_open,
            "may_write": writable,
            "has_notes": any(notes.values()),
            "issues": issues,
            "sections": sections,
            "config": config,
            "api_url": api,
            "sw_url": reverse("facilitator_portal:service_worker"),
        },
        status=status,
    )


SECTION_HEADINGS = {
    "strength": lambda: _("Strengths of the community"),
    "issue": lambda: _("Issues that impede trust"),
    "solution": lambda: _("Solutions for the priority issues"),
}
ADD_LABELS = {
    "strength": lambda: _("Save the strength"),
    "issue": lambda: _("Save the issue"),
    "solution": lambda: _("Save the solution"),
}


@login_required
@require_http_methods(["GET", "POST"])
def group(request, breakoutgroup_pk):
    """The note page of one breakout group: what to record, an add form for each kind of
    note the round records, and the notes so far. A POST adds a note (``kind``, ``text``,
    for solutions ``issue`` and ``actions``, and the ``client_id`` the page was rendered with,
    so a double submit stores one note) and redirects back; a refused note comes back with
    the errors and the text as typed."""
    group = load_group(request, breakoutgroup_pk)
    if request.method != "POST":
        return _note_page(request, group)
    kind = request.POST.get("kind", "")
    if kind not in queries.group_kinds(group):
        messages.error(request, _("Unknown kind of note."))
        return redirect("facilitator_portal:group", group.pk)
    issues = queries.priority_issues(group.engagement) if kind == "solution" else []
    form = NoteForm(request.POST, kind=kind, issues=issues, auto_id=f"id_{kind}_%s")
    if not form.is_valid():
        return _note_page(request, group, bound=form)
    try:
        _note, created = breakout_note_create(
            group=group,
            kind=kind,
            user=request.user,
            client_id=form.cleaned_data.get("client_id"),
            **form.note_kwargs(),
        )
    except PermissionDenied:
        form.add_error(None, closed_message())
        return _note_page(request, group, bound=form, status=403)
    except ValidationError as error:
        add_note_errors(form, error)
        return _note_page(request, group, bound=form)
    messages.success(request, _("Note saved.") if created else _("This note was already saved."))
    return redirect(reverse("facilitator_portal:group", args=[group.pk]) + f"#notes-{kind}")


def _note_view(kind: str, action: str):
    """The edit (``action`` "update") or delete page of a note of ``kind``."""

    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request, breakoutgroup_pk, **kwargs):
        group = load_group(request, breakoutgroup_pk)
        if kind not in queries.group_kinds(group):
            raise Http404(_("No note found."))
        note_pk = kwargs[f"{kind}_pk"]
        if action == "update":
            return _note_update(request, group, kind, note_pk)
        return _note_delete(request, group, kind, note_pk)

    view.__name__ = f"{kind}_{action}"
    view.__doc__ = (
        f"The {'edit' if action == 'update' else 'delete'} page of a {kind} of a breakout group."
    )
    return view


def _note_update(request, group, kind, note_pk):
    issues = queries.priority_issues(group.engagement) if kind == "solution" else []
    may_change = request.user.has_perm(
        "engagements.change_breakout_note", _note_for_perm(group, kind, note_pk)
    )
    if request.method != "POST":
        note = load_note(group, kind, note_pk)
        form = NoteEditForm(note=note, kind=kind, issues=issues)
        return _edit_page(request, group, kind, note, form, may_change=may_change)
    note = NOTE_MODELS[kind].objects.filter(group_id=group.pk, pk=note_pk).first()
    if note is None:
        # Deleted meanwhile: keep the text, offer to save it as a new note.
        _was_in_group(group, kind, note_pk)
        return _deleted_meanwhile(request, group, kind, issues)
    note.group, note.engagement = group, group.engagement
    form = NoteEditForm(request.POST, note=note, kind=kind, issues=issues)
    if not form.is_valid():
        return _edit_page(request, group, kind, note, form, may_change=may_change)
    try:
        breakout_note_update(
            note=note,
            user=request.user,
            base_revision=form.cleaned_data["base_revision"],
            **form.note_kwargs(),
        )
    except PermissionDenied:
        form.add_error(None, closed_message())
        return _edit_page(request, group, kind, note, form, may_change=False, status=403)
    except NoteConflict as conflict:
        if conflict.stored is None:
            return _deleted_meanwhile(request, group, kind, issues)
        # "Keep mine" sends the text again, made on the revision now stored.
        data = request.POST.copy()
        data["base_revision"] = str(conflict.stored.revision)
        form = NoteEditForm(data, note=conflict.stored, kind=kind, issues=issues)
        form.is_valid()
        return _edit_page(
            request, group, kind, note, form, stored=conflict.stored, may_change=may_change
        )
    except ValidationError as error:
        add_note_errors(form, error)
        return _edit_page(request, group, kind, note, form, may_change=may_change)
    messages.success(request, _("Note saved."))
    return redirect(reverse("facilitator_portal:group", args=[group.pk]) + f"#notes-{kind}")


def _was_in_group(group, kind, note_pk) -> None:
    """For a note that is not (or no longer) in ``group``: ``Http404`` unless its history
    shows it was one of ``group``'s notes (it was deleted meanwhile). A note of another
    group is not found here, as on a GET."""
    model = NOTE_MODELS[kind]
    if not model.history.filter(id=note_pk, group_id=group.pk).exists():
        raise Http404(_("No note found."))


def _deleted_meanwhile(request, group, kind, issues):
    """The edit page of a note deleted on another phone: what was typed, in an add form of
    the group page under a new id, to save it as a new note."""
    data = request.POST.copy()
    data["kind"] = kind
    data["client_id"] = str(uuid.uuid4())
    form = NoteForm(data, kind=kind, issues=issues)
    form.is_valid()
    return _edit_page(
        request, group, kind, None, form, deleted=True, may_change=may_write(request.user, group)
    )


def _note_for_perm(group, kind, note_pk):
    """An unsaved note of ``kind`` in ``group``, to check a note permission without loading
    it (the rules look at the note's group only)."""
    note = NOTE_MODELS[kind](pk=note_pk, group=group, engagement=group.engagement)
    return note


def _edit_page(
    request, group, kind, note, form, *, may_change, stored=None, deleted=False, status=200
):
    return render(
        request,
        "facilitator_portal/note_form.html",
        {
            "group": group,
            "engagement": group.engagement,
            "kind": kind,
            "note": note,
            "form": form,
            "stored": stored,
            "deleted": deleted,
            "may_change": may_change,
            "save_label": _("Keep mine") if stored is not None else _("Save"),
            "new_label": _("Save it as a new note"),
            "is_open": _is_open(group),
            "heading": SECTION_HEADINGS[kind](),
        },
        status=status,
    )


def _note_delete(request, group, kind, note_pk):
    may_delete = request.user.has_perm(
        "engagements.delete_breakout_note", _note_for_perm(group, kind, note_pk)
    )
    if request.method != "POST":
        note = load_note(group, kind, note_pk)
        form = NoteDeleteForm(initial={"base_revision": note.revision})
        return _delete_page(request, group, kind, note, form, may_delete=may_delete)
    note = NOTE_MODELS[kind].objects.filter(group_id=group.pk, pk=note_pk).first()
    back = reverse("facilitator_portal:group", args=[group.pk]) + f"#notes-{kind}"
    if note is None:
        _was_in_group(group, kind, note_pk)
        messages.info(request, _("This note was already deleted."))
        return redirect(back)
    note.group, note.engagement = group, group.engagement
    form = NoteDeleteForm(request.POST)
    if not form.is_valid():
        return _delete_page(request, group, kind, note, form, may_delete=may_delete)
    try:
        breakout_note_delete(
            note=note, user=request.user, base_revision=form.cleaned_data["base_revision"]
        )
    except PermissionDenied:
        form.add_error(None, closed_message())
        return _delete_page(request, group, kind, note, form, may_delete=False, status=403)
    except NoteConflict as conflict:
        form = NoteDeleteForm(initial={"base_revision": conflict.stored.revision})
        form.changed_message = str(conflict.messages[0])
        return _delete_page(
            request, group, kind, conflict.stored, form, may_delete=may_delete, changed=True
        )
    except ValidationError as error:
        add_note_errors(form, error)
        return _delete_page(request, group, kind, note, form, may_delete=may_delete)
    messages.success(request, _("Note deleted."))
    return redirect(back)


def _delete_page(request, group, kind, note, form, *, may_delete, changed=False, status=200):
    return render(
        request,
        "facilitator_portal/note_confirm_delete.html",
        {
            "group": group,
            "engagement": group.engagement,
            "kind": kind,
            "note": note,
            "form": form,
            "changed": changed,
            "may_delete": may_delete,
            "is_open": _is_open(group),
            "heading": SECTION_HEADINGS[kind](),
        },
        status=status,
    )


strength_update = _note_view("strength", "update")
issue_update = _note_view("issue", "update")
solution_update = _note_view("solution", "update")
strength_delete = _note_view("strength", "delete")
issue_delete = _note_view("issue", "delete")
solution_delete = _note_view("solution", "delete")


# -- the JSON endpoint ----------------------------------------------------------------------


class BadRequest(Exception):
    """A malformed request to the JSON endpoint: ``errors`` is ``{field: [messages]}``."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def _bad(errors: dict[str, list[str]], message: str | None = None) -> JsonResponse:
    if message is None:
        message = next(iter(errors.values()))[0] if errors else _("The request was not valid.")
    return JsonResponse({"errors": errors, "message": message}, status=400)


def _field(body: dict, name: str, kind, *, required: bool = True, default=None):
    """``body[name]`` if it is of ``kind`` (``int``: an integer, not a boolean; ``str``;
    ``uuid``: a string holding a UUID), else ``BadRequest``."""
    value = body.get(name, default)
    if value is None:
        if required:
            raise BadRequest({name: [_("This field is required.")]})
        return None
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**31:
            raise BadRequest({name: [_("Enter a whole number.")]})
        return value
    if kind is uuid.UUID:
        if not isinstance(value, str):
            raise BadRequest({name: [_("Enter a valid note id.")]})
        try:
            return uuid.UUID(value)
        except ValueError:
            raise BadRequest({name: [_("Enter a valid note id.")]}) from None
    if not isinstance(value, str):
        raise BadRequest({name: [_("Enter text.")]})
    if len(value) > MAX_NOTE_LENGTH:
        raise BadRequest(
            {
                name: [
                    _("Keep a note under %(limit)s characters: split it in several notes.")
                    % {"limit": MAX_NOTE_LENGTH}
                ]
            }
        )
    if "\x00" in value:
        raise BadRequest({name: [_("Null characters are not allowed.")]})
    return value.strip()


def _json_errors(error: ValidationError) -> dict[str, list[str]]:
    """A service's errors under the names the JSON body uses."""
    names = {"issue": "issue_id", "group": "kind", NON_FIELD_ERRORS: "__all__"}
    return {names.get(k, k): v for k, v in note_error_messages(error).items()}


def _text_fields(body: dict, kind: str) -> dict:
    fields = {"text": _field(body, "text", str, default="")}
    if kind == "solution":
        fields["actions"] = _field(body, "actions", str, default="")
        fields["issue_id"] = _field(body, "issue_id", int, required=False)
        if fields["issue_id"] is None:
            raise BadRequest({"issue_id": [_("Choose a priority issue.")]})
    if not fields["text"]:
        raise BadRequest({"text": [_("Write the note before saving it.")]})
    return fields


def _api_get(request, group) -> JsonResponse:
    return JsonResponse(
        {
            "group": group.pk,
            "open": may_write(request.user, group),
            "server_time": timezone.now().isoformat(),
            "notes": queries.notes_data(group),
        }
    )


def _api_post(request, group) -> JsonResponse:
    try:
        body = json.loads(request.body)
    except RequestDataTooBig:
        return _bad({"__all__": [_("The request is too large.")]})
    except (ValueError, UnicodeDecodeError):
        return _bad({"__all__": [_("The request was not valid JSON.")]})
    if not isinstance(body, dict):
        return _bad({"__all__": [_("The request was not valid JSON.")]})
    op = body.get("op")
    if op not in ("create", "update", "delete"):
        return _bad({"op": [_("Choose create, update or delete.")]})
    kind = body.get("kind")
    if not isinstance(kind, str) or kind not in queries.group_kinds(group):
        return _bad({"kind": [_("This group does not record this kind of note.")]})
    try:
        if op == "create":
            return _api_create(request, group, kind, body)
        note_pk = _field(body, "id", int)
        base_revision = _field(body, "base_revision", int)
        note = NOTE_MODELS[kind].objects.filter(group_id=group.pk, pk=note_pk).first()
        if note is not None:
            note.group, note.engagement = group, group.engagement
        if op == "update":
            fields = _text_fields(body, kind)
            if note is None:
                raise NoteConflict(None)
            note = breakout_note_update(
                note=note, user=request.user, base_revision=base_revision, **fields
            )
            return JsonResponse({"note": queries.note_data(note, kind)})
        if note is not None:
            breakout_note_delete(note=note, user=request.user, base_revision=base_revision)
        return JsonResponse({"deleted": True})
    except BadRequest as error:
        return _bad(error.errors)
    except PermissionDenied:
        return JsonResponse({"error": "closed", "message": closed_message()}, status=403)
    except NoteConflict as conflict:
        stored = conflict.stored
        return JsonResponse(
            {
                "conflict": True,
                "message": str(conflict.messages[0]),
                "note": queries.note_data(stored, kind) if stored is not None else None,
            },
            status=409,
        )
    except ValidationError as error:
        errors = _json_errors(error)
        return _bad(errors)


def _api_create(request, group, kind, body) -> JsonResponse:
    client_id = _field(body, "client_id", uuid.UUID)
    fields = _text_fields(body, kind)
    note, created = breakout_note_create(
        group=group, kind=kind, user=request.user, client_id=client_id, **fields
    )
    return JsonResponse(
        {"note": queries.note_data(note, kind), "created": created},
        status=201 if created else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def notes_api(request, breakoutgroup_pk):
    """The note page's JSON endpoint. GET: ``{"group", "open", "server_time", "notes"}``.
    POST a JSON object ``{"op": "create"|"update"|"delete", "kind", "client_id", "id",
    "base_revision", "text", "actions", "issue_id"}`` (CSRF token in ``X-CSRFToken``):
    201/200 ``{"note", "created"}`` for a create (200 and ``created`` false for a repeated
    ``client_id``), 200 ``{"note"}`` for an update, 200 ``{"deleted": true}`` for a delete
    (also of a note already gone), 409 ``{"conflict", "message", "note"}`` for a change made
    on an outdated revision, 400 ``{"errors", "message"}`` for a refused or malformed
    request, 403 ``{"error": "closed", "message"}`` when the round is closed, and 404 for
    whoever may not see the group. Messages are in the request's language.

    The facilitator's link is looked up once for the request's several permission checks
    (``facilitator_checks_cached``): a save is the hot path of the program day."""
    with facilitator_checks_cached():
        group = load_group(request, breakoutgroup_pk)
        if request.method == "POST":
            return _api_post(request, group)
        return _api_get(request, group)


# -- the service worker ---------------------------------------------------------------------


@require_GET
def service_worker(request):
    """The service worker script (``templates/facilitator_portal/sw.js``), public and
    without user data, so that the browser can fetch updates of it; its scope is the
    facilitators' pages in the request's language (``/<lang>/facilitator/``). Served with
    ``Cache-Control: no-cache``: the browser checks for a new version on every visit."""
    assets = [
        static("vendor/bootstrap/bootstrap.min.css"),
        static("vendor/bootstrap/bootstrap.rtl.min.css"),
        static("vendor/bootstrap/bootstrap.bundle.min.js"),
        static("css/spcp.css"),
        static("facilitator/portal.css"),
        static("facilitator/notes.css"),
        static("facilitator/notes.js"),
    ]
    body = render_to_string(
        "facilitator_portal/sw.js",
        {
            "assets_json": json.dumps(assets),
            "home_url": reverse("facilitator_portal:home"),
            "scope": reverse("facilitator_portal:home"),
            "strings_json": json.dumps(
                {
                    "offlineTitle": pgettext("page title", "Offline"),
                    "home": _("My breakout groups"),
                    "offline": _(
                        "You are offline and this page was not opened here before. Open it "
                        "again when the connection returns."
                    ),
                }
            ),
        },
        request=None,
    )
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
