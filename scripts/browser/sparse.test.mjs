// Browser tests of the sparse-rule lab (#lab=sparse): the MNIST subset is
// loaded lazily with a visible progress, training runs in per-frame slices
// without freezing the page, the receptive fields and the weight histogram
// are drawn and change as the models learn, the curves are computed on
// demand, and the permalink restores the lab. Run alone with
//   make build && cd scripts/browser && SHOTS_DIR=/tmp/shots-sparse node --test sparse.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import {
  diffRatio, openSuite, closeSuite, shotsDir, openPage, waitReady, settle as settleOn, getState, stageFrame,
  shooter, assertNotBlank, recordFrames, stopFrames, decodePNG,
} from './lib.mjs';

const SHOTS = shotsDir('sparse-');
const ASSET = 'mnist-subset.bin';
// A lab that waits for the Run button, trains 3 000 examples and measures
// on 300 test images (quicker settling).
const LAB = '#v=1&lab=sparse&examples=3000&test_n=300&autoplay=0';

let server, browser, page, shot;
const measured = {};
const assetRequests = [];

before(async () => {
  ({ server, browser, page } = await openSuite());
  shot = shooter(page, SHOTS, 'sparse-');
  page.on('console', (m) => { if (m.type() === 'error') console.error('console:', m.text()); });
  page.on('request', (r) => { if (r.url().endsWith(ASSET)) assetRequests.push(r.url()); });
  page.on('response', (r) => { if (r.status() >= 400) console.error(`HTTP ${r.status()}: ${r.url()}`); });
});

after(async () => {
  await closeSuite(browser, server);
  console.log(`screenshots: ${SHOTS}`);
  console.log('measured:', JSON.stringify(measured));
});

const state = () => getState(page);

// open navigates to the page with a hash and waits until Go runs and the
// panel is built (the data may still be loading).
const open = (hash) => openPage(page, server, hash);

// ready waits until the data has arrived and been unpacked.
async function ready() {
  await page.waitForFunction(() => window.hebbplay.getState().summary.phase === 'ready', null, { timeout: 60000 });
}

// measuredNow waits until the accuracy and the weight statistics describe
// the models as they are (training paused or finished).
async function measuredNow() {
  await page.waitForFunction(() => {
    const s = window.hebbplay.getState();
    const m = s.summary;
    return !s.playing && m.phase === 'ready' && !m.working && m.accExact && m.accAt === m.step && m.statsAt === m.step && m.curves !== 'running';
  }, null, { timeout: 120000 });
}

// summaryOf drops the timing fields, which differ between runs.
function summaryOf(st) {
  const { tickMs, worstTickMs, worstTrainTickMs, applyMs, worstApplyMs, ...rest } = st.summary;
  return rest;
}

// settle waits until the measurements have finished, the Go state stops
// changing and the stage has drawn it.
async function settle() {
  await measuredNow();
  await settleOn(page, { polls: 300, interval: 100 });
}

// region cuts a view's picture out of a stage screenshot (CSS pixels = device
// pixels here).
async function region(img, id) {
  const layout = await page.evaluate(() => window.hebbplayLayout);
  const v = layout.find((l) => l.id === id);
  assert.ok(v, `view ${id} not on the stage: ${JSON.stringify(layout)}`);
  const x0 = Math.round(v.x), y0 = Math.round(v.y), w = Math.round(v.w), h = Math.round(v.h);
  const out = { width: w, height: h, data: Buffer.alloc(w * h * 4) };
  for (let y = 0; y < h; y++) {
    img.data.copy(out.data, y * w * 4, ((y0 + y) * img.width + x0) * 4, ((y0 + y) * img.width + x0 + w) * 4);
  }
  return out;
}

// chartShot returns the pixels of one chart drawn by the page (web/charts.js),
// once the page has drawn the lab's latest charts.
async function chartShot(id) {
  await page.waitForFunction(() => window.HebbCharts.version === window.hebbplay.getCharts().version);
  const loc = page.locator(`[data-chart="${id}"] canvas`);
  await loc.waitFor();
  return decodePNG(await loc.screenshot());
}

// calm records the load average beside a timing measurement and says
// whether the machine had a core to spare (with other jobs on the machine,
// every frame of software WebGL is slow, in any lab): the report marks
// frame times taken on a busy machine as not representative.
function calm(what) {
  const load = os.loadavg()[0];
  const ok = load < os.cpus().length;
  measured[what + 'LoadAverage'] = +load.toFixed(1);
  return ok;
}

