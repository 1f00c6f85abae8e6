// Browser tests of offline use and embedding (web/sw.js, web/offline.js,
// web/embed.js): after one visit the page loads and recalls with the network
// off, with the very numbers it gave online; a new build served later
// replaces the old one whole (never a mix: until the reload the open page
// keeps getting its own build's files, the old cache is gone after it), at
// once on an untouched page and through the "new version" notice on a page
// in use; the classroom dialog's Embed snippet, put into a page of another
// site, runs the configuration with the chosen controls hidden; game.html
// framed directly by another site starts on its own instead of stopping.
// Run alone with
//   make build && cd scripts/browser && SHOTS_DIR=/tmp/shots-offline node --test teach-offline.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { repo, startServer, launch, waitReady, pageURL, shotsDir, assertNotBlank, decodePNG } from './lib.mjs';

const SHOTS = shotsDir('offline-');
const WEB = process.env.WEB_DIR || path.join(repo, 'web');
const HASH = 'v=1&lab=memory&rule=bcpnn&npat=30&nflip=4&seed=11&autoplay=0';
const EXP = 'v=1&lab=memory&screen=experiments&exp=storage&H=8&M=8&exp_rules=hebb,bcpnn&exp_reps=2&nflip=1&autoplay=0';

let server, browser, page, copyDir, copyServer, host;
const pageErrors = [];

before(async () => {
  server = await startServer();
  browser = await launch({ serviceWorkers: 'allow' });
  page = await browser.context.newPage();
  page.on('pageerror', (e) => { pageErrors.push(e.message); console.error('page error:', e.message); });
  // Content-Security-Policy violations (the cached files keep the policy).
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) pageErrors.push(m.text()); });
  host = await startHost();
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.stop();
  if (copyServer) copyServer.stop();
  if (host) host.close();
  if (copyDir) fs.rmSync(copyDir, { recursive: true, force: true });
  console.log(`screenshots: ${SHOTS}`);
});

let n = 0;
async function shot(name, target = page) {
  n++;
  const file = path.join(SHOTS, `offline-${String(n).padStart(2, '0')}-${name}.png`);
  return decodePNG(await target.screenshot({ path: file }));
}

// savedOffline waits until the service worker has stored this build and
// controls the page, and returns the build's version.
async function savedOffline(p = page) {
  await p.waitForFunction(() => window.hebbplayOffline && window.hebbplayOffline.status === 'saved' && navigator.serviceWorker.controller,
    null, { timeout: 180000 });
  return p.evaluate(() => window.hebbplayOffline.version);
}

// recall plays the cued recall to its end in a page or frame and returns the
// summary (correct, overlap, iterations, final state).
async function recall(target) {
  await target.evaluate(() => window.hebbplay.action('play'));
  await target.waitForFunction(() => {
    const s = window.hebbplay.getState();
    return !s.playing && s.summary.steps > 0 && s.summary.step === s.summary.steps;
  }, null, { timeout: 30000 });
  return target.evaluate(() => {
    const s = window.hebbplay.getState();
    return { correct: s.summary.correct, overlap: s.summary.overlap, iterations: s.summary.iterations, state: s.summary.state, text: s.summaryText };
  });
}

let online = null; // the recall of HASH with the network

