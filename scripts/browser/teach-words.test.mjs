// Browser tests of the page's words: the guided tour of the memory lab
// (starts on a first visit, dismissed for good, reopened from the About
// section, never under a shared link); the Experiments screen in plain words
// (measurements, axis titles, the P90 triangle in the legend, how to read
// each chart, a PNG with title, parameters and permalink in the picture and
// in its text chunks; no Speed control where nothing plays); and no value of
// a control hidden by a classroom link anywhere on the page, for every lab
// and every hideable control. Run alone with
//   make build && cd scripts/browser && SHOTS_DIR=/tmp/shots-words node --test --test-concurrency=1 teach-words.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { repo, openSuite, closeSuite, shotsDir, openPage, waitReady, settle, stageFrame, decodePNG, pixelStats } from './lib.mjs';

const SHOTS = shotsDir('teach-words-');
let server, browser, page;

before(async () => {
  ({ server, browser, page } = await openSuite());
});

after(async () => {
  await closeSuite(browser, server);
  console.log(`screenshots: ${SHOTS}`);
});

// pageWords is every word a visitor can see: the page's and the stage's
// visible text, each view's title, caption and legend (drawn into the
// canvas, published in window.hebbplayLayout), and each chart's title, axis
// titles, legend entries and note (drawn into canvases by Chart.js).
async function pageWords() {
  const top = await page.evaluate(() => {
    const out = [document.title, document.body.innerText];
    for (const l of window.hebbplayLayout || []) out.push(l.title || '', l.text || '');
    const c = window.hebbplay.getCharts();
    out.push(c.status || '');
    for (const ch of c.charts || []) {
      out.push(ch.title || '', ch.xLabel || '', ch.yLabel || '', ch.note || '');
      for (const s of ch.series || []) if (!s.hidden && !s.band) out.push(s.label);
      for (const r of ch.refs || []) out.push(r.label || '');
      for (const k of ch.categories || []) out.push(k);
    }
    return out.join('\n');
  });
  const f = stageFrame(page);
  const inner = f ? await f.evaluate(() => document.body.innerText) : '';
  return top + '\n' + inner;
}

// distinctive picks, for a hideable control, a value other than its default
// and the words that would give it away: a choice's label (and its id when
// that is more than a common word), a number that is not the default.
// Booleans (on/off, no word of their own) and multiple choices (the rules
// compared are the chart's legend itself) have no value label to leak.
function distinctive(p) {
  if (p.type === 'choice') {
    const i = p.choices.findIndex((c) => c !== p.default);
    return { value: p.choices[i], needles: [p.choiceLabels[i] || p.choices[i], p.choices[i]] };
  }
  if (p.type === 'int' || p.type === 'float') {
    // A value unlikely to occur by chance: near the middle of the range, odd.
    const lo = Number(p.min), hi = Number(p.max);
    let v = lo + (hi - lo) * 0.37;
    if (hi - lo > 1000) v = lo + 7777 % (hi - lo);
    v = p.type === 'int' ? Math.round(v) : Number(v.toPrecision(2));
    if (String(v) === String(p.default)) v = p.type === 'int' ? Math.min(hi, v + 1) : Number((v * 1.1).toPrecision(2));
    return { value: v, needles: [] }; // the number as the page holds it: see below
  }
  return null;
}

// depicted lists the numeric controls whose value the page depicts rather
// than states: a size or a count one sees in the pictures (the patterns in
// the gallery, the receptive fields, the steps and examples on the x axis
// and in the progress), or the item a view is about (the cued pattern,
// framed in the gallery; the inspected unit, outlined). Hiding such a
// control keeps the class from changing it; its number is the label of what
// is drawn, so it may appear. Every other value, and every choice, must not.
const depicted = {
  memory: ['npat', 'ninst', 'target', 'unit'],
  dopamine: ['steps_xor', 'steps_mg', 'horizon'],
  sparse: ['H', 'examples'],
};

