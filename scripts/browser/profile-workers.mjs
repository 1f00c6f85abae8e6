// profile-workers records a CPU profile of every Web Worker and of the
// stage's main thread while the page runs an experiment, through Chromium's
// DevTools protocol, and prints the top functions of each by self time
// (make profile-browser).
//
// The page's own build strips the Go symbol names from the wasm files, so
// this script serves a copy of web/ with worker.wasm and app.wasm built
// without -s -w (same code, with their function names). Each worker is
// attached with Target.setAutoAttach; the stage (the frame that runs
// app.wasm and the control panel's scripts, which share the page's thread)
// is profiled through the page's own session. All use the V8 sampling
// profiler (Profiler.start/stop, 1 ms interval); "(idle)" is the time a
// thread waited: for work (a worker) or for the next event (the page).
//
//   node scripts/browser/profile-workers.mjs [hash] [workers]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, launch, repo } from './lib.mjs';

const HASH = process.argv[2] ||
  'v=1&lab=memory&screen=experiments&exp=storage&H=32&M=32&exp_reps=3&nflip=1&seed=1&exp_rules=hebb,covariance,presynaptic,hopfield,willshaw,bcpnn,bayes&autoplay=0';
const WORKERS = Number(process.argv[3] || 2);
const TOP = 12;

// A copy of web/ whose worker.wasm and app.wasm keep their function names.
const web = fs.mkdtempSync(path.join(os.tmpdir(), 'hebbplay-profile-'));
fs.cpSync(path.join(repo, 'web'), web, { recursive: true });
for (const prog of ['worker', 'app']) {
  for (const f of [`${prog}.wasm.br`, `${prog}.wasm.gz`]) fs.rmSync(path.join(web, f), { force: true });
  execFileSync('go', ['build', '-trimpath', '-o', path.join(web, `${prog}.wasm`), `./wasm/${prog}`],
    { cwd: repo, stdio: 'inherit', env: { ...process.env, GOOS: 'js', GOARCH: 'wasm' } });
}
execFileSync('go', ['run', './scripts/manifest', web], { cwd: repo, stdio: 'inherit' });

const server = await startServer({ dir: web });
const browser = await launch();
const page = await browser.context.newPage();
const cdp = await browser.context.newCDPSession(page);

// The workers' DevTools sessions, reached through the page's session.
const sessions = [];
const pending = new Map();
let nextId = 1;
cdp.on('Target.attachedToTarget', (e) => { if (e.targetInfo.type === 'worker') sessions.push(e.sessionId); });
cdp.on('Target.receivedMessageFromTarget', (e) => {
  const m = JSON.parse(e.message);
  if (m.id && pending.has(m.id)) { pending.get(m.id)(m); pending.delete(m.id); }
});
const send = (sessionId, method, params = {}) => new Promise((resolve) => {
  const id = nextId++;
  pending.set(id, resolve);
  cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
});
await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });

try {
  await page.goto(`${server.url}index.html?workers=${WORKERS}#${HASH}`);
  await page.waitForFunction(() => window.hebbplay && document.body.classList.contains('ready'), null, { timeout: 60000 });
  for (let i = 0; i < 200 && sessions.length < WORKERS; i++) await page.waitForTimeout(50);
  if (sessions.length < WORKERS) throw new Error(`only ${sessions.length} of ${WORKERS} workers attached`);
  for (const s of sessions) {
    await send(s, 'Profiler.enable');
    await send(s, 'Profiler.setSamplingInterval', { interval: 1000 });
    await send(s, 'Profiler.start');
  }
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  await cdp.send('Profiler.start');
  const t0 = Date.now();
  await page.waitForFunction(() => { const c = window.hebbplay.getCharts(); return c.active && !c.running && c.exports.length > 0; },
    null, { timeout: 900000, polling: 200 });
  console.log(`experiment: #${HASH}`);
  console.log(`${WORKERS} workers, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const top = (label, profile) => {
    const node = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map();
    for (const id of profile.samples) {
      const name = node.get(id).callFrame.functionName || '(anonymous)';
      self.set(name, (self.get(name) || 0) + 1);
    }
    const total = profile.samples.length;
    console.log(`${label}: ${total} samples`);
    for (const [name, c] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
      console.log(`  ${(100 * c / total).toFixed(1).padStart(5)}%  ${name}`);
    }
  };
  for (const [k, s] of sessions.entries()) top(`worker ${k}`, (await send(s, 'Profiler.stop')).result.profile);
  top('page (stage and panel)', (await cdp.send('Profiler.stop')).profile);
} finally {
  await browser.close();
  server.stop();
  fs.rmSync(web, { recursive: true, force: true });
}
process.exit(0);
