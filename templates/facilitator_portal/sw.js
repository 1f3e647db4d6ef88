/* The facilitators' service worker: a PLACEHOLDER until the note page's script lands
   (static/facilitator/notes.js and this body are written together).
   Context from facilitator_portal.views.service_worker (no user data: the script is public):
     {{ assets_json }}  a JSON list of the static files the pages need
     {{ home_url }} / {{ scope }}  "/<lang>/facilitator/", the worker's scope
     {{ strings_json }}  a JSON object of translated strings (offlineTitle, offline) */
"use strict";
const ASSETS = {{ assets_json|safe }};
const SCOPE = "{{ scope|escapejs }}";
const STRINGS = {{ strings_json|safe }};
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