// alsoShow adds settings that put a control's value in sight: the rule
// names itself in the weight matrix view's title (it did: "Weight matrix W
// (willshaw …)"), which the default fourth view does not show.
const alsoShow = { memory: { rule: { wview: 'weights' } } };

// variants are further pages on which every control that applies there is
// checked too: the memory lab's Experiments screen words the network, cue
// and recall settings in its charts' notes and titles.
const variants = { memory: [{ screen: 'experiments', exp_rules: 'hebb,willshaw', exp_reps: 2 }] };

// holds mirrors params.Shown (and the panel's showIf): "a=x|y&b=z;c=w".
function holds(cond, config) {
  if (!cond) return true;
  return cond.split(';').some((alt) => alt.split('&').every((c) => {
    const i = c.indexOf('=');
    return c.slice(i + 1).split('|').includes(String(config[c.slice(0, i)]));
  }));
}

// showing returns the settings that make p's control apply (the first
// alternative of its showIf), so that its value matters on the page.
function showing(p) {
  const out = {};
  if (!p.showIf) return out;
  for (const c of p.showIf.split(';')[0].split('&')) {
    const i = c.indexOf('=');
    out[c.slice(0, i)] = c.slice(i + 1).split('|')[0];
  }
  return out;
}

// wordRE matches needle as a whole word or number ("10" is not in "100" or
// "0.10", "sync" not in "async").
function wordRE(needle) {
  const esc = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp('(^|[^\\p{L}\\p{N}.])' + esc + '($|[^\\p{L}\\p{N}]|\\.(?!\\d))', 'u');
}
const found = (text, needle) => wordRE(needle).test(text);

// around is the text around needle's first place in line.
function around(line, needle) {
  const i = line.search(wordRE(needle));
  return line.slice(Math.max(0, i - 70), i + 70);
}

// go opens hash in the running page (a new hash opens a new session
// without reloading the program) and waits until it is shown and settled;
// an experiment started by the hash is cancelled at once (its charts and
// words stay), to spare the shared CPU.
async function go(hash) {
  await page.evaluate(async (h) => {
    if (location.hash !== h) {
      // The program's hashchange listener (registered first) queues the
      // reopening; a call queued after it settles once it is done.
      const changed = new Promise((r) => addEventListener('hashchange', r, { once: true }));
      location.hash = h;
      await changed;
    }
    await window.hebbplay.setConfig({});
  }, hash);
  if (await page.evaluate(() => window.hebbplay.getState().summary.running)) {
    await page.evaluate(() => window.hebbplay.action('cancelexp'));
  }
  await settle(page);
  // The charts the page draws are those of the latest state.
  await page.waitForFunction(() => !window.HebbCharts || window.HebbCharts.version === window.hebbplay.getCharts().version || !window.hebbplay.getCharts().active);
}

// classroom opens lab with settings applied and the named controls hidden
// (none: a plain link) and returns the page's words.
async function classroom(lab, settings, hide) {
  await go(`#v=1&lab=${lab}&autoplay=0`);
  const link = await page.evaluate(async ([settings, hide]) => {
    await window.hebbplay.setConfig(settings);
    return window.hebbplay.classroomLink(hide, false);
  }, [settings, hide]);
  await go(link.slice(link.indexOf('#')));
  return pageWords();
}

// pngText reads a PNG's iTXt and tEXt chunks as {keyword: text}.
function pngText(buf) {
  const out = {};
  for (let pos = 8; pos < buf.length;) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const body = buf.subarray(pos + 8, pos + 8 + len);
    const z = body.indexOf(0);
    if (type === 'tEXt') out[body.toString('latin1', 0, z)] = body.toString('latin1', z + 1);
    if (type === 'iTXt') {
      // keyword \0 flag method language \0 translated \0 text
      let i = z + 3;
      i = body.indexOf(0, i) + 1;
      i = body.indexOf(0, i) + 1;
      out[body.toString('latin1', 0, z)] = body.toString('utf8', i);
    }
    pos += 12 + len;
  }
  return out;
}

