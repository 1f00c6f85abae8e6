// Browser tests of the classroom-proof layout: accessibility (axe-core) on
// every lab and the Library, phones (no sideways scrolling, every view
// reachable, the top bar's menu, touch), the keyboard (Tab in and out of the
// stage, a focus ring, a cursor over the cue and the gallery, every action's
// key, the Keyboard help), presentation mode's bigger grids, log sliders,
// "random" as a named choice, and the help of a focused field. Screenshots
// of every lab at 1280×860, 1920×1080 in presentation mode and 390×844.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { openSuite, closeSuite, openPage, settle as settleOn, getState, shotsDir, stageFrame, assertNotBlank, decodePNG } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const SHOTS = shotsDir('teach-layout-');

let server, browser, page;
let n = 0;

before(async () => {
  ({ server, browser, page } = await openSuite());
});

after(async () => {
  await closeSuite(browser, server);
  console.log(`screenshots: ${SHOTS}`);
});

const settle = () => settleOn(page);
const state = () => getState(page);

// The labs and screens, with whether the stage draws views there.
const LABS = [
  { name: 'memory', hash: '#v=1&lab=memory&autoplay=0', frame: true },
  { name: 'experiments', hash: '#v=1&lab=memory&screen=experiments&exp_reps=1&H=8&M=8&exp_rules=willshaw', frame: false },
  { name: 'dopamine', hash: '#v=1&lab=dopamine&autoplay=0', frame: true },
  { name: 'sparse', hash: '#v=1&lab=sparse&autoplay=0', frame: true },
];

async function open(hash, opts) {
  await openPage(page, server, hash, opts);
  if (!opts || opts.frame !== false) await settle();
}

// shot saves a full-page screenshot and returns its pixels.
async function shot(name) {
  n++;
  const file = path.join(SHOTS, `teach-layout-${String(n).padStart(2, '0')}-${name}.png`);
  return decodePNG(await page.screenshot({ path: file, fullPage: true }));
}

// axeViolations runs axe-core on the page (not the stage's canvas frame)
// and returns the serious and critical violations, described.
async function axeViolations() {
  // Evaluated through the DevTools protocol: the page's CSP forbids inline
  // scripts, and rightly so.
  if (!await page.evaluate(() => !!window.axe)) await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  const res = await page.evaluate(() => window.axe.run(document, { iframes: false, resultTypes: ['violations'] }));
  return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 4).map((x) => x.target.join(' ')).join(' | ')}`);
}

async function layout() {
  return page.evaluate(() => window.hebbplayLayout || []);
}

// stageBox is the stage iframe's content box on the page (CSS pixels,
// relative to the document, not the viewport).
async function stageBox() {
  return page.evaluate(() => {
    const f = document.getElementById('stage');
    const r = f.getBoundingClientRect();
    return { x: r.left + scrollX + f.clientLeft, y: r.top + scrollY + f.clientTop, w: f.clientWidth, h: f.clientHeight };
  });
}

test('axe-core finds no serious or critical violations on any lab or the Library', async () => {
  await page.setViewportSize({ width: 1280, height: 860 });
  const found = {};
  for (const l of LABS) {
    await open(l.hash, { frame: l.frame });
    const v = await axeViolations();
    if (v.length) found[l.name] = v;
  }
  await open(LABS[0].hash);
  await page.click('#btn-library');
  await page.waitForSelector('#library-dialog[open]');
  const lib = await axeViolations();
  if (lib.length) found.library = lib;
  await page.keyboard.press('Escape');
  await page.click('#btn-keys');
  await page.waitForSelector('#keys-dialog[open]');
  const keys = await axeViolations();
  if (keys.length) found.keyboard = keys;
  await page.keyboard.press('Escape');
  assert.deepEqual(found, {}, JSON.stringify(found, null, 1));
});

for (const [w, h] of [[360, 740], [390, 844]]) {
  test(`at ${w}×${h} nothing scrolls sideways and every view is reachable`, async () => {
    await page.setViewportSize({ width: w, height: h });
    for (const l of LABS) {
      await open(l.hash, { frame: l.frame });
      await page.waitForTimeout(300);
      if (l.frame) await settle();
      const sw = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(sw <= w, `${l.name}: the page is ${sw} px wide at ${w} px`);
      if (w === 390) assertNotBlank(await shot(`${l.name}-390x844`), `${l.name} at 390×844`);
      if (!l.frame) continue;
      const box = await stageBox();
      const docH = await page.evaluate(() => document.documentElement.scrollHeight);
      const views = await layout();
      assert.ok(views.length > 0, `${l.name}: no views`);
      for (const v of views) {
        // Inside the stage (not cut off by it) and inside the page (reachable
        // by scrolling), and never wider than the window.
        assert.ok(v.y + v.h <= box.h + 1, `${l.name}: view ${v.id} ends at ${v.y + v.h}, the stage at ${box.h}`);
        assert.ok(box.y + v.y + v.h <= docH + 1, `${l.name}: view ${v.id} below the page's end`);
        assert.ok(box.x + v.x >= 0 && box.x + v.x + v.w <= w + 1, `${l.name}: view ${v.id} spans ${box.x + v.x}–${box.x + v.x + v.w} of ${w}`);
      }
      // One view per row: no two views side by side.
      const ys = views.map((v) => [v.y, v.y + v.h]).sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < ys.length; i++) assert.ok(ys[i][0] >= ys[i - 1][1], `${l.name}: views overlap vertically (side by side)`);
    }
  });
}

