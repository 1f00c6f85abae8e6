// Browser tests of the Library (web/library.js, web/db.js): saved
// configurations survive a reload and open exactly; the last session is
// resumed; Compare highlights the differing parameters and overlays saved
// results; export then import into a fresh profile reproduces the records;
// a malformed or foreign file is refused with a message and changes nothing;
// without IndexedDB the page works and says that saving is unavailable.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, decodePNG, pixelStats, repo, openSuite, closeSuite, waitReady, getState, openWithLibrary, openLibraryDialog, libraryNames, libraryRow, saveConfig } from './lib.mjs';

const SHOTS = process.env.SHOTS_DIR || path.join(repo, 'test-output', 'screenshots');
const A = 'v=1&lab=memory&rule=hebb&npat=12&seed=3&autoplay=0';
const EXP = 'v=1&lab=memory&screen=experiments&exp=storage&H=8&M=8&exp_rules=hebb,bcpnn&exp_reps=2&nflip=1&autoplay=0';

let server, browser, page;
const measured = {};
const shot = (name) => page.screenshot({ path: path.join(SHOTS, 'library-' + name + '.png') });

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  ({ server, browser, page } = await openSuite());
});

after(async () => {
  await closeSuite(browser, server);
  console.log(`screenshots: ${SHOTS}`);
  console.log('measured:', JSON.stringify(measured));
});

// The Library helpers of lib.mjs, bound to this file's page and server.
const ready = (p = page) => waitReady(p, { frame: false }).then(() => p.waitForFunction(() => window.hebbplayLibrary, null, { timeout: 60000 })).then(() => p.evaluate(() => window.hebbplayLibrary.ready));
const open = (hash, p = page) => openWithLibrary(p, server, hash);
const library = (p = page) => openLibraryDialog(p);
const names = (p = page) => libraryNames(p);
const records = (p = page) => p.evaluate(() => ({
  configs: window.hebbplayLibrary.configs().sort((a, b) => (a.id < b.id ? -1 : 1)),
  results: window.hebbplayLibrary.results().sort((a, b) => (a.id < b.id ? -1 : 1)),
}));
const state = (p = page) => getState(p);
const row = (name) => libraryRow(page, name);
const save = (name, comment) => saveConfig(page, name, comment);

test('the IndexedDB wrapper: one transaction per call, atomic batches', async () => {
  await open(A);
  const r = await page.evaluate(async () => {
    await HebbDB.deleteDatabase('hebbplay-dbtest');
    const db = await HebbDB.open('hebbplay-dbtest', 1, (idb) => idb.createObjectStore('s', { keyPath: 'id' }));
    const out = {};
    out.key = await db.put('s', { id: 'a', v: 1 });
    out.got = await db.get('s', 'a');
    out.missing = await db.get('s', 'zz');
    await db.write([{ store: 's', put: { id: 'b', v: 2 } }, { store: 's', put: { id: 'c', v: 3 } }, { store: 's', delete: 'a' }]);
    out.all = (await db.getAll('s')).map((x) => x.id);
    // A batch with a record without a key fails as a whole.
    try {
      await db.write([{ store: 's', put: { id: 'd', v: 4 } }, { store: 's', put: { v: 5 } }]);
      out.badBatch = 'accepted';
    } catch (err) { out.badBatch = err.name; }
    // A batch failing inside IndexedDB (a key constraint) is rolled back too.
    try {
      const tx = db.idb.transaction('s', 'readwrite');
      tx.objectStore('s').add({ id: 'e' });
      tx.objectStore('s').add({ id: 'b' }); // exists: ConstraintError aborts the transaction
      await new Promise((res, rej) => { tx.oncomplete = res; tx.onabort = () => rej(tx.error); });
    } catch (err) { out.constraint = err.name; }
    out.after = (await db.getAll('s')).map((x) => x.id);
    out.count = await db.count('s');
    await db.delete('s', 'b');
    out.final = (await db.getAll('s')).map((x) => x.id);
    db.close();
    await HebbDB.deleteDatabase('hebbplay-dbtest');
    return out;
  });
  assert.equal(r.key, 'a');
  assert.deepEqual(r.got, { id: 'a', v: 1 });
  assert.equal(r.missing, undefined);
  assert.deepEqual(r.all, ['b', 'c']);
  assert.equal(r.badBatch, 'DataError');
  assert.equal(r.constraint, 'ConstraintError');
  assert.deepEqual(r.after, ['b', 'c'], 'a failed batch left records behind');
  assert.equal(r.count, 2);
  assert.deepEqual(r.final, ['c']);
});

