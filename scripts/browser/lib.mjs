// Helpers for the browser tests: start the Go static server, launch Debian's
// Chromium through playwright-core, open the page and wait until it has
// settled, take screenshots and read their pixels (Ebiten's WebGL canvas
// cannot be read with toDataURL), record animation frames, and measure CPU.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
// pngjs decodes the screenshots: every colour type, bit depth and filter
// of the format, where a hand-written decoder would need its own tests.
import { PNG } from 'pngjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '..', '..');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// Flags measured to work with Debian's Chromium on a machine without a GPU:
// headless, no sandbox (containers), no GPU process, and no background network
// traffic (QUIC, component updates, sync) that could stall or disturb a test.
// WebGL2, which Ebiten needs, then runs on SwiftShader, Chromium's software
// renderer. Do not add --disable-software-rasterizer: it turns SwiftShader off
// and WebGL2 fails. Browsers come from apt (chromium), never from
// `npx playwright install`, whose downloads fail here.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// startServer runs scripts/serve on a free port and resolves with its URL;
// dir is the folder served (default $WEB_DIR, else web/).
export async function startServer({ dir } = {}) {
  let bin = process.env.SERVE_BIN;
  if (!bin) {
    bin = path.join(os.tmpdir(), 'hebbplay-serve-' + process.pid);
    execFileSync('go', ['build', '-o', bin, './scripts/serve'], { cwd: repo, stdio: 'inherit' });
  }
  const web = dir || process.env.WEB_DIR || path.join(repo, 'web');
  if (!fs.existsSync(path.join(web, 'app.wasm'))) throw new Error(`${web}/app.wasm missing: run make build`);
  const proc = spawn(bin, ['-addr', '127.0.0.1:0', '-dir', web], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('server did not start: ' + out)), 15000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/[0-9.:]+\//);
      if (m) { clearTimeout(timer); resolve(m[0]); }
    });
    proc.on('exit', (code) => reject(new Error('server exited with ' + code)));
  });
  return { url, stop: () => proc.kill() };
}

// openSuite starts the static server and Chromium with one page, as a test
// file's before hook does; page errors are printed.
export async function openSuite() {
  const server = await startServer();
  const browser = await launch();
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  return { server, browser, page };
}

// closeSuite stops what openSuite started (either may be missing when the
// before hook failed).
export async function closeSuite(browser, server) {
  if (browser) await browser.close();
  if (server) server.stop();
}

// pageURL is the playground's address for a hash, given with or without its
// leading '#' (empty for none).
export function pageURL(server, hash = '') {
  return server.url + 'index.html' + (hash && !hash.startsWith('#') ? '#' + hash : hash);
}

// waitReady waits until Go runs and the panel is built and, unless frame is
// false, the stage has drawn its first frame (the Experiments screen draws
// no stage, so it never has one).
export async function waitReady(page, { frame = true, timeout = 60000 } = {}) {
  await page.waitForFunction((frame) => window.hebbplay && document.body.classList.contains('ready') && (!frame || window.hebbplayFirstFrame),
    frame, { timeout });
}

// openPage navigates page to the playground with a hash (through
// about:blank, so that the same hash loads afresh) and waits as waitReady.
export async function openPage(page, server, hash, opts) {
  await page.goto('about:blank');
  await page.goto(pageURL(server, hash));
  await waitReady(page, opts);
}

// --- the Library dialog (library.test.mjs, security.test.mjs) ---

// openWithLibrary opens the page with a hash, as openPage without waiting
// for a stage frame, and waits until the Library has loaded its records.
export async function openWithLibrary(page, server, hash) {
  await openPage(page, server, hash, { frame: false });
  await page.waitForFunction(() => window.hebbplayLibrary, null, { timeout: 60000 });
  await page.evaluate(() => window.hebbplayLibrary.ready);
}

// openLibraryDialog opens the Library dialog unless it is open.
export async function openLibraryDialog(page) {
  if (!await page.evaluate(() => document.getElementById('library-dialog').open)) await page.click('#btn-library');
  await page.waitForSelector('#library-dialog[open]');
}

