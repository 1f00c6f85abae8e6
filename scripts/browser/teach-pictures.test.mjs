// Browser tests of the memory lab's picture mode (letters and digits,
// drawing, drawn sets in the permalink), in headless Debian Chromium at
// 1280×860. Screenshots: teach-pictures-*.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSuite, closeSuite, shotsDir, openPage, waitReady, openWithLibrary, saveConfig, libraryRow, settle as settleOn, getState, shooter, assertNotBlank, launch, stageFrame } from './lib.mjs';

const SHOTS = shotsDir('teach-pictures-');
const STILL = '#v=1&autoplay=0';

// The 5×7 glyphs of core/pattern/glyphs.go, '#' on: the test's own copy,
// so that a wrong glyph (or a wrong mapping of pixels to units) shows.
const GLYPHS = {
  A: '.###.#...##...#######...##...##...#',
  B: '####.#...##...#####.#...##...#####.',
  C: '.###.#...##....#....#....#...#.###.',
  D: '####.#...##...##...##...##...#####.',
  E: '######....#....####.#....#....#####',
};

// Geometry of the picture gallery (core/lab/memorylab/pictures.go): the
// big picture at (5, 5) with 22-pixel cells and 1-pixel gaps (116 pixels
// wide), the thumbnails beside it from x = 116 + 3·5 + 5 with 6-pixel cells,
// 46 pixels apart.
const BIG = { x0: 5, y0: 5, cell: 22, gap: 1 };
const THUMB = { x0: 136, y0: 5, cell: 6, gap: 1, pitchX: 46 };

let server, browser, page, shot;

before(async () => {
  ({ server, browser, page } = await openSuite());
  await openPage(page, server, STILL);
  border = await page.evaluate(() => document.getElementById('stage').clientLeft);
  shot = shooter(page, SHOTS, 'teach-pictures-');
});

after(async () => {
  await closeSuite(browser, server);
  console.log(`screenshots: ${SHOTS}`);
});

const settle = () => settleOn(page);
const state = () => getState(page);

async function open(hash) {
  await openPage(page, server, hash);
  await settle();
}

// stageOrigin is the top-left corner of the iframe's content on the page.
const stageOrigin = (p = page) => p.evaluate(() => {
  const f = document.getElementById('stage');
  const r = f.getBoundingClientRect();
  return { x: r.left + f.clientLeft, y: r.top + f.clientTop };
});

async function viewRect(id, p = page) {
  const layout = await p.evaluate(() => window.hebbplayLayout);
  const v = layout.find((l) => l.id === id);
  assert.ok(v, `view ${id} not on the stage: ${JSON.stringify(layout)}`);
  return v;
}

// cellCentre is where, in the stage's coordinates, the centre of pixel p
// of a picture grid g inside view v is drawn (the view image is scaled by
// v.scale and scrolled by v.scrollY image pixels).
function cellCentre(v, g, p, dx = 0) {
  const c = p % 5, r = Math.floor(p / 5);
  const ix = dx + g.x0 + g.gap + c * (g.cell + g.gap) + g.cell / 2;
  const iy = g.y0 + g.gap + r * (g.cell + g.gap) + g.cell / 2;
  return { x: v.x + ix * v.scale, y: v.y + (iy - v.scrollY) * v.scale };
}

// pixelAt is the colour at stage point (x, y) of a stage screenshot (which
// includes the iframe's border, border pixels wide).
let border = 0;
function pixelAt(img, { x, y }) {
  const i = (Math.round(y + border) * img.width + Math.round(x + border)) * 4;
  return [img.data[i], img.data[i + 1], img.data[i + 2]];
}

// ON is the colour of an on pixel (lab.ColActive, navy); an off pixel is
// light grey (lab.ColInactive).
const isOn = ([r, g, b]) => b > 80 && r < 80 && g < 100;
const isOff = ([r, g, b]) => r > 200 && g > 200 && b > 200;

// readPicture reads the 35 pixels of a picture grid from a screenshot.
function readPicture(img, v, g, dx = 0) {
  let s = '';
  for (let p = 0; p < 35; p++) {
    const c = pixelAt(img, cellCentre(v, g, p, dx));
    assert.ok(isOn(c) || isOff(c), `pixel ${p}: colour ${c} is neither on nor off`);
    s += isOn(c) ? '#' : '.';
  }
  return s;
}

