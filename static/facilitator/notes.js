/*
 * The facilitators' note page: notes that are never lost, on a phone with poor Wi-Fi.
 *
 * Progressive enhancement over the plain forms of templates/facilitator_portal (without
 * JavaScript they post to the server as they are). With this script:
 *
 * - Drafts: whatever is typed in a note's fields (the add forms and the inline editors) is kept
 *   in localStorage as it is typed ("spcp:draft:<group>:<kind>:<field>" for the add forms,
 *   "spcp:editing:<group>" for the editors) and put back after a reload, a closed tab or a
 *   restart; a draft is cleared once its note is queued.
 * - Outbox: a submitted note becomes an operation ({op: "create" | "update" | "delete", ...})
 *   in "spcp:outbox:<group>", with an id made here (client_id), shown at once as "waiting to be
 *   sent", then sent in order to the JSON endpoint (data-api). It stays in the outbox until the
 *   server has answered, so it survives reloads, restarts and lost connections; the server
 *   stores a note once per client_id, so sending it twice is harmless.
 * - Answers: 2xx saved; no connection: kept and retried (online event, page load, every 5 s);
 *   409: both texts shown, the facilitator keeps either; 400: the message next to the note,
 *   text kept and editable; 403 "closed": the round is closed, nothing more is sent; signed
 *   out (redirect, 401, 404): said so, the outbox is kept.
 * - Sync: the group's notes are fetched every few seconds and merged into the lists, so the
 *   co-facilitator's notes appear on this phone; waiting notes are never dropped.
 * - Service worker (data-sw): registered with its default scope (/<language>/facilitator/); it
 *   keeps the page, its assets and the last notes, so the page opens offline once visited.
 *
 * Every string shown comes from the page's "notes-config" JSON (translated by the server);
 * English fallbacks are used only for a key the page does not provide. Text typed by people
 * is only ever set with textContent. No inline style: classes and the hidden attribute only.
 */