test('on a phone the top bar is a menu (aria-expanded) whose buttons fit the screen', async () => {
  await page.setViewportSize({ width: 360, height: 740 });
  await open(LABS[0].hash);
  const menu = page.locator('#btn-menu');
  assert.ok(await menu.isVisible(), 'no menu button at 360 px');
  assert.equal(await menu.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.locator('#btn-library').isVisible(), false, 'the top bar buttons show with the menu closed');
  await menu.click();
  assert.equal(await menu.getAttribute('aria-expanded'), 'true');
  for (const id of ['btn-panel', 'btn-classroom', 'btn-present', 'btn-copy', 'btn-library', 'btn-keys']) {
    const b = await page.locator('#' + id).boundingBox();
    assert.ok(b && b.x >= 0 && b.x + b.width <= 360, `#${id} at ${JSON.stringify(b)}`);
  }
  await shot('menu-open-360');
  await page.click('#btn-keys');
  await page.waitForSelector('#keys-dialog[open]');
  assert.equal(await menu.getAttribute('aria-expanded'), 'false', 'a choice closes the menu');
  await page.keyboard.press('Escape');
  // At desktop width there is no menu button and the buttons show.
  await page.setViewportSize({ width: 1280, height: 860 });
  assert.equal(await menu.isVisible(), false);
  assert.ok(await page.locator('#btn-library').isVisible());
});

test('a touch on the cue edits it as a click does', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await open('#v=1&lab=memory&autoplay=0&H=8&M=8&nflip=0');
  const cue = (await layout()).find((v) => v.id === 'cue');
  const before = (await state()).summary.cue;
  // Unit 8·2+5 = 21: hypercolumn 2's active unit moves to column 5.
  const M = 8, unit = 21;
  const pitch = cue.w / M;
  const box = await stageBox();
  const y0 = await page.evaluate(() => scrollY);
  const x = box.x + cue.x + (unit % M + 0.5) * pitch;
  let y = box.y + cue.y + (Math.floor(unit / M) + 0.5) * pitch;
  await page.evaluate((yy) => window.scrollTo(0, yy - 300), y);
  const sy = await page.evaluate(() => scrollY);
  y -= sy;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
  await page.waitForTimeout(120);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await page.waitForFunction((b) => JSON.stringify(window.hebbplay.getState().summary.cue) !== b, JSON.stringify(before), { timeout: 5000 });
  const after = (await state()).summary.cue;
  assert.equal(after[2], unit, `hypercolumn 2 holds ${after[2]} after a touch on unit ${unit} (before: ${before[2]})`);
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: false });
  await cdp.detach();
  void y0;
});

// focusStage gives the stage's canvas the keyboard focus, as Tab does.
async function focusStage() {
  await stageFrame(page).focus('canvas');
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'stage');
}

