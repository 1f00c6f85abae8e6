// Browser tests of the Experiments screen: a storage sweep runs in Web
// Workers to completion, its table and downloads equal the native command's
// output for the same configuration and seed, Cancel stops every worker, a
// new configuration replaces a running sweep, and the page keeps drawing
// frames while the workers compute. The table shows each repetition's own
// P90, the interval of their mean (with a warning when it is wider than
// ±5%) and bits per synapse on both counts; the curves carry bands.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { decodePNG, pixelStats, repo, openSuite, closeSuite, shotsDir, openPage, recordFrames, stopFrames } from './lib.mjs';

const SHOTS = shotsDir('experiments-');
const CONFIG = 'v=1&lab=memory&screen=experiments&exp=storage&H=10&M=10&exp_rules=hebb,covariance,willshaw,bcpnn&exp_reps=4&nflip=1&seed=7&autoplay=0';

let server, browser, page;
const measured = {};

before(async () => {
  ({ server, browser, page } = await openSuite());
});

after(async () => {
  await closeSuite(browser, server);
  console.log(`screenshots: ${SHOTS}`);
  console.log('measured:', JSON.stringify(measured));
});

// open navigates to the page with a hash and waits until Go runs and the
// panel is built (the Experiments screen draws no stage).
const open = (hash) => openPage(page, server, hash, { frame: false });

const charts = () => page.evaluate(() => window.hebbplay.getCharts());

async function waitFinished(timeout = 240000) {
  await page.waitForFunction(() => {
    const c = window.hebbplay.getCharts();
    return c.active && !c.running && c.exports.length > 0;
  }, null, { timeout, polling: 200 });
}

