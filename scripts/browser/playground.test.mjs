// Browser tests of the playground: the real page (panel + Ebiten stage in an
// iframe) in headless Debian Chromium, driven by playwright-core. Run by
// `make test-browser` (part of `make test`), with node's own test runner.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repo, pageURL, diffRatio, cpuSeconds, threadNames, openSuite, closeSuite, shotsDir, openPage, waitReady, settle as settleOn, getState, shooter, assertNotBlank } from './lib.mjs';

const SHOTS = shotsDir('playground-');
// Settings for deterministic pictures: no autoplay, so the recall view stays
// at step 0 until a test steps it.
const STILL = '#v=1&autoplay=0';

let server, browser, page, shot;
const measured = {};

before(async () => {
  ({ server, browser, page } = await openSuite());
  shot = shooter(page, SHOTS, 'playground-');
});

after(async () => {
  await closeSuite(browser, server);
  console.log(`screenshots: ${SHOTS}`);
  if (Object.keys(measured).length) console.log('measured:', JSON.stringify(measured));
});

// open navigates to the page with a hash and waits until Go runs, the panel
// is built, the first frame is drawn and the state has settled.
async function open(hash) {
  await openPage(page, server, hash);
  await settle();
}

const settle = () => settleOn(page);
const state = () => getState(page);

// stageOrigin is the top-left corner of the iframe's content on the page.
async function stageOrigin() {
  return page.evaluate(() => {
    const f = document.getElementById('stage');
    const r = f.getBoundingClientRect();
    return { x: r.left + f.clientLeft, y: r.top + f.clientTop };
  });
}

async function viewRect(id) {
  const layout = await page.evaluate(() => window.hebbplayLayout);
  const v = layout.find((l) => l.id === id);
  assert.ok(v, `view ${id} not on the stage: ${JSON.stringify(layout)}`);
  return v;
}

test('the page loads and the first frame is not blank', async () => {
  const t0 = Date.now();
  await open('');
  measured.firstFrameMs = Math.round(await page.evaluate(() => window.hebbplayFirstFrame));
  measured.openMs = Date.now() - t0;
  const st = await state();
  assert.equal(st.lab, 'memory');
  assert.match(st.hash, /^v=1&lab=memory&screen=playground&/);
  assert.match(st.hash, /&rule=bcpnn&/);
  assert.ok(await page.evaluate(() => location.hash.startsWith('#v=1&lab=memory&')), 'permalink not written to the address');
  assert.equal(typeof st.summary.correct, 'boolean');
  assert.equal(typeof st.summary.overlap, 'number');
  assert.equal(typeof st.summary.iterations, 'number');
  assertNotBlank(await shot('first-frame'), 'first frame');
  // Every generated control is named after its parameter (a set of choices
  // is one checkbox per choice, all with the parameter's name).
  const params = await page.evaluate(() => window.hebbplay.getSchema().params.map((p) => [p.name, p.type === 'multi' ? p.choices.length : 1]));
  for (const [n, k] of params) assert.equal(await page.locator(`[name="${n}"]`).count(), k, `control ${n}`);
});

// While app.wasm is held back, the page's panel and the loading
// placeholders (on the page and in the stage) are shown; they go once the
// app is ready.
test('the panel and a loading placeholder show before the app is ready', async () => {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/app.wasm', async (route) => { await held; await route.continue(); });
  try {
    await page.goto('about:blank');
    await page.goto(pageURL(server, STILL));
    await page.waitForSelector('#loading', { state: 'visible', timeout: 30000 });
    assert.match(await page.textContent('#loading'), /Loading/);
    assert.ok(await page.isVisible('#panel'), 'the settings panel is hidden while the wasm loads');
    const boot = page.frameLocator('#stage').locator('#boot');
    await boot.waitFor({ state: 'visible', timeout: 30000 });
    assert.match(await boot.textContent(), /Loading/);
    assert.equal(await page.evaluate(() => document.body.classList.contains('ready')), false);
    release();
    await waitReady(page);
    assert.equal(await page.isVisible('#loading'), false, 'the placeholder stays after the app is ready');
  } finally {
    release();
    await page.unroute('**/app.wasm');
  }
});