// stageKey presses a key in the stage and holds it for 60 ms: Ebiten reads
// keys once per tick (1/60 s), so a press released within one tick is
// missed (as a mouse click is; see wasm/app/main.go).
async function stageKey(k) {
  await page.keyboard.down(k);
  await page.waitForTimeout(60);
  await page.keyboard.up(k);
  await page.waitForTimeout(30);
}

const activeId = () => page.evaluate(() => document.activeElement && (document.activeElement.id || document.activeElement.tagName));

test('Tab and Shift+Tab leave the stage, Esc too; the stage shows a focus ring', async () => {
  await page.setViewportSize({ width: 1280, height: 860 });
  await open(LABS[0].hash);
  // Into the stage from the control before it.
  await page.focus('#summary').catch(() => {});
  await focusStage();
  const ring = await stageFrame(page).evaluate(() => {
    const c = document.querySelector('canvas');
    const s = getComputedStyle(c);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), focused: document.activeElement === c };
  });
  assert.ok(ring.focused, 'the canvas is not focused');
  assert.notEqual(ring.style, 'none', 'no focus ring on the stage');
  assert.ok(ring.width >= 2, `focus ring ${ring.width} px`);
  await page.keyboard.press('Tab');
  assert.notEqual(await activeId(), 'stage', 'Tab stayed in the stage');
  await focusStage();
  await page.keyboard.press('Shift+Tab');
  assert.notEqual(await activeId(), 'stage', 'Shift+Tab stayed in the stage');
  await focusStage();
  await page.keyboard.press('Escape');
  assert.equal(await activeId(), 'act-toggle', 'Esc did not hand the focus to the toolbar');
  // Tab from the page reaches the stage again (it is in the tab order).
  await page.focus('#act-toggle');
  let reached = false;
  for (let i = 0; i < 12 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = (await activeId()) === 'stage';
  }
  assert.ok(reached, 'Tab from the toolbar never reached the stage');
});

test('arrow keys move a cursor over the gallery and the cue; Enter and Space act as a click', async () => {
  await page.setViewportSize({ width: 1280, height: 860 });
  await open('#v=1&lab=memory&autoplay=0&H=8&M=8&npat=12');
  await focusStage();
  const cursor = () => stageFrame(page).evaluate(() => window.hebbplayCursor || null);
  await stageKey('ArrowDown');
  let c = await cursor();
  assert.ok(c && c.shown, 'the first arrow key shows no cursor');
  assert.equal(c.view, 'memories', 'the cursor starts on the first clickable view');
  // In the gallery: → to item 3, Enter cues pattern 3.
  for (let i = 0; i < 3; i++) await stageKey('ArrowRight');
  c = await cursor();
  assert.deepEqual([c.view, c.index], ['memories', 3]);
  await stageKey('Enter');
  await page.waitForFunction(() => window.hebbplay.getState().config.target === 3, null, { timeout: 5000 });
  await settle();
  // On to the cue: → until the cursor is there.
  for (let i = 0; i < 40 && (await cursor()).view !== 'cue'; i++) await stageKey('ArrowRight');
  c = await cursor();
  assert.equal(c.view, 'cue', '→ never reached the cue');
  // Move to a unit whose hypercolumn does not hold it, then Space.
  const cueNow = (await state()).summary.cue;
  for (let i = 0; i < 8; i++) {
    c = await cursor();
    if (cueNow[Math.floor(c.index / 8)] !== c.index) break;
    await stageKey('ArrowRight');
  }
  c = await cursor();
  const h = Math.floor(c.index / 8);
  assert.notEqual(cueNow[h], c.index);
  await shot('keyboard-cursor-on-cue');
  await stageKey('Space');
  await page.waitForFunction(([hh, u]) => window.hebbplay.getState().summary.cue[hh] === u, [h, c.index], { timeout: 5000 });
  assert.equal((await state()).playing, false, 'Space with the cursor shown must click, not play');
  // Down moves a whole row (hypercolumn): the index grows by M.
  const before = (await cursor()).index;
  await stageKey('ArrowDown');
  assert.equal((await cursor()).index, before + 8);
  // Esc hides the cursor; Esc again leaves the stage.
  await stageKey('Escape');
  assert.equal((await cursor()).shown, false);
  assert.equal(await activeId(), 'stage');
});