test('save two configurations, reload, find both, open one exactly', async () => {
  await open(A);
  await save('Hebb, twelve patterns', 'the baseline');
  await page.evaluate(() => window.hebbplay.setConfig({ rule: 'willshaw', npat: 30 }));
  await save('Willshaw, thirty', 'binary weights');
  const saved = await records();
  assert.equal(saved.configs.length, 2);
  const willshaw = saved.configs.find((c) => c.name === 'Willshaw, thirty');
  assert.equal(willshaw.hash, (await state()).hash);
  assert.equal(willshaw.lab, 'memory');
  assert.equal(willshaw.schema, await page.evaluate(() => window.hebbplay.libraryFormat.version));
  await shot('saved');

  await page.reload();
  await ready();
  await library();
  assert.deepEqual((await names()).sort(), ['Hebb, twelve patterns', 'Willshaw, thirty']);

  // A page opened without a hash resumes the last configuration.
  await open('');
  let st = await state();
  assert.equal(st.config.rule, 'willshaw', 'the last session was not resumed: ' + st.hash);
  assert.equal(st.config.npat, 30);

  // Open restores the saved permalink and the canvas draws it.
  const hebb = saved.configs.find((c) => c.name === 'Hebb, twelve patterns');
  await library();
  await row('Hebb, twelve patterns').locator('button.lib-open').click();
  await page.waitForFunction(() => window.hebbplay.getState().config.rule === 'hebb', null, { timeout: 20000 });
  st = await state();
  assert.equal(st.hash, hebb.hash);
  assert.equal(decodeURIComponent(await page.evaluate(() => location.hash)), '#' + decodeURIComponent(hebb.hash));
  assert.equal(st.config.npat, 12);
  assert.equal(st.config.seed, 3);
  assert.equal(await page.evaluate(() => document.getElementById('library-dialog').open), false);
  await page.waitForTimeout(600);
  const img = decodePNG(await page.locator('#stage').screenshot());
  const px = pixelStats(img);
  measured.canvas = px;
  assert.ok(px.colors > 20 && px.foreground > 0.05, 'blank stage: ' + JSON.stringify(px));
  await shot('opened');
});

test('sort, grade, edit, copy, delete with undo', async () => {
  await open(A);
  await library();
  await page.click('th[data-sort="name"] button');
  assert.deepEqual(await names(), ['Hebb, twelve patterns', 'Willshaw, thirty']);
  await page.click('th[data-sort="name"] button');
  assert.deepEqual(await names(), ['Willshaw, thirty', 'Hebb, twelve patterns']);
  await row('Hebb, twelve patterns').locator('select.lib-grade').selectOption('5');
  await page.waitForFunction(() => window.hebbplayLibrary.configs().some((c) => c.grade === 5));
  await page.click('th[data-sort="grade"] button');
  assert.deepEqual(await names(), ['Hebb, twelve patterns', 'Willshaw, thirty']);

  await row('Willshaw, thirty').locator('button.lib-edit').click();
  await page.fill('.lib-edit-name', 'Willshaw, 30 patterns');
  await page.fill('.lib-edit-comment', 'binary weights\nclipped at 1');
  await page.click('.lib-edit-save');
  await page.waitForFunction(() => window.hebbplayLibrary.configs().some((c) => c.name === 'Willshaw, 30 patterns'));
  const w = (await records()).configs.find((c) => c.name === 'Willshaw, 30 patterns');
  assert.equal(w.comment, 'binary weights\nclipped at 1');
  assert.ok(w.modified > w.created);

  await row('Willshaw, 30 patterns').locator('button.lib-copy').click();
  await page.waitForFunction(() => window.hebbplayLibrary.configs().length === 3);
  const copy = (await records()).configs.find((c) => c.name === 'Willshaw, 30 patterns (copy)');
  assert.equal(copy.hash, w.hash);
  assert.notEqual(copy.id, w.id);

  await page.click('th[data-sort="modified"] button');
  await row('Willshaw, 30 patterns (copy)').locator('button.lib-delete').click();
  await page.waitForFunction(() => window.hebbplayLibrary.configs().length === 2);
  assert.match(await page.textContent('#lib-message'), /Deleted “Willshaw, 30 patterns \(copy\)”/);
  await shot('deleted-undo');
  await page.click('#lib-message button:text("Undo")');
  await page.waitForFunction(() => window.hebbplayLibrary.configs().length === 3);
  await row('Willshaw, 30 patterns (copy)').locator('button.lib-delete').click();
  await page.waitForFunction(() => window.hebbplayLibrary.configs().length === 2);
});

