// The service worker: after the first visit the page works without a
// network (a classroom with bad Wi-Fi), and a new build replaces the old one
// whole, never file by file.
//
// One build is one cache. sw-build.js (scripts/internal/buildmanifest:
// written by make build, computed per request by scripts/serve) lists every
// file of the build with its SHA-256 and names the set by a version; the
// cache is "hebbplay-<version>". The browser compares this script and the
// scripts it imports byte for byte on each visit, so a new build installs a
// new worker:
//   - install fetches every file of the build (revalidating, so the copies
//     the page just loaded come from the HTTP cache with a 304), checks each
//     body against its hash and stores it. A file that does not match (the
//     server was rebuilt meanwhile) fails the install: the old version keeps
//     serving, and the next visit tries again. Lazy files (the MNIST subset)
//     are fetched, checked and stored when a lab first asks for them.
//   - the new worker then waits; the page (offline.js) activates it (message
//     'activate') at a safe moment, or when the user accepts "A new version is
//     ready", and reloads. activate deletes the caches of other versions.
//   - fetch answers every file of the build from this version's cache; other
//     requests go to the network untouched.
// The stored responses are the decoded bodies (fetch undoes the .br/.gz
// Content-Encoding scripts/serve negotiates) with the server's headers
// (Content-Type, Content-Security-Policy) minus the encoding and length.
//
// Workbox is not used: its precache keys files by a revision it appends to
// URLs and does not check the bodies it stores, and it would bring an npm
// build step to a page whose build is Go only. What is needed here fits in
// this file.
'use strict';
importScripts('sw-build.js');

const BUILD = self.hebbplayBuild;
const PREFIX = 'hebbplay-';
const CACHE = PREFIX + BUILD.version;
const SCOPE = new URL(self.registration.scope);
const byPath = new Map(BUILD.files.map((f) => [f.path, f]));
const urlOf = (f) => new URL(f.path, SCOPE).href;

// Mismatch is the error of a file whose body is not the build's.
class Mismatch extends Error {}

async function sha256(buf) {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', buf));
  let s = '';
  for (const b of d) s += b.toString(16).padStart(2, '0');
  return s;
}

// fetchVerified fetches one file of the build and returns a response to
// store, or throws (Mismatch when the server sends other bytes).
async function fetchVerified(f) {
  const resp = await fetch(urlOf(f), { cache: 'no-cache', credentials: 'same-origin' });
  if (!resp.ok) throw new Error(`${f.path}: HTTP ${resp.status}`);
  const body = await resp.arrayBuffer();
  const sum = await sha256(body);
  if (sum !== f.sha256) {
    throw new Mismatch(`${f.path} is not the file of build ${BUILD.version} (the server was rebuilt meanwhile)`);
  }
  const headers = new Headers(resp.headers);
  for (const h of ['content-encoding', 'content-length', 'vary', 'content-range']) headers.delete(h);
  headers.set('content-length', String(body.byteLength));
  return new Response(body, { status: 200, statusText: 'OK', headers });
}

// tell sends a message to every page of this origin (controlled or not).
async function tell(msg) {
  for (const c of await self.clients.matchAll({ includeUncontrolled: true })) c.postMessage(msg);
}

self.addEventListener('install', (e) => {
  e.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // A file an interrupted install already checked and stored is kept.
    await Promise.all(BUILD.files.filter((f) => !f.lazy).map(async (f) => {
      if (await cache.match(urlOf(f))) return;
      await cache.put(urlOf(f), await fetchVerified(f));
    }));
  })().catch(async (err) => {
    await tell({ type: 'install-failed', version: BUILD.version, message: String(err && err.message || err) });
    throw err;
  }));
});

self.addEventListener('activate', (e) => {
  e.waitUntil((async () => {
    for (const k of await caches.keys()) {
      if (k.startsWith(PREFIX) && k !== CACHE) await caches.delete(k);
    }
    // The first install takes the open page over, so that what it fetches
    // later (the MNIST subset) is cached too.
    await self.clients.claim();
  })());
});

self.addEventListener('message', (e) => {
  const msg = e.data || {};
  if (msg.type === 'activate') self.skipWaiting();
  else if (msg.type === 'version' && e.ports[0]) e.ports[0].postMessage({ version: BUILD.version, files: BUILD.files.length });
});

self.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  let rel = url.pathname.slice(SCOPE.pathname.length);
  if (rel === '' && req.mode === 'navigate') rel = 'index.html';
  const f = byPath.get(rel);
  if (!f || rel === 'sw.js') return; // not part of the build: the network, as without a worker
  e.respondWith(respond(f, req));
});

// respond answers a file of the build from this version's cache, storing it
// first when it is not there yet (a lazy file, or a cache the browser
// evicted).
async function respond(f, req) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(urlOf(f));
  if (hit) return hit;
  try {
    const resp = await fetchVerified(f);
    await cache.put(urlOf(f), resp.clone());
    return resp;
  } catch (err) {
    if (!(err instanceof Mismatch)) return fetch(req); // offline or a server error: as without a worker
    // The server has a newer build: its file would not fit this page's
    // programs. Say so, and let the page offer the new version.
    self.registration.update().catch(() => {});
    return new Response(`hebbplay was updated: reload the page to use the new version (${err.message}).`,
      { status: 503, statusText: 'hebbplay was updated: reload the page', headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
}
