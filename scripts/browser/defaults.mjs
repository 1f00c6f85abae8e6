// How fast the sparse-rule lab makes its point at its defaults, in headless
// Chromium:
//   make build && node scripts/browser/defaults.mjs [seconds]
// opens #lab=sparse with every parameter at its default (training starts by
// itself), polls the summary once a second and prints the examples learnt,
// the Hebbian model's test accuracy and dead hidden units as measured, and
// the time at which the accuracy first reached 85 %. A measurement, not a
// test: the time depends on the machine and its load.
import { startServer, launch, getState, pageURL, waitReady } from './lib.mjs';

const limit = Number(process.argv[2] || 120);
const server = await startServer();
const b = await launch();
const page = await b.context.newPage();
await page.goto(pageURL(server, '#lab=sparse'));
await waitReady(page);
await page.waitForFunction(() => window.hebbplay.getState().summary.phase === 'ready', null, { timeout: 60000 });
const t0 = Date.now();
let reached = null;
for (;;) {
  await page.waitForTimeout(1000);
  const s = (await getState(page)).summary;
  const t = (Date.now() - t0) / 1000;
  console.log(`${t.toFixed(0)} s: ${s.step} of ${s.steps} examples, Hebbian accuracy ${s.accHebbian} (at ${s.accAt}), backprop ${s.accBackprop}, dead ${s.dead}`);
  if (reached === null && s.accHebbian >= 0.85) {
    reached = t;
    console.log(`85 % reached after ${t.toFixed(1)} s (measured at ${s.accAt} examples)`);
  }
  if ((s.step >= s.steps && s.accExact && s.accAt === s.step) || t > limit) break;
}
console.log(reached === null ? `85 % not reached within ${limit} s` : `time to 85 %: ${reached.toFixed(1)} s`);
await b.close();
server.stop();