// libraryNames lists the names in the Library's list, in display order.
export const libraryNames = (page) => page.$$eval('#lib-rows tr.lib-row .lib-name strong', (els) => els.map((e) => e.textContent));

// libraryRow is the list's row of the configuration named exactly name.
export function libraryRow(page, name) {
  const exactly = new RegExp('^' + name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$');
  return page.locator('#lib-rows tr.lib-row', { has: page.locator('strong', { hasText: exactly }) });
}

// saveConfig saves the current configuration under name with a comment
// through the dialog and waits until the list has one more row.
export async function saveConfig(page, name, comment) {
  await openLibraryDialog(page);
  const n = (await libraryNames(page)).length;
  await page.fill('#lib-name', name);
  await page.fill('#lib-comment', comment);
  await page.click('#lib-save-btn');
  await page.waitForFunction((k) => document.querySelectorAll('#lib-rows tr.lib-row').length === k, n + 1);
}

// stageFrame is the stage's iframe (game.html), where Ebiten draws.
export const stageFrame = (page) => page.frames().find((f) => f.url().endsWith('game.html'));

// getState is the page's state as the bridge reports it (configuration,
// summary, hash, notices, seq).
export const getState = (page) => page.evaluate(() => window.hebbplay.getState());

// settle waits until the Go state stops changing (its seq is the same twice,
// interval ms apart, at most polls times) and the stage has drawn it (three
// animation frames, then a little time for the compositor).
export async function settle(page, { polls = 100, interval = 60 } = {}) {
  let last = -1;
  for (let i = 0; i < polls; i++) {
    const seq = await page.evaluate(() => window.hebbplay.getState().seq);
    if (seq === last) break;
    last = seq;
    await page.waitForTimeout(interval);
  }
  await stageFrame(page).evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(r)))));
  await page.waitForTimeout(80);
}

// shotsDir returns the folder for screenshots, $SHOTS_DIR or else
// test-output/screenshots, which every test file shares: it creates it and
// removes only this file's screenshots of an earlier run (named prefix…).
export function shotsDir(prefix) {
  const dir = process.env.SHOTS_DIR || path.join(repo, 'test-output', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(dir)) if (f.startsWith(prefix)) fs.rmSync(path.join(dir, f));
  return dir;
}

// shooter returns shot(name), which saves a screenshot of the whole page and
// one of the stage into dir, numbered in order and prefixed, and returns the
// decoded pixels of the stage (from an element screenshot: the WebGL canvas
// cannot be read back with toDataURL).
export function shooter(page, dir, prefix = '') {
  let n = 0;
  return async (name) => {
    n++;
    const base = `${prefix}${String(n).padStart(2, '0')}-${name}`;
    await page.screenshot({ path: path.join(dir, base + '-page.png') });
    return decodePNG(await page.locator('#stage').screenshot({ path: path.join(dir, base + '-stage.png') }));
  };
}

// assertNotBlank fails unless a picture (a stage or one view) holds at least
// 8 colours and more than 3 % of its pixels differ from its most common
// colour (the background). It catches a stage or view that drew nothing (one
// colour, 0 %); whether the right data are drawn is for the tests' other
// checks (pixels that change, states that match). Measured on the
// screenshots of these tests: whole stages 20–56 %, single views from 7.5 %
// (an empty loss plot: title, axes, legend) to 48 %, each with hundreds of
// colours.
export function assertNotBlank(img, what) {
  const s = pixelStats(img);
  assert.ok(s.colors >= 8, `${what}: only ${s.colors} colours`);
  assert.ok(s.foreground > 0.03, `${what}: only ${(s.foreground * 100).toFixed(1)}% of pixels differ from the background`);
}

