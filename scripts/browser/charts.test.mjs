// Browser tests of the one chart path (web/charts.js drawing core/lab's chart
// data): on one chart of the Dopamine lab and one of the sparse lab, hovering
// a point shows its exact value, "Save PNG" downloads the chart with its
// title, main parameters and permalink drawn in, and "CSV" downloads exactly
// the chart's data. Run alone with
//   make build && cd scripts/browser && SHOTS_DIR=/tmp/shots-charts node --test charts.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openSuite, closeSuite, shotsDir, openPage, settle, decodePNG, pixelStats, assertNotBlank } from './lib.mjs';

const SHOTS = shotsDir('charts-');
let server, browser, page;

before(async () => {
  ({ server, browser, page } = await openSuite());
});

after(async () => {
  await closeSuite(browser, server);
  console.log(`screenshots: ${SHOTS}`);
});

// parseCSV reads RFC 4180 CSV (quoted cells may hold commas and quotes).
function parseCSV(text) {
  const rows = [];
  let row = [], cell = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') q = false; else cell += c;
    } else if (c === '"') q = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; } else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

// same compares a CSV cell with a chart value (NaN and null: an empty cell).
function same(cell, v, what) {
  if (v === null || v === undefined || Number.isNaN(v)) assert.equal(cell, '', what);
  else assert.equal(Number(cell), v, what);
}

// drawnSpec waits until the page has drawn the lab's latest charts and
// returns the spec of chart id.
async function drawnSpec(id) {
  await page.waitForFunction((id) => window.HebbCharts.version === window.hebbplay.getCharts().version && window.HebbCharts.shown(id), id);
  return page.evaluate((id) => window.hebbplay.getCharts().charts.find((c) => c.id === id), id);
}

// checkCSV downloads chart id's CSV and compares it with the spec, value by
// value.
async function checkCSV(id, spec) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`[data-chart="${id}"] button.csv`)]);
  assert.equal(dl.suggestedFilename(), `hebbplay-${id}.csv`);
  const rows = parseCSV(fs.readFileSync(await dl.path(), 'utf8'));
  if (spec.categories && spec.categories.length) {
    assert.deepEqual(rows[0], ['category', ...spec.series.map((s) => s.label)]);
    assert.equal(rows.length, 1 + spec.categories.length);
    spec.categories.forEach((c, i) => {
      assert.equal(rows[1 + i][0], c);
      spec.series.forEach((s, k) => same(rows[1 + i][1 + k], s.y[i], `${c}, ${s.label}`));
    });
    return;
  }
  const hist = spec.series.some((s) => s.histogram);
  assert.deepEqual(rows[0], hist ? ['series', 'x', 'x_end', 'y'] : ['series', 'x', 'y']);
  let r = 1;
  for (const s of spec.series) {
    s.y.forEach((y, i) => {
      const row = rows[r++];
      assert.equal(row[0], s.band ? `${s.label} (${s.band})` : s.label);
      same(row[1], s.x[i], `${s.label} x[${i}]`);
      if (hist && s.histogram) same(row[2], s.x[i + 1], `${s.label} bin end ${i}`);
      same(row[row.length - 1], y, `${s.label} y[${i}]`);
    });
  }
  for (const ref of spec.refs || []) {
    const row = rows[r++];
    assert.equal(row[0], 'reference: ' + ref.label);
    same(ref.vertical ? row[1] : row[row.length - 1], ref.value, ref.label);
  }
  assert.equal(rows.length, r, 'extra CSV rows');
}

// checkPNG downloads chart id's PNG: the chart with a title region above it
// (dark text on white) and the permalink under it.
async function checkPNG(id, spec) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`[data-chart="${id}"] button.png`)]);
  assert.equal(dl.suggestedFilename(), `hebbplay-${id}.png`);
  const file = path.join(SHOTS, `charts-${id}.png`);
  fs.copyFileSync(await dl.path(), file);
  const img = decodePNG(fs.readFileSync(file));
  const canvas = await page.locator(`[data-chart="${id}"] canvas`).evaluate((c) => ({ w: c.width, h: c.height }));
  assert.equal(img.width, canvas.w);
  assert.ok(img.height >= canvas.h + 50, `PNG ${img.height} px high for a ${canvas.h} px chart: no room for the title and permalink`);
  assertNotBlank(img, `${id} PNG`);
  // The title region: the top 40 px hold dark text on white.
  const top = { width: img.width, height: 40, data: img.data.subarray(0, img.width * 40 * 4) };
  const st = pixelStats(top);
  assert.ok(st.foreground > 0.01 && st.foreground < 0.5, `title region: ${(st.foreground * 100).toFixed(1)}% ink`);
  let dark = 0;
  for (let i = 0; i < top.data.length; i += 4) if (top.data[i] < 80 && top.data[i + 1] < 80 && top.data[i + 2] < 80) dark++;
  assert.ok(dark > 50, `title region has ${dark} dark pixels`);
  assert.ok(spec.params.length > 0, 'the chart names no main parameters');
}