// native runs the command line the page shows, in the repository.
function native(cmd, format) {
  const args = cmd.replace(/^go run /, '').replace(/-format json$/, `-format ${format}`).split(' ');
  return execFileSync('go', ['run', ...args, '-quiet'], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

test('a storage sweep in workers equals the native command, table and downloads included', async () => {
  await open(CONFIG);
  // Record the animation frames of the page while the workers compute.
  await recordFrames(page);
  const t0 = Date.now();
  // Results stream in: the status reports progress before the end.
  await page.waitForFunction(() => { const c = window.hebbplay.getCharts(); return c.done > 0 && c.running; }, null, { timeout: 60000, polling: 50 });
  // The page stays interactive while the workers compute: a change made
  // through the panel's API is applied and shown in the panel before the
  // sweep ends (a setting that does not touch the experiment).
  const during = await page.evaluate(async () => {
    await window.hebbplay.setConfig({ speed: 7 });
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const c = window.hebbplay.getCharts();
    return { running: c.running, speed: document.querySelector('input[name=speed]').value };
  });
  assert.deepEqual(during, { running: true, speed: '7' }, 'the page did not respond while the sweep ran');
  await waitFinished();
  measured.sweepMs = Date.now() - t0;
  const rec = await stopFrames(page);
  measured.frames = rec;
  measured.workers = await page.evaluate(() => window.hebbplayWorkers.count);
  // The largest gap is reported (goal: under 100 ms), not asserted: speed
  // goals are measured, never timed in tests. Frames must have kept coming.
  assert.ok(rec.frames > 3, `only ${rec.frames} frames drawn during the sweep: the page froze`);

  const st = await page.evaluate(() => window.hebbplay.getState());
  assert.equal(st.summary.finished, true);
  const cmd = st.summary.native;
  assert.match(cmd, /^go run \.\/scripts\/hebb storage -exp_rules hebb,covariance,willshaw,bcpnn -exp_reps 4 -eps faithful -kind modular -H 10 -M 10 -nflip 1 -niter 15 .*-seed 7 /);

  // The plotted table equals the native JSON, rule by rule.
  const lines = native(cmd, 'json').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 4);
  const rows = await page.$$eval('[data-chart="storage-table"] tbody tr', (trs) => trs.map((tr) => Array.from(tr.children).map((td) => td.textContent)));
  const head = await page.$$eval('[data-chart="storage-table"] thead th', (ths) => ths.map((th) => th.textContent));
  const col = (name) => { const k = head.indexOf(name); assert.ok(k >= 0, `no column ${name} in ${head}`); return k; };
  assert.equal(rows.length, 4, 'table rows: ' + JSON.stringify(rows));
  const near = (got, want, what) => assert.ok(Math.abs(Number(got) - want) < 1e-3 * Math.max(1, want), `${what}: ${got} vs ${want}`);
  for (const want of lines) {
    const row = rows.find((r) => r[0] === want.rule);
    assert.ok(row, `no row for ${want.rule}`);
    assert.equal(Number(row[col('P90')]), want.p90, `${want.rule} P90`);
    // Each repetition's own P90 and the interval of their mean, as natively.
    assert.equal(row[col('per-repetition P90')], want.p90_per_rep, `${want.rule} per-repetition P90`);
    assert.equal(want.p90_per_rep.split(' ').length, 4);
    const iv = row[col('mean (95% interval)')].match(/^([\d.]+) \(([\d.]+)–([\d.]+)\)$/);
    assert.ok(iv, `${want.rule} interval cell ${row[col('mean (95% interval)')]}`);
    [want.p90_mean, want.p90_ci95_lo, want.p90_ci95_hi].forEach((x, k) => assert.ok(Math.abs(Number(iv[k + 1]) - x) <= 0.05 + 1e-9, `${want.rule} interval ${iv[0]} vs ${x}`));
    // A visible warning next to a row whose interval is wider than ±5%.
    assert.equal(row[col('spread')].startsWith('⚠'), want.p90_ci_wide, `${want.rule} spread cell ${row[col('spread')]}`);
    // Bits per synapse on both counts.
    near(row[col('bits/synapse (all synapses)')], want.bits_per_synapse_all, `${want.rule} bits/synapse (all)`);
    near(row[col('bits/synapse (independent synapses: halved for symmetric rules)')], want.bits_per_synapse_independent, `${want.rule} bits/synapse (independent)`);
  }
  const warned = await page.$$eval('[data-chart="storage-table"] td.warn', (tds) => tds.map((td) => getComputedStyle(td).backgroundColor));
  assert.equal(warned.length, lines.filter((l) => l.p90_ci_wide).length, 'warning cells');
  assert.ok(warned.every((c) => c !== 'rgba(0, 0, 0, 0)'), 'warning cells are not highlighted');
  assert.match(await page.textContent('[data-chart="storage-table"] .chart-note'), /Student-t.*0\.72/s);
  // Every curve has a shaded band (its 95% interval), said in the caption.
  const bands = await page.evaluate(() => {
    const ch = window.Chart.getChart(document.querySelector('[data-chart="storage"] canvas'));
    return ch.data.datasets.filter((d) => d.band).map((d) => ({ fill: d.fill, n: d.data.length }));
  });
  assert.equal(bands.length, 8, 'two band edges per rule: ' + JSON.stringify(bands));
  assert.equal(bands.filter((b) => b.fill === '-1').length, 4);
  assert.match(await page.textContent('[data-chart="storage"] .chart-note'), /Shaded bands: the 95% Student-t interval/);
  // The JSON export holds the very same rows, the configuration and the seed.
  const doc = JSON.parse(await page.evaluate(() => window.hebbplay.exportFile('json')));
  assert.equal(doc.spec.seed, 7);
  assert.match(doc.permalink, /screen=experiments/);
  assert.deepEqual(doc.rows, lines);
  // The CSV download equals the native CSV.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="csv"]')]);
  assert.equal(dl.suggestedFilename(), 'hebbplay-storage.csv');
  const csv = fs.readFileSync(await dl.path(), 'utf8');
  assert.equal(csv, native(cmd, 'csv'));
  // The plot is drawn (its canvas is not blank) and offers a PNG.
  const img = decodePNG(await page.locator('[data-chart="storage"] canvas').screenshot());
  const s = pixelStats(img);
  assert.ok(s.colors >= 8 && s.foreground > 0.02, `blank plot: ${JSON.stringify(s)}`);
  const [png] = await Promise.all([page.waitForEvent('download'), page.click('[data-chart="storage"] button.png')]);
  assert.equal(png.suggestedFilename(), 'hebbplay-storage.png');
  assert.equal(fs.readFileSync(await png.path()).readUInt32BE(0), 0x89504e47);
  // Theory beside measurement: willshaw's predicted curve is drawn dashed
  // with its citation in the caption, and the theory table sets the
  // predicted P90 beside the measured one (the native theory_p90).
  const shown = await charts();
  const storageChart = shown.charts.find((ch) => ch.id === 'storage');
  const curve = storageChart.series.find((se) => se.label.startsWith('willshaw theory: Willshaw finite-size'));
  assert.ok(curve && curve.dashed && curve.x.length >= 10, 'no dashed willshaw theory curve: ' + JSON.stringify(storageChart.series.map((se) => se.label)));
  const caption = await page.textContent('[data-chart="storage"] .chart-note');
  assert.match(caption, /Dashed: theory: Willshaw finite-size, one step \(Willshaw, Buneman & Longuet-Higgins, Nature 1969/);
  assert.match(caption, /Why it differs: /);
  const theoryRows = await page.$$eval('[data-chart="storage-theory"] tbody tr', (trs) => trs.map((tr) => Array.from(tr.children).map((td) => td.textContent)));
  const wRow = theoryRows.find((r) => r[0] === 'willshaw');
  const wNative = lines.find((l) => l.rule === 'willshaw');
  assert.ok(wRow && Number(wRow[2]) === wNative.theory_p90 && Number(wRow[1]) === wNative.p90, 'theory row ' + JSON.stringify(wRow));
  assert.equal(theoryRows.find((r) => r[0] === 'bcpnn')[2], '—');
  await page.locator('[data-chart="storage"]').screenshot({ path: path.join(SHOTS, 'experiments-storage-theory.png') });
  await page.locator('[data-chart="storage-theory"]').screenshot({ path: path.join(SHOTS, 'experiments-theory-table.png') });
  await page.screenshot({ path: path.join(SHOTS, 'experiments-storage.png'), fullPage: true });
});

test('Cancel stops every worker; a new configuration replaces a running sweep', async () => {
  await open('v=1&lab=memory&screen=experiments&exp=storage&H=24&M=24&exp_reps=12&seed=3&autoplay=0');
  await page.waitForFunction(() => window.hebbplay.getCharts().done >= 3, null, { timeout: 60000, polling: 50 });
  await page.click('#act-cancelexp');
  await page.waitForFunction(() => !window.hebbplay.getCharts().running, null, { timeout: 10000 });
  const at = await page.evaluate(() => ({ units: window.hebbplayWorkers.units, c: window.hebbplay.getCharts() }));
  assert.match(at.c.status, /^Cancelled/);
  await page.waitForTimeout(2000);
  const later = await page.evaluate(() => ({ units: window.hebbplayWorkers.units, done: window.hebbplay.getCharts().done }));
  assert.equal(later.units, at.units, 'workers kept reporting results after Cancel');
  assert.equal(later.done, at.c.done, 'progress moved after Cancel');
  await page.screenshot({ path: path.join(SHOTS, 'experiments-cancelled.png'), fullPage: true });

  // Run again, then change a setting mid-run: the old run is abandoned and
  // the new configuration's results come out.
  await page.click('#act-runexp');
  await page.waitForFunction(() => window.hebbplay.getCharts().done >= 2, null, { timeout: 60000, polling: 50 });
  await page.evaluate(() => window.hebbplay.setConfig({ H: 8, M: 8, exp_reps: 2, exp_rules: 'hebb,bcpnn' }));
  await waitFinished();
  const doc = JSON.parse(await page.evaluate(() => window.hebbplay.exportFile('json')));
  assert.deepEqual(doc.rows.map((r) => [r.rule, r.H, r.reps]), [['hebb', 8, 2], ['bcpnn', 8, 2]]);
});
