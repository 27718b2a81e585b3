// The portal's service worker: static files from the cache first, pages from the network first
// with the copy kept last time as the fallback, and push notifications for job alerts. Which
// pages may be kept, and whose they are, the server says in response headers (see
// portal/webapp/offline.py). Rendered by portal/webapp/views.py; the version changes with
// every change to a static file, which installs a new worker and drops the old caches.
"use strict";

const VERSION = {{ version | tojson }};
const STATIC_CACHE = "static-" + VERSION;
const PUBLIC_PAGES = "pages-public";
const PERSONAL_PREFIX = "pages-personal-";  // + the visitor tag: one person's pages
const STATIC_PREFIXES = {{ static_prefixes | tojson }};
const PRECACHED = {{ precached | tojson }};
const OFFLINE_URL = {{ offline_url | tojson }};
const SIGN_OUT_URL = {{ sign_out_url | tojson }};
const SAVED_MARK = "<!-- saved-copy -->";
const PAGES_KEPT = 60;  // per cache; the oldest go first

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(STATIC_CACHE);
    // Without cookies: the offline page must hold nothing of whoever installed the app.
    await cache.addAll(PRECACHED.map((url) => new Request(url, { credentials: "omit" })));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names
      .filter((name) => name.startsWith("static-") && name !== STATIC_CACHE)
      .map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

async function dropPersonalPages(except) {
  const names = await caches.keys();
  await Promise.all(names
    .filter((name) => name.startsWith(PERSONAL_PREFIX) && name !== except)
    .map((name) => caches.delete(name)));
}

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "signed-out") {
    event.waitUntil(dropPersonalPages(null));
  }
});

function isStatic(url) {
  return url.origin === self.location.origin &&
    STATIC_PREFIXES.some((prefix) => url.pathname.startsWith(prefix));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET") {
    // Never kept. Signing out drops the personal pages as the request leaves.
    if (request.mode === "navigate" && url.pathname === SIGN_OUT_URL) {
      event.waitUntil(dropPersonalPages(null));
    }
    return;
  }
  if (request.mode === "navigate" && url.origin === self.location.origin) {
    event.respondWith(page(event));
  } else if (isStatic(url)) {
    event.respondWith(staticFile(request));
  }
  // Anything else (scripts' requests, other sites) goes to the network as if we were not here.
});

async function staticFile(request) {
  const cache = await caches.open(STATIC_CACHE);
  const cached = await cache.match(request, { ignoreVary: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") {
    await cache.put(request, response.clone());
  }
  return response;
}

async function page(event) {
  const request = event.request;
  let response;
  try {
    response = await fetch(request);
  } catch (offline) {
    return (await savedCopy(request)) || (await offlinePage());
  }
  event.waitUntil(keep(request, response.clone()));
  return response;
}

async function keep(request, response) {
  const visitor = response.headers.get("X-Visitor");
  if (!visitor) return;  // not one of our pages
  const personal = visitor === "anonymous" ? null : PERSONAL_PREFIX + visitor;
  await dropPersonalPages(personal);
  const kind = response.headers.get("X-Offline-Copy");
  if (response.status !== 200 || response.redirected || !kind) return;
  if (kind === "personal" && !personal) return;
  const headers = new Headers(response.headers);
  headers.set("X-Saved-At", new Date().toISOString());
  const body = await response.blob();
  const copy = new Response(body, { status: 200, statusText: response.statusText, headers });
  const cache = await caches.open(kind === "personal" ? personal : PUBLIC_PAGES);
  await cache.put(request.url, copy);
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.max(0, keys.length - PAGES_KEPT)).map((key) => cache.delete(key)));
}

async function savedCopy(request) {
  // The signed-in person's copy first (at most one person's pages are kept), then the public one.
  const names = (await caches.keys()).filter((name) => name.startsWith(PERSONAL_PREFIX));
  for (const name of [...names, PUBLIC_PAGES]) {
    const cache = await caches.open(name);
    const cached = await cache.match(request.url, { ignoreVary: true });
    if (cached) return withBanner(cached);
  }
  return null;
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

async function withBanner(cached) {
  const savedAt = cached.headers.get("X-Saved-At") || "";
  const when = savedAt ? new Date(savedAt) : null;
  const label = when ? when.toLocaleString([], { dateStyle: "medium", timeStyle: "short" }) : "earlier";
  const banner =
    '<div class="wrap"><p class="saved-copy" role="status">Saved copy from ' +
    '<time datetime="' + escapeHtml(savedAt) + '">' + escapeHtml(label) + "</time>. " +
    "You are offline: this page may have changed since.</p></div>";
  const html = (await cached.text()).replace(SAVED_MARK, banner);
  const headers = new Headers(cached.headers);
  headers.delete("Content-Length");
  headers.delete("ETag");
  return new Response(html, { status: 200, headers });
}

async function offlinePage() {
  const cache = await caches.open(STATIC_CACHE);
  const cached = await cache.match(OFFLINE_URL);
  return cached || new Response("You are offline.", {
    status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

// Job alerts by push: the payload is {title, body, url} (portal/alerts/push.py).
self.addEventListener("push", (event) => {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch (notJson) { data = {}; }
  event.waitUntil(self.registration.showNotification(data.title || "New jobs", {
    body: data.body || "",
    icon: {{ url_for('static', filename='icons/icon-192.png') | tojson }},
    data: { url: data.url || "/" },
    tag: data.tag || undefined,
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(event.notification.data.url, self.location.origin);
  // Only our own pages: the payload comes from our server, but a link elsewhere has no business here.
  if (target.origin !== self.location.origin) return;
  event.waitUntil(self.clients.openWindow(target.href));
});
