// bench-browser measures, in one run, the two speed ratios of the
// Experiments screen (make bench-browser):
//
//   - worker throughput against native Go: the same storage experiment run
//     by the native command with one goroutine, and in the page with one Web
//     Worker (the page's own timing, from its JSON export);
//   - parallel speed-up: the page with two workers against one.
//
// The goals are a browser within 2× of native and a speed-up of at least 1.6
// with two workers on two cores. It prints the figures; it asserts nothing.
// The default experiment (32×32, 4 rules, 8 repetitions, about a minute in
// all) is large enough that the rounds of the capacity search are dominated
// by computing, not by handing results between the workers and the page.
//
//   node scripts/browser/bench-browser.mjs [hash]
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { startServer, launch, repo } from './lib.mjs';

const HASH = process.argv[2] ||
  'v=1&lab=memory&screen=experiments&exp=storage&H=32&M=32&exp_reps=8&nflip=1&seed=1&exp_rules=hebb,covariance,willshaw,bcpnn&autoplay=0';

async function runPage(workers) {
  const page = await browser.context.newPage();
  page.on('crash', () => console.error('the page crashed'));
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${server.url}index.html?workers=${workers}#${HASH}`);
  await page.waitForFunction(() => window.hebbplay && document.body.classList.contains('ready'), null, { timeout: 60000 });
  await page.waitForFunction(() => { const c = window.hebbplay.getCharts(); return c.active && !c.running && c.exports.length > 0; },
    null, { timeout: 600000, polling: 100 });
  const doc = JSON.parse(await page.evaluate(() => window.hebbplay.exportFile('json')));
  const n = await page.evaluate(() => window.hebbplayWorkers.count);
  await page.close();
  if (n !== workers) throw new Error(`page used ${n} workers, asked for ${workers}`);
  return doc;
}

const bin = path.join(os.tmpdir(), 'hebbplay-bench-hebb');
execFileSync('go', ['build', '-o', bin, './scripts/hebb'], { cwd: repo, stdio: 'inherit' });

const server = await startServer();
const browser = await launch();
try {
  const one = await runPage(1);
  const two = await runPage(2);
  const args = one.native_command.replace(/^go run \.\/scripts\/hebb /, '').split(' ');
  const t0 = process.hrtime.bigint();
  const out = execFileSync(bin, [...args, '-workers', '1', '-quiet'], { encoding: 'utf8' });
  const nativeS = Number(process.hrtime.bigint() - t0) / 1e9;
  const same = JSON.stringify(out.trim().split('\n').map((l) => JSON.parse(l))) === JSON.stringify(one.rows) &&
    JSON.stringify(one.rows) === JSON.stringify(two.rows);
  console.log(`experiment: ${one.native_command}`);
  console.log(`native, 1 goroutine:   ${nativeS.toFixed(2)} s`);
  console.log(`browser, 1 worker:     ${one.seconds.toFixed(2)} s`);
  console.log(`browser, 2 workers:    ${two.seconds.toFixed(2)} s`);
  console.log(`browser / native (1 worker):  ${(one.seconds / nativeS).toFixed(2)}×  (goal ≤ 2)`);
  console.log(`speed-up with 2 workers:      ${(one.seconds / two.seconds).toFixed(2)}×  (goal ≥ 1.6)`);
  console.log(`identical results native / 1 worker / 2 workers: ${same}`);
} finally {
  await browser.close();
  server.stop();
}
