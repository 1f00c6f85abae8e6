// Browser tests of every lab's native command: the panel shows the command
// line of the configuration on screen (with a copy button); run as shown
// (go run, in the repository) it parses without error and means the page's
// configuration (its -print-link is the page's permalink, value for value),
// -link with the page's permalink means exactly the same, the command runs
// with short settings and reports that configuration, and bad flags and bad
// links are refused with the reason and exit status 2, and the Dopamine lab's
// results download of a finished run is the command's -format csv output
// byte for byte. (That the memory lab's command prints the page's CSV
// export byte for byte is checked in experiments.test.mjs.) Run alone with
//   make build && cd scripts/browser && SHOTS_DIR=/tmp/shots-native node --test native.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSuite, closeSuite, shotsDir, openPage, getState, repo } from './lib.mjs';

const SHOTS = shotsDir('native-');

let server, browser, page;

before(async () => {
  ({ server, browser, page } = await openSuite());
});

after(async () => {
  await closeSuite(browser, server);
  console.log(`screenshots: ${SHOTS}`);
});

// go runs `go <args>` in the repository and returns its exit status and
// outputs.
function go(args) {
  const r = spawnSync('go', args, { cwd: repo, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// bin runs the command built from ./scripts/<cmd> (go run reports any
// failure as exit status 1, so the status is read from the binary).
const built = {};
function bin(args) {
  const pkg = args[0];
  if (!built[pkg]) {
    built[pkg] = path.join(os.tmpdir(), `hebbplay-native-${path.basename(pkg)}-${process.pid}`);
    const b = go(['build', '-o', built[pkg], pkg]);
    assert.equal(b.code, 0, b.err);
  }
  const r = spawnSync(built[pkg], args.slice(1), { cwd: repo, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// pairs splits a hash into its key=value pairs.
function pairs(hash) {
  return Object.fromEntries(hash.replace(/^#/, '').split('&').map((kv) => kv.split('=').map(decodeURIComponent)));
}

// openLab opens a hash and waits until the panel shows the native line.
async function openLab(hash) {
  await openPage(page, server, hash, { frame: false });
  await page.waitForFunction(() => window.hebbplay.getState().native, null, { timeout: 60000 });
  return getState(page);
}

// checkLine checks the panel's native line of the open page and returns
// the command's arguments (after `go run`).
async function checkLine(st, cmd, name) {
  assert.ok(st.native.startsWith(`go run ./scripts/${cmd} `), st.native);
  assert.equal(await page.locator('#native-cmd').textContent(), st.native);
  assert.ok(await page.locator('#native').isVisible(), 'the native line is not visible');
  assert.ok(await page.locator('#native-copy').isVisible(), 'no copy button');
  await page.locator('#native').screenshot({ path: `${SHOTS}/native-${name}-line.png` });
  await page.screenshot({ path: `${SHOTS}/native-${name}-page.png` });
  const args = st.native.replace(/^go run /, '').split(' ');
  // The line means the page's configuration: every flag's value is the
  // permalink's.
  const printed = go(['run', ...args, '-print-link']);
  assert.equal(printed.code, 0, printed.err);
  const got = pairs(printed.out.trim());
  const want = pairs(st.hash);
  let flags = 0;
  for (let i = 1; i < args.length; i++) {
    const m = args[i].match(/^-([A-Za-z0-9_]+)(=(.*))?$/);
    if (!m || m[1] === 'format' || !(m[1] in want)) continue;
    flags++;
    assert.equal(got[m[1]], want[m[1]], `-${m[1]}: the command reads ${got[m[1]]}, the page has ${want[m[1]]}`);
  }
  assert.ok(flags >= 5, `only ${flags} table flags in ${st.native}`);
  // -link with the page's permalink is the page's configuration, all of it.
  const linked = go(['run', args[0], ...(cmd === 'hebb' ? [args[1]] : []), '-link', st.permalink, '-print-link']);
  assert.equal(linked.code, 0, linked.err);
  assert.equal(linked.out.trim(), '#' + st.hash);
  // Refused with the reason and exit status 2: a value beyond a limit, a
  // link of another lab, a link with an unknown setting.
  const lab = st.lab;
  for (const [extra, reason] of [
    [['-seed', '-1'], 'seed=-1 is out of range: want a whole number from 0 to 2147483647'],
    [['-link', 'v=1&lab=' + (lab === 'memory' ? 'sparse' : 'memory')], 'the link is for the'],
    [['-link', `v=1&lab=${lab}&zzz=1`], 'unknown setting "zzz"'],
  ]) {
    const r = bin([...args, ...extra]);
    assert.equal(r.code, 2, `${extra.join(' ')}: exit ${r.code}\n${r.err}`);
    assert.ok(r.err.includes(reason), `${extra.join(' ')}: stderr lacks ${JSON.stringify(reason)}:\n${r.err.slice(0, 400)}`);
    assert.equal(r.out, '', 'a refused command printed results');
  }
  return args;
}

// finishedRunEqualsCommand opens a lab with hash, waits until its run of
// total steps (or examples) has finished and offers its results, downloads
// the results CSV and checks it is byte for byte the output of the panel's
// native line with -format csv, and its JSON export the line's -format json.
// It returns the state, the CSV and the line's arguments.
async function finishedRunEqualsCommand(hash, total, filename) {
  await openPage(page, server, hash);
  await page.waitForFunction((total) => {
    const c = window.hebbplay.getCharts();
    return c.active && !c.running && c.done === total && c.exports.length === 2;
  }, total, { timeout: 180000, polling: 200 });
  const st = await getState(page);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="results-csv"]')]);
  assert.equal(dl.suggestedFilename(), filename);
  const csv = fs.readFileSync(await dl.path(), 'utf8');
  const args = st.native.replace(/^go run /, '').split(' ');
  const r = bin([...args, '-format', 'csv']);
  assert.equal(r.code, 0, r.err);
  assert.equal(csv, r.out);
  const json = await page.evaluate(() => window.hebbplay.exportFile('results-json'));
  assert.equal(json, bin([...args, '-format', 'json']).out);
  return { st, csv, args };
}

test('memory: the native line of an experiment means the page configuration and runs it', async () => {
  const st = await openLab('v=1&lab=memory&screen=experiments&exp=storage&H=6&M=6&exp_rules=hebb,willshaw&exp_reps=2&nflip=1&niter=9&update=async&seed=3');
  const args = await checkLine(st, 'hebb', 'memory');
  const r = go(['run', ...args, '-quiet']);
  assert.equal(r.code, 0, r.err);
  const rows = r.out.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(rows.map((x) => x.rule), ['hebb', 'willshaw']);
  for (const x of rows) {
    assert.equal(x.H, 6); assert.equal(x.M, 6); assert.equal(x.reps, 2); assert.equal(x.seed, 3);
    assert.equal(x.niter, 9); assert.equal(x.async, true);
  }
});

test('dopamine: the native line means the page configuration and runs it', async () => {
  const st = await openLab('v=1&lab=dopamine&task=xor&hidden_xor=3&show_adam=0&lr_wp_xor=0.5&steps_xor=200&seed=4&autoplay=0');
  const args = await checkLine(st, 'dopamine', 'dopamine');
  const r = go(['run', ...args]);
  assert.equal(r.code, 0, r.err);
  const rows = r.out.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(rows.map((x) => x.optimizer), ['sgd', 'wp', 'dopamine']);
  for (const x of rows) {
    assert.equal(x.task, 'xor'); assert.equal(x.seed, 4); assert.equal(x.steps, 200);
    assert.equal(x.params, 2 * 3 + 3 + 3 + 1, 'a 2–3–1 network');
  }
});

test('dopamine: the results download of a finished run is the native command\'s CSV, byte for byte', async () => {
  // Not the defaults: another seed, network and rate, two optimizers, 300
  // steps played 100 a frame.
  const { st, csv } = await finishedRunEqualsCommand(
    'v=1&lab=dopamine&task=xor&hidden_xor=5&show_sgd=0&show_wp=0&lr_adam_xor=0.05&K=2&steps_xor=300&spf_xor=100&speed=30&seed=11',
    300, 'hebbplay-dopamine.csv');
  assert.match(st.native, / -seed 11 /);
  const lines = csv.trim().split('\n');
  assert.equal(lines.length, 3, 'a header and one row per optimizer shown');
  assert.match(lines[1], /^xor,11,adam,/);
  assert.match(lines[2], /^xor,11,dopamine,/);
});

test('sparse: the native line means the page configuration and runs it', async () => {
  const st = await openLab('v=1&lab=sparse&H=20&k=2&learners=2&readout=sgd&rate=0.05&seed=3&autoplay=0');
  const args = await checkLine(st, 'sparse', 'sparse');
  // The page's models on a short run of the command's own data.
  const r = go(['run', ...args, '-train', '200', '-examples', '200', '-test', '100', '-fewshot', '', '-eps', '', '-models', 'hebbian', '-bins', '4']);
  assert.equal(r.code, 0, r.err);
  const res = JSON.parse(r.out);
  assert.equal(res.seed, 3);
  assert.equal(res.models.length, 1);
  assert.equal(res.config.hidden, 20);
  assert.equal(res.config.winners, 2);
  assert.equal(res.config.learners, 2);
  assert.equal(res.config.readout, 'sgd');
  assert.equal(res.config.readout_rate, 0.05);
});

test('sparse: the results download of a finished run is the native command\'s CSV, byte for byte', async () => {
  // Not the defaults: another seed, size, readout and rate, 1 200 examples
  // played 100 a frame, 300 test images. The native line names the page's
  // data (-data web/mnist-subset.bin, written by make build).
  const { st, csv, args } = await finishedRunEqualsCommand(
    'v=1&lab=sparse&H=24&k=3&eta=0.05&readout=adam&rate=0.01&rbatch=4&examples=1200&per_frame=100&test_n=300&speed=30&seed=9',
    1200, 'hebbplay-sparse.csv');
  assert.match(st.native, / -seed 9 /);
  assert.match(st.native, / -data web\/mnist-subset\.bin -examples 1200 -test 300 /);
  const lines = csv.trim().split('\n');
  assert.equal(lines[0], 'section,model,metric,x,value');
  assert.match(lines[1], /^summary,hebbian,accuracy,,0\.\d+$/);
  assert.ok(lines.some((l) => l.startsWith('histogram,backprop,zeros,,')), 'no backprop histogram');
  assert.equal(JSON.parse(bin([...args, '-format', 'json']).out).test_images, 300);
});