// The wasm programs arrive as the smallest copy the browser accepts
// (scripts/serve, scripts/precompress): Chromium advertises br even on
// http://127.0.0.1, so the app comes as brotli, with the content type that
// streaming compilation requires and the compressed length.
test('the app arrives as the precompressed copy the browser prefers', async () => {
  const web = process.env.WEB_DIR || path.join(repo, 'web');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.clearBrowserCache'); // a full 200, not a 304 from an earlier load
  const seen = [];
  const onResponse = async (r) => {
    if (r.url().endsWith('/app.wasm')) seen.push({ status: r.status(), accept: (await r.request().allHeaders())['accept-encoding'] || '', headers: await r.allHeaders() });
  };
  page.on('response', onResponse);
  try {
    await openPage(page, server, STILL);
  } finally {
    page.off('response', onResponse);
    await cdp.detach();
  }
  assert.equal(seen.length, 1, 'app.wasm fetched once');
  const [{ status, accept, headers }] = seen;
  assert.equal(status, 200);
  assert.notEqual(accept, '', 'app.wasm was fetched without an Accept-Encoding');
  const codings = accept.split(',').map((c) => c.trim().split(';')[0]);
  const want = codings.includes('br') ? 'br' : codings.includes('gzip') ? 'gzip' : undefined;
  measured.acceptEncoding = accept;
  measured.appWasmEncoding = headers['content-encoding'];
  assert.equal(headers['content-encoding'], want, `Accept-Encoding ${accept}`);
  assert.equal(headers['content-type'], 'application/wasm');
  assert.match(headers.vary || '', /Accept-Encoding/);
  const file = { br: 'app.wasm.br', gzip: 'app.wasm.gz' }[want] || 'app.wasm';
  assert.equal(Number(headers['content-length']), fs.statSync(path.join(web, file)).size, `Content-Length of ${file}`);
});

test('changing the rule and the number of patterns in the panel changes pixels and hash', async () => {
  await open(STILL);
  const before = await shot('before-change');
  await page.selectOption('select[name=rule]', 'willshaw');
  await page.fill('input[name=npat]', '25');
  await page.press('input[name=npat]', 'Tab');
  await page.waitForFunction(() => {
    const s = window.hebbplay.getState();
    return s.config.rule === 'willshaw' && s.config.npat === 25;
  });
  await settle();
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /&rule=willshaw&/);
  assert.match(hash, /&npat=25&/);
  const afterImg = await shot('rule-willshaw-npat-25');
  assert.ok(diffRatio(before, afterImg) > 0.01, 'the stage did not change');
  assertNotBlank(afterImg, 'after change');

  // Reloading with that hash restores panel, state and pixels.
  const st1 = await state();
  await page.reload();
  await waitReady(page);
  await settle();
  assert.equal(await page.inputValue('select[name=rule]'), 'willshaw');
  assert.equal(await page.inputValue('input[name=npat]'), '25');
  const st2 = await state();
  assert.deepEqual(st2.config, st1.config);
  assert.deepEqual(st2.summary, st1.summary);
  assert.equal(st2.hash, st1.hash);
  const reloaded = await shot('reloaded');
  const d = diffRatio(afterImg, reloaded);
  assert.ok(d < 0.002, `reloaded stage differs in ${(d * 100).toFixed(2)}% of pixels`);
});