test('the guided tour starts on a first visit, is dismissed for good and reopens from the About section', async () => {
  // Automation (navigator.webdriver) keeps the tour away unless ?tour=1:
  // every other test file opens the page without it.
  await page.goto('about:blank');
  await page.goto(server.url + 'index.html');
  await waitReady(page);
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.hebbplayTour.step), 0, 'the tour started under automation');

  // A shared link (settings in the address) never starts it, ?tour=1 or not.
  await page.goto('about:blank');
  await page.goto(server.url + 'index.html?tour=1#v=1&npat=20');
  await waitReady(page);
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.hebbplayTour.step), 0, 'the tour started on a shared link');

  // The plain landing page, first visit: step 1 of 6, each step outlining
  // a control that is on screen.
  await page.goto('about:blank');
  await page.goto(server.url + 'index.html?tour=1');
  await waitReady(page);
  await page.waitForFunction(() => window.hebbplayTour.step === 1);
  const steps = await page.evaluate(() => window.hebbplayTour.steps);
  assert.ok(steps >= 4 && steps <= 6, `${steps} steps`);
  const seen = [];
  for (let i = 1; i <= steps; i++) {
    assert.equal(await page.evaluate(() => window.hebbplayTour.step), i);
    const s = await page.evaluate(() => {
      const t = document.querySelector('.tour-target');
      const r = t && t.getBoundingClientRect();
      return { title: document.getElementById('tour-title').textContent, target: t ? (t.id || t.dataset.name) : null,
        w: r ? r.width : 0, h: r ? r.height : 0, card: !document.getElementById('tour').hidden };
    });
    assert.ok(s.card, `step ${i}: the card is hidden`);
    assert.ok(s.target && s.w > 0 && s.h > 0, `step ${i} (${s.title}) points at nothing visible: ${JSON.stringify(s)}`);
    seen.push(s.title);
    if (i === 1 || i === steps) await page.screenshot({ path: path.join(SHOTS, `teach-words-tour-${i}.png`) });
    await page.click('#tour-next');
  }
  assert.deepEqual(seen.map((t) => t.toLowerCase().split(' ')[0]), ['stored', 'cue', 'watch', 'store', 'compare', 'open']);
  // Done closes it; it is remembered.
  assert.equal(await page.evaluate(() => window.hebbplayTour.step), 0);
  assert.equal(await page.evaluate(() => localStorage.getItem('hebbplay.tour')), 'done');
  assert.equal(await page.locator('.tour-target').count(), 0, 'an outline stayed');

  // Never again by itself, even on the landing page with ?tour=1 …
  await page.goto('about:blank');
  await page.goto(server.url + 'index.html?tour=1');
  await waitReady(page);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.hebbplayTour.step), 0, 'the dismissed tour came back');
  // … but "Guided tour" in About this lab opens it, and Esc closes it.
  await page.click('#lab-about summary');
  await page.click('#btn-tour');
  assert.equal(await page.evaluate(() => window.hebbplayTour.step), 1);
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => window.hebbplayTour.step), 0);
  // The About text comes first, and explains the idea.
  const about = await page.locator('#lab-about-text').innerText();
  assert.match(about, /^An associative memory stores patterns/);
  for (const w of ['crosstalk', 'P90', 'Hopfield', 'Willshaw', 'BCPNN', 'Knoblauch']) assert.ok(about.includes(w), `About does not mention ${w}`);
  await page.evaluate(() => localStorage.removeItem('hebbplay.tour'));
});

