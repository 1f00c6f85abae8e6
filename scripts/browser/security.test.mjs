// Browser tests of the page's hardening: the server's Content-Security-Policy
// (scripts/serve) is sent and nothing the page does breaks it (every lab, the
// Experiments screen with its workers, the Library and its comparison);
// names and comments holding HTML or script render as text everywhere the
// Library shows them; a library file over the size limit is refused before
// it is read, with the limit named. Run alone with
//   make build && cd scripts/browser && SHOTS_DIR=/tmp/shots-security node --test security.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repo, openSuite, closeSuite, getState, openWithLibrary, openLibraryDialog, libraryNames, libraryRow, saveConfig } from './lib.mjs';

const SHOTS = process.env.SHOTS_DIR || path.join(repo, 'test-output', 'screenshots');
const A = 'v=1&lab=memory&rule=hebb&npat=12&seed=3&autoplay=0';
const EXP = 'v=1&lab=memory&screen=experiments&exp=storage&H=8&M=8&exp_rules=hebb,bcpnn&exp_reps=2&nflip=1&autoplay=0';
const PAYLOADS = ['<img src=x onerror="window.__xss=1">', '<script>window.__xss=2</script>', '"><b>bold</b>'];

let server, browser, page;
// CSP violations seen in any frame: the browser's own console report
// ("Refused to … because it violates … Content Security Policy") and the
// securitypolicyviolation events, which the init script below forwards.
const violations = [];
const policies = {}; // file name -> Content-Security-Policy header

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  ({ server, browser, page } = await openSuite());
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`securitypolicyviolation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} in ${e.documentURI} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  page.on('console', (m) => {
    if (/Content Security Policy|securitypolicyviolation/i.test(m.text())) violations.push(m.text());
  });
  page.on('response', async (r) => {
    const name = new URL(r.url()).pathname.split('/').pop();
    policies[name] = (await r.allHeaders())['content-security-policy'];
  });
});

after(async () => {
  await closeSuite(browser, server);
  console.log(`screenshots: ${SHOTS}`);
});

// The Library helpers of lib.mjs, bound to this file's page and server.
const state = () => getState(page);
const open = (hash) => openWithLibrary(page, server, hash);
const library = () => openLibraryDialog(page);
const names = () => libraryNames(page);
const row = (name) => libraryRow(page, name);
const message = () => page.textContent('#lib-message');
const save = (name, comment) => saveConfig(page, name, comment);

test('the policy is sent and nothing on the page violates it: labs, Experiments, Library', async () => {
  violations.length = 0;
  await open(A);
  for (const f of ['index.html', 'game.html', 'game.js', 'panel.js', 'app.wasm']) {
    assert.match(policies[f] || '', /script-src 'self' 'wasm-unsafe-eval'/, `${f} was served without the policy`);
  }
  assert.equal(await page.locator('script:not([src])').count(), 0, 'an inline script in index.html');
  assert.equal(await page.locator('[onclick],[onsubmit],[onload],[onerror],[onchange],[oninput]').count(), 0, 'an inline event handler');
  await page.evaluate(() => window.hebbplay.action('step'));

  // The two other labs (the sparse lab fetches and unpacks its data).
  await page.evaluate(() => { location.hash = '#v=1&lab=dopamine&autoplay=0'; });
  await page.waitForFunction(() => window.hebbplay.getState().lab === 'dopamine', null, { timeout: 30000 });
  await page.evaluate(() => window.hebbplay.action('step'));
  await page.evaluate(() => { location.hash = '#v=1&lab=sparse&examples=3000&test_n=300&autoplay=0'; });
  await page.waitForFunction(() => window.hebbplay.getState().lab === 'sparse', null, { timeout: 30000 });
  await page.waitForFunction(() => window.hebbplay.getState().summary.phase === 'ready', null, { timeout: 90000 });

  // The Experiments screen: workers compile worker.wasm, Chart.js draws.
  await open(EXP);
  await page.waitForFunction(() => { const c = window.hebbplay.getCharts(); return c.active && !c.running && c.exports.length > 0; }, null, { timeout: 180000, polling: 200 });
  assert.match(policies['worker.js'] || '', /worker-src 'self'/, 'worker.js was served without the policy');
  await page.waitForSelector('#charts canvas');

  // The Library, with a comparison and its chart.
  await save('csp one', 'first');
  await page.click('#lib-close');
  await page.click('#lib-save-results');
  await page.waitForFunction(() => document.getElementById('lib-save-results').textContent.includes('saved'));
  await page.evaluate(() => window.hebbplay.setConfig({ seed: 2 }));
  await save('csp two', 'second');
  await row('csp one').locator('input[type=checkbox]').check();
  await row('csp two').locator('input[type=checkbox]').check();
  await page.click('#lib-compare');
  await page.waitForSelector('#lib-compare-view:not([hidden])');
  await page.screenshot({ path: path.join(SHOTS, 'security-csp-library.png') });
  assert.deepEqual(violations, [], 'CSP violations:\n' + violations.join('\n'));

  // The detector works, and the policy is enforced: an inline handler added
  // by script neither runs nor goes unnoticed.
  const ran = await page.evaluate(() => {
    const b = document.createElement('button');
    b.setAttribute('onclick', 'window.__inline = 1');
    document.body.appendChild(b);
    b.click();
    b.remove();
    return window.__inline;
  });
  assert.equal(ran, undefined, 'an inline event handler ran');
  // Both reports (the console's and the event's) arrive asynchronously.
  const both = () => violations.some((v) => v.startsWith('securitypolicyviolation: script-src')) && violations.some((v) => /inline event handler/.test(v));
  for (let i = 0; i < 100 && !both(); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(both(), 'the blocked inline handler was not reported: ' + violations);
});

test('names and comments holding HTML and script render as text everywhere in the Library', async () => {
  violations.length = 0;
  await open(A);
  const dialogTags = () => page.evaluate(() => ({
    img: document.querySelectorAll('img').length,
    b: document.querySelectorAll('b').length,
    xssScripts: [...document.querySelectorAll('script')].filter((s) => s.textContent.includes('__xss')).length,
  }));
  const clean = { img: 0, b: 0, xssScripts: 0 };

  // The list: names and comments.
  for (const [i, p] of PAYLOADS.entries()) {
    await save(p, PAYLOADS[(i + 1) % PAYLOADS.length]);
    assert.equal(await message(), `Saved “${p}”.`);
  }
  for (const [i, p] of PAYLOADS.entries()) {
    assert.equal((await names()).filter((n) => n === p).length, 1, `the name ${p} is not shown as text`);
    assert.equal(await row(p).locator('.lib-comment').textContent(), PAYLOADS[(i + 1) % PAYLOADS.length]);
  }
  assert.deepEqual(await dialogTags(), clean, 'HTML from a name or comment became elements');

  // Rename and edit the comment.
  const renamed = PAYLOADS[0] + ' & ' + PAYLOADS[2];
  await row(PAYLOADS[1]).locator('button.lib-edit').click();
  await page.fill('.lib-edit-name', renamed);
  await page.fill('.lib-edit-comment', PAYLOADS[1]);
  await page.click('.lib-edit-save');
  await page.waitForFunction((n) => [...document.querySelectorAll('#lib-rows strong')].some((s) => s.textContent === n), renamed);
  assert.equal(await row(renamed).locator('.lib-comment').textContent(), PAYLOADS[1]);

  // Copy: the message names the copy.
  await row(PAYLOADS[2]).locator('button.lib-copy').click();
  await page.waitForFunction(() => document.getElementById('lib-message').textContent.startsWith('Copied'));
  assert.equal(await message(), `Copied “${PAYLOADS[2]}” as “${PAYLOADS[2]} (copy)”.`);

  // Compare: the table's head and the title.
  await row(renamed).locator('input[type=checkbox]').check();
  await row(PAYLOADS[0]).locator('input[type=checkbox]').check();
  await page.click('#lib-compare');
  await page.waitForSelector('#lib-compare-view:not([hidden])');
  const heads = await page.$$eval('#lib-cmp-table thead th', (ths) => ths.map((th) => th.textContent));
  assert.deepEqual(heads.slice(1).sort(), [renamed, PAYLOADS[0]].sort());
  assert.match(await page.textContent('#lib-cmp-title'), /^Compare “.*” and “.*”$/);
  assert.ok((await page.textContent('#lib-cmp-title')).includes(renamed));

  // Export: the file holds the names verbatim.
  const [dl] = await Promise.all([page.waitForEvent('download'), row(renamed).locator('button.lib-export').click()]);
  const file = JSON.parse(fs.readFileSync(await dl.path(), 'utf8'));
  assert.equal(file.configs[0].name, renamed);
  assert.equal(file.configs[0].comment, PAYLOADS[1]);

  // Import a file whose name and records hold HTML: the messages show them as text.
  const clash = { ...file, configs: [{ ...file.configs[0], name: PAYLOADS[2] + ' clash' }] };
  const fname = '<img src=x onerror="window.__xss=3">.json';
  await page.setInputFiles('#lib-import', { name: fname, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(clash)) });
  await page.waitForFunction(() => document.getElementById('lib-message').textContent.includes('already exist'));
  const ask = await message();
  assert.ok(ask.includes(fname) && ask.includes(`“${PAYLOADS[2]} clash”`), ask);
  await page.click('#lib-message button:has-text("Import as copies")');
  await page.waitForFunction(() => document.getElementById('lib-message').textContent.startsWith('Imported'));
  assert.ok((await message()).includes(fname));
  assert.ok((await names()).includes(PAYLOADS[2] + ' clash (imported)'));

  // Delete, with its undo message.
  await row(PAYLOADS[2] + ' clash (imported)').locator('button.lib-delete').click();
  await page.waitForFunction(() => document.getElementById('lib-message').textContent.startsWith('Deleted'));
  assert.equal(await message(), `Deleted “${PAYLOADS[2]} clash (imported)”.Undo`);

  await page.screenshot({ path: path.join(SHOTS, 'security-xss.png') });
  assert.deepEqual(await dialogTags(), clean, 'HTML from a name or comment became elements');
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  const stage = page.frames().find((f) => f.url().endsWith('game.html'));
  assert.equal(await stage.evaluate(() => window.__xss), undefined);
  assert.deepEqual(violations, [], 'CSP violations (something tried to run):\n' + violations.join('\n'));
});

test('a library file over the size limit is refused before it is read, with the limit named', async () => {
  await open(A);
  await library();
  const before = await page.evaluate(() => window.hebbplayLibrary.configs().length);
  assert.equal(await page.evaluate(() => window.hebbplay.libraryFormat.maxBytes), 8 << 20);
  await page.evaluate(() => {
    window.__reads = 0;
    for (const m of ['text', 'arrayBuffer', 'stream']) {
      const orig = Blob.prototype[m];
      Blob.prototype[m] = function (...a) { window.__reads++; return orig.apply(this, a); };
    }
  });
  await page.setInputFiles('#lib-import', { name: 'huge.json', mimeType: 'application/json', buffer: Buffer.alloc(9 << 20, 32) });
  await page.waitForFunction(() => document.getElementById('lib-message').textContent.startsWith('Import refused'));
  assert.equal(await message(), 'Import refused: huge.json is 9 MB (9,437,184 bytes); library files may be at most 8 MB (8,388,608 bytes).');
  assert.equal(await page.evaluate(() => document.getElementById('lib-message').classList.contains('error')), true);
  assert.equal(await page.evaluate(() => window.__reads), 0, 'the file was read');
  assert.equal(await page.evaluate(() => window.hebbplayLibrary.configs().length), before);
  // Go refuses the same text, naming the limit, if it gets there another way.
  const v = await page.evaluate(() => window.hebbplay.validateImport(' '.repeat((8 << 20) + 1)));
  assert.equal(v.ok, false);
  assert.match(v.error, /too large: 8388609 bytes; library files may be at most 8 MB/);
});
