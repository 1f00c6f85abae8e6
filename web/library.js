// The Library: saved configurations and their results, IVISIT-style, kept in
// the browser's IndexedDB (through web/db.js).
//
// A configuration record is the lab's permalink plus a name, a comment, a
// grade (0–5) and dates; opening one sets the page's hash to the permalink,
// and the Go program reopens exactly that configuration. A result record
// holds the rows an Experiments run produced (api.exportFile('json')),
// linked to a configuration. The record schema, its version and the
// validation of imported files live in Go (core/library, reached through
// api.validateImport and api.compareConfigs): an imported file's every
// permalink goes through its lab's parameter table, like a typed-in link.
//
// The last configuration is kept in localStorage (read synchronously, before
// the Go program starts): a page opened without a hash resumes it.
//
// Without IndexedDB (a private window, storage disabled, quota exhausted)
// the page works as before and the Library says that saving is unavailable.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const DB_NAME = 'hebbplay-library';
  const LAST_KEY = 'hebbplay.lastHash';
  const CONFIGS = 'configs';
  const RESULTS = 'results';
  // The largest library file imported (Go's library.MaxFileBytes, which the
  // page reads from api.libraryFormat.maxBytes once the program runs).
  const MAX_IMPORT_BYTES = 8 << 20;
  const size = (n) => `${(n / (1 << 20)).toFixed(n % (1 << 20) ? 1 : 0)} MB (${n.toLocaleString('en')} bytes)`;

  // ---- the last session ------------------------------------------------------------
  // Runs at once, while the Go program is still loading: a page without a
  // hash gets the last one (history.replaceState fires no hashchange).
  let resumed = null;
  try {
    const h = location.hash.replace(/^#/, '');
    const last = localStorage.getItem(LAST_KEY);
    if (!h && last) {
      history.replaceState(null, '', '#' + last);
      resumed = last;
    }
  } catch { /* no localStorage (private mode): nothing to resume */ }

  let lastSaveTimer = null;
  let pendingHash = null;
  function flushHash() {
    clearTimeout(lastSaveTimer);
    if (pendingHash === null) return;
    try { localStorage.setItem(LAST_KEY, pendingHash); } catch { /* full or disabled */ }
    pendingHash = null;
  }
  function rememberHash(hash) {
    pendingHash = hash;
    clearTimeout(lastSaveTimer);
    lastSaveTimer = setTimeout(flushHash, 200);
  }
  window.addEventListener('pagehide', flushHash);

  // ---- state ----------------------------------------------------------------------
  const lib = {
    api: null,
    db: null,
    unavailable: '', // why saving is unavailable, or ''
    configs: [],
    results: [],
    sort: { key: 'modified', dir: -1 },
    selected: new Set(), // config ids ticked for Compare
    editing: null, // config id being edited
    open: new Set(), // config ids whose results are listed
    undo: null,
  };
  let dbReady;

  function openDB() {
    dbReady = HebbDB.open(DB_NAME, 1, (idb) => {
      if (!idb.objectStoreNames.contains(CONFIGS)) {
        const c = idb.createObjectStore(CONFIGS, { keyPath: 'id' });
        c.createIndex('modified', 'modified');
        c.createIndex('name', 'name');
      }
      if (!idb.objectStoreNames.contains(RESULTS)) {
        const r = idb.createObjectStore(RESULTS, { keyPath: 'id' });
        r.createIndex('config', 'config');
      }
    }).then(async (db) => {
      lib.db = db;
      await reload();
    }).catch((err) => {
      lib.db = null;
      lib.unavailable = 'Saving is unavailable in this window: the browser refuses its database (' +
        (err && (err.name || err.message) || 'unknown error') + '). Everything else works: to keep a configuration, copy its permalink.' +
        (window.top !== window ? ' This page is shown inside another site\'s page, where browsers may keep no data: open it in a new tab to save.' : '');
      render();
    });
    return dbReady;
  }

  async function reload() {
    if (!lib.db) return;
    [lib.configs, lib.results] = await Promise.all([lib.db.getAll(CONFIGS), lib.db.getAll(RESULTS)]);
    const ids = new Set(lib.configs.map((c) => c.id));
    for (const id of [...lib.selected]) if (!ids.has(id)) lib.selected.delete(id);
    render();
  }

  // write applies operations in one transaction and reloads; a failure
  // (quota exceeded) is reported and changes nothing.
  async function write(ops, okMessage) {
    if (!lib.db) { say(lib.unavailable || 'Saving is unavailable.', 'error'); return false; }
    try {
      await lib.db.write(ops);
    } catch (err) {
      const full = err && err.name === 'QuotaExceededError';
      say(full ? 'Not saved: the browser\'s storage for this page is full (quota exceeded). Export and delete old records to make room.'
        : 'Not saved: ' + (err && (err.message || err.name)), 'error');
      await reload();
      return false;
    }
    await reload();
    if (okMessage) say(okMessage);
    return true;
  }

  // ---- records ----------------------------------------------------------------------
  function newId(prefix) {
    const a = new Uint32Array(2);
    crypto.getRandomValues(a);
    return prefix + '-' + Date.now().toString(36) + '-' + a[0].toString(36) + a[1].toString(36).slice(0, 4);
  }
  const now = () => new Date().toISOString();
  const version = () => (lib.api && lib.api.libraryFormat ? lib.api.libraryFormat.version : 1);
  const resultsOf = (id) => lib.results.filter((r) => r.config === id).sort((a, b) => (a.ran < b.ran ? 1 : -1));
  const byId = (id) => lib.configs.find((c) => c.id === id);

  function configRecord(name, comment, st) {
    const t = now();
    return { id: newId('c'), name, comment, grade: 0, created: t, modified: t, lab: st.lab, hash: st.hash, schema: version() };
  }

  async function saveCurrent(name, comment) {
    const st = lib.api.getState();
    name = name.trim() || defaultName(st);
    const rec = configRecord(name, comment.trim(), st);
    if (await write([{ store: CONFIGS, put: rec }], `Saved “${name}”.`)) {
      $('lib-name').value = '';
      $('lib-comment').value = '';
      return rec;
    }
    return null;
  }

  function defaultName(st) {
    const c = st.config || {};
    const bits = ['rule', 'exp', 'screen'].filter((k) => typeof c[k] === 'string').map((k) => c[k]);
    return (st.title || st.lab) + (bits.length ? ' — ' + bits.join(', ') : '') + ' — ' + new Date().toLocaleString();
  }

  async function update(id, change) {
    const c = byId(id);
    if (!c) return;
    const rec = { ...c, ...change, modified: now() };
    await write([{ store: CONFIGS, put: rec }]);
  }

  async function copy(id) {
    const c = byId(id);
    const t = now();
    const rec = { ...c, id: newId('c'), name: c.name + ' (copy)', created: t, modified: t };
    await write([{ store: CONFIGS, put: rec }], `Copied “${c.name}” as “${rec.name}”.`);
  }

  async function remove(id) {
    const c = byId(id);
    const rs = resultsOf(id);
    const ops = [{ store: CONFIGS, delete: id }, ...rs.map((r) => ({ store: RESULTS, delete: r.id }))];
    if (!await write(ops)) return;
    lib.selected.delete(id);
    lib.undo = { config: c, results: rs };
    say(`Deleted “${c.name}”` + (rs.length ? ` and its ${rs.length} result${rs.length > 1 ? 's' : ''}` : '') + '.', '', [
      ['Undo', async () => {
        const u = lib.undo;
        lib.undo = null;
        if (u) await write([{ store: CONFIGS, put: u.config }, ...u.results.map((r) => ({ store: RESULTS, put: r }))], `Restored “${u.config.name}”.`);
      }],
    ]);
    render();
  }

  async function removeResult(id) {
    const r = lib.results.find((x) => x.id === id);
    if (!r) return;
    if (!await write([{ store: RESULTS, delete: id }])) return;
    say(`Deleted the ${r.experiment} result.`, '', [['Undo', () => write([{ store: RESULTS, put: r }], 'Restored the result.')]]);
  }

  function openConfig(id) {
    const c = byId(id);
    if (!c) return;
    const st = lib.api && lib.api.getState();
    if (!st || st.hash !== c.hash) location.hash = '#' + c.hash; // the Go program reopens on hashchange
    say(`Opened “${c.name}”.`);
    $('library-dialog').close();
  }

  // ---- results of the Experiments screen ---------------------------------------------
  let charts = null;
  let savedVersion = null;

  function onCharts(c) {
    charts = c;
    renderSaveResults();
  }

  function renderSaveResults() {
    let b = $('lib-save-results');
    const head = document.querySelector('#charts .charts-head');
    if (!head) return;
    if (!b) {
      b = document.createElement('button');
      b.type = 'button';
      b.id = 'lib-save-results';
      b.title = 'Keep these results in the Library, linked to this configuration';
      b.addEventListener('click', saveResults);
      const msg = document.createElement('span');
      msg.id = 'lib-results-msg';
      msg.className = 'lib-results-msg';
      msg.setAttribute('aria-live', 'polite');
      head.appendChild(b);
      head.appendChild(msg);
    }
    const finished = !!(charts && charts.active && !charts.running && (hasJSON(charts) || runCharts(charts).length > 0));
    b.hidden = !finished;
    if (!finished) { $('lib-results-msg').textContent = ''; return; }
    const saved = savedVersion === charts.version;
    b.disabled = !lib.db || saved;
    b.textContent = !lib.db ? 'Saving unavailable' : saved ? 'Results saved ✓' : 'Save results';
  }

  const hasJSON = (c) => (c.exports || []).some((e) => e.name === 'json');

  // runCharts are the plots of a lab without a JSON download (a Dopamine or
  // sparse-lab run): what a saved run keeps to be overlaid later.
  const runCharts = (c) => (hasJSON(c) ? [] : (c.charts || []).filter((ch) => !(ch.table && ch.table.columns && ch.table.columns.length) && (ch.series || []).length));

  // storedChart is a chart as a result keeps it (library.Chart): the data
  // without bands or reference lines; missing values (NaN) as null.
  const nulls = (xs) => (xs || []).map((x) => (typeof x === 'number' && isFinite(x) ? x : null));
  function storedChart(ch) {
    const out = { id: ch.id, title: ch.title, xLabel: ch.xLabel, yLabel: ch.yLabel, xLog: !!ch.xLog, yLog: !!ch.yLog, series: [] };
    if (ch.categories && ch.categories.length) out.categories = ch.categories.slice();
    for (const s of ch.series || []) {
      if (s.band) continue;
      const t = { label: s.label, color: s.color, x: nulls(s.x), y: nulls(s.y) };
      if (s.dashed) t.dashed = true;
      if (s.markers) t.markers = true;
      if (s.histogram) t.histogram = true;
      out.series.push(t);
    }
    return out;
  }

  // summaryRows turns a lab's summary (getState().summary) into result
  // rows: one row of its own numbers, then one per nested object (an
  // optimizer, a model), without timings (they measure the machine).
  function summaryRows(sum) {
    const scalar = (v) => v === null || ['number', 'string', 'boolean'].includes(typeof v);
    const keep = (k, v) => scalar(v) && !/Ms$/.test(k) && !(typeof v === 'number' && !isFinite(v));
    const top = { name: 'run' };
    const rows = [top];
    for (const [k, v] of Object.entries(sum || {})) {
      if (keep(k, v)) top[k] = v;
      else if (v && typeof v === 'object' && !Array.isArray(v)) {
        const r = { name: k };
        for (const [k2, v2] of Object.entries(v)) if (keep(k2, v2)) r[k2] = v2;
        rows.push(r);
      }
    }
    return rows;
  }

  async function saveResults() {
    if (!lib.db || !lib.api) return;
    const ver = charts && charts.version;
    const msg = $('lib-results-msg');
    let doc;
    if (hasJSON(charts)) {
      try {
        doc = JSON.parse(await lib.api.exportFile('json'));
      } catch (err) {
        msg.textContent = 'Could not read the results: ' + err.message;
        return;
      }
    } else {
      const st0 = lib.api.getState();
      doc = { experiment: st0.lab + '-run', seconds: 0, permalink: st0.hash, rows: summaryRows(st0.summary), charts: runCharts(charts).map(storedChart) };
    }
    const runHash = String(doc.permalink || '').replace(/^#/, '');
    const st = lib.api.getState();
    // Link to a saved configuration of exactly this run, or save one.
    let cfg = lib.configs.filter((c) => c.hash === runHash || c.hash === st.hash).sort((a, b) => (a.modified < b.modified ? 1 : -1))[0];
    const ops = [];
    if (!cfg) {
      cfg = configRecord(`${doc.experiment} experiment — ${new Date().toLocaleString()}`, 'Saved with its results.', st);
      ops.push({ store: CONFIGS, put: cfg });
    }
    const res = {
      id: newId('r'), config: cfg.id, experiment: doc.experiment, ran: now(), seconds: +doc.seconds || 0,
      hash: runHash || st.hash, native_command: doc.native_command || '', rows: doc.rows || [], schema: version(),
    };
    if (doc.charts) res.charts = doc.charts;
    ops.push({ store: RESULTS, put: res });
    if (await write(ops)) {
      savedVersion = ver;
      msg.textContent = `Saved to the Library with “${cfg.name}”.`;
      renderSaveResults();
    } else {
      msg.textContent = 'Not saved: see the Library.';
    }
  }

  // ---- export and import ------------------------------------------------------------
  function fileOf(configs) {
    const ids = new Set(configs.map((c) => c.id));
    const f = lib.api ? lib.api.libraryFormat : { format: 'hebbplay-library', version: 1 };
    // Records saved by an older page carry an older schema; every upgrade so
    // far only added optional fields, so they are valid records of this one.
    const cur = (r) => ({ ...r, schema: f.version });
    return {
      format: f.format, version: f.version, exported: now(),
      configs: configs.map(cur), results: lib.results.filter((r) => ids.has(r.config)).map(cur),
    };
  }

  function download(obj, filename) {
    const blob = new Blob([JSON.stringify(obj, null, 1)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'config';

  function exportAll() {
    if (!lib.configs.length) return;
    download(fileOf(lib.configs), 'hebbplay-library-' + now().slice(0, 10) + '.json');
  }

  function exportOne(id) {
    const c = byId(id);
    download(fileOf([c]), 'hebbplay-' + slug(c.name) + '.json');
  }

  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

  // importText validates a file through Go, then stores its records. Records
  // whose id exists with other content are never overwritten without asking.
  async function importText(text, filename) {
    if (!lib.api) { say('The simulation is still loading; try again in a moment.', 'error'); return; }
    if (!lib.db) { say(lib.unavailable, 'error'); return; }
    const v = lib.api.validateImport(text);
    if (!v.ok) {
      say(`Import refused: ${filename} — ${v.error}`, 'error');
      return;
    }
    const stored = new Map(lib.configs.map((c) => [c.id, c]));
    const storedR = new Map(lib.results.map((r) => [r.id, r]));
    const norm = (c) => ({ ...c, comment: c.comment || '' });
    const newC = [], clashC = [], newR = [], clashR = [];
    for (const c of v.configs) {
      const old = stored.get(c.id);
      if (!old) newC.push(c);
      else if (!same(norm(old), norm(c))) clashC.push(c);
    }
    for (const r of v.results) {
      const old = storedR.get(r.id);
      if (!old) newR.push(r);
      else if (!same(old, r)) clashR.push(r);
    }
    const skipped = v.configs.length + v.results.length - newC.length - clashC.length - newR.length - clashR.length;
    const finish = async (mode) => {
      let cs = newC, rs = newR;
      if (mode === 'replace') {
        cs = [...newC, ...clashC];
        rs = [...newR, ...clashR];
      } else if (mode === 'copies') {
        const remap = new Map();
        const copies = clashC.map((c) => {
          const id = newId('c');
          remap.set(c.id, id);
          return { ...c, id, name: c.name + ' (imported)' };
        });
        cs = [...newC, ...copies];
        rs = [...newR, ...clashR].map((r) => ({ ...r, id: storedR.has(r.id) || remap.has(r.config) ? newId('r') : r.id, config: remap.get(r.config) || r.config }));
      }
      const ops = [...cs.map((c) => ({ store: CONFIGS, put: c })), ...rs.map((r) => ({ store: RESULTS, put: r }))];
      if (!ops.length) { say(`Nothing to import from ${filename}: all its records are already in the Library.`); return; }
      const n = (k, w) => `${k} ${w}${k === 1 ? '' : 's'}`;
      await write(ops, `Imported ${n(cs.length, 'configuration')} and ${n(rs.length, 'result')} from ${filename}` +
        (skipped ? ` (${skipped} already present)` : '') + '.');
    };
    if (!clashC.length && !clashR.length) { await finish('new'); return; }
    const names = clashC.map((c) => `“${c.name}”`).slice(0, 3).join(', ') + (clashC.length > 3 ? '…' : '');
    say(`${clashC.length + clashR.length} record(s) of ${filename} already exist here with different content` +
      (names ? ` (${names})` : '') + '. Replace them, import them as copies, or cancel?', 'ask', [
      ['Replace', () => finish('replace')],
      ['Import as copies', () => finish('copies')],
      ['Cancel', () => say('Import cancelled: nothing changed.')],
    ]);
  }

  // ---- compare ------------------------------------------------------------------------
  let cmpChart = null;

  function compare() {
    const [a, b] = [...lib.selected].map(byId).filter(Boolean);
    const view = $('lib-compare-view');
    if (!a || !b || !lib.api) return;
    const c = lib.api.compareConfigs(a.hash, b.hash);
    view.hidden = false;
    $('lib-cmp-title').textContent = `Compare “${a.name}” and “${b.name}”`;
    if (!c.ok) { $('lib-cmp-summary').textContent = c.error; return; }
    $('lib-cmp-summary').textContent = c.differences === 0 ? 'The two configurations are identical.'
      : `${c.differences} parameter${c.differences > 1 ? 's differ' : ' differs'} (highlighted).` + (c.labA !== c.labB ? ` Different labs: ${c.titleA} and ${c.titleB}.` : '');
    const t = $('lib-cmp-table');
    t.textContent = '';
    const head = t.createTHead().insertRow();
    for (const h of ['Parameter', a.name, b.name]) {
      const th = document.createElement('th');
      th.textContent = h;
      head.appendChild(th);
    }
    const body = t.createTBody();
    for (const r of c.rows) {
      const tr = body.insertRow();
      tr.dataset.param = r.name;
      if (r.differ) tr.className = 'differ';
      const unit = r.unit ? ' ' + r.unit : '';
      tr.insertCell().textContent = r.label || r.name;
      const show = (v) => v.replace(/,(?=\S)/g, ', ') + unit; // comma lists wrap
      tr.insertCell().textContent = r.hasA ? show(r.a) : '—';
      tr.insertCell().textContent = r.hasB ? show(r.b) : '—';
    }
    onlyDiff();
    drawCompareChart(a, b);
    view.scrollIntoView({ block: 'nearest' });
  }

  function onlyDiff() {
    $('lib-cmp-table').classList.toggle('only-diff', $('lib-cmp-only').checked);
  }

  // curves picks what to plot from a result's rows: a curve per rule when
  // the rows are points of a curve, or one value per rule (bar) otherwise.
  function curves(res) {
    const rows = res.rows || [];
    const kinds = [
      ['prototypes', 'score', 'prototypes stored (P)', 'test cues recalled as their prototype (score)', true],
      ['P', 'fcorr', 'stored patterns (P)', 'patterns recalled exactly (fcorr)', false],
      ['knob', 'p90', 'correlation knob', 'storage capacity (P90, patterns)', false],
    ];
    for (const [x, y, xl, yl, log] of kinds) {
      if (!rows.some((r) => typeof r[x] === 'number' && typeof r[y] === 'number')) continue;
      const by = new Map();
      for (const r of rows) {
        if (typeof r[x] !== 'number' || typeof r[y] !== 'number') continue;
        const k = String(r.rule || 'all');
        if (!by.has(k)) by.set(k, []);
        by.get(k).push({ x: r[x], y: r[y] });
      }
      return { kind: x + '/' + y, xLabel: xl, yLabel: yl, log, series: [...by].map(([rule, pts]) => ({ rule, pts: pts.sort((p, q) => p.x - q.x) })) };
    }
    if (rows.some((r) => typeof r.p90 === 'number')) {
      return { kind: 'p90', bar: true, xLabel: 'rule', yLabel: 'storage capacity P90', series: rows.filter((r) => typeof r.p90 === 'number').map((r) => ({ rule: String(r.rule), y: r.p90, spread: spreadOf(r) })) };
    }
    return null;
  }

  // spreadOf reads a capacity row's spread across repetitions (results
  // saved before it was reported have none): the 95% Student-t interval of
  // the mean per-repetition P90 and whether it is wider than ±5%.
  function spreadOf(r) {
    if (typeof r.p90_ci95_lo !== 'number' || typeof r.p90_ci95_hi !== 'number') return null;
    return { mean: r.p90_mean, lo: r.p90_ci95_lo, hi: r.p90_ci95_hi, rel: r.p90_ci95_rel, wide: !!r.p90_ci_wide, reps: r.p90_per_rep };
  }

  // spreadText is a bar's tooltip line and the warnings under the chart.
  const spreadText = (sp) => sp ? `per-repetition P90: mean ${sp.mean.toFixed(1)}, 95% interval ${sp.lo.toFixed(1)}–${sp.hi.toFixed(1)} (±${(100 * sp.rel).toFixed(1)}%)` : '';
  function spreadWarnings(c, name) {
    if (!c || !c.bar) return '';
    const wide = c.series.filter((s) => s.spread && s.spread.wide).map((s) => `${s.rule} ±${(100 * s.spread.rel).toFixed(1)}%`);
    return wide.length ? ` ⚠ ${name}: interval of the mean per-repetition P90 wider than ±5% for ${wide.join(', ')} (run more repetitions).` : '';
  }

  // The rules' colours: the one palette (lab.Palette, via web/charts.js).
  const colour = (rule, i) => window.HebbCharts.colour('rule/' + rule, i);

  function drawCompareChart(a, b) {
    const note = $('lib-cmp-note');
    const wrap = $('lib-cmp-chart');
    if (cmpChart) { cmpChart.destroy(); cmpChart = null; }
    for (const id of ['lib-cmp-which', 'lib-cmp-rows']) if ($(id)) $(id).hidden = true;
    const ra = resultsOf(a.id)[0], rb = resultsOf(b.id)[0];
    wrap.hidden = true;
    if (!ra && !rb) { note.textContent = 'Neither configuration has saved results: run an experiment and press “Save results” to overlay their curves here.'; return; }
    if ((ra && ra.charts && ra.charts.length) || (rb && rb.charts && rb.charts.length)) { drawRunCompare(a, b, ra, rb); return; }
    const ca = ra && curves(ra), cb = rb && curves(rb);
    if ((ca && cb && ca.kind !== cb.kind)) { note.textContent = `The results measure different things (${ra.experiment} and ${rb.experiment}): nothing to overlay.`; return; }
    const k = ca || cb;
    if (!k || typeof Chart === 'undefined') { note.textContent = 'These results have no curve to plot.'; return; }
    note.textContent = (k.bar ? 'Blue: ' : 'Solid: ') + a.name + (ra ? ` (${ra.experiment}, ${new Date(ra.ran).toLocaleString()})` : ' (no results)') +
      (k.bar ? ' · orange: ' : ' · dashed: ') + b.name + (rb ? ` (${rb.experiment}, ${new Date(rb.ran).toLocaleString()})` : ' (no results)') + '.';
    note.textContent += spreadWarnings(ca, a.name) + spreadWarnings(cb, b.name);
    wrap.hidden = false;
    // The page's one renderer draws the comparison (web/charts.js).
    const spec = { id: 'compare', title: '', xLabel: k.xLabel, yLabel: k.yLabel, xLog: !k.bar && !!k.log, yLog: false, refs: [], series: [] };
    if (k.bar) {
      const labels = [...new Set([...(ca ? ca.series : []), ...(cb ? cb.series : [])].map((s) => s.rule))];
      spec.categories = labels;
      const pick = (c, l) => c.series.find((x) => x.rule === l);
      const mk = (c, name, i) => c && spec.series.push({
        label: name, color: window.HebbCharts.colour('', i),
        y: labels.map((l) => { const s = pick(c, l); return s ? s.y : NaN; }),
        notes: labels.map((l) => { const s = pick(c, l); return s ? spreadText(s.spread) : ''; }),
      });
      mk(ca, a.name, 0);
      mk(cb, b.name, 1);
    } else {
      const add = (c, name, dashed) => c && c.series.forEach((s, i) => spec.series.push({
        label: `${s.rule} — ${name}`, color: colour(s.rule, i), dashed, x: s.pts.map((p) => p.x), y: s.pts.map((p) => p.y),
      }));
      add(ca, a.name, false);
      add(cb, b.name, true);
    }
    cmpChart = window.HebbCharts.draw($('lib-cmp-canvas'), spec, null);
  }

  // drawRunCompare overlays the saved charts of two runs (a Dopamine or
  // sparse-lab run): one chart at a time, chosen in a list, the first
  // configuration's curves solid, the second's dashed (bars side by side),
  // drawn by the page's one renderer; then their summary numbers side by
  // side, the differing ones highlighted.
  function drawRunCompare(a, b, ra, rb) {
    const note = $('lib-cmp-note');
    const wrap = $('lib-cmp-chart');
    const ids = [];
    for (const r of [ra, rb]) for (const ch of (r && r.charts) || []) if (!ids.includes(ch.id)) ids.push(ch.id);
    let pick = $('lib-cmp-which');
    if (!pick) {
      pick = document.createElement('select');
      pick.id = 'lib-cmp-which';
      pick.setAttribute('aria-label', 'Chart to compare');
      pick.addEventListener('change', () => drawRunCompare(...pick.runs));
      wrap.parentNode.insertBefore(pick, wrap);
    }
    pick.runs = [a, b, ra, rb];
    const chosen = ids.includes(pick.value) ? pick.value : ids[0];
    pick.textContent = '';
    for (const id of ids) {
      const ch = [ra, rb].map((r) => r && (r.charts || []).find((c) => c.id === id)).find(Boolean);
      const o = document.createElement('option');
      o.value = id;
      o.textContent = ch.title;
      pick.appendChild(o);
    }
    pick.value = chosen;
    pick.hidden = false;
    const ca = ra && (ra.charts || []).find((c) => c.id === chosen);
    const cb = rb && (rb.charts || []).find((c) => c.id === chosen);
    const base = ca || cb;
    const spec = { ...base, refs: [], series: [] };
    if (base.categories && base.categories.length) spec.categories = base.categories;
    const add = (ch, name, second) => ch && ch.series.forEach((s) => spec.series.push({
      ...s, label: `${s.label} — ${name}`, dashed: second || s.dashed, color: second && spec.categories ? s.color + '99' : s.color,
      x: s.x, y: (spec.categories && ch.categories) ? spec.categories.map((c) => { const i = ch.categories.indexOf(c); return i < 0 ? null : s.y[i]; }) : s.y,
    }));
    add(ca, a.name, false);
    add(cb, b.name, true);
    note.textContent = 'Solid: ' + a.name + (ra ? ` (${ra.experiment}, saved ${new Date(ra.ran).toLocaleString()})` : ' (no results)') +
      ' · dashed' + (spec.categories ? ' or lighter' : '') + ': ' + b.name + (rb ? ` (${rb.experiment}, saved ${new Date(rb.ran).toLocaleString()})` : ' (no results)') + '.';
    wrap.hidden = false;
    if (typeof Chart === 'undefined') { note.textContent = 'Chart.js did not load: run make build.'; return; }
    if (cmpChart && cmpChart.canvas !== $('lib-cmp-canvas')) cmpChart = null;
    cmpChart = window.HebbCharts.draw($('lib-cmp-canvas'), spec, cmpChart);
    summaryTable(a, b, ra, rb);
  }

  // summaryTable shows two runs' summary rows side by side.
  function summaryTable(a, b, ra, rb) {
    let t = $('lib-cmp-rows');
    if (!t) {
      t = document.createElement('table');
      t.id = 'lib-cmp-rows';
      t.className = 'results lib-cmp lib-cmp-rows';
      $('lib-cmp-chart').after(t);
    }
    t.hidden = false;
    t.textContent = '';
    const head = t.createTHead().insertRow();
    for (const h of ['Result', a.name, b.name]) {
      const th = document.createElement('th');
      th.textContent = h;
      head.appendChild(th);
    }
    const body = t.createTBody();
    const flat = (r) => {
      const m = new Map();
      for (const row of (r && r.rows) || []) for (const [k, v] of Object.entries(row)) if (k !== 'name') m.set((row.name && row.name !== 'run' ? row.name + ' ' : '') + k, v);
      return m;
    };
    const fa = flat(ra), fb = flat(rb);
    const show = (v) => (v === undefined ? '—' : typeof v === 'number' ? String(+v.toPrecision(6)) : String(v));
    for (const k of new Set([...fa.keys(), ...fb.keys()])) {
      const tr = body.insertRow();
      tr.dataset.key = k;
      if (show(fa.get(k)) !== show(fb.get(k))) tr.className = 'differ';
      tr.insertCell().textContent = k;
      tr.insertCell().textContent = show(fa.get(k));
      tr.insertCell().textContent = show(fb.get(k));
    }
  }

  // ---- rendering --------------------------------------------------------------------
  function say(text, kind = '', actions = []) {
    const m = $('lib-message');
    if (!m) return;
    m.textContent = '';
    m.className = 'lib-message' + (kind ? ' ' + kind : '');
    m.hidden = !text;
    const span = document.createElement('span');
    span.textContent = text;
    m.appendChild(span);
    for (const [label, fn] of actions) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = label;
      b.addEventListener('click', () => { m.hidden = true; fn(); });
      m.appendChild(b);
    }
  }

  const fmtDate = (iso) => { const d = new Date(iso); return isNaN(d) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }); };
  const stars = (g) => (g ? '★'.repeat(g) + '☆'.repeat(5 - g) : 'ungraded');

  function sorted() {
    const { key, dir } = lib.sort;
    const cmp = {
      name: (a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true }),
      grade: (a, b) => a.grade - b.grade,
      modified: (a, b) => (a.modified < b.modified ? -1 : a.modified > b.modified ? 1 : 0),
    }[key];
    return [...lib.configs].sort((a, b) => dir * cmp(a, b) || (a.modified < b.modified ? 1 : -1));
  }

  function button(label, title, fn, cls) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    if (title) b.title = title;
    if (cls) b.className = cls;
    b.addEventListener('click', fn);
    return b;
  }

  function render() {
    const dlg = $('library-dialog');
    if (!dlg) return;
    const off = !lib.db;
    $('lib-unavailable').hidden = !lib.unavailable;
    $('lib-unavailable').textContent = lib.unavailable;
    $('btn-library').classList.toggle('lib-off', !!lib.unavailable);
    $('btn-library').title = lib.unavailable ? 'Library — saving is unavailable in this window' : 'Saved configurations and results: save, open, compare, export, import';
    for (const id of ['lib-save-btn', 'lib-import-btn']) $(id).disabled = off || !lib.api;
    $('lib-export-all').disabled = off || !lib.configs.length;
    $('lib-storage').textContent = off ? '' : `${lib.configs.length} configuration${lib.configs.length === 1 ? '' : 's'}, ${lib.results.length} result${lib.results.length === 1 ? '' : 's'} in this browser`;
    const n = lib.selected.size;
    const cb = $('lib-compare');
    cb.disabled = n !== 2;
    cb.textContent = `Compare (${n}/2 ticked)`;
    for (const th of dlg.querySelectorAll('th[data-sort]')) {
      const on = th.dataset.sort === lib.sort.key;
      th.setAttribute('aria-sort', on ? (lib.sort.dir > 0 ? 'ascending' : 'descending') : 'none');
      th.querySelector('button').dataset.arrow = on ? (lib.sort.dir > 0 ? '▲' : '▼') : '';
    }
    const body = $('lib-rows');
    body.textContent = '';
    $('lib-empty').hidden = !!lib.configs.length || off;
    dlg.querySelector('.lib-table-wrap').hidden = off;
    for (const c of sorted()) body.append(...rowOf(c));
    renderSaveResults();
  }

  function rowOf(c) {
    const tr = document.createElement('tr');
    tr.dataset.id = c.id;
    tr.className = 'lib-row';
    const tick = document.createElement('input');
    tick.type = 'checkbox';
    tick.checked = lib.selected.has(c.id);
    tick.setAttribute('aria-label', 'Tick “' + c.name + '” to compare');
    tick.addEventListener('change', () => {
      if (tick.checked) {
        lib.selected.add(c.id);
        while (lib.selected.size > 2) lib.selected.delete(lib.selected.values().next().value);
      } else lib.selected.delete(c.id);
      render();
    });
    tr.insertCell().appendChild(tick);
    const name = tr.insertCell();
    name.className = 'lib-name';
    const rs = resultsOf(c.id);
    if (lib.editing === c.id) {
      const ni = document.createElement('input');
      ni.type = 'text'; ni.value = c.name; ni.className = 'lib-edit-name'; ni.setAttribute('aria-label', 'Name'); ni.maxLength = 200;
      const ci = document.createElement('textarea');
      ci.value = c.comment || ''; ci.className = 'lib-edit-comment'; ci.rows = 2; ci.setAttribute('aria-label', 'Comment'); ci.maxLength = 10000;
      const save = button('Save', '', async () => {
        if (!ni.value.trim()) { ni.focus(); return; }
        lib.editing = null;
        await update(c.id, { name: ni.value.trim(), comment: ci.value });
      }, 'lib-edit-save');
      const cancel = button('Cancel', '', () => { lib.editing = null; render(); });
      name.append(ni, ci, save, cancel);
      setTimeout(() => ni.focus(), 0);
    } else {
      const strong = document.createElement('strong');
      strong.textContent = c.name;
      name.appendChild(strong);
      if (c.comment) {
        const p = document.createElement('div');
        p.className = 'lib-comment';
        p.textContent = c.comment;
        name.appendChild(p);
      }
    }
    tr.insertCell().textContent = c.lab;
    const gsel = document.createElement('select');
    gsel.className = 'lib-grade';
    gsel.setAttribute('aria-label', 'Grade of “' + c.name + '”');
    for (let g = 0; g <= 5; g++) {
      const o = document.createElement('option');
      o.value = g;
      o.textContent = stars(g);
      gsel.appendChild(o);
    }
    gsel.value = c.grade;
    gsel.addEventListener('change', () => update(c.id, { grade: Number(gsel.value) }));
    tr.insertCell().appendChild(gsel);
    const when = tr.insertCell();
    when.textContent = fmtDate(c.modified);
    when.title = 'created ' + fmtDate(c.created) + ', modified ' + fmtDate(c.modified);
    const rc = tr.insertCell();
    if (rs.length) {
      rc.appendChild(button(`${rs.length} result${rs.length > 1 ? 's' : ''} ${lib.open.has(c.id) ? '▴' : '▾'}`, 'Show the saved results', () => {
        if (lib.open.has(c.id)) lib.open.delete(c.id); else lib.open.add(c.id);
        render();
      }, 'lib-results-toggle'));
    } else rc.textContent = '—';
    const act = tr.insertCell();
    act.className = 'lib-actions';
    act.append(
      button('Open', 'Open this configuration (its permalink)', () => openConfig(c.id), 'lib-open'),
      button('Copy', 'Duplicate this configuration', () => copy(c.id), 'lib-copy'),
      button('Edit', 'Rename it and edit its comment', () => { lib.editing = c.id; render(); }, 'lib-edit'),
      button('Export', 'Download this configuration and its results as a JSON file', () => exportOne(c.id), 'lib-export'),
      button('Delete', 'Delete it and its results (you can undo)', () => remove(c.id), 'lib-delete'),
    );
    const out = [tr];
    if (lib.open.has(c.id) && rs.length) {
      const sub = document.createElement('tr');
      sub.className = 'lib-sub';
      const td = sub.insertCell();
      td.colSpan = 7;
      const ul = document.createElement('ul');
      for (const r of rs) {
        const li = document.createElement('li');
        li.dataset.result = r.id;
        li.append(`${r.experiment} — ${r.rows.length} rows, ran ${fmtDate(r.ran)} in ${(+r.seconds).toFixed(1)} s `,
          button('Delete', 'Delete this result (you can undo)', () => removeResult(r.id)));
        ul.appendChild(li);
      }
      td.appendChild(ul);
      out.push(sub);
    }
    return out;
  }

  function build() {
    const dlg = document.createElement('dialog');
    dlg.id = 'library-dialog';
    dlg.className = 'library';
    dlg.setAttribute('aria-labelledby', 'lib-title');
    dlg.innerHTML = `
<div class="dialog-body">
  <div class="lib-head">
    <h2 id="lib-title">Library</h2>
    <span id="lib-storage" class="lib-storage"></span>
    <button type="button" id="lib-close">Close</button>
  </div>
  <p id="lib-unavailable" class="lib-warn" role="alert" hidden></p>
  <form id="lib-save" class="lib-save">
    <input type="text" id="lib-name" maxlength="200" placeholder="Name of this configuration" aria-label="Name">
    <input type="text" id="lib-comment" maxlength="10000" placeholder="Comment (optional)" aria-label="Comment">
    <button type="submit" id="lib-save-btn">Save current configuration</button>
  </form>
  <div class="lib-tools">
    <button type="button" id="lib-compare" disabled>Compare</button>
    <span class="lib-spacer"></span>
    <button type="button" id="lib-export-all" title="Download every configuration and result as one JSON file">Export all</button>
    <button type="button" id="lib-import-btn" title="Add the records of a library JSON file">Import…</button>
    <input type="file" id="lib-import" accept=".json,application/json" hidden>
  </div>
  <div id="lib-message" class="lib-message" role="status" hidden></div>
  <div class="lib-table-wrap">
  <table class="lib-list">
    <thead><tr>
      <th scope="col"><span class="sr">Compare</span></th>
      <th scope="col" data-sort="name"><button type="button">Name</button></th>
      <th scope="col">Lab</th>
      <th scope="col" data-sort="grade"><button type="button">Grade</button></th>
      <th scope="col" data-sort="modified"><button type="button">Modified</button></th>
      <th scope="col">Results</th>
      <th scope="col"><span class="sr">Actions</span></th>
    </tr></thead>
    <tbody id="lib-rows"></tbody>
  </table>
  </div>
  <p id="lib-empty" class="lib-empty" hidden>Nothing saved yet. Give this configuration a name above and press “Save current configuration”; finished experiments offer “Save results”.</p>
  <section id="lib-compare-view" class="lib-compare-view" hidden>
    <h3 id="lib-cmp-title">Compare</h3>
    <p><span id="lib-cmp-summary"></span> <label class="check-inline"><input type="checkbox" id="lib-cmp-only"> only the differences</label></p>
    <div class="lib-cmp-grid">
      <div class="lib-cmp-table-wrap"><table id="lib-cmp-table" class="lib-cmp"></table></div>
      <div><div id="lib-cmp-chart" class="lib-cmp-chart" hidden><canvas id="lib-cmp-canvas" role="img" aria-label="Results of the two configurations"></canvas></div>
      <p id="lib-cmp-note" class="lib-cmp-note"></p></div>
    </div>
  </section>
</div>`;
    document.body.appendChild(dlg);
    $('lib-close').addEventListener('click', () => dlg.close());
    $('lib-save').addEventListener('submit', (e) => { e.preventDefault(); saveCurrent($('lib-name').value, $('lib-comment').value); });
    $('lib-compare').addEventListener('click', compare);
    $('lib-cmp-only').addEventListener('change', onlyDiff);
    $('lib-export-all').addEventListener('click', exportAll);
    $('lib-import-btn').addEventListener('click', () => $('lib-import').click());
    $('lib-import').addEventListener('change', async (e) => {
      const file = e.target.files[0];
      e.target.value = '';
      if (!file) return;
      // Refused before reading: the same limit as Go's (core/library).
      const max = (lib.api && lib.api.libraryFormat && lib.api.libraryFormat.maxBytes) || MAX_IMPORT_BYTES;
      if (file.size > max) {
        say(`Import refused: ${file.name} is ${size(file.size)}; library files may be at most ${size(max)}.`, 'error');
        return;
      }
      await importText(await file.text(), file.name);
    });
    for (const th of dlg.querySelectorAll('th[data-sort]')) {
      th.querySelector('button').addEventListener('click', () => {
        const k = th.dataset.sort;
        lib.sort = { key: k, dir: lib.sort.key === k ? -lib.sort.dir : (k === 'name' ? 1 : -1) };
        render();
      });
    }
    $('btn-library').addEventListener('click', () => {
      if (!dlg.open) dlg.showModal();
      render();
      if (!lib.editing) $('lib-name').focus();
    });
    render();
  }

  // ---- start --------------------------------------------------------------------
  build();
  openDB();

  // Start with the page, after panel.js and experiments.js
  // (panel.js's hebbplayWhenReady).
  let subscribed = false;
  window.hebbplayWhenReady((a) => {
    lib.api = a;
    setTimeout(() => {
      if (!subscribed) {
        subscribed = true;
        a.subscribe((st) => rememberHash(st.hash));
        if (a.subscribeCharts) a.subscribeCharts(onCharts);
      }
      const st = a.getState();
      // The Go program may have started before the resumed hash was set.
      if (resumed && st.hash !== resumed) location.hash = '#' + resumed;
      resumed = null;
      rememberHash(st.hash);
      if (a.getCharts) onCharts(a.getCharts());
      render();
    }, 0);
  });

  // For scripts and tests.
  window.hebbplayLibrary = {
    get ready() { return dbReady; },
    get available() { return !!lib.db; },
    get unavailable() { return lib.unavailable; },
    configs: () => lib.configs.map((c) => ({ ...c })),
    results: () => lib.results.map((r) => ({ ...r })),
    reload,
    importText,
    fileOf: () => fileOf(lib.configs),
  };
})();