test('after one visit the page opens and recalls with the network off', async () => {
  await page.goto(pageURL(server, HASH));
  await waitReady(page);
  online = await recall(page);
  assert.equal(typeof online.correct, 'boolean');
  assert.ok(online.iterations >= 1 && online.state.length > 0, `recall: ${JSON.stringify(online)}`);
  const version = await savedOffline();
  assert.match(version, /^[0-9a-f]{16}$/);
  // One build, one cache, holding every file of the build but the lazy data.
  const cache = await page.evaluate(async () => {
    const keys = await caches.keys();
    const c = await caches.open(keys[0]);
    return { keys, urls: (await c.keys()).map((r) => new URL(r.url).pathname.slice(1)).filter((u) => u !== '__build.json').sort() };
  });
  assert.deepEqual(cache.keys.filter((k) => k !== 'hebbplay-clients'), ['hebbplay-build-' + version]);
  const build = await (await fetch(server.url + 'sw-build.js')).text(); // the manifest the worker got
  const files = JSON.parse(build.slice(build.indexOf('{'), build.lastIndexOf('}') + 1)).files;
  assert.deepEqual(cache.urls, files.filter((f) => !f.lazy).map((f) => f.path).sort());
  assert.ok(cache.urls.includes('app.wasm') && cache.urls.includes('worker.wasm') && cache.urls.includes('vendor/chart.umd.min.js'));
  assert.match(await page.textContent('#offline-status'), /Works offline/);
  // The MNIST subset is not stored with the page, but once a lab loads it.
  const mnist = fs.statSync(path.join(WEB, 'mnist-subset.bin')).size;
  assert.equal(await page.evaluate(() => fetch('mnist-subset.bin').then((r) => r.arrayBuffer()).then((b) => b.byteLength)), mnist);
  assert.ok(await page.evaluate((k) => caches.open(k).then((c) => c.match('mnist-subset.bin')).then((r) => !!r), cache.keys.find((k) => k.startsWith('hebbplay-build-'))),
    'the MNIST subset was not stored when loaded');

  await browser.context.setOffline(true);
  try {
    const resp = await page.reload();
    assert.ok(resp.fromServiceWorker(), 'the page did not come from the service worker');
    assert.match((await resp.allHeaders())['content-security-policy'] || '', /script-src 'self' 'wasm-unsafe-eval'/, 'the cached page lost its policy');
    await waitReady(page);
    // The network is really off: what the build does not hold cannot load.
    assert.equal(await page.evaluate(() => fetch('not-in-the-build.txt').then(() => 'loaded', () => 'failed')), 'failed');
    assert.deepEqual(await page.evaluate(() => window.hebbplay.getState().hidden || []), []);
    const offline = await recall(page);
    assert.deepEqual(offline, online, 'offline, the same configuration recalled differently');
    assertNotBlank(await shot('offline-recall'), 'the offline page');
    // The app's own wasm came through the worker, decoded, with its type.
    const wasm = await page.evaluate(async () => {
      const r = await fetch('app.wasm');
      return { type: r.headers.get('content-type'), encoding: r.headers.get('content-encoding'), length: Number(r.headers.get('content-length')), size: (await r.arrayBuffer()).byteLength };
    });
    assert.equal(wasm.type, 'application/wasm');
    assert.equal(wasm.encoding, null);
    assert.equal(wasm.size, fs.statSync(path.join(WEB, 'app.wasm')).size);
    assert.equal(wasm.length, wasm.size);
    assert.equal(await page.evaluate(() => fetch('mnist-subset.bin').then((r) => r.arrayBuffer()).then((b) => b.byteLength)), mnist);
    // The Experiments screen measures offline too (its Web Workers run the
    // cached worker.wasm).
    await page.evaluate((h) => { location.hash = '#' + h; }, EXP);
    await page.waitForFunction(() => { const c = window.hebbplay.getCharts(); return c.active && !c.running && c.done > 0 && c.done === c.total; },
      null, { timeout: 120000, polling: 200 });
    await page.waitForSelector('#charts canvas');
    await shot('offline-experiments');
  } finally {
    await browser.context.setOffline(false);
  }
  assert.deepEqual(pageErrors, []);
});

// A copy of web/ served by a second server, whose files the test edits as a
// rebuild would.
async function serveCopy() {
  copyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hebbplay-offline-web-'));
  fs.cpSync(WEB, copyDir, { recursive: true, filter: (src) => !src.endsWith('sw-build.js') });
  copyServer = await startServer({ dir: copyDir });
}

// rebuild appends a mark to panel.js and game.js of the copy, as a new build.
function rebuild(mark) {
  for (const f of ['panel.js', 'game.js']) {
    fs.appendFileSync(path.join(copyDir, f), `\nwindow.hebbplayBuildMark = ${mark};\n`);
  }
}

const mark = (p) => p.evaluate(() => window.hebbplayBuildMark || 0);
// cacheNames lists the builds cached (the caches but the clients' notes).
const cacheNames = (p) => p.evaluate(() => caches.keys().then((ks) => ks.filter((k) => k !== 'hebbplay-clients').sort()));
// waitCaches waits until the builds cached are exactly those of versions.
async function waitCaches(p, versions) {
  const want = versions.map((v) => 'hebbplay-build-' + v).sort();
  for (let i = 0; i < 100; i++) {
    const got = await cacheNames(p);
    if (JSON.stringify(got) === JSON.stringify(want)) return;
    await p.waitForTimeout(100);
  }
  assert.deepEqual(await cacheNames(p), want, 'the cached builds');
}

// servedMark is the last build mark in a file as the page gets it now.
const servedMark = (p, file) => p.evaluate((f) => fetch(f).then((r) => r.text()).then((t) => Number([0, ...t.matchAll(/hebbplayBuildMark = (\d+)/g)].map((m) => m && m[1]).pop() || 0)), file);