test('save results of two experiments; compare shows the differing parameter and overlays the curves', async () => {
  for (const [seed, name] of [[1, 'Storage, seed 1'], [2, 'Storage, seed 2']]) {
    await open(EXP + '&seed=' + seed);
    const t0 = Date.now();
    await page.waitForFunction(() => { const c = window.hebbplay.getCharts(); return c.active && !c.running && c.exports.length > 0; }, null, { timeout: 180000, polling: 200 });
    measured['sweepMs' + seed] = Date.now() - t0;
    await page.waitForSelector('#lib-save-results:not([hidden])');
    // Name the configuration first, then save its results with it.
    await save(name, 'storage sweep');
    await page.click('#lib-close');
    await page.click('#lib-save-results');
    await page.waitForFunction(() => document.getElementById('lib-save-results').textContent.includes('saved'));
    assert.match(await page.textContent('#lib-results-msg'), new RegExp(name));
  }
  await shot('results-saved');
  const recs = await records();
  assert.equal(recs.results.length, 2);
  for (const r of recs.results) {
    const c = recs.configs.find((x) => x.id === r.config);
    assert.ok(c && c.name.startsWith('Storage, seed'), 'result not linked to its configuration');
    assert.equal(r.experiment, 'storage');
    assert.equal(r.rows.length, 2);
    assert.ok(r.seconds > 0);
  }

  await library();
  for (const n of ['Storage, seed 1', 'Storage, seed 2']) await row(n).locator('input[type=checkbox]').check();
  await page.click('#lib-compare');
  await page.waitForSelector('#lib-compare-view:not([hidden])');
  const differ = await page.$$eval('#lib-cmp-table tr.differ', (trs) => trs.map((tr) => tr.dataset.param));
  assert.deepEqual(differ, ['seed']);
  const cells = await page.$$eval('#lib-cmp-table tr[data-param="seed"] td', (tds) => tds.map((td) => td.textContent));
  assert.deepEqual(cells.slice(1), ['1', '2']);
  assert.match(await page.textContent('#lib-cmp-summary'), /1 parameter differs/);
  await page.waitForSelector('#lib-cmp-chart:not([hidden])');
  const chart = await page.evaluate(() => { const c = Chart.getChart('lib-cmp-canvas'); return { type: c.config.type, sets: c.data.datasets.map((d) => d.label), labels: c.data.labels }; });
  assert.equal(chart.type, 'bar');
  assert.deepEqual(chart.sets, ['Storage, seed 1', 'Storage, seed 2']);
  assert.deepEqual(chart.labels, ['hebb', 'bcpnn']);
  const px = pixelStats(decodePNG(await page.locator('#lib-cmp-canvas').screenshot()));
  assert.ok(px.foreground > 0.02, 'blank comparison plot');
  await page.locator('#lib-compare-view').scrollIntoViewIfNeeded();
  await shot('compare');
  await page.check('#lib-cmp-only');
  assert.equal(await page.locator('#lib-cmp-table tbody tr:visible').count(), 1);

  // Two configurations of the playground: the rule differs.
  for (const n of ['Storage, seed 1', 'Storage, seed 2']) await row(n).locator('input[type=checkbox]').uncheck();
  for (const n of ['Hebb, twelve patterns', 'Willshaw, 30 patterns']) await row(n).locator('input[type=checkbox]').check();
  await page.click('#lib-compare');
  const d2 = await page.$$eval('#lib-cmp-table tr.differ', (trs) => trs.map((tr) => tr.dataset.param));
  assert.ok(d2.includes('rule') && d2.includes('npat'), 'differences: ' + d2);
  assert.match(await page.textContent('#lib-cmp-note'), /Neither configuration has saved results/);
  await shot('compare-playground');
});