test('letters mode shows the letters: the gallery pixels are the glyph bitmaps', async () => {
  await open(STILL + '&pset=letters&npat=5&target=2&nflip=3');
  const st = await state();
  assert.equal(st.summary.shape, 'modular 35×2');
  assert.equal(st.summary.stored, 5);
  assert.deepEqual(st.notices, []);
  const img = await shot('letters-1280x860');
  assertNotBlank(img, 'letters');
  const g = await viewRect('memories');
  // The thumbnails, A to E, and the big picture of the cued C.
  const names = Object.keys(GLYPHS);
  for (let i = 0; i < names.length; i++) {
    assert.equal(readPicture(img, g, THUMB, i * THUMB.pitchX), GLYPHS[names[i]], `thumbnail ${i} is not ${names[i]}`);
  }
  assert.equal(readPicture(img, g, BIG), GLYPHS.C, 'the big picture is not the cued C');
  // The cue is a noisy C: exactly 3 pixels differ (summary: one unit per pixel).
  assert.equal(st.summary.cueErrors, 3);
  // The network settings do not apply to pictures and are hidden.
  for (const n of ['kind', 'H', 'M']) assert.equal(await page.locator(`[name="${n}"]`).isVisible(), false, `${n} shown in letters mode`);
  assert.equal(await page.locator('[name="pset"]').isVisible(), true, 'the pattern set control is hidden');
});

test('a drawn pattern survives a permalink round trip in a fresh profile', async () => {
  await open(STILL + '&pset=letters&npat=4&target=1&nflip=2');
  const g = await viewRect('memories');
  const o = await stageOrigin();
  // Draw on B: switch off its top-left pixel (0), switch on 12 (the middle).
  for (const p of [0, 12]) {
    const seq = (await state()).seq;
    const c = cellCentre(g, BIG, p);
    await page.mouse.click(o.x + c.x, o.y + c.y, { delay: 60 });
    await page.waitForFunction((s) => window.hebbplay.getState().seq !== s, seq, { timeout: 10000 });
    await settle();
  }
  // One stroke: press on pixel 21 (row 4, column 1; off in B, so the press
  // turns it on) and drag across 22 to 23: all three are painted on.
  const seq = (await state()).seq;
  const a = cellCentre(g, BIG, 21), b = cellCentre(g, BIG, 23);
  await page.mouse.move(o.x + a.x, o.y + a.y);
  await page.mouse.down();
  await page.mouse.move(o.x + b.x, o.y + b.y, { steps: 12 });
  await page.waitForTimeout(200);
  await page.mouse.up();
  await page.waitForFunction((s) => window.hebbplay.getState().seq !== s, seq, { timeout: 10000 });
  await settle();
  const st = await state();
  assert.equal(st.config.pset, 'drawn', 'drawing did not switch the set to drawn');
  assert.match(st.permalink, /&pats=v1\.[A-Za-z0-9_-]+/);
  const want = ('.' + GLYPHS.B.slice(1, 12) + '#' + GLYPHS.B.slice(13, 21) + '###' + GLYPHS.B.slice(24));
  const drawn = await shot('drawn-B');
  const g2 = await viewRect('memories');
  assert.equal(readPicture(drawn, g2, BIG), want, 'the big picture does not show the drawing');
  assert.equal(readPicture(drawn, g2, THUMB, 1 * THUMB.pitchX), want, 'the thumbnail does not show the drawing');
  // "Copy permalink" gives the link; a new browser with a fresh profile opens it.
  await page.click('#btn-copy');
  const fresh = await launch();
  try {
    const p2 = await fresh.context.newPage();
    assert.ok(st.permalink.startsWith(server.url), st.permalink);
    await p2.goto(st.permalink);
    await waitReady(p2);
    await settleOn(p2);
    const st2 = await getState(p2);
    assert.deepEqual(st2.notices, []);
    assert.equal(st2.hash, st.hash, 'the fresh profile opened another configuration');
    assert.deepEqual(st2.summary.cue, st.summary.cue);
    assert.deepEqual(st2.summary.state, st.summary.state);
    const img2 = await shooter(p2, SHOTS, 'teach-pictures-fresh-')('drawn-B-reopened');
    assert.equal(readPicture(img2, await viewRect('memories', p2), BIG), want, 'the reopened page lost the drawing');
  } finally {
    await fresh.close();
  }
});

