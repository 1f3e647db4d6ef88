{% load i18n static %}{% get_current_language as LANGUAGE_CODE %}{% get_current_language_bidi as LANGUAGE_BIDI %}/*
 * The facilitators' service worker (scope: "{{ scope|escapejs }}", the facilitators' pages in
 * one language). Rendered by facilitator_portal.views.service_worker: public, no user data.
 *
 * What it does, with Workbox (vendored in static/vendor/workbox/, never from a CDN):
 * - pages in the scope (navigations): network first, with a 3-second timeout, else the copy
 *   kept from the last visit, so a note page once opened opens again without a connection;
 *   a page never visited gets a short "you are offline" page in the person's language;
 * - the group's notes (GET .../notes.json): network first, else the last list kept, so the
 *   page shows the last known notes offline;
 * - static files (/static/): kept, served at once and refreshed in the background;
 * - POSTs are never cached or replayed here: the page's outbox (static/facilitator/notes.js)
 *   holds notes that could not be sent and sends them once the connection returns.
 * An answer taken from a cache carries the header "X-SPCP-From-Cache: 1", so the page knows
 * it is offline. The page also asks (message "spcp-cache-urls") to keep itself and its
 * assets right after its first visit, before this worker controlled it.
 */
"use strict";
importScripts("{% static 'vendor/workbox/workbox-sw.js' %}");
workbox.setConfig({ modulePathPrefix: "{% static 'vendor/workbox/' %}", debug: false });

// A service worker may import scripts only while it first runs: load every module now.
const { clientsClaim } = workbox.core;
const { registerRoute, setCatchHandler } = workbox.routing;
const { NetworkFirst, StaleWhileRevalidate } = workbox.strategies;
const { CacheableResponsePlugin } = workbox.cacheableResponse;
const { ExpirationPlugin } = workbox.expiration;

const ASSETS = {{ assets_json|safe }};
const SCOPE = new URL("{{ scope|escapejs }}", self.location.href).pathname;
const STATIC_PREFIX = new URL("{% get_static_prefix %}", self.location.href).pathname;
const STRINGS = {{ strings_json|safe }};
const LANGUAGE = "{{ LANGUAGE_CODE|escapejs }}";
const DIRECTION = "{% if LANGUAGE_BIDI %}rtl{% else %}ltr{% endif %}";

// One set of caches per language scope; the version suffix lets a later worker drop them.
const VERSION = "v1";
const PAGES = `spcp-facilitator-pages-${LANGUAGE}-${VERSION}`;
const NOTES = `spcp-facilitator-notes-${LANGUAGE}-${VERSION}`;
const STATIC = `spcp-static-${VERSION}`;
const OURS = [PAGES, NOTES, STATIC];
// Django varies its pages on Cookie and Accept-Language; the language is in the URL, and the
// cookie is not visible here, so the kept copy matches whatever those headers say.
const matchOptions = { ignoreVary: true };
// Pages and notes hold what groups said: keep them two weeks at most (a facilitator's link
// ends a week after the breakout sessions close).
const TWO_WEEKS = 14 * 24 * 60 * 60;

const onlyComplete = new CacheableResponsePlugin({ statuses: [200] });
const markFromCache = {
  // Called only when a cached copy is about to be used (no network, or too slow).
  cachedResponseWillBeUsed: async ({ cachedResponse }) => {
    if (!cachedResponse) {
      return cachedResponse;
    }
    const headers = new Headers(cachedResponse.headers);
    headers.set("X-SPCP-From-Cache", "1");
    return new Response(await cachedResponse.blob(), {
      status: cachedResponse.status,
      statusText: cachedResponse.statusText,
      headers,
    });
  },
};

function inScope(url) {
  return url.origin === self.location.origin && url.pathname.startsWith(SCOPE);
}
function isNotes(url) {
  return inScope(url) && url.pathname.endsWith("/notes.json");
}
function isStatic(url) {
  return url.origin === self.location.origin && url.pathname.startsWith(STATIC_PREFIX);
}

