// A Web Worker that runs the core-only WebAssembly program (wasm/worker) and
// computes units of background work of any lab's job kind for the page
// (web/workers.js).
//
// Messages from the page:
//   {type: 'init', module}        the compiled worker.wasm (WebAssembly.Module)
//   {type: 'work', id, k, request} request k of batch id: a JSON job request
//                                 (kind, spec, units; see core/job)
// Messages to the page:
//   {type: 'ready'}
//   {type: 'unit', id, k, i, result}  the JSON result of unit i of the request
//   {type: 'done', id, k}
//   {type: 'error', message}
'use strict';
importScripts('wasm_exec.js');

// The files requests name in "assets" (core/job), fetched once each and
// handed to the Go program.
const given = new Set();
async function fetchAssets(urls) {
  for (const url of urls) {
    if (given.has(url)) continue;
    const resp = await fetch(url);
    if (!resp.ok) throw new Error(url + ': HTTP ' + resp.status);
    self.hebbWorkerAsset(url, new Uint8Array(await resp.arrayBuffer()));
    given.add(url);
  }
}

self.onmessage = async (e) => {
  const msg = e.data;
  try {
    if (msg.type === 'init') {
      const go = new Go();
      const inst = await WebAssembly.instantiate(msg.module, go.importObject);
      go.run(inst); // sets hebbWorkerHandle, then blocks in Go without blocking us
      if (typeof self.hebbWorkerHandle !== 'function') throw new Error('worker.wasm did not start');
      self.postMessage({ type: 'ready' });
    } else if (msg.type === 'work') {
      // One unit at a time, so that the page can show results as they come.
      const req = JSON.parse(msg.request);
      await fetchAssets(req.assets || []);
      const units = req.units || [];
      for (let i = 0; i < units.length; i++) {
        // The same request with this unit only (core/job.Split).
        const one = JSON.stringify(Object.assign({}, req, { units: [units[i]] }));
        const result = self.hebbWorkerHandle(one);
        self.postMessage({ type: 'unit', id: msg.id, k: msg.k, i, result });
      }
      self.postMessage({ type: 'done', id: msg.id, k: msg.k });
    }
  } catch (err) {
    self.postMessage({ type: 'error', message: String(err && err.message || err) });
  }
};
