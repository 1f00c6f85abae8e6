// The worker pool: runs every lab's background work (core/lab/work.go,
// core/job) in Web Workers, whatever the lab.
//
// The lab hands out batches split into requests (api.nextWork). This file
// runs each request in a Web Worker executing the core-only wasm
// (web/worker.js + worker.wasm) and feeds every unit's result back as it
// arrives (api.feedWork). The page's own thread only routes messages.
//
// A batch is either shared or not (Work.Shared in core/lab/work.go):
//   - shared (the memory lab's experiments): any worker runs any request,
//     in order, and as soon as a worker has nothing to do the pool asks the
//     lab for more, before the batch is finished; the lab hands out what
//     became ready meanwhile (a rule's next probe), so no worker waits for
//     the slowest unit of a round;
//   - not shared (a training that keeps state in its workers): request k
//     goes to worker k, requests beyond the number of workers wait for the
//     first worker to finish, and the next batch is asked for only once
//     every request of this one is done.
// When the lab's work generation changes (Cancel, a new run, a new
// configuration) every worker is terminated at once and fresh ones start.
// While the lab says work is running but has no batch to hand out yet and
// no worker is busy (a training streamed at a bounded rate), the pool asks
// again every 50 ms.
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
    asking: false, // a nextWork call is on its way
    left: 0, // requests handed out still running or waiting, of every batch
    barrier: 0, // of those, requests of a batch that is not shared
    queue: [], // requests waiting for the first free worker, in order
    assigned: [], // per worker: requests only that worker may run (not shared)
    running: [], // per worker: the request it runs, or null
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
    pool.assigned = [];
    pool.running = [];
    pool.ready = null;
    pool.asking = false;
    pool.left = 0;
    pool.barrier = 0;
    pool.epoch++;
  }

  // dispatch gives every free worker its next request: one only it may run,
  // else the first in the queue.
  function dispatch() {
    for (let k = 0; k < pool.n; k++) {
      const w = pool.workers[k];
      if (!w || pool.running[k]) continue;
      const mine = pool.assigned[k];
      const m = (mine && mine.length > 0) ? mine.shift() : pool.queue.shift();
      if (!m) continue;
      pool.running[k] = m;
      w.postMessage(m);
    }
  }

  // idle reports whether a worker has nothing to run.
  function idle() {
    for (let k = 0; k < pool.n; k++) if (!pool.running[k]) return true;
    return false;
  }

  function onWorkerMessage(w, k, m) {
    if (pool.workers[k] !== w) return; // a terminated worker's last words
    if (m.type === 'unit') {
      pool.units++;
      const ran = pool.running[k];
      api.feedWork(m.id, m.k, m.i, m.result, ran ? ran.gen : undefined).catch(report);
    } else if (m.type === 'done') {
      const ran = pool.running[k];
      pool.running[k] = null;
      pool.left--;
      if (ran && ran.barrier) pool.barrier--;
      dispatch();
      // A worker with nothing to do asks the lab for more (the results fed
      // above reach the lab first: the bridge applies calls in order).
      pump();
    } else if (m.type === 'error') {
      report(new Error(m.message));
    }
  }

  function report(err) {
    console.warn('hebbplay work:', err);
    const el = document.getElementById('charts-status');
    if (el) el.textContent = 'The workers failed: ' + err.message;
  }

  // pump asks the lab for its next batch when a worker would otherwise have
  // nothing to do, and no batch that is not shared is still out.
  async function pump() {
    if (!api || pool.asking || pool.barrier > 0 || !charts || !charts.running) return;
    if (pool.ready && (pool.queue.length > 0 || !idle())) return;
    pool.asking = true;
    const epoch = pool.epoch;
    try {
      if (!pool.ready) startWorkers();
      const gen = charts.gen;
      await pool.ready;
      // The workers were stopped meanwhile: a newer pump has taken over.
      if (epoch !== pool.epoch) return;
      if (gen !== pool.gen) { pool.asking = false; return; }
      // The lab hands out a batch only for the generation these workers
      // run; a batch it hands out counts as out until its results return.
      const work = await api.nextWork(pool.n, gen);
      if (epoch !== pool.epoch) return;
      pool.asking = false;
      if (!work || work.gen !== pool.gen) {
        // Nothing to hand out yet though the lab is running, and no result
        // on its way that could change that: ask again soon.
        if (!work && pool.left === 0 && !pool.retry) pool.retry = setTimeout(() => { pool.retry = null; pump(); }, 50);
        return;
      }
      pool.batches++;
      work.requests.forEach((req, k) => {
        if (!req) return;
        const m = { type: 'work', id: work.id, gen: work.gen, k, request: req, barrier: !work.shared };
        pool.left++;
        if (work.shared) {
          pool.queue.push(m);
          return;
        }
        // Request k < n goes to worker k (a worker may hold a lab's state);
        // the rest wait in the queue, each for the first worker to finish.
        pool.barrier++;
        if (k < pool.n) (pool.assigned[k] = pool.assigned[k] || []).push(m);
        else pool.queue.push(m);
      });
      dispatch();
      pump(); // an empty batch, or more workers than requests
    } catch (err) {
      if (epoch !== pool.epoch) return; // a stopped worker's failure
      pool.asking = false;
      stopWorkers();
      report(err);
    }
  }

  // For scripts and tests: how the work is run.
  window.hebbplayWorkers = {
    get count() { return pool.n; },
    get units() { return pool.units; },
    get batches() { return pool.batches; },
    get busy() { return pool.asking || pool.left > 0; },
  };
})();
