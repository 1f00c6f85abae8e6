// Offline use and updates, the page's side of the service worker (sw.js).
//
// Once the simulation has started (so that the worker's first install
// downloads nothing the page is still loading) the page registers sw.js; from
// then on the page opens without a network. A line under the settings says
// whether this build is saved for offline use.
//
// When the server has a new build, the browser installs a new worker beside
// the old one, which keeps serving this page the old files: no page ever
// runs a mix of two builds. The new build is then taken into use
//   - at once, with a reload, while nobody has touched this page yet (a page
//     that was just opened has nothing to lose: the address holds the whole
//     configuration), or
//   - when the user presses Reload on the notice "A new version is ready".
// A page whose worker was replaced from another tab says so the same way.
//
// window.hebbplayOffline: {status, version, error} for the tests, where
// status is 'unsupported', 'starting', 'saved' (this build works offline),
// 'update-ready', 'updating' or 'failed'.
'use strict';

(function () {
  const info = (window.hebbplayOffline = { status: 'unsupported', version: '', error: '' });
  const sw = navigator.serviceWorker;
  if (!sw || !/^https?:$/.test(location.protocol)) return;
  info.status = 'starting';

  // Whether the user has done anything on this page (or in its stage).
  let touched = false;
  const touch = () => { touched = true; };
  const watchInput = (win) => {
    for (const t of ['pointerdown', 'keydown', 'wheel']) win.addEventListener(t, touch, { capture: true, passive: true });
  };
  watchInput(window);
  const stage = document.getElementById('stage');
  if (stage) {
    const hook = () => { try { watchInput(stage.contentWindow); } catch { /* not ours */ } };
    stage.addEventListener('load', hook);
    hook();
  }

  let hadController = !!sw.controller;
  let asked = false; // this page asked the waiting worker to take over
  sw.addEventListener('controllerchange', () => {
    if (!hadController) { hadController = true; return; } // the first install took this page over
    if (asked || !touched) { location.reload(); return; }
    // Another tab took the new build into use: this page still runs the old.
    offer(null, 'hebbplay was updated in another tab.');
  });
  sw.addEventListener('message', (e) => {
    const msg = e.data || {};
    if (msg.type === 'install-failed') {
      info.error = msg.message;
      if (info.status !== 'saved') setStatus('failed', 'Not saved for offline use: ' + msg.message);
    }
  });

  // The notice at the bottom of the page.
  let bar = null;
  function offer(worker, text) {
    info.status = 'update-ready';
    if (!touched) return activate(worker);
    if (!bar) {
      bar = document.createElement('div');
      bar.id = 'update-bar';
      bar.className = 'update-bar';
      bar.setAttribute('role', 'status');
      const msg = document.createElement('span');
      const reload = document.createElement('button');
      reload.type = 'button';
      reload.id = 'update-reload';
      reload.textContent = 'Reload';
      reload.title = 'Reload the page with the new version (the address keeps this configuration)';
      const later = document.createElement('button');
      later.type = 'button';
      later.textContent = 'Later';
      later.title = 'Keep working with this version; the next visit uses the new one';
      later.addEventListener('click', () => { bar.hidden = true; });
      bar.append(msg, reload, later);
      document.body.appendChild(bar);
    }
    bar.querySelector('span').textContent = text || 'A new version of hebbplay is ready.';
    bar.querySelector('#update-reload').onclick = () => activate(worker);
    bar.hidden = false;
  }

  function activate(worker) {
    info.status = 'updating';
    if (!worker) { location.reload(); return; }
    asked = true;
    worker.postMessage({ type: 'activate' }); // controllerchange then reloads
  }

  // The status line under the settings.
  function setStatus(status, text, title) {
    info.status = status;
    let p = document.getElementById('offline-status');
    const panel = document.getElementById('panel');
    if (!p && panel) {
      p = document.createElement('p');
      p.id = 'offline-status';
      p.className = 'offline-status';
      panel.appendChild(p);
    }
    if (!p) return;
    p.textContent = text;
    p.title = title || '';
  }

  function version(worker) {
    return new Promise((resolve) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = (e) => resolve(e.data);
      worker.postMessage({ type: 'version' }, [ch.port2]);
    });
  }

  async function saved(reg) {
    const w = reg.active;
    if (!w) return;
    const v = await version(w);
    info.version = v.version;
    if (info.status === 'starting' || info.status === 'failed') {
      setStatus('saved', 'Works offline: this version is saved in the browser.',
        `Build ${v.version} (${v.files} files) is kept by the browser; the page opens without a network.`);
    }
  }

  function watch(reg) {
    const track = (w) => {
      if (!w) return;
      const step = () => {
        if (w.state === 'installed' && sw.controller) offer(w);
        if (w.state === 'activated') saved(reg);
      };
      w.addEventListener('statechange', step);
      step();
    };
    if (reg.waiting && sw.controller) offer(reg.waiting);
    track(reg.installing);
    reg.addEventListener('updatefound', () => track(reg.installing));
    if (reg.active) {
      saved(reg);
      // Builds that no open page runs any more (a tab that was left on the
      // old one has just been reloaded or closed) can go.
      reg.active.postMessage({ type: 'cleanup' });
    }
    // A page left open for long (a classroom's day) looks for a new build
    // now and then, and when it is shown again.
    setInterval(() => reg.update().catch(() => {}), 30 * 60 * 1000);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') reg.update().catch(() => {});
    });
  }

  let started = false;
  function start() {
    if (started) return;
    started = true;
    sw.register('sw.js', { updateViaCache: 'none' }).then((reg) => {
      if (reg) watch(reg);
      else info.status = 'unsupported'; // registration disabled (test browsers)
    }).catch((err) => {
      // Storage refused (some private windows, some third-party frames): the
      // page works online as before.
      info.error = String(err && err.message || err);
      setStatus('failed', window.top !== window
        ? 'Not saved for offline use: browsers keep no data for a page shown inside another site. Open it in a new tab once to use it offline.'
        : 'Not saved for offline use: the browser refuses (' + (err && err.name || 'error') + ').', info.error);
    });
  }
  if (window.hebbplayWhenReady) window.hebbplayWhenReady(() => setTimeout(start, 0));
  else window.addEventListener('load', start);
})();