test('the memory lab does not load the MNIST subset', async () => {
  await open('#v=1&lab=memory&autoplay=0');
  await page.waitForTimeout(500);
  assert.equal(assetRequests.length, 0, `the memory lab fetched ${assetRequests}`);
});

test('the sparse lab loads its data lazily, with a progress indicator', async () => {
  // Hold the download to see the loading state.
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/' + ASSET, async (route) => { await held; await route.continue(); });
  const t0 = Date.now();
  await open(LAB);
  let st = await state();
  assert.equal(st.lab, 'sparse');
  assert.equal(st.summary.phase, 'loading');
  assert.match(st.summaryText, /Loading the MNIST subset… \d+ %/);
  assert.match(await page.locator('#summary').textContent(), /Loading the MNIST subset/);
  await page.waitForTimeout(300);
  const loading = await shot('loading');
  assertNotBlank(await region(loading, 'fields'), 'loading view');
  assert.equal(assetRequests.length, 1, `asset requests: ${assetRequests}`);
  release();
  await ready();
  measured.dataReadyMs = Date.now() - t0;
  await page.unroute('**/' + ASSET);
  await settle();
  st = await state();
  assert.equal(st.summary.step, 0);
  assert.ok(st.summary.accHebbian >= 0 && st.summary.accBackprop >= 0, `accuracy not measured: ${st.summaryText}`);
  assert.equal(st.notices.length, 0, `notices: ${st.notices}`);
  assert.ok(diffRatio(loading, await shot('data-ready')) > 0.05, 'the views did not change when the data arrived');
});

