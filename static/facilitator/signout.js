/*
 * Signing out on a facilitator's phone (loaded for people without an office only).
 *
 * The note page keeps drafts, unsent notes (the outbox) and copies of the pages on the phone
 * so that no word is lost offline (notes.js, the service worker). Signing out:
 * - with notes still waiting to be sent: asks first (the form's data-unsent-warning), and keeps
 *   them, so they are sent the next time someone signs in on this phone for that group;
 * - with nothing waiting: removes what the pages kept (every "spcp:" entry of localStorage,
 *   the service worker's caches, the service worker itself), so the next person to use the
 *   phone finds nothing of the notes.
 * No inline script (the CSP forbids it); text comes from the page, in its language.
 */
(function () {
  "use strict";

  const form = document.querySelector("form[data-sign-out]");
  if (!form) {
    return;
  }

  function keys() {
    const found = [];
    try {
      for (let i = 0; i < window.localStorage.length; i += 1) {
        const key = window.localStorage.key(i);
        if (key && key.indexOf("spcp:") === 0) {
          found.push(key);
        }
      }
    } catch (error) {
      // Storage refused (private mode, settings): nothing was kept either.
    }
    return found;
  }

  function waitingCount() {
    let count = 0;
    keys().forEach(function (key) {
      if (key.indexOf("spcp:outbox:") !== 0) {
        return;
      }
      try {
        const outbox = JSON.parse(window.localStorage.getItem(key) || "[]");
        count += Array.isArray(outbox) ? outbox.length : 0;
      } catch (error) {
        // A damaged entry is not a note.
      }
    });
    return count;
  }

  async function forget() {
    keys().forEach(function (key) {
      try {
        window.localStorage.removeItem(key);
      } catch (error) {
        // Nothing more to do.
      }
    });
    try {
      if (window.caches) {
        const names = await window.caches.keys();
        await Promise.all(
          names
            .filter(function (name) {
              return name.indexOf("spcp-") === 0;
            })
            .map(function (name) {
              return window.caches.delete(name);
            })
        );
      }
      if (navigator.serviceWorker) {
        const registrations = await navigator.serviceWorker.getRegistrations();
        await Promise.all(
          registrations.map(function (registration) {
            return registration.unregister();
          })
        );
      }
    } catch (error) {
      // Signing out matters more than tidying up.
    }
  }

  let leaving = false;
  form.addEventListener("submit", function (event) {
    if (leaving) {
      return;
    }
    event.preventDefault();
    if (waitingCount() > 0) {
      if (window.confirm(form.dataset.unsentWarning || "")) {
        leaving = true;
        form.submit();
      }
      return;
    }
    leaving = true;
    forget().then(function () {
      form.submit();
    });
  });
})();
