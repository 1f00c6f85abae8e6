// Helpers for the browser tests: start the Go static server, launch Debian's
// Chromium through playwright-core, read pixels from element screenshots
// (Ebiten's WebGL canvas cannot be read with toDataURL), and measure CPU.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

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

// startServer runs scripts/serve on a free port and resolves with its URL.
export async function startServer() {
  let bin = process.env.SERVE_BIN;
  if (!bin) {
    bin = path.join(os.tmpdir(), 'hebbplay-serve-' + process.pid);
    execFileSync('go', ['build', '-o', bin, './scripts/serve'], { cwd: repo, stdio: 'inherit' });
  }
  const web = process.env.WEB_DIR || path.join(repo, 'web');
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

// launch starts Chromium with a fresh profile and returns the context.
export async function launch() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hebbplay-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 860 },
    deviceScaleFactor: 1,
  });
  return { context, dir, close: async () => { await context.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

// decodePNG returns {width, height, data} (RGBA) of an 8-bit, non-interlaced
// PNG of colour type 2 or 6, which is what Chromium's screenshots are.
export function decodePNG(buf) {
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let pos = 8, width = 0, height = 0, ctype = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const body = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0); height = body.readUInt32BE(4);
      if (body[8] !== 8 || body[12] !== 0) throw new Error('unsupported PNG');
      ctype = body[9];
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  const bpp = ctype === 6 ? 4 : ctype === 2 ? 3 : 0;
  if (!bpp) throw new Error('unsupported PNG colour type ' + ctype);
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const out = Buffer.alloc(width * height * 4);
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? line[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
      let p = 0;
      if (f === 1) p = a;
      else if (f === 2) p = b;
      else if (f === 3) p = (a + b) >> 1;
      else if (f === 4) {
        const q = a + b - c, pa = Math.abs(q - a), pb = Math.abs(q - b), pc = Math.abs(q - c);
        p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      line[i] = (line[i] + p) & 255;
    }
    for (let x = 0; x < width; x++) {
      out[(y * width + x) * 4] = line[x * bpp];
      out[(y * width + x) * 4 + 1] = line[x * bpp + 1];
      out[(y * width + x) * 4 + 2] = line[x * bpp + 2];
      out[(y * width + x) * 4 + 3] = bpp === 4 ? line[x * bpp + 3] : 255;
    }
    prev = line;
  }
  return { width, height, data: out };
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

// cpuSeconds sums user+system CPU time of the browser whose command line
// mentions marker (its profile directory) and of all its descendants
// (renderer, GPU and utility processes).
export function cpuSeconds(marker) {
  const hz = 100; // USER_HZ on Linux
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
  let ticks = 0;
  for (const pid of mine) ticks += procs.get(pid).ticks;
  return ticks / hz;
}
