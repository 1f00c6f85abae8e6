// Browser tests of the Library with the Dopamine and sparse labs: a run is
// saved with its configuration (its charts and summary numbers), two runs
// of the same lab are compared (the differing parameter highlighted, the
// curves overlaid, the summary numbers side by side), and a result exported
// from one profile imports into a fresh one unchanged. Run alone with
//   make build && cd scripts/browser && SHOTS_DIR=/tmp/shots-lib node --test library-runs.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, openSuite, closeSuite, shotsDir, openPage, waitReady, settle, decodePNG, pixelStats } from './lib.mjs';

const SHOTS = shotsDir('library-runs-');
let server, browser, page;

before(async () => {
  ({ server, browser, page } = await openSuite());
});

after(async () => {
  await closeSuite(browser, server);
  console.log(`screenshots: ${SHOTS}`);
});

async function ready(p = page) {
  await p.waitForFunction(() => window.hebbplayLibrary, null, { timeout: 60000 });
  await p.evaluate(() => window.hebbplayLibrary.ready);
}

async function library(p = page) {
  if (!await p.evaluate(() => document.getElementById('library-dialog').open)) await p.click('#btn-library');
  await p.waitForSelector('#library-dialog[open]');
}

const records = (p = page) => p.evaluate(() => ({
  configs: window.hebbplayLibrary.configs().sort((a, b) => (a.id < b.id ? -1 : 1)),
  results: window.hebbplayLibrary.results().sort((a, b) => (a.id < b.id ? -1 : 1)),
}));
const row = (name) => page.locator('#lib-rows tr.lib-row', { has: page.locator('strong', { hasText: name }) });

// saveRun names the page's configuration, then saves the run shown with it.
async function saveRun(name) {
  await page.waitForSelector('#lib-save-results:not([hidden]):not([disabled])');
  await library();
  const n = await page.locator('#lib-rows tr.lib-row').count();
  await page.fill('#lib-name', name);
  await page.fill('#lib-comment', 'a run');
  await page.click('#lib-save-btn');
  await page.waitForFunction((k) => document.querySelectorAll('#lib-rows tr.lib-row').length === k, n + 1);
  await page.click('#lib-close');
  await page.click('#lib-save-results');
  await page.waitForFunction(() => /saved/.test(document.getElementById('lib-save-results').textContent));
  assert.match(await page.textContent('#lib-results-msg'), new RegExp(name));
}

// compareRuns compares two saved runs and checks the overlay of chart id.
async function compareRuns(labID, a, b, id) {
  await library();
  await page.locator('#lib-rows input[type=checkbox]:checked').evaluateAll((cs) => cs.forEach((c) => c.click()));
  for (const n of [a, b]) await row(n).locator('input[type=checkbox]').check();
  await page.click('#lib-compare');
  await page.waitForSelector('#lib-compare-view:not([hidden])');
  const differ = await page.$$eval('#lib-cmp-table tr.differ', (trs) => trs.map((tr) => tr.dataset.param));
  assert.deepEqual(differ, ['seed']);
  await page.waitForSelector('#lib-cmp-chart:not([hidden])');
  await page.selectOption('#lib-cmp-which', id);
  const recs = await records();
  const ra = recs.results.find((r) => r.config === recs.configs.find((c) => c.name === a).id);
  const rb = recs.results.find((r) => r.config === recs.configs.find((c) => c.name === b).id);
  assert.equal(ra.experiment, labID + '-run');
  const want = [...ra.charts.find((c) => c.id === id).series.map((s) => s.label + ' — ' + a), ...rb.charts.find((c) => c.id === id).series.map((s) => s.label + ' — ' + b)];
  const drawn = await page.evaluate(() => {
    const c = Chart.getChart('lib-cmp-canvas');
    return { labels: c.data.datasets.map((d) => d.label), dashed: c.data.datasets.map((d) => (d.borderDash || []).length > 0) };
  });
  assert.deepEqual(drawn.labels, want);
  const half = want.length / 2;
  if (id !== 'gauges') assert.deepEqual(drawn.dashed.map((d, i) => i >= half ? d : !d).filter((x) => !x), [], `the second run's curves are not dashed: ${drawn.dashed}`);
  const px = pixelStats(decodePNG(await page.locator('#lib-cmp-canvas').screenshot()));
  assert.ok(px.colors > 8 && px.foreground > 0.03, `the comparison chart looks blank: ${JSON.stringify(px)}`);
  // The summary numbers side by side; the seed changes them.
  const diffRows = await page.$$eval('#lib-cmp-rows tr.differ', (trs) => trs.map((tr) => tr.dataset.key));
  assert.ok(diffRows.length > 0, 'no summary number differs between two seeds');
  await page.locator('#lib-compare-view').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, `library-runs-compare-${labID}.png`) });
  return { ra, rb };
}

