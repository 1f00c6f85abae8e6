// The worker pool: runs every lab's background work (core/lab/work.go,
// core/job) in Web Workers, whatever the lab.
//
// The lab hands out batches split into requests (api.nextWork): request k
// goes to worker k, and requests beyond the number of workers wait in a
// queue for the first worker to finish. This file runs each request in a Web Worker executing the
// core-only wasm (web/worker.js + worker.wasm) and feeds every unit's result
// back as it arrives (api.feedWork). The page's own thread only routes
// messages. When the lab's work generation changes (Cancel, a new run, a new
// configuration) every worker is terminated at once and fresh ones start.
// While the lab says work is running but has no batch to hand out yet (a
// training streamed at a bounded rate), the pool asks again every 50 ms.
//
// The number of workers is navigator.hardwareConcurrency (at most 8), or
// ?workers=N in the page address (it never changes a result).
'use strict';

(function () {
  let api = null;
  let charts = null; // the lab's last charts: running, gen

  const pool = {
    n: workerCount(),
    module: null,
    workers: [],
    ready: null,
    gen: null,
    busy: false,
    left: 0, // requests of the batch out still running or queued
    queue: [], // requests of the batch out waiting for a free worker
    units: 0, // units measured by this page (for the tests and the benchmark)
    batches: 0,
    retry: null, // timer of the next ask while the lab has nothing yet
    epoch: 0, // counts stopWorkers: a pump of an older epoch is stale
  };

  function workerCount() {
    const q = new URLSearchParams(location.search).get('workers');
    const n = q ? parseInt(q, 10) : (navigator.hardwareConcurrency || 2);
    return Math.max(1, Math.min(8, isFinite(n) && n > 0 ? n : 2));
  }

  // Start with the page (panel.js's hebbplayWhenReady, hebbplayOnCharts).
  window.hebbplayWhenReady((a) => { api = a; });
  window.hebbplayOnCharts(update);

  function update(c) {
    if (!c) return;
    charts = c;
    if (pool.gen !== c.gen) {
      // Work abandoned: stop every worker at once.
      if (pool.gen !== null) stopWorkers();
      pool.gen = c.gen;
    }
    if (c.running) pump();
  }

  async function compile() {
    if (!pool.module) {
      const resp = await fetch('worker.wasm');
      if (!resp.ok) throw new Error('worker.wasm: HTTP ' + resp.status);
      pool.module = WebAssembly.compileStreaming
        ? await WebAssembly.compileStreaming(resp)
        : await WebAssembly.compile(await resp.arrayBuffer());
    }
    return pool.module;
  }

  function startWorkers() {
    pool.ready = compile().then((module) => Promise.all(Array.from({ length: pool.n }, (_, k) => new Promise((resolve, reject) => {
      const w = new Worker('worker.js');
      w.onmessage = (e) => {
        if (e.data.type === 'ready') resolve(w);
        else if (e.data.type === 'error') reject(new Error(e.data.message));
      };
      w.onerror = (e) => reject(new Error(e.message || 'worker failed'));
      w.postMessage({ type: 'init', module });
      pool.workers[k] = w;
    })))).then((ws) => {
      ws.forEach((w, k) => { w.onmessage = (e) => onWorkerMessage(w, k, e.data); });
      return ws;
    });
    return pool.ready;
  }

  function stopWorkers() {
    for (const w of pool.workers) if (w) w.terminate();
    pool.workers = [];
    pool.queue = [];
    pool.ready = null;
    pool.busy = false;
    pool.left = 0;
    pool.epoch++;
  }

  function onWorkerMessage(w, k, m) {
    if (pool.workers[k] !== w) return; // a terminated worker's last words
    if (m.type === 'unit') {
      pool.units++;
      api.feedWork(m.id, m.k, m.i, m.result).catch(report);
    } else if (m.type === 'done') {
      if (pool.queue.length > 0) w.postMessage(pool.queue.shift());
      if (--pool.left === 0) {
        pool.busy = false;
        pump();
      }
    } else if (m.type === 'error') {
      report(new Error(m.message));
    }
  }

  function report(err) {
    console.warn('hebbplay work:', err);
    const el = document.getElementById('charts-status');
    if (el) el.textContent = 'The workers failed: ' + err.message;
  }

  // pump hands the lab's next batch to the workers when they are idle.
  async function pump() {
    if (!api || pool.busy || !charts || !charts.running) return;
    pool.busy = true;
    const epoch = pool.epoch;
    try {
      if (!pool.ready) startWorkers();
      const gen = charts.gen;
      await pool.ready;
      // The workers were stopped meanwhile: a newer pump has taken over.
      if (epoch !== pool.epoch) return;
      if (gen !== pool.gen) { pool.busy = false; return; }
      // The lab hands out a batch only for the generation these workers
      // run; a batch it hands out counts as out until its results return.
      const work = await api.nextWork(pool.n, gen);
      if (epoch !== pool.epoch) return;
      if (!work || work.gen !== pool.gen) {
        pool.busy = false;
        // Nothing to hand out yet though the lab is running: ask again soon.
        if (!work && !pool.retry) pool.retry = setTimeout(() => { pool.retry = null; pump(); }, 50);
        return;
      }
      pool.batches++;
      // Request k < n goes to worker k (a worker may hold a lab's state);
      // the rest wait in the queue, each for the first worker to finish.
      pool.left = 0;
      pool.queue = [];
      work.requests.forEach((req, k) => {
        if (!req) return;
        pool.left++;
        if (k < pool.n) pool.workers[k].postMessage({ type: 'work', id: work.id, k, request: req });
        else pool.queue.push({ type: 'work', id: work.id, k, request: req });
      });
      for (let k = 0; k < pool.n && pool.queue.length > 0; k++) {
        if (!work.requests[k]) pool.workers[k].postMessage(pool.queue.shift());
      }
      if (pool.left === 0) { pool.busy = false; pump(); }
    } catch (err) {
      if (epoch !== pool.epoch) return; // a stopped worker's failure
      pool.busy = false;
      stopWorkers();
      report(err);
    }
  }

  // For scripts and tests: how the work is run.
  window.hebbplayWorkers = {
    get count() { return pool.n; },
    get units() { return pool.units; },
    get batches() { return pool.batches; },
    get busy() { return pool.busy; },
  };
})();