registerRoute(
  ({ request, url }) => request.mode === "navigate" && inScope(url),
  new NetworkFirst({
    cacheName: PAGES,
    networkTimeoutSeconds: 3,
    matchOptions,
    plugins: [
      onlyComplete,
      new ExpirationPlugin({ maxEntries: 60, maxAgeSeconds: TWO_WEEKS }),
      markFromCache,
    ],
  }),
);
registerRoute(
  ({ url }) => isNotes(url),
  new NetworkFirst({
    cacheName: NOTES,
    networkTimeoutSeconds: 3,
    matchOptions,
    plugins: [
      onlyComplete,
      new ExpirationPlugin({ maxEntries: 60, maxAgeSeconds: TWO_WEEKS }),
      markFromCache,
    ],
  }),
);
registerRoute(
  ({ url }) => isStatic(url),
  new StaleWhileRevalidate({
    cacheName: STATIC,
    matchOptions,
    plugins: [onlyComplete, new ExpirationPlugin({ maxEntries: 120 })],
  }),
);

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// A page never opened before cannot come from the cache: say so in the person's language.
setCatchHandler(async ({ request }) => {
  if (request.mode !== "navigate") {
    return Response.error();
  }
  const home = await caches.open(PAGES).then((cache) => cache.match(SCOPE, matchOptions));
  const body =
    `<!DOCTYPE html><html lang="${escapeHtml(LANGUAGE)}" dir="${DIRECTION}"><head>` +
    `<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(STRINGS.offlineTitle || "Offline")}</title></head><body><main>` +
    `<h1>${escapeHtml(STRINGS.offlineTitle || "Offline")}</h1>` +
    `<p>${escapeHtml(STRINGS.offline || "")}</p>` +
    (home && STRINGS.home ? `<p><a href="${escapeHtml(SCOPE)}">${escapeHtml(STRINGS.home || "")}</a></p>` : "") +
    `</main></body></html>`;
  return new Response(body, {
    status: 503,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": "default-src 'none'; base-uri 'none'; form-action 'none'",
      "X-SPCP-From-Cache": "1",
    },
  });
});

async function keep(cacheName, url, { refresh }) {
  const cache = await caches.open(cacheName);
  if (!refresh && (await cache.match(url, matchOptions))) {
    return false;
  }
  const response = await fetch(url, { credentials: "same-origin", redirect: "manual" });
  if (response.status !== 200 || response.type !== "basic") {
    return false;
  }
  await cache.put(url, response);
  return true;
}

// Keep the static files every page needs as soon as this worker installs.
self.addEventListener("install", (event) => {
  event.waitUntil(
    Promise.all(
      ASSETS.map((asset) =>
        keep(STATIC, new URL(asset, self.location.href).href, { refresh: false }).catch(
          () => false,
        ),
      ),
    ).then(() => self.skipWaiting()),
  );
});
self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter(
              (name) =>
                !OURS.includes(name) &&
                (name.startsWith("spcp-static-") ||
                  name.startsWith(`spcp-facilitator-pages-${LANGUAGE}-`) ||
                  name.startsWith(`spcp-facilitator-notes-${LANGUAGE}-`)),
            )
            .map((name) => caches.delete(name)),
        ),
      ),
  );
});
clientsClaim();

// The page, right after its first visit (it was loaded before this worker controlled it),
// asks to keep itself, its assets and its notes. Only this site's URLs, in this scope or
// under /static/, are fetched.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "spcp-cache-urls" || !Array.isArray(data.urls)) {
    return;
  }
  const port = event.ports && event.ports[0];
  const work = (async () => {
    let cached = 0;
    for (const raw of data.urls.slice(0, 40)) {
      let url;
      try {
        url = new URL(String(raw), self.location.href);
      } catch (error) {
        continue;
      }
      url.hash = "";
      const cacheName = isStatic(url)
        ? STATIC
        : isNotes(url)
          ? NOTES
          : inScope(url) && url.pathname !== new URL(self.location.href).pathname
            ? PAGES
            : null;
      if (!cacheName) {
        continue;
      }
      try {
        if (await keep(cacheName, url.href, { refresh: cacheName !== STATIC })) {
          cached += 1;
        } else if (cacheName === STATIC) {
          cached += 1; // already kept
        }
      } catch (error) {
        // No connection: the next visit tries again.
      }
    }
    if (port) {
      port.postMessage({ cached });
    }
  })();
  event.waitUntil(work);
});