// recordFrames starts recording, in a page or frame, the gaps between its
// animation frames; stopFrames ends the recording and summarises it.
export async function recordFrames(target) {
  await target.evaluate(() => {
    const rec = (window.__frames = { gaps: [], last: performance.now(), on: true });
    const tick = (t) => {
      if (!rec.on) return;
      rec.gaps.push(t - rec.last);
      rec.last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

// stopFrames returns the number of animation frames since recordFrames and
// the median, 95th percentile and worst gaps between them, in ms (figures to
// report; tests assert only that frames kept coming).
export async function stopFrames(target) {
  const gaps = await target.evaluate(() => { window.__frames.on = false; return window.__frames.gaps; });
  const sorted = [...gaps].sort((a, b) => a - b);
  const q = (p) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]) : null);
  return { frames: gaps.length, medianGapMs: q(0.5), p95GapMs: q(0.95), worstGapMs: q(1) };
}

// launch starts Chromium with a fresh profile and returns the context.
// Service workers are blocked unless serviceWorkers is 'allow': a page the
// worker (web/sw.js) serves from its cache would bypass page.route and send
// no compressed copies, which other tests hold back or check
// (teach-offline.test.mjs allows it).
export async function launch({ serviceWorkers = 'block' } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hebbplay-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 860 },
    deviceScaleFactor: 1,
    serviceWorkers,
  });
  return { context, dir, close: async () => { await context.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

// decodePNG returns {width, height, data} of a PNG, data in 8-bit RGBA
// whatever the file's colour type (pngjs converts; Chromium's screenshots are
// RGB or RGBA).
export function decodePNG(buf) {
  return PNG.sync.read(buf);
}

// pixelStats counts distinct colours and the share of pixels that differ
// from the most common colour (the background).
export function pixelStats(img) {
  const counts = new Map();
  for (let i = 0; i < img.data.length; i += 4) {
    const k = img.data.readUInt32BE(i);
    counts.set(k, (counts.get(k) || 0) + 1);
  }
  let top = 0;
  for (const v of counts.values()) top = Math.max(top, v);
  const n = img.width * img.height;
  return { colors: counts.size, foreground: 1 - top / n };
}

// diffRatio is the share of pixels that differ between two images of the
// same size (1 when the sizes differ).
export function diffRatio(a, b) {
  if (a.width !== b.width || a.height !== b.height) return 1;
  let d = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (a.data.readUInt32BE(i) !== b.data.readUInt32BE(i)) d++;
  }
  return d / (a.width * a.height);
}

// browserPids reads every process in /proc (procs: pid -> {ppid, CPU ticks,
// command line}) and returns them with mine: the pids of the browser whose
// command line mentions marker (its profile directory) and of all its
// descendants (renderer, GPU and utility processes).
function browserPids(marker) {
  const procs = new Map(); // pid -> {ppid, ticks, cmd}
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1');
      procs.set(Number(pid), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]), cmd });
    } catch { /* process ended */ }
  }
  const mine = new Set();
  for (const [pid, p] of procs) if (p.cmd.includes(marker)) mine.add(pid);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, p] of procs) {
      if (!mine.has(pid) && mine.has(p.ppid)) { mine.add(pid); grew = true; }
    }
  }
  return { mine, procs };
}

// threadNames lists the names of the threads of the browser whose command
// line mentions marker, and of its descendants (Linux's /proc/PID/task).
export function threadNames(marker) {
  const names = [];
  for (const pid of browserPids(marker).mine) {
    let tids = [];
    try { tids = fs.readdirSync(`/proc/${pid}/task`); } catch { continue; }
    for (const tid of tids) {
      try { names.push(fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'latin1').trim()); } catch { /* thread ended */ }
    }
  }
  return names;
}

// cpuSeconds sums user+system CPU time of the browser whose command line
// mentions marker (its profile directory) and of all its descendants
// (renderer, GPU and utility processes).
export function cpuSeconds(marker) {
  const hz = 100; // USER_HZ on Linux
  const { mine, procs } = browserPids(marker);
  let ticks = 0;
  for (const pid of mine) ticks += procs.get(pid).ticks;
  return ticks / hz;
}