test('a new build replaces the old one whole: at once on an untouched page, through the notice on a page in use', async () => {
  await serveCopy();
  await page.goto(copyServer.url + 'index.html#' + HASH);
  await waitReady(page);
  const v1 = await savedOffline();
  assert.equal(await mark(page), 0);

  // An untouched page takes a new build at once, with one reload.
  rebuild(2);
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
  await page.waitForFunction(() => window.hebbplayBuildMark === 2, null, { timeout: 180000 }).catch(async (e) => {
    throw new Error(`${e.message}; offline: ${JSON.stringify(await page.evaluate(() => window.hebbplayOffline))}`);
  });
  await waitReady(page);
  const v2 = await savedOffline();
  assert.notEqual(v2, v1);
  await waitCaches(page, [v2]);
  assert.equal(await page.evaluate(() => window.hebbplay.getState().hash), (await page.evaluate(() => location.hash)).slice(1));
  assert.equal(await servedMark(page, 'game.js'), 2);

  // A page in use is not reloaded under the user's hands: it offers the new
  // build, and until then gets only its own build's files.
  await page.click('#summary');
  rebuild(3);
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
  await page.waitForSelector('#update-bar', { state: 'visible', timeout: 180000 });
  assert.match(await page.textContent('#update-bar'), /A new version of hebbplay is ready/);
  assert.equal(await mark(page), 2, 'the page was reloaded while in use');
  assert.equal(await servedMark(page, 'panel.js'), 2, 'the open page got a file of the new build before its reload');
  assert.equal(await servedMark(page, 'game.js'), 2, 'the open page got a file of the new build before its reload');
  assert.equal((await cacheNames(page)).length, 2, 'the new build is not stored beside the old one');
  await shot('update-ready');
  await page.setViewportSize({ width: 390, height: 844 });
  const bar = await page.locator('#update-bar').boundingBox();
  assert.ok(bar.x >= 0 && bar.x + bar.width <= 390, `the notice leaves a phone's screen: ${JSON.stringify(bar)}`);
  await shot('update-ready-phone');
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.click('#update-reload');
  await page.waitForFunction(() => window.hebbplayBuildMark === 3, null, { timeout: 60000 });
  await waitReady(page);
  const v3 = await savedOffline();
  assert.notEqual(v3, v2);
  await waitCaches(page, [v3]);
  assert.equal(await servedMark(page, 'game.js'), 3);
  assert.equal(await stageMark(), 3, 'the stage runs another build than the page');
  assert.deepEqual(pageErrors, []);
});

// startStatic serves dir as a plain static host would (no manifest of its
// own: the sw-build.js make build wrote), on another port.
function startStatic(dir) {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.bin': 'application/octet-stream' };
  const srv = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (p.endsWith('/')) p += 'index.html';
    const file = path.join(dir, path.normalize(p));
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-cache' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${srv.address().port}/`, close: () => srv.close() })));
}

test('a static host caught mid-deploy (a file that is not its manifest\'s) is not cached; the next consistent visit is', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hebbplay-offline-static-'));
  const host2 = { close() {} };
  try {
    fs.cpSync(WEB, dir, { recursive: true });
    assert.ok(fs.existsSync(path.join(dir, 'sw-build.js')), 'make build wrote no sw-build.js');
    fs.appendFileSync(path.join(dir, 'panel.js'), '\n// deployed before its manifest\n');
    Object.assign(host2, await startStatic(dir));
    const p = await browser.context.newPage();
    p.on('pageerror', (e) => pageErrors.push(e.message));
    await p.goto(host2.url + 'index.html#' + HASH);
    await waitReady(p);
    await p.waitForFunction(() => window.hebbplayOffline.status === 'failed', null, { timeout: 60000 });
    assert.match(await p.evaluate(() => window.hebbplayOffline.error), /panel\.js is not the file of build [0-9a-f]{16}/);
    assert.match(await p.textContent('#offline-status'), /Not saved for offline use: panel\.js/);
    assert.equal(await p.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => !!(r && r.active))), false, 'a worker of the inconsistent build went active');
    assert.equal(await p.evaluate(() => !!navigator.serviceWorker.controller), false);
    // The deploy completes (its manifest arrives): the next visit saves it.
    execFileSync('go', ['run', './scripts/manifest', dir], { cwd: repo, stdio: 'ignore' });
    await p.reload();
    await waitReady(p);
    await savedOffline(p);
    assert.match(await p.textContent('#offline-status'), /Works offline/);
    await p.close();
  } finally {
    host2.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(pageErrors, []);
});

