// The service worker: after the first visit the page works without a
// network (a classroom with bad Wi-Fi), and a new build replaces the old one
// whole, never file by file.
//
// One build is one cache. sw-build.js (scripts/internal/buildmanifest:
// written by make build, computed per request by scripts/serve) lists every
// file of the build with its SHA-256 and names the set by a version; the
// cache is "hebbplay-build-<version>" (with the manifest itself stored as
// __build.json). The browser compares this script and the
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
//     ready", and reloads.
//   - each page (and its stage, and its Web Workers) keeps the build it was
//     opened with: the worker notes every client's version (in the cache
//     "hebbplay-clients", which outlives the worker) and answers its requests
//     from that version's cache, so another tab that was left on the old
//     build gets old files until it reloads. A cache is deleted once no open
//     page uses it (on activation, and whenever a page starts: 'cleanup').
//   - requests for files that are not part of the build go to the network
//     untouched.
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
const PREFIX = 'hebbplay-build-';
const CLIENTS = 'hebbplay-clients';
const SCOPE = new URL(self.registration.scope);
const inScope = (path) => new URL(path, SCOPE).href;
const MANIFEST_KEY = inScope('__build.json');

// Mismatch is the error of a file whose body is not the build's.
class Mismatch extends Error {}

async function sha256(buf) {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', buf));
  let s = '';
  for (const b of d) s += b.toString(16).padStart(2, '0');
  return s;
}

// A build as the worker uses it: version, cache name, files by path.
function indexed(build) {
  return { version: build.version, cache: PREFIX + build.version, byPath: new Map(build.files.map((f) => [f.path, f])) };
}
const CURRENT = indexed(BUILD);

// buildOf returns the build of a version: this worker's, or an older one
// still cached (its manifest is stored with it), or null.
const builds = new Map([[CURRENT.version, CURRENT]]);
async function buildOf(version) {
  if (builds.has(version)) return builds.get(version);
  if (!(await caches.has(PREFIX + version))) return null;
  const r = await (await caches.open(PREFIX + version)).match(MANIFEST_KEY);
  if (!r) return null;
  const b = indexed(await r.json());
  builds.set(version, b);
  return b;
}

// The version each client (page, frame, Web Worker) runs, by client id.
const clientVersions = new Map();
const clientKey = (id) => inScope('__client/' + encodeURIComponent(id));
async function versionOf(id) {
  if (!id) return null;
  if (clientVersions.has(id)) return clientVersions.get(id);
  const r = await (await caches.open(CLIENTS)).match(clientKey(id));
  const v = r ? await r.text() : null;
  if (v) clientVersions.set(id, v);
  return v;
}
async function remember(id, version) {
  if (!id || clientVersions.get(id) === version) return;
  clientVersions.set(id, version);
  await (await caches.open(CLIENTS)).put(clientKey(id), new Response(version));
}

// fetchVerified fetches one file of a build and returns a response to
// store, or throws (Mismatch when the server sends other bytes).
async function fetchVerified(f, version) {
  const resp = await fetch(inScope(f.path), { cache: 'no-cache', credentials: 'same-origin' });
  if (!resp.ok) throw new Error(`${f.path}: HTTP ${resp.status}`);
  const body = await resp.arrayBuffer();
  const sum = await sha256(body);
  if (sum !== f.sha256) {
    throw new Mismatch(`${f.path} is not the file of build ${version} (the server has another build)`);
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
    const cache = await caches.open(CURRENT.cache);
    // A file an interrupted install already checked and stored is kept.
    await Promise.all(BUILD.files.filter((f) => !f.lazy).map(async (f) => {
      if (await cache.match(inScope(f.path))) return;
      await cache.put(inScope(f.path), await fetchVerified(f, BUILD.version));
    }));
    await cache.put(MANIFEST_KEY, new Response(JSON.stringify(BUILD), { headers: { 'Content-Type': 'application/json' } }));
  })().catch(async (err) => {
    await tell({ type: 'install-failed', version: BUILD.version, message: String(err && err.message || err) });
    throw err;
  }));
});

// cleanup deletes the caches of builds no open client runs, and the notes
// of clients that are gone.
async function cleanup() {
  const live = new Set([CURRENT.version]);
  const alive = new Set((await self.clients.matchAll({ includeUncontrolled: true, type: 'all' })).map((c) => c.id));
  const notes = await caches.open(CLIENTS);
  for (const req of await notes.keys()) {
    const id = decodeURIComponent(req.url.slice(clientKey('').length));
    if (alive.has(id)) live.add(await (await notes.match(req)).text());
    else { clientVersions.delete(id); await notes.delete(req); }
  }
  for (const k of await caches.keys()) {
    if (k.startsWith(PREFIX) && !live.has(k.slice(PREFIX.length))) {
      await caches.delete(k);
      builds.delete(k.slice(PREFIX.length));
    }
  }
}

self.addEventListener('activate', (e) => {
  e.waitUntil((async () => {
    await cleanup();
    // The first install takes the open page over, so that what it fetches
    // later (the MNIST subset) is cached too.
    await self.clients.claim();
  })());
});

self.addEventListener('message', (e) => {
  const msg = e.data || {};
  if (msg.type === 'activate') self.skipWaiting();
  else if (msg.type === 'cleanup') e.waitUntil(cleanup());
  else if (msg.type === 'version' && e.ports[0]) {
    e.waitUntil(versionOf(e.source && e.source.id).then(async (v) => {
      const b = (v && await buildOf(v)) || CURRENT;
      e.ports[0].postMessage({ version: b.version, latest: CURRENT.version, files: b.byPath.size });
    }));
  }
});

self.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  let rel = url.pathname.slice(SCOPE.pathname.length);
  if (rel === '' && req.mode === 'navigate') rel = 'index.html';
  if (rel === 'sw.js' || rel === 'sw-build.js') return;
  e.respondWith(respond(e, rel));
});

// respond answers a file of the build the requesting client runs (a page
// opened now runs this worker's build; its stage and Web Workers run the
// page's), from that build's cache, storing it first when it is not there
// yet (a lazy file, or a cache the browser evicted). Anything else goes to
// the network.
async function respond(e, rel) {
  const req = e.request;
  let b = CURRENT;
  if (req.mode !== 'navigate' && e.clientId) {
    const v = await versionOf(e.clientId);
    b = (v && await buildOf(v)) || CURRENT;
  }
  if (e.resultingClientId) await remember(e.resultingClientId, b.version);
  const f = b.byPath.get(rel);
  if (!f) return fetch(req);
  const cache = await caches.open(b.cache);
  const hit = await cache.match(inScope(f.path));
  if (hit) return hit;
  try {
    const resp = await fetchVerified(f, b.version);
    await cache.put(inScope(f.path), resp.clone());
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