test('clicking a cue unit moves the active unit of its hypercolumn', async () => {
  await open(STILL + '&H=8&M=8&npat=6');
  const st = await state();
  const { H, M } = st.config;
  const cue = st.summary.cue;
  const h = 2;
  const m = (cue[h] - h * M + 3) % M;
  const unit = h * M + m;
  const before = await shot('cue-before-click');
  const r = await viewRect('cue');
  const o = await stageOrigin();
  await page.mouse.click(o.x + r.x + (m + 0.5) * r.w / M, o.y + r.y + (h + 0.5) * r.h / H, { delay: 80 });
  await page.waitForFunction((u) => window.hebbplay.getState().summary.cue.includes(u), unit, { timeout: 5000 });
  await settle();
  const s2 = await state();
  assert.equal(s2.summary.cue[h], unit, 'hypercolumn did not move its unit');
  assert.equal(s2.summary.cueEdited, true);
  assert.equal(s2.summary.cue.filter((u) => Math.floor(u / M) === h).length, 1, 'one active unit per hypercolumn');
  assert.ok(diffRatio(before, await shot('cue-after-click')) > 0.001, 'the cue view did not change');
});

test('a recall step advances the trajectory (button and keyboard)', async () => {
  await open(STILL + '&nflip=6&npat=20&seed=3');
  let st = await state();
  assert.equal(st.summary.step, 0);
  assert.ok(st.summary.steps >= 2, `only ${st.summary.steps} iterations`);
  const before = await shot('recall-step-0');
  await page.click('#act-step');
  await page.waitForFunction(() => window.hebbplay.getState().summary.step === 1);
  await settle();
  const one = await shot('recall-step-1');
  assert.ok(diffRatio(before, one) > 0.001, 'the recall view did not change');
  // The keyboard: → steps, space plays to the end.
  await page.locator('#summary').click();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => window.hebbplay.getState().summary.step === 2);
  await page.keyboard.press('Space');
  await page.waitForFunction(() => {
    const s = window.hebbplay.getState();
    return !s.playing && s.summary.step === s.summary.steps;
  }, null, { timeout: 20000 });
  await settle();
  st = await state();
  assert.equal(st.summary.iterations, st.summary.steps);
  await shot('recall-final');
});

test('store one more and new cue update config, hash and summary', async () => {
  await open(STILL + '&npat=5');
  const watched = (await state()).summary.target; // the pattern the cue number picked
  await page.click('#act-store');
  await page.waitForFunction(() => window.hebbplay.getState().config.npat === 6);
  let st = await state();
  assert.equal(st.config.target, watched, 'storing one more changed the watched pattern');
  assert.equal(st.summary.target, watched);
  assert.equal(st.summary.stored, 6);
  assert.match(await page.evaluate(() => location.hash), new RegExp(`&npat=6&.*&target=${watched}&`));
  await page.click('#act-newcue');
  await page.waitForFunction(() => window.hebbplay.getState().config.cue === 1);
  await settle();
  await shot('store-and-new-cue');
});

test('a corrupted hash shows a notice and a working page', async () => {
  await open('#v=1&rule=bogus&npat=abc&zzz=%%&H=999&lab=memory&autoplay=0');
  const notices = page.locator('#notices');
  assert.ok(await notices.isVisible(), 'notice not visible');
  const items = await page.locator('#notice-list li').allTextContents();
  assert.ok(items.length >= 3, `notices: ${items}`);
  assert.ok(items.some((t) => t.includes('zzz')), `no notice about the unknown key: ${items}`);
  assert.equal(await page.inputValue('select[name=rule]'), 'bcpnn');
  assert.equal(await page.inputValue('input[name=H]'), '64');
  assert.equal(await page.inputValue('input[name=npat]'), '12');
  assertNotBlank(await shot('corrupted-hash'), 'corrupted hash');
  assert.doesNotMatch(await page.evaluate(() => location.hash), /zzz|bogus/);
  // The page works: a step still advances, and the notice can be dismissed.
  await page.click('#act-step');
  await page.waitForFunction(() => window.hebbplay.getState().summary.step === 1);
  await page.click('#notice-close');
  await page.waitForFunction(() => document.getElementById('notices').hidden);

  // Complete garbage and a link from the future.
  await open('#%%%&&==garbage&v=99');
  assert.ok(await notices.isVisible());
  assertNotBlank(await shot('garbage-hash'), 'garbage hash');
});