// checkHover moves the mouse onto a drawn point of dataset k and checks
// that the tooltip shows that point's exact value.
async function checkHover(id, spec, k) {
  await page.locator(`[data-chart="${id}"] canvas`).scrollIntoViewIfNeeded();
  const at = await page.evaluate(([id, k]) => {
    const { chart } = window.HebbCharts.shown(id);
    const meta = chart.getDatasetMeta(k);
    const data = chart.data.datasets[k].data;
    const val = (i) => (data[i] !== null && typeof data[i] === 'object' ? data[i].y : data[i]);
    const idx = meta.data.findIndex((el, i) => i >= Math.floor(meta.data.length / 2) && Number.isFinite(el.x) && Number.isFinite(el.y) && Number.isFinite(val(i)));
    const el = meta.data[idx];
    const r = chart.canvas.getBoundingClientRect();
    return { x: r.left + el.x, y: r.top + (el.y + (el.base !== undefined ? el.base : el.y)) / 2 };
  }, [id, k]);
  await page.mouse.move(at.x, at.y);
  await page.waitForFunction((id) => window.HebbCharts.shown(id).chart.tooltip.getActiveElements().length > 0, id);
  const tip = await page.evaluate((id) => {
    const t = window.HebbCharts.shown(id).chart.tooltip;
    return { title: t.title, lines: t.body.flatMap((b) => b.lines), points: t.dataPoints.map((p) => [p.datasetIndex, p.dataIndex]) };
  }, id);
  await page.locator(`[data-chart="${id}"]`).screenshot({ path: path.join(SHOTS, `charts-${id}-hover.png`) });
  assert.ok(tip.points.length > 0, 'no tooltip');
  const [d, i] = tip.points[0];
  const s = spec.series[d];
  const want = String(+s.y[i].toPrecision(6));
  assert.ok(tip.lines[0].startsWith(s.label + ': ') && tip.lines[0].endsWith('= ' + want), `tooltip ${JSON.stringify(tip)}, want ${s.label} = ${want}`);
  if (spec.categories && spec.categories.length) assert.deepEqual(tip.title, [spec.categories[i]]);
  else assert.ok(tip.title.join(' ').includes(String(+s.x[i].toPrecision(6))), `tooltip title ${tip.title}, want x = ${s.x[i]}`);
}

test('Dopamine: the loss chart shows exact values on hover and exports PNG and CSV', async () => {
  await openPage(page, server, '#v=1&lab=dopamine&autoplay=0&spf_xor=40');
  for (let i = 0; i < 5; i++) await page.click('#act-step');
  await settle(page);
  const spec = await drawnSpec('loss');
  assert.equal(spec.series.length, 4);
  assert.ok(spec.series[1].x.length >= 100, `${spec.series[1].x.length} points`);
  await checkHover('loss', spec, 1);
  await checkCSV('loss', spec);
  await checkPNG('loss', spec);
  // The legend hides a series on click (Chart.js's legend toggles).
  const hidden = await page.evaluate(() => {
    const { chart } = window.HebbCharts.shown('loss');
    chart.setDatasetVisibility(0, false);
    chart.update("none");
    return !chart.isDatasetVisible(0);
  });
  assert.ok(hidden);
});

test('Sparse: the gauges (bars) and the histogram export exactly their data', async () => {
  await openPage(page, server, '#v=1&lab=sparse&autoplay=0');
  await page.waitForFunction(() => {
    const c = window.hebbplay.getCharts();
    const g = c.charts && c.charts.find((x) => x.id === 'gauges');
    const h = c.charts && c.charts.find((x) => x.id === 'histogram');
    return g && Number.isFinite(g.series[0].y[0]) && Number.isFinite(g.series[0].y[2]) && h && h.series.length > 0;
  }, null, { timeout: 60000 });
  await settle(page);
  const gauges = await drawnSpec('gauges');
  assert.deepEqual(gauges.categories.slice(0, 1), ['Test accuracy']);
  const st = await page.evaluate(() => window.hebbplay.getState().summary);
  assert.equal(gauges.series[0].y[0], st.accHebbian);
  assert.equal(gauges.series[1].y[0], st.accBackprop);
  await checkHover('gauges', gauges, 0);
  await checkCSV('gauges', gauges);
  await checkPNG('gauges', gauges);
  const hist = await drawnSpec('histogram');
  assert.ok(hist.series[0].histogram && hist.series[0].x.length === hist.series[0].y.length + 1);
  await checkCSV('histogram', hist);
  await page.screenshot({ path: path.join(SHOTS, 'charts-sparse-page.png') });
});