test('export all, import into a fresh profile: the same records; importing twice adds nothing; clashes ask first', async () => {
  await open(A);
  await library();
  const before = await records();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#lib-export-all')]);
  const file = path.join(os.tmpdir(), 'hebbplay-library-test-' + process.pid + '.json');
  fs.copyFileSync(await dl.path(), file);
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(doc.format, 'hebbplay-library');
  assert.equal(doc.version, await page.evaluate(() => window.hebbplay.libraryFormat.version));
  assert.ok(doc.configs.every((c) => c.schema === doc.version), 'records exported with another schema than the file');
  assert.equal(doc.configs.length, before.configs.length);
  measured.exportBytes = fs.statSync(file).size;

  // One record alone.
  const [one] = await Promise.all([page.waitForEvent('download'), row('Storage, seed 1').locator('button.lib-export').click()]);
  const oneDoc = JSON.parse(fs.readFileSync(await one.path(), 'utf8'));
  assert.deepEqual(oneDoc.configs.map((c) => c.name), ['Storage, seed 1']);
  assert.equal(oneDoc.results.length, 1);

  const fresh = await launch();
  try {
    const p = await fresh.context.newPage();
    await open(A, p);
    assert.deepEqual((await records(p)).configs, []);
    await library(p);
    await p.setInputFiles('#lib-import', file);
    await p.waitForFunction((n) => window.hebbplayLibrary.configs().length === n, before.configs.length, { timeout: 15000 })
      .catch(async (err) => { throw new Error(err.message + ': ' + await p.textContent('#lib-message')); });
    assert.deepEqual(await records(p), before, 'the imported records differ from the exported ones');
    assert.match(await p.textContent('#lib-message'), /Imported 4 configurations and 2 results/);
    await p.screenshot({ path: path.join(SHOTS, 'library-imported.png') });
    // The same file again: nothing new, nothing duplicated.
    await p.setInputFiles('#lib-import', file);
    await p.waitForFunction(() => /Nothing to import/.test(document.getElementById('lib-message').textContent));
    assert.deepEqual(await records(p), before);
    // A file changing a stored record asks first; Cancel keeps the store.
    const changed = JSON.parse(JSON.stringify(doc));
    changed.configs[0].name = 'Renamed elsewhere';
    const buf = Buffer.from(JSON.stringify(changed));
    await p.setInputFiles('#lib-import', { name: 'changed.json', mimeType: 'application/json', buffer: buf });
    await p.waitForSelector('#lib-message.ask');
    await p.screenshot({ path: path.join(SHOTS, 'library-import-clash.png') });
    await p.click('#lib-message button:text("Cancel")');
    assert.deepEqual(await records(p), before);
    await p.setInputFiles('#lib-import', { name: 'changed.json', mimeType: 'application/json', buffer: buf });
    await p.waitForSelector('#lib-message.ask');
    await p.click('#lib-message button:text("Import as copies")');
    await p.waitForFunction((n) => window.hebbplayLibrary.configs().length === n + 1, before.configs.length);
    assert.ok((await records(p)).configs.some((c) => c.name === 'Renamed elsewhere (imported)'));
  } finally {
    await fresh.close();
    fs.rmSync(file, { force: true });
  }
});