// stageOf is the stage's frame (game.html) of page p; stageMark the build
// mark of the game.js it runs.
const stageOf = (p) => p.frames().find((f) => f.url().includes('game.html'));
const stageMark = (p = page) => stageOf(p).evaluate(() => window.hebbplayBuildMark || 0);

test('a tab left on the old build keeps getting its own files until it reloads', async () => {
  const other = await browser.context.newPage();
  other.on('pageerror', (e) => pageErrors.push(e.message));
  await other.goto(copyServer.url + 'index.html#' + HASH);
  await waitReady(other);
  const v3 = await savedOffline(other);
  assert.equal(await mark(other), 3);
  await page.click('#summary');
  await other.click('#summary');
  rebuild(4);
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
  await page.waitForSelector('#update-bar', { state: 'visible', timeout: 180000 });
  await page.click('#update-reload');
  await page.waitForFunction(() => window.hebbplayBuildMark === 4, null, { timeout: 60000 });
  await waitReady(page);
  const v4 = await savedOffline();
  // The other tab says so, and still gets build 3's files (page, stage).
  await other.waitForSelector('#update-bar', { state: 'visible', timeout: 30000 });
  assert.match(await other.textContent('#update-bar'), /updated in another tab/);
  assert.equal(await mark(other), 3);
  assert.equal(await servedMark(other, 'panel.js'), 3, 'the old tab got a file of the new build');
  assert.equal(await servedMark(stageOf(other), 'game.js'), 3, 'the old tab\'s stage got a file of the new build');
  assert.equal(await servedMark(page, 'panel.js'), 4);
  await waitCaches(page, [v3, v4]);
  await shot('updated-in-another-tab', other);
  await other.click('#update-reload');
  await other.waitForFunction(() => window.hebbplayBuildMark === 4, null, { timeout: 60000 });
  await waitReady(other);
  assert.equal(await stageMark(other), 4);
  await waitCaches(page, [v4]);
  await other.close();
  assert.deepEqual(pageErrors, []);
});

// startHost serves pages of another site: http://localhost:PORT/<name>
// answers the HTML registered under that name.
function startHost() {
  const pages = new Map();
  const srv = http.createServer((req, res) => {
    const body = pages.get(req.url.slice(1).split('?')[0]);
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(body || 'not found');
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => {
    resolve({
      url: `http://localhost:${srv.address().port}/`,
      put: (name, html) => pages.set(name, html),
      close: () => srv.close(),
    });
  }));
}

// frameOf is the frame of page p showing the playground (part 'index') or
// the stage alone (part 'game.html').
const frameOf = (p, part) => p.frames().find((f) => f.url().startsWith(server.url) && (part === 'index' ? !f.url().includes('game.html') : f.url().includes(part)));

