// Every lab's work runs in Web Workers (web/workers.js): the Dopamine and
// Sparse labs train there and stream snapshots that the page draws. These
// tests check that one or two workers (?workers=N) give identical results,
// and that the page's thread keeps drawing frames while a lab trains; the
// frame gaps are reported, not asserted (make bench-browser measures them
// at the defaults).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSuite, closeSuite, waitReady, pageURL, recordFrames, stopFrames } from './lib.mjs';

let server, browser, page;
const measured = {};

before(async () => {
  ({ server, browser, page } = await openSuite());
});

after(async () => {
  await closeSuite(browser, server);
  console.log('measured:', JSON.stringify(measured));
});

async function open(workers, hash) {
  await page.goto('about:blank');
  await page.goto(pageURL(server, hash).replace('index.html', `index.html?workers=${workers}`));
  await waitReady(page);
  assert.equal(await page.evaluate(() => window.hebbplayWorkers.count), workers);
}

// untimed drops the timing fields of a summary, which differ between runs.
function untimed(s) {
  const out = {};
  for (const [k, v] of Object.entries(s)) if (!/Ms$/.test(k)) out[k] = v;
  return out;
}

// trainAndRecord plays the lab until done(summary), recording the page's
// frames meanwhile, and returns the final summary and the recording.
async function trainAndRecord(done, timeout) {
  await recordFrames(page);
  await page.click('#act-toggle');
  await page.waitForFunction(done, null, { timeout, polling: 100 });
  const rec = await stopFrames(page);
  const st = await page.evaluate(() => ({ ...window.hebbplay.getState(), units: window.hebbplayWorkers.units }));
  return { st, rec };
}

test('Dopamine: training in 1 or 2 workers gives the same run, and the page keeps drawing', async () => {
  const runs = [];
  for (const n of [1, 2]) {
    await open(n, 'v=1&lab=dopamine&autoplay=0&steps_xor=1500&spf_xor=100&seed=4');
    const { st, rec } = await trainAndRecord(() => {
      const s = window.hebbplay.getState();
      return !s.playing && s.summary.step === 1500;
    }, 120000);
    assert.ok(st.units >= 1, "no snapshot came from a worker");
    assert.ok(rec.frames >= 3, `only ${rec.frames} animation frames while training: the page froze`);
    measured['dopamine' + n] = { ...rec, snapshots: st.units };
    runs.push(untimed(st.summary));
  }
  assert.deepEqual(runs[1], runs[0]);
  assert.ok(runs[0].adam.loss < 0.01, `Adam's loss ${runs[0].adam.loss}`);
});

test('Dopamine: the comparison of seeds spreads over the workers and gives the same numbers for 1 and 2', async () => {
  const runs = [];
  for (const n of [1, 2]) {
    await open(n, 'v=1&lab=dopamine&autoplay=0&steps_xor=800&seed=2');
    await page.click('#act-compare');
    await page.waitForFunction(() => {
      const c = window.hebbplay.getState().summary.compare;
      return c && c.seeds && c.done === c.total;
    }, null, { timeout: 240000, polling: 100 });
    const st = await page.evaluate(() => ({ ...window.hebbplay.getState(), units: window.hebbplayWorkers.units }));
    assert.equal(st.units, st.summary.compare.total, 'every run came from a worker');
    assert.match(st.summaryText, /Seeds 2–11 reaching the target: SGD \d+\/10/);
    const { seconds, ...rest } = st.summary.compare;
    measured['compare' + n] = { seconds };
    runs.push(rest);
  }
  assert.deepEqual(runs[1], runs[0]);
});

test('Sparse: training in 1 or 2 workers gives the same models and measures, and the page keeps drawing', async () => {
  const runs = [];
  for (const n of [1, 2]) {
    await open(n, 'v=1&lab=sparse&autoplay=0&examples=1200&per_frame=40&test_n=300&seed=2');
    await page.waitForFunction(() => window.hebbplay.getState().summary.phase === 'ready', null, { timeout: 60000 });
    const { st, rec } = await trainAndRecord(() => {
      const s = window.hebbplay.getState();
      const m = s.summary;
      return !s.playing && m.step === 1200 && m.accExact && m.accAt === 1200 && m.statsAt === 1200;
    }, 240000);
    assert.ok(st.units >= 1, "no snapshot came from a worker");
    assert.ok(rec.frames >= 3, `only ${rec.frames} animation frames while training: the page froze`);
    measured['sparse' + n] = { ...rec, snapshots: st.units };
    runs.push(untimed(st.summary));
  }
  assert.deepEqual(runs[1], runs[0]);
  assert.ok(runs[0].accBackprop > 0.5, `backprop accuracy ${runs[0].accBackprop}`);
});