test('Experiments speak plain words, mark P90 in the legend and export a PNG that carries its title, parameters and permalink', async () => {
  await openPage(page, server, '#v=1&autoplay=0');
  // Speed acts on the playground's animation: shown there, not on Experiments.
  assert.ok(await page.locator('.ctl[data-name="speed"]').isVisible(), 'no Speed on the playground');
  await openPage(page, server, '#v=1&screen=experiments&exp=storage&exp_rules=hebb,covariance,bcpnn&exp_reps=2&H=8&M=8&nflip=1&autoplay=0', { frame: false });
  assert.ok(await page.locator('.ctl[data-name="speed"]').isHidden(), 'Speed shown on the Experiments screen, where it does nothing');
  assert.ok(await page.locator('.ctl[data-name="autoplay"]').isHidden(), '"Play after each change" shown on the Experiments screen');
  await page.waitForFunction(() => window.hebbplay.getState().summary.finished === true, null, { timeout: 120000 });
  await page.waitForFunction(() => window.HebbCharts.version === window.hebbplay.getCharts().version && window.HebbCharts.shown('storage'));
  const status = await page.locator('#charts-status').innerText();
  assert.match(status, /^Finished: \d+ measurements in [\d.]+ s\.$/);
  const card = page.locator('[data-chart="storage"]');
  const guide = await card.locator('.chart-guide').innerText();
  assert.match(guide, /^How to read this: /);
  assert.match(guide, /covariance/i);
  // The axes and the legend as Chart.js drew them.
  const drawn = await page.evaluate(() => {
    const c = window.HebbCharts.shown('storage').chart;
    const t = (s) => [].concat(s.title.text).join(' ');
    return { x: t(c.options.scales.x), y: t(c.options.scales.y),
      legend: c.legend.legendItems.map((i) => ({ text: i.text, style: i.pointStyle })) };
  });
  assert.equal(drawn.y, 'patterns recalled exactly (fcorr)');
  assert.equal(drawn.x, 'stored patterns (P)');
  const key = drawn.legend.find((i) => /P90/.test(i.text));
  assert.ok(key && key.style === 'triangle', `no P90 triangle in the legend: ${JSON.stringify(drawn.legend)}`);
  assert.ok(drawn.legend.some((i) => /^90%/.test(i.text)), 'the 90% line is not in the legend');
  await card.screenshot({ path: path.join(SHOTS, 'teach-words-storage-card.png') });

  // The PNG: the chart with a title band above it and the permalink below,
  // and the same words in its text chunks.
  const canvas = await card.locator('canvas').evaluate((c) => ({ w: c.width, h: c.height }));
  const [dl] = await Promise.all([page.waitForEvent('download'), card.locator('button.png').click()]);
  const file = path.join(SHOTS, 'teach-words-storage-export.png');
  await dl.saveAs(file);
  const buf = fs.readFileSync(file);
  const img = decodePNG(buf);
  assert.equal(img.width, canvas.w);
  assert.ok(img.height >= canvas.h + 50, `PNG ${img.height} px high for a ${canvas.h} px chart`);
  // The title band (above the chart) holds dark text pixels.
  const band = { width: img.width, height: Math.round(img.height - canvas.h) >> 1, data: img.data.subarray(0, img.width * 4 * (Math.round(img.height - canvas.h) >> 1)) };
  let dark = 0;
  for (let i = 0; i < band.data.length; i += 4) if (band.data[i] < 120 && band.data[i + 1] < 120 && band.data[i + 2] < 120) dark++;
  assert.ok(dark > 200, `title band nearly blank: ${dark} dark pixels`);
  assert.ok(pixelStats(band).colors >= 2);
  const text = pngText(buf);
  const spec = await page.evaluate(() => window.hebbplay.getCharts().charts.find((c) => c.id === 'storage'));
  assert.equal(text.Title, spec.title);
  assert.equal(text.Description, spec.params);
  assert.match(text.Description, /Hypercolumns H = 8/);
  assert.equal(text.Permalink, await page.evaluate(() => location.href));
  assert.match(text.Permalink, /#v=1&.*exp=storage/);
});

test("the README's classroom link opens the lesson it describes: the rule hidden everywhere, presentation mode on", async () => {
  const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## For teachers'), readme.indexOf('## More'));
  const m = section.match(/\(http:\/\/127\.0\.0\.1:8080\/(#[^)\s]+)\)/);
  assert.ok(m, 'no classroom link in the README');
  await openPage(page, server, m[1] + '&wview=weights');
  await settle(page);
  const st = await page.evaluate(() => window.hebbplay.getState());
  assert.deepEqual(st.hidden, ['rule']);
  assert.equal(st.presentation, true);
  assert.equal(st.config.rule, 'willshaw');
  assert.equal(st.config.npat, 30);
  assert.ok(await page.locator('.ctl[data-name="rule"]').isHidden(), 'the rule control is shown');
  assert.equal(st.native, '', 'the native command (which names the rule) is shown');
  const stage = await page.evaluate(() => (window.hebbplayLayout || []).map((l) => l.title + '\n' + l.text).join('\n'));
  assert.ok(stage.includes('Weight matrix W'), 'no weight view');
  assert.ok(!/willshaw/i.test(stage + st.summaryText), `the stage names the hidden rule: ${stage}`);
  await page.screenshot({ path: path.join(SHOTS, 'teach-words-readme-lesson.png') });
});

test('no value of a hidden control appears on the page, for every lab', { timeout: 900000 }, async () => {
  await openPage(page, server, '#v=1&autoplay=0');
  const labs = (await page.evaluate(() => window.hebbplay.getSchema().labList)).map((l) => l.id);
  const leaks = [];
  let checked = 0;
  const plainWords = new Map(); // lab + settings -> words, nothing hidden
  for (const lab of labs) {
    await go(`#v=1&lab=${lab}&autoplay=0`);
    const all = await page.evaluate(() => window.hebbplay.getSchema().params);
    const params = all.filter((p) => p.hideable);
    const defaults = Object.fromEntries(all.map((p) => [p.name, p.default]));
    const cases = [];
    for (const p of params) {
      cases.push({ p, base: { ...showing(p), ...((alsoShow[lab] || {})[p.name] || {}) } });
      for (const v of variants[lab] || []) {
        if (p.name in v || !holds(p.showIf, { ...defaults, ...v })) continue;
        cases.push({ p, base: { ...v, ...((alsoShow[lab] || {})[p.name] || {}) } });
      }
    }
    for (const { p, base } of cases) {
      const d = distinctive(p);
      if (!d || (depicted[lab] || []).includes(p.name)) continue;
      // The same page with the control at its default and nothing hidden:
      // words it shows anyway (a common word, a number that happens to be
      // there) are no leak.
      const key = lab + JSON.stringify(base);
      if (!plainWords.has(key)) plainWords.set(key, await classroom(lab, base, []));
      const plain = plainWords.get(key);
      const words = await classroom(lab, { ...base, [p.name]: d.value }, [p.name]);
      const state = await page.evaluate(() => window.hebbplay.getState());
      assert.deepEqual(state.hidden, [p.name], `${lab}: ${p.name} is not hidden`);
      const held = String(state.config[p.name]);
      if (p.type === 'choice') assert.equal(held, String(d.value), `${lab}: ${p.name} did not take ${d.value}`);
      else d.needles = [held];
      if (held === String(p.default)) continue;
      checked++;
      for (const n of d.needles) {
        if (found(words, n) && !found(plain, n)) {
          const at = words.split('\n').filter((l) => found(l, n)).slice(0, 3).map((l) => around(l, n));
          leaks.push(`${lab} ${JSON.stringify(base)}: hidden ${p.name} = ${held} shows as "${n}" in: ${at.join(' | ')}`);
          await page.screenshot({ path: path.join(SHOTS, `teach-words-leak-${lab}-${p.name}.png`) });
        }
      }
    }
  }
  console.log(`checked ${checked} hidden controls`);
  assert.deepEqual(leaks, [], leaks.join('\n'));
});