test('the Embed snippet runs in a page of another site, with the chosen controls hidden', async () => {
  await page.goto(pageURL(server, HASH));
  await waitReady(page);
  await page.click('#btn-classroom');
  await page.waitForSelector('#classroom-dialog[open]');
  for (const name of ['rule', 'npat']) await page.check(`#classroom-list input[value="${name}"]`);
  await page.selectOption('#classroom-embed-size', '640');
  const snippet = await page.inputValue('#classroom-embed');
  const link = await page.inputValue('#classroom-link');
  assert.match(link, /rule_hide=1/);
  assert.match(link, /npat_hide=1/);
  assert.equal(snippet, `<iframe src="${link.replace(/&/g, '&amp;')}" title="hebbplay: Associative memory" width="100%" height="640" ` +
    'style="border:1px solid #d4d8de;max-width:100%" allow="clipboard-write; fullscreen" loading="lazy"></iframe>');
  await page.locator('#classroom-dialog').screenshot({ path: path.join(SHOTS, `offline-${String(++n).padStart(2, '0')}-embed-dialog.png`) });
  await page.setViewportSize({ width: 390, height: 844 });
  await shot('embed-dialog-phone');
  await page.setViewportSize({ width: 1280, height: 860 });
  // The snippet follows the ticks.
  await page.uncheck('#classroom-list input[value="npat"]');
  assert.doesNotMatch(await page.inputValue('#classroom-embed'), /npat_hide/);
  await page.keyboard.press('Escape');

  host.put('course.html', `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Course page</title></head>
<body style="font-family:sans-serif;margin:1rem 2rem"><h1>Week 3: associative memory</h1>
<p>Try the network below: store more patterns until recall fails.</p>
${snippet}
</body></html>`);
  const guest = await browser.context.newPage();
  const errors = [];
  guest.on('pageerror', (e) => errors.push(e.message));
  await guest.setViewportSize({ width: 1280, height: 900 });
  await guest.goto(host.url + 'course.html');
  await guest.waitForFunction(() => document.querySelector('iframe'));
  let frame = null;
  for (let i = 0; i < 100 && !frame; i++) { frame = frameOf(guest, 'index'); if (!frame) await guest.waitForTimeout(100); }
  assert.ok(frame, 'the embedded page did not load: ' + guest.frames().map((f) => f.url()).join(', '));
  // It really is another site: the host cannot script the frame. Until its
  // navigation commits, the frame holds its initial about:blank document,
  // which the host may read (a clean-clone run once caught that moment), so
  // wait for the block: for a same-origin page it never comes, and this
  // times out.
  const blocked = () => { try { return !document.querySelector('iframe').contentWindow.document; } catch { return true; } };
  await guest.waitForFunction(blocked, null, { timeout: 10000 });
  await frame.waitForFunction(() => window.hebbplay && document.body.classList.contains('ready') && window.hebbplayFirstFrame, null, { timeout: 60000 });
  const st = await frame.evaluate(() => window.hebbplay.getState());
  assert.deepEqual([...st.hidden].sort(), ['npat', 'rule']);
  assert.equal(st.config.rule, 'bcpnn');
  assert.equal(st.config.npat, 30);
  assert.equal(await frame.isHidden('#controls [data-name="rule"]'), true, 'the hidden rule control shows');
  assert.equal(await frame.isHidden('#controls [data-name="npat"]'), true, 'the hidden npat control shows');
  assert.equal(await frame.isVisible('#controls [data-name="nflip"]'), true, 'a control that was not ticked is hidden');
  // Links made inside the frame point to the frame's own address.
  assert.ok([server.url, server.url + 'index.html'].includes(st.permalink.split('#')[0]), st.permalink);
  const got = await recall(frame);
  assert.deepEqual(got, online, 'the embedded page recalled differently');
  await guest.waitForTimeout(300);
  assertNotBlank(await shot('embedded-other-site', guest), 'the host page');
  // A way out to the whole page, at the frame's current address.
  await frame.evaluate(() => window.hebbplay.setConfig({ nflip: 3 }));
  await frame.dispatchEvent('#btn-newtab', 'pointerdown');
  const href = await frame.getAttribute('#btn-newtab', 'href');
  assert.equal(href, await frame.evaluate(() => location.href));
  assert.match(href, /nflip=3/);
  // The Library works in the frame, or says why it cannot (Chromium refuses
  // storage to a frame of another site).
  await frame.click('#btn-library');
  await frame.waitForSelector('#library-dialog[open]');
  const lib = await frame.evaluate(() => window.hebbplayLibrary.ready.then(() => window.hebbplayLibrary.unavailable));
  if (lib) {
    assert.equal(await frame.isVisible('#lib-unavailable'), true, 'storage refused without a notice');
    assert.match(await frame.textContent('#lib-unavailable'), /open it in a new tab to save/);
    assert.match(await frame.textContent('#offline-status'), /Open it in a new tab once to use it offline/);
  }
  await shot('embedded-library', guest);
  await guest.close();
  assert.deepEqual(errors, []);
});

test('game.html framed directly by another site starts on its own', async () => {
  host.put('stage.html', `<!doctype html><title>stage only</title>
<iframe src="${server.url}game.html#v=1&amp;lab=memory&amp;autoplay=0" width="900" height="700"></iframe>`);
  const guest = await browser.context.newPage();
  const errors = [];
  guest.on('pageerror', (e) => errors.push(e.message));
  await guest.goto(host.url + 'stage.html');
  let frame = null;
  for (let i = 0; i < 100 && !frame; i++) { frame = frameOf(guest, 'game.html'); if (!frame) await guest.waitForTimeout(100); }
  assert.ok(frame, 'game.html did not load');
  // The program installs its API on its own window (the parent cannot be
  // scripted) and keeps running.
  await frame.waitForFunction(() => window.hebbplay && window.hebbplayFirstFrame, null, { timeout: 60000 });
  const st = await frame.evaluate(() => window.hebbplay.action('step'));
  assert.equal(st.summary.step, 1);
  assert.ok(st.permalink.startsWith(server.url + 'game.html#'), st.permalink);
  assert.equal(await frame.evaluate(() => (document.getElementById('boot') || {}).textContent || ''), '');
  await guest.close();
  assert.deepEqual(errors, []);
});