test('hidden controls stay hidden; classroom dialog and presentation mode', async () => {
  await open(STILL + '&rule_hide=1&npat_hide=1');
  assert.equal(await page.locator('[name=rule]').isVisible(), false);
  assert.equal(await page.locator('[name=npat]').isVisible(), false);
  assert.equal(await page.locator('[name=H]').isVisible(), true);
  // Changing another setting keeps them hidden, and the hash keeps the flags.
  await page.selectOption('select[name=kind]', 'kofn');
  await page.waitForFunction(() => window.hebbplay.getState().config.kind === 'kofn');
  await settle();
  assert.equal(await page.locator('[name=rule]').isVisible(), false);
  assert.equal(await page.locator('[name=N]').isVisible(), true);
  assert.equal(await page.locator('[name=H]').isVisible(), false, 'H belongs to modular nets');
  assert.match(await page.evaluate(() => location.hash), /&rule_hide=1&npat_hide=1/);
  await shot('hidden-controls');
  await page.reload();
  await waitReady(page, { frame: false });
  await settle();
  assert.equal(await page.locator('[name=rule]').isVisible(), false);
  assert.equal(await page.locator('[name=npat]').isVisible(), false);

  // The classroom dialog builds a link with the ticked controls hidden.
  await page.click('#btn-classroom');
  await page.locator('#classroom-list input[value=seed]').check();
  await page.locator('#classroom-present').check();
  const link = await page.inputValue('#classroom-link');
  assert.match(link, /#v=1&lab=memory&.*&rule_hide=1&npat_hide=1&seed_hide=1&big=1$/);
  await shot('classroom-dialog');
  await page.click('#classroom-apply');
  await page.click('dialog button[value=close]');
  await page.waitForFunction(() => document.body.classList.contains('present'));
  await settle();
  assert.equal(await page.locator('[name=seed]').isVisible(), false);
  assert.match(await page.evaluate(() => location.hash), /&big=1$/);
  await shot('presentation-mode');
  await page.click('#btn-present');
  await page.waitForFunction(() => !document.body.classList.contains('present'));
});

test('editing the hash in the address bar opens that configuration', async () => {
  await open(STILL);
  await page.evaluate(() => { location.hash = '#v=1&rule=hopfield&npat=9&autoplay=0'; });
  await page.waitForFunction(() => {
    const s = window.hebbplay.getState();
    return s.config.rule === 'hopfield' && s.config.npat === 9;
  });
  await settle();
  assert.equal(await page.inputValue('select[name=rule]'), 'hopfield');
  assert.equal(await page.inputValue('input[name=npat]'), '9');
  const h = await page.evaluate(() => location.hash);
  assert.match(h, /^#v=1&lab=memory&/);
  assert.match(h, /&rule=hopfield&/);
});

test('help is shown on focus', async () => {
  await open(STILL);
  await page.focus('select[name=rule]');
  assert.ok(await page.locator('#help-rule').isVisible(), 'help not shown on focus');
  await shot('help-on-focus');
});

test('prototype mode and the other views draw', async () => {
  for (const [name, hash] of [
    ['prototype', '&mode=prototype&npat=6&ninst=4&nflip_train=2&nflip=3'],
    ['weights-matrix', '&wview=weights&H=16&M=16&npat=40&rule=covariance'],
    ['weights-unit', '&wview=unit&unit=37&rule=bayes'],
    ['kofn', '&kind=kofn&N=144&K=12&npat=20'],
  ]) {
    await open(STILL + hash);
    const st = await state();
    assert.equal(st.notices.length, 0, `${name}: ${st.notices}`);
    assertNotBlank(await shot(name), name);
  }
});

// The times (new cue at 32×32, drawing) and the idle CPU are reported, not
// asserted: speed is measured, never timed in tests. What is asserted is
// what the page does: each new cue is computed and drawn, and an idle page
// draws nothing.
test('recall at 32×32 with 300 patterns, a scrolling gallery, and an idle page that draws nothing', async () => {
  await open('#v=1&H=32&M=32&npat=300&nflip=8&autoplay=0');
  const runs = await page.evaluate(async () => {
    const out = [];
    for (let i = 0; i < 7; i++) {
      const before = window.hebbplayDrawMs;
      const t = performance.now();
      const st = await window.hebbplay.action('newcue');
      const roundTrip = performance.now() - t;
      // Wait for the frame that draws it (at most 10 s).
      for (let k = 0; k < 200 && window.hebbplayDrawMs === before; k++) await new Promise((r) => setTimeout(r, 50));
      out.push({ cue: st.config.cue, roundTrip, compute: st.computeMs, redrawn: window.hebbplayDrawMs !== before, draw: window.hebbplayDrawMs.total, views: window.hebbplayDrawMs.views });
    }
    return out;
  });
  const cue0 = runs[0].cue;
  assert.deepEqual(runs.map((r) => r.cue), runs.map((_, i) => cue0 + i), 'each new cue takes the next cue number');
  assert.ok(runs.every((r) => r.redrawn), 'a new cue was not drawn');
  assert.ok(runs.every((r) => r.compute >= 0), `compute times ${runs.map((r) => r.compute)}`);
  // Round trip (page -> Go's next tick -> page), Go's recompute of cue and
  // recall, the lab's redrawing of its pictures, and the CPU side of the
  // whole frame (pictures, uploads, text): medians.
  const med = (k) => Math.round(10 * runs.map((r) => r[k]).sort((a, b) => a - b)[runs.length >> 1]) / 10;
  measured.newCue32x32 = { roundTripMs: med('roundTrip'), computeMs: med('compute'), viewsMs: med('views'), drawMs: med('draw') };
  await settle();
  await shot('32x32-300-patterns');
  // The gallery of 300 patterns scrolls with the mouse wheel.
  const g = await viewRect('memories');
  const o = await stageOrigin();
  await page.mouse.move(o.x + g.x + g.w / 2, o.y + g.y + g.h / 2);
  await page.mouse.wheel(0, g.scrollY > 100 ? -400 : 400);
  await page.waitForFunction((y0) => window.hebbplayLayout.find((l) => l.id === 'memories').scrollY !== y0, g.scrollY, { timeout: 5000 });
  await settle();
  await shot('gallery-scrolled');
  // Idle: nothing changes, so nothing is drawn (every drawn frame sets
  // hebbplayDrawMs); the CPU the browser uses meanwhile is reported.
  await page.waitForTimeout(1000);
  await page.evaluate(() => {
    window.__draws = 0;
    let v = window.hebbplayDrawMs;
    Object.defineProperty(window, 'hebbplayDrawMs', { configurable: true, get: () => v, set: (x) => { v = x; window.__draws++; } });
  });
  const marker = browser.dir;
  const c0 = cpuSeconds(marker);
  const t0 = Date.now();
  await page.waitForTimeout(5000);
  const cpu = (cpuSeconds(marker) - c0) / ((Date.now() - t0) / 1000);
  measured.idleCpuPercent = Math.round(cpu * 1000) / 10;
  assert.equal(await page.evaluate(() => window.__draws), 0, 'the idle page kept drawing');
  // No lab reads a gamepad, so the page must not set the browser polling
  // for gamepads on a thread of its own (Ebiten asks for them every tick).
  assert.ok(!threadNames(marker).some((n) => /gamepad/i.test(n)), 'the browser polls gamepads for the idle page');
  // The hook sees real draws: a step is drawn.
  await page.click('#act-step');
  await page.waitForFunction(() => window.__draws > 0, null, { timeout: 10000 });
});
