// Start-up and idle measurements for the closing notes of the browser work:
//   node scripts/browser/measure.mjs [runs]      (after `make build`)
// prints the wasm sizes (raw and gzip), the time from navigation to the first
// Ebiten frame with a fresh browser profile (cold) and on reload (warm), the
// start-up milestones inside the stage, and the idle CPU of the whole browser.
import fs from 'node:fs';
import path from 'node:path';
import { startServer, launch, cpuSeconds, repo } from './lib.mjs';

const runs = Number(process.argv[2] || 3);
const web = process.env.WEB_DIR || path.join(repo, 'web');
const size = (f) => (fs.statSync(path.join(web, f)).size / 1e6).toFixed(2) + ' MB';
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const server = await startServer();
const out = { sizes: {}, coldFirstFrameMs: [], warmFirstFrameMs: [], marks: null };
for (const f of ['app.wasm', 'app.wasm.gz', 'worker.wasm', 'worker.wasm.gz']) {
  if (fs.existsSync(path.join(web, f))) out.sizes[f] = size(f);
}

async function firstFrame(page) {
  await page.waitForFunction(() => window.hebbplayFirstFrame, null, { timeout: 60000 });
  return page.evaluate(() => window.hebbplayFirstFrame);
}

let idle = null;
for (let i = 0; i < runs; i++) {
  const b = await launch();
  const page = await b.context.newPage();
  await page.goto(server.url + 'index.html#v=1&autoplay=0');
  out.coldFirstFrameMs.push(Math.round(await firstFrame(page)));
  out.marks = await page.frames().find((f) => f.url().endsWith('game.html')).evaluate(() => window.hebbplayMarks);
  await page.reload();
  out.warmFirstFrameMs.push(Math.round(await firstFrame(page)));
  if (i === runs - 1) {
    await page.waitForTimeout(1500);
    const c0 = cpuSeconds(b.dir);
    const t0 = Date.now();
    await page.waitForTimeout(10000);
    idle = (cpuSeconds(b.dir) - c0) / ((Date.now() - t0) / 1000);
  }
  await b.close();
}
server.stop();
for (const k in out.marks) out.marks[k] = Math.round(out.marks[k]);
console.log(JSON.stringify({
  ...out,
  coldMedianMs: median(out.coldFirstFrameMs),
  warmMedianMs: median(out.warmFirstFrameMs),
  idleCpuPercentOfOneCore: Math.round(idle * 1000) / 10,
}, null, 1));
