/*
 * The program-day page: breakout notes arrive without reloading.
 *
 * The page is rendered with every note (templates/engagements/includes/live_notes.html), so it
 * works without this script. With it, the page asks engagements:program_day_notes (JSON, see
 * engagements/views/live.py) every few seconds and brings each group's card and the counts in
 * the group tables up to date. User text is only ever set with textContent. New notes are
 * highlighted for a moment and announced to screen readers ("3 new notes") at most every 30
 * seconds. Polling pauses while the tab is hidden and resumes at once when it is shown again;
 * after a failed request it waits longer each time (up to a minute).
 *
 * Translated strings come from the page (json_script "program-day-live-config"): this file has
 * no text of its own.
 */
(function () {
  "use strict";

  var configElement = document.getElementById("program-day-live-config");
  if (!configElement || !window.fetch) {
    return;
  }
  var config = JSON.parse(configElement.textContent);
  var strings = config.strings;
  var statusLine = document.getElementById("live-notes-status");
  var announcer = document.getElementById("live-notes-announcement");

  var ANNOUNCE_EVERY_MS = 30000;
  var HIGHLIGHT_MS = 8000;
  var MAX_DELAY_MS = 60000;
  var HIGHLIGHT_CLASS = "bg-warning-subtle";

  var timer = null;
  var inFlight = false;
  var failures = 0;
  var pendingNew = 0;
  var lastAnnouncedAt = 0;
  // Every note the page has shown, so that a note is announced as new once.
  var seen = new Set();
  document.querySelectorAll("[data-live-note]").forEach(function (item) {
    seen.add(item.dataset.liveNote);
  });

  function setStatus(text) {
    if (!statusLine || statusLine.textContent === text) {
      return;
    }
    statusLine.textContent = text;
    statusLine.hidden = !text;
  }

  function announce() {
    var now = Date.now();
    if (!pendingNew || !announcer || now - lastAnnouncedAt < ANNOUNCE_EVERY_MS) {
      return;
    }
    announcer.textContent = strings.new_notes[String(pendingNew)] || strings.many_new_notes;
    pendingNew = 0;
    lastAnnouncedAt = now;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function noteItem(note) {
    var item = element("li", "border-bottom py-1");
    item.dataset.liveNote = note.kind + "-" + note.id;
    item.dataset.updated = note.updated_at;
    var text = element("div", "note-text", note.text);
    text.dir = "auto";
    item.append(text);
    if (note.actions) {
      var actions = element("div", "note-text text-body-secondary", note.actions);
      actions.dir = "auto";
      item.append(actions);
    }
    if (note.kind === "solution") {
      var issue = element("div", "text-body-secondary", strings.issue + " ");
      issue.append(element("bdi", "", note.issue));
      item.append(issue);
    }
    return item;
  }

  function emptyItem() {
    var item = element("li", "text-body-secondary", strings.no_notes);
    item.dataset.liveEmpty = "";
    return item;
  }

  function highlight(item) {
    item.classList.add(HIGHLIGHT_CLASS);
    window.setTimeout(function () {
      item.classList.remove(HIGHLIGHT_CLASS);
    }, HIGHLIGHT_MS);
  }

  function signature(pairs) {
    return pairs.join("|");
  }

  // Bring one list (one kind of note of one group) up to date; returns how many notes it
  // shows for the first time.
  function syncList(list, notes) {
    var shown = {};
    var current = [];
    list.querySelectorAll("li[data-live-note]").forEach(function (item) {
      shown[item.dataset.liveNote] = item;
      current.push(item.dataset.liveNote + "@" + item.dataset.updated);
    });
    var wanted = notes.map(function (note) {
      return note.kind + "-" + note.id + "@" + note.updated_at;
    });
    var hasEmpty = list.querySelector("[data-live-empty]") !== null;
    if (signature(wanted) === signature(current) && (notes.length > 0 || hasEmpty)) {
      return 0;
    }
    var added = 0;
    var fragment = document.createDocumentFragment();
    notes.forEach(function (note) {
      var key = note.kind + "-" + note.id;
      var item = shown[key];
      if (!item || item.dataset.updated !== note.updated_at) {
        item = noteItem(note);
        highlight(item);
        if (!seen.has(key)) {
          added += 1;
          seen.add(key);
        }
      }
      fragment.append(item);
    });
    if (!notes.length) {
      fragment.append(emptyItem());
    }
    list.replaceChildren(fragment);
    return added;
  }

  // A card for a group created after the page was loaded, in its round's list of cards.
  function newCard(group) {
    var container = document.querySelector('[data-live-round="' + group.round + '"]');
    if (!container) {
      return null;
    }
    var column = element("div", "col");
    column.dataset.liveGroup = String(group.id);
    var card = element("article", "card h-100");
    card.setAttribute("aria-labelledby", "live-group-" + group.id);
    var body = element("div", "card-body");
    var heading = element("h4", "h6 card-title");
    heading.id = "live-group-" + group.id;
    var link = element("a", "", group.name);
    link.href = group.url;
    if (!group.generated_name) {
      link.dir = "auto";
    }
    heading.append(link);
    body.append(heading);
    Object.keys(group.counts).forEach(function (kind) {
      var label = element("h5", "small fw-semibold mt-3 mb-1", group.labels[kind]);
      label.dataset.liveLabel = kind;
      var list = element("ul", "list-unstyled small mb-0");
      list.dataset.liveKind = kind;
      body.append(label, list);
    });
    card.append(body);
    column.append(card);
    container.append(column);
    return column;
  }

  function updateGroup(group) {
    var card = document.querySelector('[data-live-group="' + group.id + '"]');
    if (!card) {
      card = newCard(group);
    }
    var added = 0;
    Object.keys(group.counts).forEach(function (kind) {
      var cell = document.querySelector('[data-live-count="' + group.id + "-" + kind + '"]');
      if (cell && cell.textContent !== group.numbers[kind]) {
        cell.textContent = group.numbers[kind];
      }
      if (!card) {
        return;
      }
      var label = card.querySelector('[data-live-label="' + kind + '"]');
      if (label && label.textContent !== group.labels[kind]) {
        label.textContent = group.labels[kind];
      }
      var list = card.querySelector('[data-live-kind="' + kind + '"]');
      if (list) {
        var notes = group.notes.filter(function (note) {
          return note.kind === kind;
        });
        added += syncList(list, notes);
      }
    });
    return added;
  }

  function apply(data) {
    var present = new Set();
    var added = 0;
    data.groups.forEach(function (group) {
      present.add(String(group.id));
      added += updateGroup(group);
    });
    document.querySelectorAll("[data-live-group]").forEach(function (card) {
      if (!present.has(card.dataset.liveGroup)) {
        card.remove();
      }
    });
    pendingNew += added;
    announce();
  }

  function schedule(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(poll, delay);
  }

  function nextDelay() {
    return Math.min(config.interval * Math.pow(2, failures), MAX_DELAY_MS);
  }

  function poll() {
    if (document.hidden) {
      setStatus(strings.paused);
      return;
    }
    if (inFlight) {
      return;
    }
    inFlight = true;
    fetch(config.url, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (response.redirected) {
          throw new Error("signed-out"); // to the sign-in page
        }
        if (!response.ok || type.indexOf("application/json") !== 0) {
          throw new Error("failed");
        }
        return response.json();
      })
      .then(function (data) {
        apply(data);
        failures = 0;
        setStatus(strings.live);
      })
      .catch(function (error) {
        failures += 1;
        setStatus(error && error.message === "signed-out" ? strings.signed_out : strings.offline);
      })
      .then(function () {
        inFlight = false;
        if (!document.hidden) {
          schedule(nextDelay());
        }
      });
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      window.clearTimeout(timer);
      setStatus(strings.paused);
    } else {
      schedule(0);
    }
  });
  window.addEventListener("online", function () {
    failures = 0;
    schedule(0);
  });

  setStatus(strings.live);
  schedule(config.interval);
})();