test('training runs in slices: fields and histogram change, the page keeps drawing and answering', async () => {
  await open(LAB);
  await ready();
  await settle();
  const before = await shot('before-training');
  const fields0 = await region(before, 'fields');
  const hist0 = await chartShot('histogram');
  assertNotBlank(fields0, 'receptive fields');
  assertNotBlank(hist0, 'histogram');
  await page.click('#act-toggle');
  await page.waitForFunction(() => window.hebbplay.getState().playing);
  // While training: the stage's animation frames are recorded and the
  // progress is read from the page every 250 ms for 4 s; then a control is
  // changed.
  const stage = stageFrame(page);
  await recordFrames(stage);
  const t0 = Date.now();
  const steps = [];
  while (Date.now() - t0 < 4000) {
    steps.push((await state()).summary.step);
    await page.waitForTimeout(250);
  }
  const seenBefore = steps[steps.length - 1];
  await page.fill('input[name=speed]', '60');
  await page.press('input[name=speed]', 'Tab');
  await page.waitForFunction(() => window.hebbplay.getState().config.speed === 60, null, { timeout: 10000 });
  const rec = await stopFrames(stage);
  const mid = await state();
  await shot('training');
  // A page frozen by the training would draw no frames and show the run
  // in one jump (or not at all); a page training in slices draws frames and
  // shows the number of examples grow from one reading to the next.
  assert.ok(rec.frames >= 3, `only ${rec.frames} animation frames in 4 s of training: the page froze`);
  assert.ok(steps.every((n, i) => i === 0 || n >= steps[i - 1]), `the examples seen went backwards: ${steps}`);
  const readings = new Set(steps).size;
  assert.ok(readings >= 3, `the examples seen took only ${readings} values in 4 s (${steps}): training does not run in slices`);
  // The control took effect during training and did not restart it (the
  // models keep what they learnt; that it does not pause playback either is
  // TestPlaybackChangeKeepsPlaying's). Playback may have asked for every
  // example by now while the worker still trains.
  assert.ok(mid.summary.step >= seenBefore, `changing the speed restarted training (${seenBefore} → ${mid.summary.step} examples)`);
  assert.equal(await page.inputValue('input[name=speed]'), '60');
  // Reported, not asserted: frame gaps and examples per second.
  measured.training = { ...rec, representative: calm('training') };
  measured.examplesPerSecond = Math.round(seenBefore / ((Date.now() - t0) / 1000));
  await page.waitForFunction(() => window.hebbplay.getState().summary.step >= 1500, null, { timeout: 120000 });
  // Pause (a toggle would start a replay if playback had already ended).
  await page.evaluate(() => window.hebbplay.action('pause'));
  await page.waitForFunction(() => !window.hebbplay.getState().playing);
  await settle();
  const st = await state();
  // The lab's own work per frame tick (training slice plus measurements).
  measured.worstTrainTickMs = st.summary.worstTrainTickMs;
  measured.worstTickMs = st.summary.worstTickMs;
  assert.ok(st.summary.step >= 1500, `only ${st.summary.step} examples`);
  assert.equal(st.summary.accAt, st.summary.step, 'accuracy not measured at the pause');
  assert.ok(st.summary.accBackprop > 0.5, `backprop accuracy ${st.summary.accBackprop}`);
  assert.ok(st.summary.accHebbian > 0.15, `Hebbian accuracy ${st.summary.accHebbian}`);
  assert.ok(st.summary.silent >= 0 && st.summary.dale >= 0.5, `gauges ${JSON.stringify(st.summary)}`);
  assert.match(await page.evaluate(() => location.hash), /^#v=1&lab=sparse&/);
  assert.match(await page.evaluate(() => location.hash), /&speed=60(&|$)/);
  const after = await shot('after-training');
  const dFields = diffRatio(fields0, await region(after, 'fields'));
  const dHist = diffRatio(hist0, await chartShot('histogram'));
  measured.changed = { fields: +dFields.toFixed(3), histogram: +dHist.toFixed(3) };
  assert.ok(dFields > 0.05, `receptive fields changed in only ${(dFields * 100).toFixed(1)}% of pixels`);
  assert.ok(dHist > 0.02, `histogram changed in only ${(dHist * 100).toFixed(1)}% of pixels`);
});

test('the curves are computed on demand, in slices', async () => {
  await open('#v=1&lab=sparse&examples=1000&per_frame=20&test_n=200&curve_n=100&few_presents=500&autoplay=1');
  await ready();
  await page.waitForFunction(() => {
    const s = window.hebbplay.getState();
    return !s.playing && s.summary.step === 1000;
  }, null, { timeout: 120000 });
  await settle();
  await shot('before-curves');
  assert.deepEqual(await page.evaluate(() => window.hebbplay.getCharts().charts.map((c) => c.id)), ['histogram', 'gauges']);
  await page.click('#act-curves');
  await page.waitForFunction(() => window.hebbplay.getState().summary.curves === 'running');
  // The page keeps drawing while the curves are computed (the frame gaps
  // are reported, not asserted).
  await recordFrames(stageFrame(page));
  await page.waitForTimeout(3000);
  const rec = await stopFrames(stageFrame(page));
  measured.curves = { ...rec, representative: calm('curves') };
  assert.ok(rec.frames >= 3, `only ${rec.frames} animation frames in 3 s of computing curves: the page froze`);
  await shot('curves-running');
  await page.waitForFunction(() => window.hebbplay.getState().summary.curves === 'done', null, { timeout: 180000 });
  await settle();
  await shot('curves-done');
  assert.deepEqual(await page.evaluate(() => window.hebbplay.getCharts().charts.map((c) => c.id)), ['histogram', 'gauges', 'fewshot', 'robustness']);
  for (const id of ['fewshot', 'robustness']) assertNotBlank(await chartShot(id), id);
  const st = await state();
  assert.equal(st.summary.step, 1000, 'training moved during the curves');
  measured.worstTickMsWithCurves = st.summary.worstTickMs;
});

test('the permalink restores the lab', async () => {
  await open(LAB);
  await ready();
  await page.fill('input[name=H]', '64');
  await page.press('input[name=H]', 'Tab');
  await page.selectOption('select[name=show]', 'backprop');
  await page.selectOption('select[name=readout]', 'dopamine');
  await page.waitForFunction(() => {
    const c = window.hebbplay.getState().config;
    return c.H === 64 && c.show === 'backprop' && c.readout === 'dopamine';
  });
  await settle();
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /^#v=1&lab=sparse&H=64&/);
  assert.match(hash, /&readout=dopamine&/);
  assert.match(hash, /&show=backprop&/);
  const st1 = await state();
  const img1 = await shot('configured');
  await page.reload();
  await waitReady(page, { frame: false });
  await ready();
  await settle();
  const st2 = await state();
  assert.equal(await page.inputValue('input[name=H]'), '64');
  assert.equal(await page.inputValue('select[name=show]'), 'backprop');
  assert.deepEqual(st2.config, st1.config);
  assert.equal(st2.hash, st1.hash);
  assert.deepEqual(summaryOf(st2), summaryOf(st1));
  const img2 = await shot('reloaded');
  const d = diffRatio(img1, img2);
  assert.ok(d < 0.002, `the reloaded stage differs in ${(d * 100).toFixed(2)}% of pixels`);
  // Presentation mode for a projector.
  await page.evaluate(() => window.hebbplay.setPresentation(true));
  await settle();
  assertNotBlank(await shot('presentation'), 'presentation mode');
});