(function () {
  "use strict";

  const root = document.getElementById("facilitator-notes");
  const configElement = document.getElementById("notes-config");
  if (!root || !configElement) {
    return;
  }
  let config;
  try {
    config = JSON.parse(configElement.textContent) || {};
  } catch (error) {
    return;
  }

  const FALLBACK = {
    saved: "Saved",
    waiting: "Waiting to be sent",
    sending: "Sending…",
    offline: "Offline: your notes are kept on this phone and sent when the connection returns.",
    online: "Online",
    conflict: "This note was changed on another phone. Choose which text to keep.",
    keepMine: "Keep mine",
    keepSaved: "Keep the saved one",
    discard: "Discard my text",
    edit: "Edit",
    delete: "Delete",
    confirmDelete: "Delete this note?",
    cancel: "Cancel",
    save: "Save",
    error: "This note was not saved.",
    signedOut: "You are signed out. Open your sign-in link again; your notes wait on this phone.",
    closed: "Staff have closed this round: notes can no longer be added or changed.",
    yours: "Your text",
    savedVersion: "The saved text",
    noNotes: "No notes yet.",
    waitingCount: "Notes waiting to be sent: %(count)s",
    allSaved: "All notes are saved.",
    issue: "Priority issue",
    actions: "Actions",
  };
  const strings = config.strings || {};
  function t(key) {
    return typeof strings[key] === "string" && strings[key] ? strings[key] : FALLBACK[key] || key;
  }

  // Numbers in the page's language: Persian digits on a Farsi page, as the server writes them
  // (spcp/digits.py); Western digits elsewhere (Hindi pages use them too).
  const numberFormat = (function () {
    const lang = document.documentElement.lang || "en";
    try {
      return new Intl.NumberFormat(lang === "fa" ? "fa" : "en");
    } catch (error) {
      return null;
    }
  })();
  function number(n) {
    return numberFormat ? numberFormat.format(n) : String(n);
  }

  const api = config.api || root.dataset.api;
  const group = String(config.group || root.dataset.group);
  const swUrl = root.dataset.sw || config.sw;
  const KINDS = ["strength", "issue", "solution"];
  const OUTBOX_KEY = "spcp:outbox:" + group;
  const EDITING_KEY = "spcp:editing:" + group;
  const POLL_MS = 4500;
  // A request on weak Wi-Fi that has not answered by then counts as lost (and is retried).
  const TIMEOUT_MS = 15000;
  const issueTexts = new Map();
  (config.issues || []).forEach(function (issue) {
    issueTexts.set(String(issue.id), issue.text);
  });

  let open = typeof config.open === "boolean" ? config.open : root.dataset.open !== "false";
  let online = navigator.onLine !== false;
  let problem = null; // null | "signedOut" | "closed"
  let problemMessage = "";
  let inflightKey = null;
  let writeSeq = 0;

  /* ---------- storage (localStorage may be full or refused: never throw) ---------- */

  function load(key, fallback) {
    try {
      const raw = window.localStorage.getItem(key);
      return raw === null ? fallback : JSON.parse(raw);
    } catch (error) {
      return fallback;
    }
  }
  function store(key, value) {
    try {
      if (value === null || value === undefined) {
        window.localStorage.removeItem(key);
      } else {
        window.localStorage.setItem(key, JSON.stringify(value));
      }
    } catch (error) {
      // Full or refused: the text stays on the page, the next change tries again.
    }
  }

  function uuid() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, function (b) {
      return b.toString(16).padStart(2, "0");
    }).join("");
    return [
      hex.slice(0, 8),
      hex.slice(8, 12),
      hex.slice(12, 16),
      hex.slice(16, 20),
      hex.slice(20),
    ].join("-");
  }

  /* ---------- state: the server's notes, the outbox, open editors ---------- */

  // The notes as the server last said, by "<kind>:<id>".
  const serverNotes = new Map();
  let outbox = load(OUTBOX_KEY, []);
  if (!Array.isArray(outbox)) {
    outbox = [];
  }
  // Open inline editors, by item key: {text, actions, issue_id, base_revision}.
  let editing = load(EDITING_KEY, {});
  if (!editing || typeof editing !== "object") {
    editing = {};
  }
  // Items whose delete confirmation is showing.
  const confirming = new Set();

  function noteKey(kind, id) {
    return kind + ":" + id;
  }
  function saveOutbox() {
    store(OUTBOX_KEY, outbox);
  }
  function saveEditing() {
    store(EDITING_KEY, Object.keys(editing).length ? editing : null);
  }
  function removeOp(op) {
    outbox = outbox.filter(function (other) {
      return other.key !== op.key;
    });
    saveOutbox();
  }
  function findOp(key) {
    return (
      outbox.find(function (op) {
        return op.key === key;
      }) || null
    );
  }
  function pendingFor(kind, id) {
    return (
      outbox.find(function (op) {
        return op.op !== "create" && op.kind === kind && String(op.id) === String(id);
      }) || null
    );
  }
  function waitingCount() {
    return outbox.length;
  }

  // The notes the page rendered (also when it came from the service worker's cache).
  root.querySelectorAll("li.note[data-id]").forEach(function (li) {
    const kind = li.dataset.kind;
    if (KINDS.indexOf(kind) < 0) {
      return;
    }
    const textElement = li.querySelector(".note-text");
    const actionsElement = li.querySelector(".note-actions");
    const issueElement = li.querySelector("[data-issue-id]");
    const issueId = li.dataset.issueId || (issueElement && issueElement.dataset.issueId) || null;
    serverNotes.set(noteKey(kind, li.dataset.id), {
      kind: kind,
      id: Number(li.dataset.id),
      client_id: li.dataset.clientId || null,
      text: textElement ? textElement.textContent.trim() : "",
      actions: actionsElement ? actionsElement.textContent.trim() : "",
      issue_id: issueId ? Number(issueId) : null,
      revision: Number(li.dataset.revision || 0),
    });
  });

  /* ---------- the lists ---------- */

  function sections() {
    return Array.from(root.querySelectorAll(".note-section[data-kind]"));
  }
  function listFor(kind) {
    return root.querySelector('.note-list[data-kind="' + kind + '"]');
  }
  function formFor(kind) {
    return root.querySelector('.note-form[data-kind="' + kind + '"]');
  }
  function labelFor(kind, name, fallbackKey) {
    const form = formFor(kind);
    const field = form && form.elements[name];
    if (field && field.id) {
      const label = form.querySelector('label[for="' + field.id + '"]');
      if (label && label.textContent.trim()) {
        return label.textContent.trim();
      }
    }
    return t(fallbackKey);
  }

  // What each list shows: the server's notes with this phone's changes on top, then the
  // notes waiting to be created.
  function items(kind) {
    const result = [];
    const serverOfKind = Array.from(serverNotes.values())
      .filter(function (note) {
        return note.kind === kind;
      })
      .sort(function (a, b) {
        return a.id - b.id;
      });
    serverOfKind.forEach(function (note) {
      const key = noteKey(kind, note.id);
      const op = pendingFor(kind, note.id);
      const item = {
        key: key,
        kind: kind,
        note: note,
        op: op,
        text: note.text,
        actions: note.actions || "",
        issue_id: note.issue_id,
      };
      if (op && op.op === "update") {
        item.text = op.text;
        item.actions = op.actions || "";
        item.issue_id = op.issue_id;
      }
      result.push(item);
    });
    outbox.forEach(function (op) {
      if (op.kind !== kind) {
        return;
      }
      if (op.op === "create") {
        result.push({
          key: "op:" + op.key,
          kind: kind,
          note: null,
          op: op,
          text: op.text,
          actions: op.actions || "",
          issue_id: op.issue_id,
        });
      } else if (!serverNotes.has(noteKey(kind, op.id))) {
        // An edit or deletion of a note this page no longer has (deleted elsewhere): keep it
        // visible until the server has answered.
        result.push({
          key: noteKey(kind, op.id),
          kind: kind,
          note: null,
          op: op,
          text: op.text || "",
          actions: op.actions || "",
          issue_id: op.issue_id,
        });
      }
    });
    // An editor left open (before a reload) on a note this page no longer has: its text is
    // shown in the editor until it is saved (as a new note) or cancelled.
    Object.keys(editing).forEach(function (key) {
      const draft = editing[key];
      if (draft && draft.kind === kind && !result.some(function (item) {
        return item.key === key;
      })) {
        result.push({
          key: key,
          kind: kind,
          note: null,
          op: null,
          text: draft.text || "",
          actions: draft.actions || "",
          issue_id: draft.issue_id === undefined ? null : draft.issue_id,
        });
      }
    });
    return result;
  }

  function status(item) {
    if (!item.op) {
      return "saved";
    }
    if (item.op.state === "conflict" || item.op.state === "error") {
      return item.op.state;
    }
    return item.op.key === inflightKey ? "sending" : "waiting";
  }

  function el(tag, className, text) {
    const element = document.createElement(tag);
    if (className) {
      element.className = className;
    }
    if (text !== undefined && text !== null) {
      element.textContent = text;
    }
    return element;
  }
  function button(label, className, onClick) {
    const b = el("button", "btn " + className, label);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  function renderBody(outer, item) {
    outer.replaceChildren();
    const li = el("div", "card-body p-3");
    outer.append(li);
    const state = status(item);
    const deleting = item.op && item.op.op === "delete";
    outer.classList.toggle("note-deleting", Boolean(deleting));
    li.append(el("p", "note-text mb-1", item.text));
    li.querySelector(".note-text").dir = "auto";
    if (item.kind === "solution") {
      const issueText = issueTexts.get(String(item.issue_id));
      if (issueText) {
        const p = el("p", "note-issue small mb-1");
        p.append(el("span", "note-label", labelFor("solution", "issue", "issue") + ": "));
        const bdi = el("bdi", null, issueText);
        p.append(bdi);
        li.append(p);
      }
      if (item.actions) {
        const p = el("p", "note-actions mb-1", item.actions);
        p.dir = "auto";
        li.append(p);
      }
    }
    const badgeClass = {
      saved: "text-bg-success",
      waiting: "text-bg-warning",
      sending: "text-bg-info",
      error: "text-bg-danger",
      conflict: "text-bg-danger",
    }[state];
    const badgeText = {
      saved: t("saved"),
      waiting: t("waiting"),
      sending: t("sending"),
      error: t("error"),
      conflict: t("conflict"),
    }[state];
    if (state !== "conflict") {
      // (A conflict says so in its own box.)
      const badge = el("span", "badge note-state " + badgeClass, badgeText);
      badge.dataset.state = state;
      const stateLine = el("p", "mb-2");
      stateLine.append(badge);
      li.append(stateLine);
    }

    if (state === "error") {
      const message = el("p", "note-error text-danger fw-semibold mb-2", errorText(item.op));
      message.setAttribute("role", "alert");
      li.append(message);
    }
    if (state === "conflict") {
      li.append(conflictBox(item));
      return;
    }
    if (confirming.has(item.key)) {
      li.append(confirmBox(item));
      return;
    }
    if (!open || item.op && item.op.key === inflightKey) {
      return;
    }
    const buttons = el("div", "note-buttons d-flex flex-wrap gap-2");
    if (!deleting) {
      buttons.append(
        button(t("edit"), "btn-outline-primary note-edit-button", function () {
          startEditing(item);
        }),
      );
      buttons.append(
        button(t("delete"), "btn-outline-danger note-delete-button", function () {
          confirming.add(item.key);
          render();
          const confirmButton = findItem(item.key)?.querySelector(".note-confirm-delete");
          if (confirmButton) {
            confirmButton.focus();
          }
        }),
      );
    }
    li.append(buttons);
  }

  function errorText(op) {
    const parts = [];
    if (op.errors && typeof op.errors === "object") {
      Object.keys(op.errors).forEach(function (field) {
        const messages = op.errors[field];
        (Array.isArray(messages) ? messages : [messages]).forEach(function (message) {
          if (message && parts.indexOf(String(message)) < 0) {
            parts.push(String(message));
          }
        });
      });
    }
    if (!parts.length && op.message) {
      parts.push(op.message);
    }
    return parts.length ? parts.join(" ") : t("error");
  }

  function confirmBox(item) {
    const box = el("div", "note-confirm");
    box.append(el("p", "fw-semibold mb-2", t("confirmDelete")));
    const buttons = el("div", "d-flex flex-wrap gap-2");
    buttons.append(
      button(t("delete"), "btn-danger note-confirm-delete", function () {
        confirming.delete(item.key);
        queueDelete(item);
      }),
    );
    buttons.append(
      button(t("cancel"), "btn-outline-secondary note-cancel", function () {
        confirming.delete(item.key);
        render();
        focusItemButton(item.key);
      }),
    );
    box.append(buttons);
    return box;
  }

  function conflictBox(item) {
    const op = item.op;
    const stored = op.stored || null;
    const box = el("div", "note-conflict alert alert-warning mb-0");
    box.setAttribute("role", "alert");
    box.append(el("p", "fw-semibold", op.message || t("conflict")));
    if (op.op !== "delete") {
      box.append(el("p", "note-conflict-label mb-1 small fw-semibold", t("yours")));
      const mine = el("p", "note-text note-conflict-mine", op.text);
      mine.dir = "auto";
      box.append(mine);
      if (op.actions) {
        const actions = el("p", "note-actions note-conflict-mine-actions", op.actions);
        actions.dir = "auto";
        box.append(actions);
      }
    }
    if (stored) {
      box.append(el("p", "note-conflict-label mb-1 small fw-semibold", t("savedVersion")));
      const theirs = el("p", "note-text note-conflict-saved", stored.text);
      theirs.dir = "auto";
      box.append(theirs);
      if (stored.actions) {
        const actions = el("p", "note-actions note-conflict-saved-actions", stored.actions);
        actions.dir = "auto";
        box.append(actions);
      }
    }
    const buttons = el("div", "d-flex flex-wrap gap-2");
    buttons.append(
      button(
        op.op === "delete" ? t("delete") : t("keepMine"),
        "btn-primary note-keep-mine",
        function () {
          keepMine(op);
        },
      ),
    );
    buttons.append(
      button(
        stored ? t("keepSaved") : t("discard"),
        "btn-outline-dark note-keep-saved",
        function () {
          keepSaved(op);
        },
      ),
    );
    box.append(buttons);
    return box;
  }

  function findItem(key) {
    return Array.from(root.querySelectorAll("li.note")).find(function (li) {
      return li.dataset.key === key;
    });
  }
  function focusItemButton(key) {
    const li = findItem(key);
    const target = li && (li.querySelector("button") || li);
    if (target) {
      if (target === li) {
        li.tabIndex = -1;
      }
      target.focus();
    }
  }

  function signature(item) {
    return JSON.stringify([
      item.text,
      item.actions,
      item.issue_id,
      item.note ? item.note.revision : null,
      item.op ? [item.op.op, item.op.state, item.op.message, item.op.stored] : null,
      status(item),
      confirming.has(item.key),
      open,
    ]);
  }

  function render() {
    KINDS.forEach(function (kind) {
      const list = listFor(kind);
      if (!list) {
        return;
      }
      const wanted = items(kind);
      const existing = new Map();
      let empty = null;
      Array.from(list.children).forEach(function (child) {
        if (child.dataset && child.dataset.key) {
          existing.set(child.dataset.key, child);
        } else if (child.classList.contains("note-empty") && !empty) {
          empty = child;
          child.remove();
        } else {
          child.remove(); // the server's markup
        }
      });
      const keep = [];
      wanted.forEach(function (item) {
        let li = existing.get(item.key);
        if (!li) {
          li = el("li", "note card mb-2");
          li.dataset.key = item.key;
        }
        existing.delete(item.key);
        li.dataset.kind = item.kind;
        li.dataset.id = item.note ? String(item.note.id) : "";
        li.dataset.revision = item.note ? String(item.note.revision) : "";
        li.dataset.clientId = item.note
          ? item.note.client_id || ""
          : item.op && item.op.client_id
            ? item.op.client_id
            : "";
        li.dataset.state = status(item);
        if (editing[item.key]) {
          if (!li.querySelector(".note-editor")) {
            renderEditor(li, item);
          }
        } else {
          const sig = signature(item);
          if (li.dataset.signature !== sig) {
            const hadFocus = li.contains(document.activeElement);
            renderBody(li, item);
            li.dataset.signature = sig;
            if (hadFocus) {
              const target = li.querySelector("button");
              (target || li).focus();
            }
          }
        }
        keep.push(li);
      });
      // An item still being edited whose note went away stays until the editor is closed.
      existing.forEach(function (li, key) {
        if (editing[key]) {
          keep.push(li);
        } else {
          li.remove();
        }
      });
      keep.forEach(function (li, index) {
        if (list.children[index] !== li) {
          list.insertBefore(li, list.children[index] || null);
        }
      });
      if (!keep.length) {
        list.append(empty || el("li", "note-empty text-body-secondary", t("noNotes")));
      }
      const count = root.querySelector('.note-count[data-kind="' + kind + '"]');
      if (count) {
        count.textContent = number(keep.length);
      }
    });
    sections().forEach(function (section) {
      const form = section.querySelector(".note-form");
      if (form) {
        form.hidden = !open;
      }
    });
    root.dataset.open = open ? "true" : "false";
    renderStatus();
  }

  function renderStatus() {
    const line = document.getElementById("sync-status");
    if (!line) {
      return;
    }
    // "online" says every note is saved; otherwise: offline, and how many notes wait.
    const parts = [];
    const count = waitingCount();
    const waitingText = t("waitingCount").replace("%(count)s", number(count));
    if (!online) {
      parts.push(t("offline"));
      if (count) {
        parts.push(waitingText);
      }
    } else if (count) {
      parts.push(waitingText);
    } else if (!problem) {
      parts.push(t("online"));
    }
    if (problem) {
      parts.push(problemMessage || t(problem));
    }
    const text = parts.join(" ");
    if (line.textContent !== text) {
      line.textContent = text;
    }
    line.dataset.online = online ? "true" : "false";
    line.dataset.waiting = String(count);
    line.classList.add("sync-status");
    line.classList.toggle("is-offline", !online);
    line.classList.toggle("is-waiting", count > 0);
    line.classList.toggle("is-problem", Boolean(problem));
  }

  /* ---------- the add forms ---------- */

  const DRAFT_FIELDS = ["text", "actions", "issue"];
  function draftKey(kind, name) {
    return "spcp:draft:" + group + ":" + kind + ":" + name;
  }

  root.querySelectorAll(".note-form[data-kind]").forEach(function (form) {
    const kind = form.dataset.kind;
    DRAFT_FIELDS.forEach(function (name) {
      const field = form.elements[name];
      if (!field || !field.tagName) {
        return;
      }
      const draft = load(draftKey(kind, name), null);
      if (typeof draft === "string" && draft !== "") {
        if (field.tagName === "SELECT") {
          // Only an option that still exists.
          if (Array.from(field.options).some(function (option) {
            return option.value === draft;
          })) {
            field.value = draft;
          }
        } else if (!field.value) {
          field.value = draft;
        }
      }
      const keep = function () {
        store(draftKey(kind, name), field.value === "" ? null : field.value);
      };
      field.addEventListener("input", keep);
      field.addEventListener("change", keep);
    });
    if (form.elements.text) {
      form.elements.text.required = true;
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      queueCreate(form);
    });
  });

  function fieldValue(form, name) {
    const field = form.elements[name];
    return field && typeof field.value === "string" ? field.value : "";
  }
  function issueValue(value) {
    return value === "" || value === null || value === undefined ? null : Number(value);
  }

  function queueCreate(form) {
    const kind = form.dataset.kind;
    const textField = form.elements.text;
    const text = fieldValue(form, "text");
    if (!text.trim()) {
      // Also the second tap of a double tap: the first already queued the note and emptied
      // the form.
      if (textField) {
        textField.focus();
      }
      return;
    }
    if (!open) {
      renderStatus();
      return;
    }
    const op = {
      key: uuid(),
      op: "create",
      kind: kind,
      client_id: uuid(),
      text: text,
      actions: kind === "solution" ? fieldValue(form, "actions") : "",
      issue_id: kind === "solution" ? issueValue(fieldValue(form, "issue")) : null,
      state: "waiting",
      queued_at: Date.now(),
    };
    outbox.push(op);
    saveOutbox();
    // Cleared only once the note is safely in the outbox. The priority issue stays chosen:
    // a group often writes several solutions for one issue.
    ["text", "actions"].forEach(function (name) {
      if (form.elements[name]) {
        form.elements[name].value = "";
        store(draftKey(kind, name), null);
      }
    });
    render();
    if (textField) {
      textField.focus();
    }
    flush();
  }

  /* ---------- inline editing and deleting ---------- */

  function startEditing(item) {
    editing[item.key] = {
      kind: item.kind,
      text: item.text,
      actions: item.actions || "",
      issue_id: item.issue_id,
      base_revision: item.note ? item.note.revision : null,
    };
    saveEditing();
    const li = findItem(item.key);
    if (li) {
      renderEditor(li, item);
      const field = li.querySelector("textarea");
      if (field) {
        field.focus();
      }
    }
  }

  function renderEditor(li, item) {
    const draft = editing[item.key];
    li.replaceChildren();
    li.dataset.signature = "";
    const editor = el("div", "note-editor card-body p-3");
    const idBase = "edit-" + item.key.replace(/[^a-zA-Z0-9-]/g, "-");
    function addField(name, control, labelText) {
      const wrapper = el("div", "mb-2");
      const label = el("label", "form-label", labelText);
      control.id = idBase + "-" + name;
      label.htmlFor = control.id;
      wrapper.append(label, control);
      editor.append(wrapper);
      const keep = function () {
        if (!editing[item.key]) {
          return;
        }
        editing[item.key][name === "issue" ? "issue_id" : name] =
          name === "issue" ? issueValue(control.value) : control.value;
        saveEditing();
      };
      control.addEventListener("input", keep);
      control.addEventListener("change", keep);
    }
    const text = el("textarea", "form-control");
    text.name = "text";
    text.dir = "auto";
    text.rows = 4;
    text.required = true;
    text.value = draft.text || "";
    addField("text", text, labelFor(item.kind, "text", "edit"));
    if (item.kind === "solution") {
      const addSelect = formFor("solution") && formFor("solution").elements.issue;
      if (addSelect && addSelect.tagName === "SELECT") {
        const select = addSelect.cloneNode(true);
        ["id", "aria-describedby", "aria-invalid"].forEach(function (name) {
          select.removeAttribute(name);
        });
        select.value = draft.issue_id === null || draft.issue_id === undefined ? "" : String(draft.issue_id);
        addField("issue", select, labelFor("solution", "issue", "issue"));
      }
      const actions = el("textarea", "form-control");
      actions.name = "actions";
      actions.dir = "auto";
      actions.rows = 3;
      actions.value = draft.actions || "";
      addField("actions", actions, labelFor("solution", "actions", "actions"));
    }
    const buttons = el("div", "d-flex flex-wrap gap-2");
    buttons.append(
      button(t("save"), "btn-primary note-save", function () {
        const current = editing[item.key];
        if (!current || !String(current.text || "").trim()) {
          text.focus();
          text.reportValidity();
          return;
        }
        finishEditing(item, current);
      }),
    );
    buttons.append(
      button(t("cancel"), "btn-outline-secondary note-cancel", function () {
        delete editing[item.key];
        saveEditing();
        li.dataset.signature = "";
        render();
        focusItemButton(item.key);
      }),
    );
    editor.append(buttons);
    li.append(editor);
  }

  function finishEditing(item, values) {
    delete editing[item.key];
    saveEditing();
    const fields = {
      text: values.text,
      actions: item.kind === "solution" ? values.actions || "" : "",
      issue_id: item.kind === "solution" ? values.issue_id : null,
    };
    // Where the note is now (it may have been sent while the editor was open).
    const op = item.op ? findOp(item.op.key) : null;
    let note = item.note;
    if (!note && item.op && item.op.client_id) {
      note =
        Array.from(serverNotes.values()).find(function (stored) {
          return stored.client_id === item.op.client_id;
        }) || null;
    }
    const base =
      values.base_revision === null || values.base_revision === undefined
        ? note && note.revision
        : values.base_revision;
    if (op && op.key !== inflightKey && op.op !== "delete") {
      // Not sent yet (or refused): change what will be sent.
      Object.assign(op, fields, { state: "waiting", message: null, errors: null, stored: null });
    } else if (note) {
      outbox.push(
        Object.assign(
          {
            key: uuid(),
            op: "update",
            kind: item.kind,
            id: note.id,
            base_revision: base,
            state: "waiting",
            queued_at: Date.now(),
          },
          fields,
        ),
      );
    } else if (op && op.key === inflightKey && op.op === "create") {
      // Being created right now: the change goes once the server has answered with the
      // note's id and revision.
      outbox.push(
        Object.assign(
          {
            key: uuid(),
            op: "update",
            kind: item.kind,
            id: null,
            after: op.client_id,
            base_revision: null,
            state: "waiting",
            queued_at: Date.now(),
          },
          fields,
        ),
      );
    } else {
      // The note is gone (deleted elsewhere, or discarded): keep this text as a new note.
      outbox.push(
        Object.assign(
          {
            key: uuid(),
            op: "create",
            kind: item.kind,
            client_id: uuid(),
            state: "waiting",
            queued_at: Date.now(),
          },
          fields,
        ),
      );
    }
    saveOutbox();
    const li = findItem(item.key);
    if (li) {
      li.dataset.signature = "";
    }
    render();
    focusItemButton(item.key);
    flush();
  }

  function queueDelete(item) {
    const op = item.op ? findOp(item.op.key) : null;
    if (op && op.key !== inflightKey && op.op === "create") {
      // Never sent: nothing to delete on the server (nor changes waiting for it).
      removeOp(op);
      outbox = outbox.filter(function (other) {
        return !other.after || other.after !== op.client_id;
      });
      saveOutbox();
    } else if (item.note) {
      let base = item.note.revision;
      if (op && op.key !== inflightKey && op.op === "update") {
        base = op.base_revision;
        removeOp(op);
      }
      outbox.push({
        key: uuid(),
        op: "delete",
        kind: item.kind,
        id: item.note.id,
        base_revision: base,
        text: item.note.text,
        state: "waiting",
        queued_at: Date.now(),
      });
      saveOutbox();
    } else {
      render();
      return;
    }
    render();
    const form = formFor(item.kind);
    const field = form && !form.hidden && form.elements.text;
    if (field) {
      field.focus();
    }
    flush();
  }

  function keepMine(op) {
    const current = findOp(op.key);
    if (!current) {
      return;
    }
    const stored = current.stored || null;
    if (current.op === "update" && !stored) {
      // Deleted on another phone: store this text as a new note.
      current.op = "create";
      current.client_id = uuid();
      current.id = null;
    } else if (stored) {
      current.base_revision = stored.revision;
    }
    current.state = "waiting";
    current.stored = null;
    current.message = null;
    saveOutbox();
    render();
    flush();
  }

  function keepSaved(op) {
    const current = findOp(op.key);
    if (!current) {
      return;
    }
    if (current.stored) {
      serverNotes.set(noteKey(current.stored.kind || current.kind, current.stored.id), current.stored);
    }
    removeOp(current);
    render();
    focusItemButton(noteKey(current.kind, current.id));
  }

  /* ---------- talking to the server ---------- */

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) {
      return decodeURIComponent(match[1]);
    }
    const input = root.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  function body(op) {
    const payload = { op: op.op, kind: op.kind };
    if (op.op === "create") {
      payload.client_id = op.client_id;
    } else {
      payload.id = op.id;
      payload.base_revision = op.base_revision;
    }
    if (op.op !== "delete") {
      payload.text = op.text;
      payload.actions = op.actions || "";
      payload.issue_id = op.issue_id === undefined ? null : op.issue_id;
    }
    return JSON.stringify(payload);
  }

  function request(options) {
    const controller = typeof AbortController === "function" ? new AbortController() : null;
    const timer = controller
      ? window.setTimeout(function () {
          controller.abort();
        }, TIMEOUT_MS)
      : null;
    return fetch(
      api,
      Object.assign({ credentials: "same-origin", redirect: "manual", cache: "no-store" }, options, {
        signal: controller ? controller.signal : undefined,
      }),
    ).finally(function () {
      if (timer) {
        window.clearTimeout(timer);
      }
    });
  }

  function sameFields(note, op) {
    return (
      note.text === op.text &&
      (note.actions || "") === (op.actions || "") &&
      (note.issue_id === undefined ? null : note.issue_id) ===
        (op.issue_id === undefined ? null : op.issue_id)
    );
  }

  async function readJson(response) {
    const type = response.headers.get("Content-Type") || "";
    if (type.indexOf("json") < 0) {
      return null;
    }
    try {
      return await response.json();
    } catch (error) {
      return null;
    }
  }

  function setOnline(value) {
    if (online !== value) {
      online = value;
      renderStatus();
    }
  }
  function setProblem(kind, message) {
    problem = kind;
    problemMessage = message || "";
    renderStatus();
  }
  function setOpen(value, message) {
    const changed = open !== value;
    open = value;
    if (!open) {
      setProblem("closed", message);
    } else if (problem === "closed") {
      setProblem(null);
    }
    if (changed) {
      render();
    }
  }

  // Outcome of one answer: "next" (go on with the outbox) or "stop" (try again later).
  async function handle(op, response) {
    if (response.type === "opaqueredirect" || response.status === 401) {
      setProblem("signedOut");
      return "stop";
    }
    const data = await readJson(response);
    if (response.status >= 500 || (response.status === 0 && !data)) {
      return "stop";
    }
    if (!data) {
      // A page instead of an answer: the sign-in page, or a refused CSRF token.
      setProblem("signedOut");
      return "stop";
    }
    setOnline(true);
    // A change sent again after its answer was lost: the stored note already says it.
    const alreadySaved =
      response.status === 409 && op.op === "update" && data.note && sameFields(data.note, op);
    if (response.ok || alreadySaved) {
      if (problem === "signedOut") {
        setProblem(null);
      }
      writeSeq += 1;
      if (op.op === "delete") {
        serverNotes.delete(noteKey(op.kind, op.id));
      } else if (data.note) {
        serverNotes.set(noteKey(data.note.kind || op.kind, data.note.id), data.note);
        // A change queued while this note was being created now knows the note.
        outbox.forEach(function (other) {
          if (other.after && other.after === op.client_id) {
            other.id = data.note.id;
            other.base_revision = data.note.revision;
            other.after = null;
          }
        });
      }
      removeOp(op);
      return "next";
    }
    const current = findOp(op.key);
    if (response.status === 409) {
      if (current) {
        current.state = "conflict";
        current.stored = data.note || null;
        current.message = data.message || null;
        saveOutbox();
      }
      return "next";
    }
    if (response.status === 400) {
      if (current) {
        current.state = "error";
        current.errors = data.errors || null;
        current.message = data.message || null;
        saveOutbox();
      }
      return "next";
    }
    if (response.status === 403 && data.error === "closed") {
      setOpen(false, data.message);
      return "stop";
    }
    // 403 otherwise, 404: this person may no longer see the group (signed out, link revoked).
    setProblem("signedOut", data.message);
    return "stop";
  }

  let flushing = false;
  let flushAgain = false;
  async function flush() {
    if (flushing) {
      flushAgain = true;
      return;
    }
    if (!api) {
      return;
    }
    if (navigator.onLine === false) {
      // Surely offline (no network at all): nothing is tried until the "online" event; the
      // last known notes still come from the service worker.
      setOnline(false);
      sync();
      return;
    }
    if (!open) {
      sync(); // learns when staff reopen the round
      return;
    }
    flushing = true;
    try {
      let progress = true;
      while (progress) {
        progress = false;
        const op = outbox.find(function (candidate) {
          return candidate.state === "waiting" && !candidate.after;
        });
        if (!op) {
          break;
        }
        if (op.op !== "create" && (op.id === null || op.id === undefined)) {
          break;
        }
        inflightKey = op.key;
        render();
        let response;
        try {
          response = await request({
            method: "POST",
            headers: {
              "Content-Type": "application/json",
              Accept: "application/json",
              "X-CSRFToken": csrfToken(),
            },
            body: body(op),
          });
        } catch (error) {
          setOnline(false);
          break;
        } finally {
          inflightKey = null;
        }
        const outcome = await handle(op, response);
        render();
        progress = outcome === "next";
      }
    } finally {
      inflightKey = null;
      flushing = false;
      render();
    }
    if (flushAgain) {
      flushAgain = false;
      flush();
    } else {
      sync();
    }
  }

  let syncing = false;
  async function sync() {
    if (syncing || !api) {
      return;
    }
    syncing = true;
    const seq = writeSeq;
    try {
      const response = await request({ headers: { Accept: "application/json" } });
      if (response.type === "opaqueredirect" || response.status === 401) {
        setProblem("signedOut");
        return;
      }
      const data = response.ok ? await readJson(response) : null;
      if (!data) {
        if (response.status === 404 || response.status === 403) {
          setProblem("signedOut");
        }
        return;
      }
      // The service worker marks an answer it took from its cache (no connection).
      const fromCache = response.headers.get("X-SPCP-From-Cache") === "1";
      setOnline(!fromCache);
      if (!fromCache && problem === "signedOut") {
        setProblem(null);
      }
      merge(Array.isArray(data.notes) ? data.notes : [], !fromCache && seq === writeSeq);
      if (typeof data.open === "boolean") {
        setOpen(data.open);
      }
    } catch (error) {
      setOnline(false);
    } finally {
      syncing = false;
      render();
    }
  }

  // The server's list replaces ours when it is fresh and no write finished meanwhile;
  // otherwise (an old list from the cache, or one sent before our last write) it only adds
  // notes and newer revisions.
  function merge(notes, replace) {
    const incoming = new Map();
    notes.forEach(function (note) {
      if (note && KINDS.indexOf(note.kind) >= 0 && note.id !== undefined) {
        incoming.set(noteKey(note.kind, note.id), note);
      }
    });
    if (replace) {
      serverNotes.clear();
      incoming.forEach(function (note, key) {
        serverNotes.set(key, note);
      });
    } else {
      incoming.forEach(function (note, key) {
        const known = serverNotes.get(key);
        if (!known || (note.revision || 0) >= (known.revision || 0)) {
          serverNotes.set(key, note);
        }
      });
    }
    // A note this phone created whose answer was lost: the server has it, so its copy in
    // the outbox is done (or, if it was changed since, becomes a change of that note).
    let changed = false;
    outbox.slice().forEach(function (op) {
      if (op.op !== "create" || !op.client_id || op.key === inflightKey) {
        return;
      }
      const stored = Array.from(incoming.values()).find(function (note) {
        return note.client_id && note.client_id === op.client_id;
      });
      if (!stored) {
        return;
      }
      changed = true;
      if (sameFields(stored, op)) {
        outbox = outbox.filter(function (other) {
          return other.key !== op.key;
        });
      } else {
        Object.assign(op, { op: "update", id: stored.id, base_revision: stored.revision });
      }
    });
    if (changed) {
      saveOutbox();
    }
  }

  /* ---------- start ---------- */

  // Other tabs of this page on the same phone share the outbox.
  window.addEventListener("storage", function (event) {
    if (event.key === OUTBOX_KEY) {
      const fresh = load(OUTBOX_KEY, []);
      outbox = Array.isArray(fresh) ? fresh : [];
      render();
    }
  });
  window.addEventListener("online", function () {
    setOnline(true);
    flush();
  });
  window.addEventListener("offline", function () {
    setOnline(false);
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      flush();
    }
  });

  render();

  window.setInterval(function () {
    if (document.visibilityState === "hidden") {
      return;
    }
    if (
      outbox.some(function (op) {
        return op.state === "waiting";
      })
    ) {
      flush();
    } else {
      sync();
    }
  }, POLL_MS);
  flush();

  /* ---------- service worker: the page opens offline once visited ---------- */

  function registerServiceWorker() {
    if (!swUrl || !("serviceWorker" in navigator)) {
      return;
    }
    navigator.serviceWorker
      .register(swUrl)
      .then(function () {
        return navigator.serviceWorker.ready;
      })
      .then(function (registration) {
        const urls = [location.href.split("#")[0], registration.scope, api];
        document
          .querySelectorAll('link[rel~="stylesheet"][href], script[src]')
          .forEach(function (element) {
            urls.push(element.href || element.src);
          });
        const sameOrigin = urls.filter(function (url) {
          try {
            return new URL(url, location.href).origin === location.origin;
          } catch (error) {
            return false;
          }
        });
        return askToCache(registration.active, sameOrigin);
      })
      .then(function (answer) {
        if (answer && answer.cached) {
          root.dataset.offlineReady = "true";
        }
      })
      .catch(function () {
        // Without a service worker the page still works; it just does not open offline.
      });
  }

  function askToCache(worker, urls) {
    return new Promise(function (resolve) {
      if (!worker) {
        resolve(null);
        return;
      }
      const channel = new MessageChannel();
      const timer = window.setTimeout(function () {
        resolve(null);
      }, 20000);
      channel.port1.onmessage = function (event) {
        window.clearTimeout(timer);
        resolve(event.data);
      };
      worker.postMessage({ type: "spcp-cache-urls", urls: urls }, [channel.port2]);
    });
  }

  if (document.readyState === "complete") {
    registerServiceWorker();
  } else {
    window.addEventListener("load", registerServiceWorker);
  }
})();