test('a broken pats= falls back to the letters with a notice', async () => {
  await open(STILL + '&pset=drawn&npat=3&target=0&pats=v1.broken!');
  const st = await state();
  assert.equal(st.notices.length, 1, JSON.stringify(st.notices));
  assert.match(st.notices[0], /pats=.*not valid base64url.*letters and digits instead/);
  await page.waitForSelector('#notices:not([hidden])');
  assert.match(await page.textContent('#notice-list'), /pats=/);
  const img = await shot('broken-pats-notice');
  assert.equal(readPicture(img, await viewRect('memories'), BIG), GLYPHS.A, 'the fallback is not the letter A');
});

test('a drawn set is saved in the Library and opened again from it', async () => {
  // D with its top-right pixel (4) switched on.
  const want = GLYPHS.D.slice(0, 4) + '#' + GLYPHS.D.slice(5);
  await openWithLibrary(page, server, STILL + '&pset=letters&npat=5&target=3');
  await waitReady(page);
  await settle();
  const g = await viewRect('memories');
  const o = await stageOrigin();
  const seq = (await state()).seq;
  const c = cellCentre(g, BIG, 4);
  await page.mouse.click(o.x + c.x, o.y + c.y, { delay: 60 });
  await page.waitForFunction((s) => window.hebbplay.getState().seq !== s, seq, { timeout: 10000 });
  await settle();
  const st = await state();
  assert.equal(st.config.pset, 'drawn');
  await saveConfig(page, 'My drawn D', 'D with a corner');
  const rec = (await page.evaluate(() => window.hebbplayLibrary.configs())).find((r) => r.name === 'My drawn D');
  assert.ok(rec, 'the configuration was not saved');
  assert.equal(rec.hash, st.hash, 'the Library saved another permalink than the page shows');
  assert.match(rec.hash, /&pats=v1\./);
  await page.keyboard.press('Escape');
  // Elsewhere, then Open from the Library.
  await openWithLibrary(page, server, STILL + '&pset=letters&npat=5&target=3');
  await page.click('#btn-library');
  await page.waitForSelector('#library-dialog[open]');
  await libraryRow(page, 'My drawn D').locator('button.lib-open').click();
  await page.waitForFunction(() => window.hebbplay.getState().config.pset === 'drawn', null, { timeout: 20000 });
  await settle();
  const st2 = await state();
  assert.equal(st2.hash, rec.hash);
  assert.deepEqual(st2.notices, []);
  const img = await shot('library-opened-drawn-D');
  assert.equal(readPicture(img, await viewRect('memories'), BIG), want, 'the opened configuration lost the drawing');
});

test('picture mode on a projector (1920×1080, presentation) and a phone (390×844)', async () => {
  try {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await open(STILL + '&pset=letters&npat=8&target=4&big=1');
    assert.equal((await state()).presentation, true);
    const big = await shot('letters-presentation-1920x1080');
    assertNotBlank(big, 'presentation');
    const g = await viewRect('memories');
    assert.equal(readPicture(big, g, BIG), GLYPHS.E, 'the big picture is not the cued E');
    await page.setViewportSize({ width: 390, height: 844 });
    await open(STILL + '&pset=letters&npat=8&target=4');
    assertNotBlank(await shot('letters-phone-390x844'), 'phone');
  } finally {
    await page.setViewportSize({ width: 1280, height: 860 });
  }
});

test('prototype mode with letters stores only noisy copies and shows them beside each letter', async () => {
  await open(STILL + '&pset=letters&mode=prototype&npat=4&ninst=4&nflip_train=3&target=2');
  const st = await state();
  assert.deepEqual(st.notices, []);
  assert.equal(st.summary.stored, 16);
  const img = await shot('letters-prototypes');
  assertNotBlank(img, 'prototypes');
  const g = await viewRect('memories');
  assert.equal(readPicture(img, g, BIG), GLYPHS.C, 'the big picture is not the cued prototype C');
  // Row 0: A, then its first instance, 3 pixels off A.
  const rowY = { ...THUMB };
  assert.equal(readPicture(img, g, rowY), GLYPHS.A);
  const inst = readPicture(img, g, rowY, THUMB.pitchX + 5);
  assert.equal([...inst].filter((c, i) => c !== GLYPHS.A[i]).length, 3, `instance ${inst} is not A with 3 pixels flipped`);
});