// roundTrip exports configuration name with its result and imports the
// file into a fresh profile: the same records.
async function roundTrip(name) {
  await library();
  const [dl] = await Promise.all([page.waitForEvent('download'), row(name).locator('button.lib-export').click()]);
  const file = path.join(os.tmpdir(), `hebbplay-runs-${process.pid}-${Date.now()}.json`);
  fs.copyFileSync(await dl.path(), file);
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  const ver = await page.evaluate(() => window.hebbplay.libraryFormat.version);
  assert.equal(doc.version, ver);
  assert.equal(doc.results.length, 1);
  assert.ok(doc.results[0].charts.length >= 2, 'the export lost the charts');
  const mine = await records();
  const cfg = mine.configs.find((c) => c.name === name);
  const res = mine.results.find((r) => r.config === cfg.id);
  const fresh = await launch();
  try {
    const p = await fresh.context.newPage();
    await openPage(p, server, '#v=1&lab=memory&autoplay=0', { frame: false });
    await ready(p);
    await library(p);
    await p.setInputFiles('#lib-import', file);
    await p.waitForFunction(() => window.hebbplayLibrary.results().length === 1, null, { timeout: 15000 })
      .catch(async (err) => { throw new Error(err.message + ': ' + await p.textContent('#lib-message')); });
    const got = await records(p);
    assert.deepEqual(got.configs, [cfg]);
    assert.deepEqual(got.results, [res], 'the imported result differs from the saved one');
    // A damaged chart is refused with the reason.
    doc.results[0].charts[0].series[0].color = 'red';
    await p.setInputFiles('#lib-import', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
    await p.waitForFunction(() => /Import refused/.test(document.getElementById('lib-message').textContent));
    assert.match(await p.textContent('#lib-message'), /colour "red" is not #rrggbb/);
  } finally {
    await fresh.close();
    fs.rmSync(file, { force: true });
  }
}

test('Dopamine: save two runs, compare them (parameters, overlaid loss curves, numbers), export and import one', async () => {
  for (const seed of [1, 2]) {
    await openPage(page, server, `#v=1&lab=dopamine&autoplay=0&spf_xor=40&seed=${seed}`);
    await ready();
    for (let i = 0; i < 4; i++) await page.click('#act-step');
    await settle(page);
    await saveRun(`Dopamine, seed ${seed}`);
  }
  const { ra } = await compareRuns('dopamine', 'Dopamine, seed 1', 'Dopamine, seed 2', 'loss');
  assert.deepEqual(ra.charts.map((c) => c.id), ['loss', 'rpe', 'rate']);
  assert.ok(ra.rows.some((r) => r.name === 'sgd' && typeof r.loss === 'number'), `rows ${JSON.stringify(ra.rows)}`);
  await roundTrip('Dopamine, seed 1');
});

test('Sparse: save two runs, compare their gauges and histograms, export and import one', async () => {
  for (const seed of [1, 2]) {
    await openPage(page, server, `#v=1&lab=sparse&autoplay=0&seed=${seed}`);
    await ready();
    await page.waitForFunction(() => {
      const c = window.hebbplay.getCharts();
      const g = c.charts && c.charts.find((x) => x.id === 'gauges');
      return g && Number.isFinite(g.series[0].y[0]) && Number.isFinite(g.series[0].y[2]);
    }, null, { timeout: 60000 });
    await saveRun(`Sparse, seed ${seed}`);
  }
  const { ra } = await compareRuns('sparse', 'Sparse, seed 1', 'Sparse, seed 2', 'gauges');
  assert.deepEqual(ra.charts.map((c) => c.id), ['histogram', 'gauges']);
  await page.selectOption('#lib-cmp-which', 'histogram');
  await page.screenshot({ path: path.join(SHOTS, 'library-runs-compare-sparse-histogram.png') });
  await roundTrip('Sparse, seed 1');
});