test('every action has a key, listed in the Keyboard help (?), and works on the page and in the stage', async () => {
  await page.setViewportSize({ width: 1280, height: 860 });
  await open('#v=1&lab=memory&autoplay=0&npat=12');
  await page.focus('#act-toggle');
  await page.keyboard.press('?');
  await page.waitForSelector('#keys-dialog[open]');
  const rows = await page.$$eval('#keys-list tr', (trs) => trs.map((t) => t.textContent));
  for (const want of ['SStore one more', 'NNew cue', 'SpacePlay / pause', '→Step', 'HomeReset', 'TabShift+Tab'.replace('Shift', ', Shift')]) {
    assert.ok(rows.some((r) => r.startsWith(want)), `the Keyboard help lacks ${want}: ${JSON.stringify(rows)}`);
  }
  await shot('keyboard-help');
  await page.keyboard.press('Escape');
  await page.focus('#act-toggle');
  await page.keyboard.press('s');
  await page.waitForFunction(() => window.hebbplay.getState().config.npat === 13, null, { timeout: 5000 });
  const cue0 = (await state()).config.cue;
  await page.keyboard.press('n');
  await page.waitForFunction((c) => window.hebbplay.getState().config.cue === c + 1, cue0, { timeout: 5000 });
  // The same keys from inside the stage.
  await focusStage();
  await page.keyboard.press('S');
  await page.waitForFunction(() => window.hebbplay.getState().config.npat === 14, null, { timeout: 5000 });
  // Typing in a field is typing, not a shortcut.
  await page.fill('#ctl-nflip', '');
  await page.type('#ctl-nflip', '2');
  await page.waitForTimeout(100);
  assert.equal((await state()).config.npat, 14);
});

test('presentation mode at 1920×1080 grows the cue grid 1.5× and keeps the captions; hiding the settings grows the views', async () => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await open('#v=1&lab=memory&autoplay=0');
  const normal = (await layout()).find((v) => v.id === 'cue');
  await page.click('#btn-panel');
  await page.waitForTimeout(300);
  await settle();
  const hidden = (await layout()).find((v) => v.id === 'cue');
  await shot('memory-1920-settings-hidden');
  await page.click('#btn-panel');
  await page.click('#btn-present');
  await page.waitForFunction(() => document.body.classList.contains('present'));
  await page.waitForTimeout(300);
  await settle();
  const present = (await layout()).find((v) => v.id === 'cue');
  console.log(`cue grid: ${normal.w} px normal, ${hidden.w} px with the settings hidden, ${present.w} px in presentation`);
  assert.ok(present.w >= 1.5 * normal.w, `presentation cue ${present.w} px vs normal ${normal.w} px`);
  assert.ok(hidden.w >= 1.15 * normal.w, `hidden settings cue ${hidden.w} px vs normal ${normal.w} px`);
  assert.ok(present.captions >= normal.captions && present.captions > 0, `captions: ${present.captions} in presentation, ${normal.captions} normally`);
  await page.click('#btn-present');
  await page.waitForFunction(() => !document.body.classList.contains('present'));
});

test('screenshots of every lab at 1280×860 and 1920×1080 in presentation mode', async () => {
  for (const [w, h, big] of [[1280, 860, false], [1920, 1080, true]]) {
    await page.setViewportSize({ width: w, height: h });
    for (const l of LABS) {
      await open(l.hash + (big ? '&big=1' : ''), { frame: l.frame });
      await page.waitForTimeout(400);
      if (l.frame) await settle();
      assertNotBlank(await shot(`${l.name}-${w}x${h}${big ? '-presentation' : ''}`), `${l.name} ${w}×${h}`);
      if (big && !l.frame) {
        // Charts take the full width in presentation mode.
        const cw = await page.evaluate(() => {
          const c = document.querySelector('.chart-card');
          return c ? [c.getBoundingClientRect().width, document.getElementById('charts-list').getBoundingClientRect().width, c.getBoundingClientRect().right, innerWidth] : null;
        });
        assert.ok(cw, 'no chart card on the Experiments screen');
        assert.ok(cw[0] >= cw[1] - 2, `a chart card is ${cw[0]} of ${cw[1]} px`);
        assert.ok(cw[2] <= cw[3], `a chart card ends at ${cw[2]} px, beyond the window (${cw[3]} px)`);
      }
    }
  }
});

