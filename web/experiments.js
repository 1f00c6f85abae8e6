// Charts, for any lab that offers them (core/lab/work.go).
//
// Charts: the lab reports charts and tables (api.getCharts / subscribeCharts);
// this file draws them with Chart.js (axes, legend, exact values on hover),
// offers each plot as PNG and the lab's downloads (CSV, JSON).
//
// The background work that produces the results runs in Web Workers, in
// workers.js.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  let api = null;
  let charts = null;

  // Hook into the panel's start-up (panel.js defines onAppReady first).
  const prevReady = window.onAppReady;
  window.onAppReady = function (a) {
    if (prevReady) prevReady(a);
    api = a;
    setTimeout(() => {
      if (!window.onAppReady.subscribed) {
        window.onAppReady.subscribed = true;
        api.subscribeCharts(update);
      }
      update(api.getCharts());
    }, 0);
  };

  // ---- charts ------------------------------------------------------------------

  const drawn = new Map(); // chart id -> {card, chart (Chart.js) or table}
  let lastVersion = null;

  function update(c) {
    if (!c) return;
    charts = c;
    scheduleRender();
  }

  // Results arrive many times a second: redraw at most every 250 ms while a
  // run goes on (at once when it stops), so the page's thread stays free.
  let renderTimer = null;
  let lastRender = 0;
  function scheduleRender() {
    if (renderTimer) return;
    const wait = charts.running ? Math.max(0, 250 - (performance.now() - lastRender)) : 0;
    renderTimer = setTimeout(() => {
      renderTimer = null;
      lastRender = performance.now();
      render(charts);
    }, wait);
  }

  function render(c) {
    const sec = $('charts');
    document.body.classList.toggle('charts-only', !!(c.active && !c.stage));
    sec.hidden = !c.active;
    if (!c.active) return;
    $('charts-status').textContent = c.status;
    const bar = $('charts-progress');
    bar.max = Math.max(1, c.total);
    bar.value = c.done;
    bar.hidden = !c.running && c.done === 0;
    const ex = $('charts-exports');
    ex.textContent = '';
    for (const e of c.exports || []) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = e.label;
      b.dataset.export = e.name;
      b.addEventListener('click', () => download(e));
      ex.appendChild(b);
    }
    if (c.version === lastVersion) return;
    lastVersion = c.version;
    const list = $('charts-list');
    const keep = new Set();
    for (const ch of c.charts || []) {
      keep.add(ch.id);
      let d = drawn.get(ch.id);
      if (!d) {
        d = makeCard(ch);
        drawn.set(ch.id, d);
      }
      list.appendChild(d.card); // keeps the lab's order
      d.title.textContent = ch.title;
      d.note.textContent = ch.note || '';
      if (ch.table && ch.table.columns && ch.table.columns.length) drawTable(d, ch.table);
      else drawPlot(d, ch);
    }
    for (const [id, d] of drawn) {
      if (!keep.has(id)) {
        if (d.chart) d.chart.destroy();
        d.card.remove();
        drawn.delete(id);
      }
    }
  }

  function makeCard(ch) {
    const card = document.createElement('figure');
    card.className = 'chart-card';
    card.dataset.chart = ch.id;
    const head = document.createElement('figcaption');
    const title = document.createElement('span');
    head.appendChild(title);
    card.appendChild(head);
    const body = document.createElement('div');
    body.className = 'chart-body';
    card.appendChild(body);
    const note = document.createElement('p');
    note.className = 'chart-note';
    card.appendChild(note);
    const d = { card, head, title, body, note, chart: null, canvas: null, table: null };
    return d;
  }

  function drawTable(d, t) {
    if (d.chart) { d.chart.destroy(); d.chart = null; }
    const table = document.createElement('table');
    table.className = 'results';
    const tr = document.createElement('tr');
    for (const c of t.columns) {
      const th = document.createElement('th');
      th.textContent = c;
      tr.appendChild(th);
    }
    const thead = document.createElement('thead');
    thead.appendChild(tr);
    table.appendChild(thead);
    const tbody = document.createElement('tbody');
    for (const row of t.rows || []) {
      const r = document.createElement('tr');
      for (const cell of row) {
        const td = document.createElement('td');
        td.textContent = cell;
        if (cell.startsWith('⚠')) td.className = 'warn'; // e.g. an interval wider than ±5%
        r.appendChild(td);
      }
      tbody.appendChild(r);
    }
    table.appendChild(tbody);
    d.body.textContent = '';
    d.body.appendChild(table);
  }

  // White background in PNG exports (a canvas is transparent by default).
  const whiteBackground = {
    id: 'whiteBackground',
    beforeDraw(chart) {
      const { ctx } = chart;
      ctx.save();
      ctx.globalCompositeOperation = 'destination-over';
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, chart.width, chart.height);
      ctx.restore();
    },
  };

  function fontSize() { return document.body.classList.contains('present') ? 20 : 14; }

  // bandDataset draws one edge of a shaded band (lab.Series.Band "lo" or
  // "hi"): no line, no points, the "hi" edge filled down to the "lo" edge
  // before it, behind the curves and out of the legend and tooltips.
  function bandDataset(s) {
    return {
      label: s.label,
      data: (s.x || []).map((x, i) => ({ x, y: s.y[i] })),
      borderColor: 'transparent',
      backgroundColor: s.color + '33', // #rrggbb + alpha 0.2
      borderWidth: 0,
      pointRadius: 0,
      pointHitRadius: 0,
      fill: s.band === 'hi' ? '-1' : false,
      order: 1,
      band: true,
      hiddenInLegend: true,
    };
  }

  function datasets(ch) {
    return (ch.series || []).map((s) => s.band ? bandDataset(s) : ({
      label: s.label,
      data: (s.x || []).map((x, i) => ({ x, y: s.y[i] })),
      borderColor: s.color,
      backgroundColor: s.color,
      borderDash: s.dashed ? [8, 5] : [],
      borderWidth: s.dashed ? 1.5 : 2.5,
      showLine: !s.markers,
      pointRadius: s.markers ? 9 : (s.dashed ? 0 : 3.5),
      pointStyle: s.markers ? 'triangle' : 'circle',
      hiddenInLegend: !!s.hidden,
      order: 0,
    }));
  }

  function drawPlot(d, ch) {
    if (typeof Chart === 'undefined') {
      d.body.textContent = 'Chart.js did not load: run make build.';
      return;
    }
    if (!d.canvas) {
      d.body.textContent = '';
      d.canvas = document.createElement('canvas');
      d.canvas.setAttribute('role', 'img');
      d.body.appendChild(d.canvas);
      const png = document.createElement('button');
      png.type = 'button';
      png.className = 'png';
      png.textContent = 'Save PNG';
      png.title = 'Download this plot as a PNG image';
      png.addEventListener('click', () => {
        if (!d.chart) return;
        const a = document.createElement('a');
        a.href = d.chart.toBase64Image('image/png', 1);
        a.download = 'hebbplay-' + ch.id + '.png';
        a.click();
      });
      d.head.appendChild(png);
    }
    d.canvas.setAttribute('aria-label', ch.title);
    const fs = fontSize();
    const scale = (log, label, min, max) => {
      const o = {
        type: log ? 'logarithmic' : 'linear',
        title: { display: true, text: label, font: { size: fs } },
        ticks: { font: { size: fs - 1 } },
      };
      if (min < max) { o.min = min; o.max = max; }
      return o;
    };
    const options = {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      interaction: { mode: 'nearest', intersect: false },
      scales: {
        x: scale(ch.xLog, ch.xLabel, 0, 0),
        y: scale(ch.yLog, ch.yLabel, ch.yMin, ch.yMax),
      },
      plugins: {
        legend: {
          position: 'bottom',
          labels: { font: { size: fs }, filter: (item, data) => !data.datasets[item.datasetIndex].hiddenInLegend },
        },
        tooltip: {
          titleFont: { size: fs }, bodyFont: { size: fs },
          filter: (item) => !item.dataset.band,
          callbacks: {
            title: (items) => items.length ? ch.xLabel + ' = ' + items[0].parsed.x : '',
            label: (item) => item.dataset.label + ': ' + ch.yLabel + ' = ' + (+item.parsed.y.toPrecision(6)),
          },
        },
      },
    };
    if (!d.chart) {
      d.chart = new Chart(d.canvas, { type: 'line', data: { datasets: datasets(ch) }, options, plugins: [whiteBackground] });
    } else {
      d.chart.data.datasets = datasets(ch);
      d.chart.options = options;
      d.chart.update('none');
    }
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
