// Browser tests of the memory playground's teaching parts: the capacity
// meter (its fraction equals the native command's fcorr for the same
// configuration and seed; the page keeps drawing frames while it measures
// 1,000 patterns at 32×32), its curve, "Store 10 more" and "Fill to the
// limit" (the watched pattern stays), predict-then-watch (the outcome is
// shown only at the end of the animation), and a hand-edited cue that
// survives "Copy permalink" into a fresh browser. Run alone with
//   make build && cd scripts/browser && SHOTS_DIR=/tmp/shots-capacity node --test --test-concurrency=1 teach-capacity.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { openSuite, closeSuite, shotsDir, openPage, getState, settle, repo, launch, waitReady,
  recordFrames, stopFrames, stageFrame, decodePNG, diffRatio } from './lib.mjs';

const SHOTS = shotsDir('capacity-');

let server, browser, page;
const measured = {};

before(async () => {
  ({ server, browser, page } = await openSuite());
});

after(async () => {
  await closeSuite(browser, server);
  console.log(`screenshots: ${SHOTS}`);
  if (Object.keys(measured).length) console.log('measured:', JSON.stringify(measured));
});

// hebb runs the native command line the meter's chart note gives (go run
// ./scripts/hebb …), from a binary built once, and returns its JSON row.
let hebbBin = null;
function runNative(line) {
  if (!hebbBin) {
    hebbBin = path.join(os.tmpdir(), `hebbplay-capacity-hebb-${process.pid}`);
    const b = spawnSync('go', ['build', '-o', hebbBin, './scripts/hebb'], { cwd: repo, encoding: 'utf8' });
    assert.equal(b.status, 0, b.stderr);
  }
  assert.match(line, /^go run \.\/scripts\/hebb (recall|proto) /);
  const args = line.replace(/^go run \.\/scripts\/hebb /, '').split(' ');
  const r = spawnSync(hebbBin, [...args, '-quiet'], { cwd: repo, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(rows.length, 1, r.stdout);
  return rows[0];
}

const charts = () => page.evaluate(() => window.hebbplay.getCharts());

// meterDone waits until the meter shows its measurement of n cues (npat
// stored patterns, or npat·ninst test instances) and no fill runs, and
// returns the charts.
async function meterDone(npat, timeout = 120000) {
  await page.waitForFunction((n) => {
    const c = window.hebbplay.getCharts();
    return c && !c.running && new RegExp(`^Capacity: \\d+ of ${n} `).test(c.status);
  }, npat, { timeout });
  return charts();
}

// point is the meter curve's point of the current rule at P.
function point(c, rule, P) {
  const ch = c.charts.find((x) => x.id === 'capacity');
  assert.ok(ch, 'no capacity chart');
  const s = ch.series.find((x) => x.label === rule);
  assert.ok(s, `no curve of ${rule}: ${ch.series.map((x) => x.label)}`);
  const k = s.x.indexOf(P);
  assert.ok(k >= 0, `no point at P = ${P}: ${s.x}`);
  return { y: s.y[k], note: s.notes[k], chart: ch, series: s };
}

const nativeLine = (ch) => ch.note.split('Native: ')[1];

test('the capacity meter equals the native command (storage and prototype mode)', async () => {
  for (const [hash, P, tests, rule, field] of [
    ['#v=1&autoplay=0&npat=60&seed=3', 60, 60, 'bcpnn', 'fcorr'],
    ['#v=1&autoplay=0&npat=45&seed=5&rule=willshaw&H=8&M=8&nflip=2&update=async', 45, 45, 'willshaw', 'fcorr'],
    ['#v=1&autoplay=0&mode=prototype&npat=20&ninst=3&nflip_train=1.5&nflip=2&rule=willshaw', 20, 60, 'willshaw', 'score'],
  ]) {
    await openPage(page, server, hash);
    const c = await meterDone(tests);
    const pt = point(c, rule, P);
    const row = runNative(nativeLine(pt.chart));
    assert.equal(pt.y, row[field], `${hash}: meter ${pt.y}, native ${field} ${row[field]}`);
    // The sentence says what is measured, with the same count.
    const [, correct, counted] = pt.note.match(/^(\d+) of (\d+) recalled exactly/);
    assert.equal(Number(counted), tests);
    assert.equal(Number(correct) / tests, row[field]);
    assert.match(c.status, field === 'fcorr'
      ? new RegExp(`^Capacity: ${correct} of ${P} stored patterns recalled exactly from cues with nflip = \\d+ changed units?`)
      : new RegExp(`^Capacity: ${correct} of ${tests} test instances`));
    assert.match(c.status, new RegExp(`mean overlap ${row.overlap.toFixed(2)}`));
  }
  await settle(page);
  await page.screenshot({ path: `${SHOTS}/capacity-01-meter-proto.png` });
});

test('at 32×32 with 1000 patterns the page keeps drawing while the meter measures, and equals native', async () => {
  await openPage(page, server, '#v=1&autoplay=0&H=32&M=32&npat=12');
  await meterDone(12);
  const frame = stageFrame(page);
  await recordFrames(frame);
  await recordFrames(page);
  const t0 = Date.now();
  await page.evaluate(() => window.hebbplay.setConfig({ npat: 1000 }));
  // The meter is measuring: the page stays interactive meanwhile.
  const c = await meterDone(1000, 180000);
  const ms = Date.now() - t0;
  const stage = await stopFrames(frame);
  const top = await stopFrames(page);
  measured.meter1000 = { ms, stageFrames: stage, pageFrames: top };
  assert.ok(stage.frames >= 3, `the stage drew ${stage.frames} frames while the meter measured for ${ms} ms`);
  assert.ok(top.frames >= 3, `the page drew ${top.frames} frames while the meter measured for ${ms} ms`);
  const pt = point(c, 'bcpnn', 1000);
  assert.equal(pt.y, runNative(nativeLine(pt.chart)).fcorr);
  await settle(page);
  await page.screenshot({ path: `${SHOTS}/capacity-02-32x32-1000.png` });
});

test('Store 10 more and Fill to the limit grow the curve and keep the watched pattern', async () => {
  await openPage(page, server, '#v=1&autoplay=0&H=8&M=8&npat=5&nflip=1&rule=willshaw');
  await meterDone(5);
  const watched = (await getState(page)).summary.target;
  await page.click('#act-store10');
  let c = await meterDone(15);
  let st = await getState(page);
  assert.equal(st.config.npat, 15);
  assert.equal(st.summary.target, watched, 'Store 10 more changed the watched pattern');
  assert.deepEqual(point(c, 'willshaw', 15).series.x, [5, 15]);
  await page.click('#act-fill');
  await page.waitForFunction(() => /filling/.test(window.hebbplay.getCharts().status), null, { timeout: 10000 });
  // The count climbs visibly: the stored count is seen growing.
  const seen = new Set();
  const deadline = Date.now() + 180000;
  for (;;) {
    ({ c, st } = await page.evaluate(() => ({ c: window.hebbplay.getCharts(), st: window.hebbplay.getState() })));
    seen.add(st.config.npat);
    if (!/filling/.test(c.status) && !c.running) break;
    assert.ok(Date.now() < deadline, 'the fill did not end');
    await page.waitForTimeout(40);
  }
  assert.ok(seen.size >= 3, `the count did not climb visibly: ${[...seen]}`);
  const P = st.config.npat;
  const s = point(c, 'willshaw', P).series;
  const n = s.x.length;
  assert.ok(s.y[n - 1] < 0.9 && s.y[n - 2] >= 0.9, `the fill stopped at P = ${P}: ${s.x} ${s.y}`);
  assert.equal(s.x[n - 1], P);
  assert.equal(st.summary.target, watched, 'the fill changed the watched pattern');
  const p90 = c.charts[0].refs.find((r) => /^P90/.test(r.label));
  assert.ok(p90 && p90.value > s.x[n - 2] && p90.value <= P, `P90 mark ${JSON.stringify(c.charts[0].refs)}`);
  await settle(page);
  await page.screenshot({ path: `${SHOTS}/capacity-03-filled.png` });
});

// Screenshots of the meter beside the views in presentation mode at
// 1920×1080 and on a phone (390×844): the meter and its curve are on the
// page, the curve's canvas has room.
test('the meter in presentation mode (1920×1080) and on a phone (390×844)', async () => {
  await openPage(page, server, '#v=1&autoplay=0&npat=40&seed=2');
  await meterDone(40);
  try {
    for (const [w, h, present, name] of [[1920, 1080, true, 'presentation-1920'], [390, 844, false, 'phone-390']]) {
      await page.setViewportSize({ width: w, height: h });
      await page.evaluate((on) => window.hebbplay.setPresentation(on), present);
      await settle(page);
      const box = await page.locator('.chart-card[data-chart="capacity"] canvas').boundingBox();
      assert.ok(box && box.width >= 150 && box.height >= 100, `${name}: the curve is ${JSON.stringify(box)}`);
      assert.match(await page.locator('#charts-status').textContent(), /^Capacity: \d+ of 40 /);
      await page.screenshot({ path: `${SHOTS}/capacity-${name}.png`, fullPage: true });
    }
  } finally {
    await page.evaluate(() => window.hebbplay.setPresentation(false));
    await page.setViewportSize({ width: 1280, height: 860 });
  }
});

test('predict, then watch: the outcome shows only when the animation reaches its end', async () => {
  await openPage(page, server, '#v=1&autoplay=0&npat=40&nflip=4&seed=2');
  await settle(page);
  const text = () => page.locator('#summary').textContent();
  assert.match(await text(), /press Play to recall/);
  assert.doesNotMatch(await text(), /correct|overlap|iterations/);
  await page.screenshot({ path: `${SHOTS}/capacity-04-before-play.png` });
  await page.click('#act-step');
  await page.waitForFunction(() => window.hebbplay.getState().summary.step === 1);
  const st1 = await getState(page);
  if (st1.summary.steps > 1) assert.match(await text(), /recalling… iteration 1/);
  await page.click('#act-toggle');
  await page.waitForFunction(() => { const s = window.hebbplay.getState().summary; return s.step === s.steps && !window.hebbplay.getState().playing; }, null, { timeout: 30000 });
  await settle(page);
  const st = await getState(page);
  const verdict = st.summary.correct ? 'correct' : 'incorrect';
  assert.match(await text(), new RegExp(`: ${verdict} · overlap ${st.summary.overlap.toFixed(2)} · ${st.summary.iterations} iteration`));
  await page.screenshot({ path: `${SHOTS}/capacity-05-after-play.png` });
});

// The cue view's pixels, from a screenshot of the stage.
async function cuePixels(p) {
  const layout = await p.evaluate(() => window.hebbplayLayout);
  const v = layout.find((l) => l.id === 'cue');
  const o = await p.evaluate(() => { const f = document.getElementById('stage'); const r = f.getBoundingClientRect(); return { x: r.left + f.clientLeft, y: r.top + f.clientTop }; });
  return { img: decodePNG(await p.screenshot({ clip: { x: o.x + v.x, y: o.y + v.y, width: v.w, height: v.h } })), v, o };
}

test('an edited cue survives Copy permalink into a fresh browser', async () => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
  await openPage(page, server, '#v=1&autoplay=0&npat=30&nflip=2&seed=4');
  await settle(page);
  const st0 = await getState(page);
  const { H, M } = st0.config;
  // Click two units of the cue (each moves its hypercolumn's active unit).
  for (const h of [1, 6]) {
    const m = (st0.summary.cue[h] - h * M + 4) % M;
    const { v, o } = await cuePixels(page);
    await page.mouse.click(o.x + v.x + (m + 0.5) * v.w / M, o.y + v.y + (h + 0.5) * v.h / H, { delay: 60 });
    await page.waitForFunction(([h, u]) => window.hebbplay.getState().summary.cue[h] === u, [h, h * M + m], { timeout: 10000 });
  }
  await page.click('#act-toggle'); // play to the end: the outcome is shown
  await page.waitForFunction(() => { const s = window.hebbplay.getState().summary; return s.step === s.steps && !window.hebbplay.getState().playing; }, null, { timeout: 30000 });
  await settle(page);
  const st = await getState(page);
  assert.equal(st.summary.cueEdited, true);
  assert.match(st.hash, /&cueedit=1-[0-9a-z]+-\d+(\.\d+)*/);
  await page.click('#btn-copy');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(link, st.permalink);
  const shotA = await cuePixels(page);
  await page.screenshot({ path: `${SHOTS}/capacity-06-edited-cue.png` });

  const fresh = await launch();
  try {
    const p2 = await fresh.context.newPage();
    await p2.goto(link);
    await waitReady(p2);
    await p2.click('#act-toggle');
    await p2.waitForFunction(() => { const s = window.hebbplay.getState().summary; return s.step === s.steps && !window.hebbplay.getState().playing; }, null, { timeout: 30000 });
    await settle(p2);
    const st2 = await getState(p2);
    assert.deepEqual(st2.notices, []);
    for (const k of ['cue', 'cueEdited', 'state', 'correct', 'overlap', 'iterations', 'target']) {
      assert.deepEqual(st2.summary[k], st.summary[k], `${k} differs in the fresh browser`);
    }
    assert.equal(st2.hash, st.hash);
    const shotB = await cuePixels(p2);
    const d = diffRatio(shotA.img, shotB.img);
    assert.ok(d < 0.002, `the cue view differs in ${(d * 100).toFixed(2)}% of its pixels`);
    assert.equal(await p2.locator('#summary').textContent(), await page.locator('#summary').textContent());
    await p2.screenshot({ path: `${SHOTS}/capacity-07-edited-cue-reopened.png` });
  } finally {
    await fresh.close();
  }
});