test('log sliders, "random" as a named choice, and the help of a focused field', async () => {
  await page.setViewportSize({ width: 1280, height: 860 });
  await open('#v=1&lab=memory&autoplay=0&target=-1');
  // Stored patterns 1–2000 on a log scale: the middle is √2000 ≈ 45, not 1000.
  const mid = await page.evaluate(() => {
    const r = document.querySelector('input[type=range][data-for=npat]');
    r.value = String(Number(r.max) / 2);
    r.dispatchEvent(new Event('input', { bubbles: true }));
    return document.getElementById('ctl-npat').value;
  });
  assert.equal(mid, '45');
  await page.waitForFunction(() => window.hebbplay.getState().config.npat === 45, null, { timeout: 5000 });
  // The default 12 sits a third of the way, not at the far left.
  await open('#v=1&lab=memory&autoplay=0&target=-1');
  const pos = await page.evaluate(() => {
    const r = document.querySelector('input[type=range][data-for=npat]');
    return Number(r.value) / Number(r.max);
  });
  assert.ok(pos > 0.3 && pos < 0.36, `npat=12 at ${pos} of the slider`);
  // target=-1 (an old link) shows as the ticked choice "random".
  const named = page.locator('#ctl-target-named');
  assert.equal(await named.isChecked(), true);
  assert.equal(await page.locator('#ctl-target').isDisabled(), true);
  await named.uncheck();
  await page.waitForFunction(() => window.hebbplay.getState().config.target === 0, null, { timeout: 5000 });
  assert.match((await state()).hash, /&target=0(&|$)/);
  await page.fill('#ctl-target', '7');
  await page.press('#ctl-target', 'Tab');
  await page.waitForFunction(() => window.hebbplay.getState().config.target === 7, null, { timeout: 5000 });
  await named.check();
  await page.waitForFunction(() => window.hebbplay.getState().config.target === -1, null, { timeout: 5000 });
  assert.match((await state()).hash, /&target=-1(&|$)/);
  // The help of a focused field does not cover the next control.
  for (const [vw, name] of [[1280, 'npat'], [1280, 'nflip'], [1280, 'H'], [390, 'nflip'], [390, 'npat']]) {
    if ((await page.viewportSize()).width !== vw) await page.setViewportSize({ width: vw, height: vw === 390 ? 844 : 860 });
    await page.locator('#ctl-' + name).scrollIntoViewIfNeeded();
    await page.focus('#ctl-' + name);
    const r = await page.evaluate((nm) => {
      const row = document.querySelector(`.ctl[data-name="${nm}"]`);
      const help = row.querySelector('.help').getBoundingClientRect();
      let next = row.nextElementSibling;
      while (next && next.hidden) next = next.nextElementSibling;
      if (!next) {
        let fs = row.closest('fieldset').nextElementSibling;
        while (fs && fs.hidden) fs = fs.nextElementSibling;
        next = fs && fs.querySelector('.ctl:not([hidden])');
      }
      const box = (b) => b && [b.left, b.top, b.right, b.bottom];
      const n = next && next.querySelector('input, select').getBoundingClientRect();
      const own = document.getElementById('ctl-' + nm).getBoundingClientRect();
      const stage = document.getElementById('stage').getBoundingClientRect();
      return { help: box(help), next: box(n), own: box(own), stage: box(stage), shown: help.height > 0 && getComputedStyle(row.querySelector('.help')).display !== 'none' };
    }, name);
    const overlap = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
    assert.ok(r.shown, `${name}: the help is not shown on focus`);
    assert.ok(r.next, `${name}: no next control`);
    assert.ok(!overlap(r.help, r.next), `${name}: the help ${r.help} covers the next control ${r.next}`);
    assert.ok(!overlap(r.help, r.own), `${name}: the help ${r.help} covers the field ${r.own}`);
    assert.ok(!overlap(r.help, r.stage), `${name}: the help ${r.help} covers the stage ${r.stage}`);
    if (name === 'nflip') await shot(`help-of-focused-field-${vw}`);
  }
});