test('a malformed or foreign file is refused with the problem named, and the store is unchanged', async () => {
  await open(A);
  await library();
  const before = await records();
  const version = await page.evaluate(() => window.hebbplay.libraryFormat.version);
  const good = JSON.parse(JSON.stringify({ format: 'hebbplay-library', version, exported: new Date().toISOString(), configs: before.configs.slice(0, 1), results: [] }));
  const cases = [
    ['broken.json', '{"format": "hebbplay-library", "version": 1, "configs": [', /not valid JSON/],
    ['other.json', JSON.stringify({ format: 'ivisit-db', version: 3 }), /"format" is "ivisit-db"/],
    ['future.json', JSON.stringify({ ...good, version: 7 }), /newer version/],
    ['grade.json', JSON.stringify({ ...good, configs: [{ ...good.configs[0], id: 'new-1', grade: 9 }] }), /"grade" is 9/],
    ['param.json', JSON.stringify({ ...good, configs: [{ ...good.configs[0], id: 'new-2', hash: 'v=1&lab=memory&npat=banana' }] }), /does not validate: npat="banana"/],
    ['download.json', JSON.stringify({ experiment: 'storage', permalink: '#v=1', rows: [] }), /experiment download/],
  ];
  for (const [name, text, want] of cases) {
    await page.setInputFiles('#lib-import', { name, mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.waitForFunction((n) => { const m = document.getElementById('lib-message'); return m.classList.contains('error') && m.textContent.includes(n); }, name);
    const msg = await page.textContent('#lib-message');
    assert.match(msg, want, name);
    assert.match(msg, /Import refused/);
    if (name === 'param.json') await shot('import-refused');
    await page.evaluate(() => window.hebbplayLibrary.reload());
    assert.deepEqual(await records(), before, name + ' changed the store');
  }
});

test('compare overlays the curves of two prototype results as lines (solid and dashed)', async () => {
  await open(A);
  await library();
  const t = '2026-11-27T10:00:00.000Z';
  const rows = (seed) => [1, 2, 5, 10, 20].flatMap((p) => ['hebb', 'bcpnn'].map((rule) => ({
    experiment: 'proto', rule, seed, prototypes: p, score: Math.max(0, 1 - p / (rule === 'hebb' ? 12 : 30) - seed * 0.03),
  })));
  const file = { format: 'hebbplay-library', version: 1, exported: t, configs: [], results: [] };
  for (const seed of [1, 2]) {
    file.configs.push({ id: 'proto-' + seed, name: 'Prototypes, seed ' + seed, comment: '', grade: seed, created: t, modified: t,
      lab: 'memory', hash: 'v=1&lab=memory&screen=experiments&exp=proto&seed=' + seed, schema: 1 });
    file.results.push({ id: 'proto-r' + seed, config: 'proto-' + seed, experiment: 'proto', ran: t, seconds: 3,
      hash: 'v=1&lab=memory&screen=experiments&exp=proto&seed=' + seed, rows: rows(seed), schema: 1 });
  }
  await page.setInputFiles('#lib-import', { name: 'proto.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await page.waitForFunction(() => window.hebbplayLibrary.configs().some((c) => c.id === 'proto-2'));
  const imported = (await records()).configs.find((c) => c.id === 'proto-1');
  assert.ok(imported.hash.length > 80 && imported.hash.includes('&exp=proto&'), 'hash not normalised: ' + imported.hash);
  for (const n of ['Prototypes, seed 1', 'Prototypes, seed 2']) await row(n).locator('input[type=checkbox]').check();
  await page.click('#lib-compare');
  await page.waitForSelector('#lib-cmp-chart:not([hidden])');
  const chart = await page.evaluate(() => {
    const c = Chart.getChart('lib-cmp-canvas');
    return { type: c.config.type, sets: c.data.datasets.map((d) => [d.label, d.borderDash.length > 0, d.data.length]) };
  });
  assert.equal(chart.type, 'line');
  assert.deepEqual(chart.sets, [
    ['hebb — Prototypes, seed 1', false, 5], ['bcpnn — Prototypes, seed 1', false, 5],
    ['hebb — Prototypes, seed 2', true, 5], ['bcpnn — Prototypes, seed 2', true, 5],
  ]);
  await page.locator('#lib-compare-view').scrollIntoViewIfNeeded();
  await shot('compare-curves');
  // Clean up, so later tests see the library as before.
  for (const n of ['Prototypes, seed 1', 'Prototypes, seed 2']) {
    await row(n).locator('button.lib-delete').click();
    await page.waitForFunction((name) => !window.hebbplayLibrary.configs().some((c) => c.name === name), n);
  }
});

test('a full store (quota exceeded) is reported and nothing is half-written', async () => {
  await open(A);
  await library();
  const before = await records();
  await page.evaluate(() => {
    window.realPut = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () { throw new DOMException('quota', 'QuotaExceededError'); };
  });
  await page.fill('#lib-name', 'Too much');
  await page.click('#lib-save-btn');
  await page.waitForSelector('#lib-message.error');
  assert.match(await page.textContent('#lib-message'), /storage for this page is full \(quota exceeded\)/);
  await page.evaluate(() => { IDBObjectStore.prototype.put = window.realPut; });
  assert.deepEqual(await records(), before);
  const st = await page.evaluate(() => window.hebbplay.setConfig({ npat: 13 }));
  assert.equal(st.config.npat, 13, 'the page stopped working');
});

test('without IndexedDB the page works and says that saving is unavailable', async () => {
  const ctx = await launch();
  try {
    const p = await ctx.context.newPage();
    await p.addInitScript(() => { Object.defineProperty(window, 'indexedDB', { get() { return undefined; }, configurable: true }); });
    await p.goto(server.url + 'index.html#' + A);
    await p.waitForFunction(() => window.hebbplay && document.body.classList.contains('ready') && window.hebbplayLibrary, null, { timeout: 60000 });
    await p.waitForFunction(() => window.hebbplayLibrary.unavailable !== '');
    const st = await p.evaluate(() => window.hebbplay.setConfig({ npat: 9 }));
    assert.equal(st.config.npat, 9, 'the simulation does not work without storage');
    await p.click('#btn-library');
    assert.equal(await p.isVisible('#lib-unavailable'), true);
    assert.match(await p.textContent('#lib-unavailable'), /Saving is unavailable/);
    assert.equal(await p.isDisabled('#lib-save-btn'), true);
    assert.equal(await p.isDisabled('#lib-import-btn'), true);
    await p.screenshot({ path: path.join(SHOTS, 'library-unavailable.png') });
  } finally {
    await ctx.close();
  }
});
