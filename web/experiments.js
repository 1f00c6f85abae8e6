// Charts, for any lab that offers them (core/lab/work.go).
//
// Charts: the lab reports charts and tables (api.getCharts / subscribeCharts);
// this file hands them to the page's one renderer (web/charts.js: Chart.js,
// exact values on hover, per-chart PNG and CSV) and offers the lab's
// downloads (CSV, JSON).
//
// The background work that produces the results runs in Web Workers, in
// workers.js.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  let api = null;
  let charts = null;

  // Start with the page (panel.js's hebbplayWhenReady, hebbplayOnCharts).
  window.hebbplayWhenReady((a) => {
    api = a;
    window.HebbCharts.setApi(a);
  });
  window.hebbplayOnCharts(update);

  // ---- charts (drawn by web/charts.js) -------------------------------------------

  function update(c) {
    if (!c) return;
    charts = c;
    scheduleRender();
  }

  // Results arrive many times a second (a lab training live changes its
  // charts every frame): redraw at most every 250 ms, so the page's thread
  // stays free.
  let renderTimer = null;
  let lastRender = 0;
  function scheduleRender() {
    if (renderTimer) return;
    const wait = Math.max(0, 250 - (performance.now() - lastRender));
    renderTimer = setTimeout(() => {
      renderTimer = null;
      lastRender = performance.now();
      render(charts);
    }, wait);
  }

  function render(c) {
    window.HebbCharts.render(c, download);
  }

  async function download(e) {
    try {
      const text = await api.exportFile(e.name);
      const blob = new Blob([text], { type: e.mime });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = e.filename;
      document.body.appendChild(a);
      a.click();
      setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    } catch (err) {
      console.warn('hebbplay download:', err);
      const el = $('charts-status');
      if (el) el.textContent = 'The download failed: ' + err.message;
    }
  }
})();
