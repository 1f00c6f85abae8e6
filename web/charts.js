// The page's one chart renderer, for every lab (the chart spec is lab.Chart
// in core/lab/work.go: line charts with bands, histograms, bar charts,
// reference lines, log axes, or a table).
//
// HebbCharts.render(charts) draws a lab's charts into the #charts section
// with Chart.js: axes, legend (click an entry to hide or show its series),
// exact values on hover. Every chart card offers "PNG" (the chart with its
// title, the lab's main parameters and the permalink drawn into the image)
// and "CSV" (the chart's data). HebbCharts.draw(canvas, chart) draws one
// chart into any canvas (the Library's comparisons use it), and
// HebbCharts.colour(key) reads the one palette (lab.Palette, handed over by
// the Go side through api.getPalette()).
'use strict';

window.HebbCharts = (function () {
  const $ = (id) => document.getElementById(id);
  let api = null;
  let palette = {};
  const drawn = new Map(); // chart id -> {card, chart (Chart.js), spec}
  let lastVersion = null;
  const fallback = ['#1F3B73', '#E69F00', '#00805E', '#D55E00', '#56B4E9', '#CC79A7'];

  function setApi(a) {
    api = a;
    try { palette = (a && a.getPalette) ? a.getPalette() : {}; } catch (e) { palette = {}; }
  }

  // colour returns the palette's colour of key ("rule/hebb", "method/sgd"),
  // or a fallback chosen by i.
  function colour(key, i) { return palette[key] || fallback[((i || 0) % fallback.length + fallback.length) % fallback.length]; }

  function fontSize() { return document.body.classList.contains('present') ? 20 : 14; }

  // ---- the lab's chart section ----------------------------------------------------

  function render(c, onExport) {
    const sec = $('charts');
    document.body.classList.toggle('charts-only', !!(c.active && !c.stage));
    document.body.classList.toggle('charts-beside', !!(c.active && c.stage));
    document.body.classList.toggle('charts-narrow', !!(c.active && c.stage && c.narrow));
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
      b.addEventListener('click', () => onExport(e));
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
      d.spec = ch;
      list.appendChild(d.card); // keeps the lab's order
      d.title.textContent = ch.title;
      d.guide.textContent = ch.guide || '';
      d.guide.hidden = !ch.guide;
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
    // "How to read this" (lab.Chart.Guide), then the note.
    const guide = document.createElement('p');
    guide.className = 'chart-guide';
    card.appendChild(guide);
    const note = document.createElement('p');
    note.className = 'chart-note';
    card.appendChild(note);
    return { card, head, title, body, guide, note, chart: null, canvas: null, spec: ch };
  }

  function drawTable(d, t) {
    if (d.chart) { d.chart.destroy(); d.chart = null; d.canvas = null; }
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
    // A wide table scrolls sideways in its card: keyboard users reach it
    // with Tab and scroll it with the arrow keys.
    d.body.tabIndex = 0;
    d.body.setAttribute('role', 'region');
    d.body.setAttribute('aria-label', d.title.textContent || 'Results table');
  }

  function button(text, cls, title, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = cls;
    b.textContent = text;
    b.title = title;
    b.addEventListener('click', onClick);
    return b;
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
      const tools = document.createElement('span');
      tools.className = 'chart-tools';
      tools.appendChild(button('Save PNG', 'png', 'Download this chart as a PNG image, with its title, main parameters and permalink', () => {
        if (d.chart) saveURL(pngDataURL(d.chart, d.spec), 'hebbplay-' + d.spec.id + '.png');
      }));
      tools.appendChild(button('CSV', 'csv', 'Download the data of this chart as CSV', () => {
        saveText(csv(d.spec), 'hebbplay-' + d.spec.id + '.csv', 'text/csv');
      }));
      d.head.appendChild(tools);
    }
    d.canvas.setAttribute('aria-label', ch.title);
    d.chart = draw(d.canvas, ch, d.chart);
  }

  // ---- drawing one chart ----------------------------------------------------------------

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

  // Reference lines (lab.Ref): dashed, labelled, over the data.
  const refLines = {
    id: 'refLines',
    afterDatasetsDraw(chart) {
      const refs = chart.config.options.refs || [];
      if (!refs.length) return;
      const { ctx, chartArea: a, scales } = chart;
      ctx.save();
      ctx.font = (fontSize() - 2) + 'px sans-serif';
      for (const r of refs) {
        const col = r.color || palette.ref || '#666666';
        const sc = r.vertical ? scales.x : scales.y;
        if (!sc || (sc.type === 'logarithmic' && !(r.value > 0))) continue;
        const p = sc.getPixelForValue(r.value);
        if (!isFinite(p)) continue;
        ctx.strokeStyle = col;
        ctx.fillStyle = col;
        ctx.lineWidth = 1.5;
        ctx.setLineDash([6, 4]);
        ctx.beginPath();
        if (r.vertical) {
          if (p < a.left - 0.5 || p > a.right + 0.5) continue;
          ctx.moveTo(p, a.top); ctx.lineTo(p, a.bottom);
          ctx.stroke();
          if (r.label) { ctx.textAlign = p > (a.left + a.right) / 2 ? 'right' : 'left'; ctx.textBaseline = 'top'; ctx.fillText(r.label, p + (ctx.textAlign === 'left' ? 4 : -4), a.top + 2); }
        } else {
          if (p < a.top - 0.5 || p > a.bottom + 0.5) continue;
          ctx.moveTo(a.left, p); ctx.lineTo(a.right, p);
          ctx.stroke();
          if (r.label) { ctx.textAlign = 'right'; ctx.textBaseline = 'bottom'; ctx.fillText(r.label, a.right - 4, p - 2); }
        }
      }
      ctx.restore();
    },
  };

  const num = (y) => (y === null || y === undefined || Number.isNaN(y) ? null : y);
  const fmt = (y) => (y === null || y === undefined || !isFinite(y) ? '—' : String(+(+y).toPrecision(6)));

  // bandDataset draws one edge of a shaded band (lab.Series.Band "lo" or
  // "hi"): no line, no points, the "hi" edge filled down to the "lo" edge
  // before it, behind the curves and out of the legend and tooltips.
  function bandDataset(s) {
    return {
      label: s.label,
      data: (s.x || []).map((x, i) => ({ x, y: num(s.y[i]) })),
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

  // histDataset draws bars between bin edges as a filled step line; the
  // extra last point closes the last bin and has no tooltip.
  function histDataset(s) {
    const ys = s.y || [];
    const data = ys.map((y, i) => ({ x: s.x[i], y: num(y), x1: s.x[i + 1] }));
    if (ys.length) data.push({ x: s.x[ys.length], y: num(ys[ys.length - 1]), closing: true });
    return {
      label: s.label,
      data,
      stepped: 'before',
      borderColor: s.color,
      backgroundColor: s.color + 'B3',
      borderWidth: 1,
      pointRadius: 0,
      pointHitRadius: 6,
      fill: 'origin',
      order: 2,
      histogram: true,
    };
  }

  function datasets(ch) {
    if (ch.categories && ch.categories.length) {
      return (ch.series || []).map((s) => ({
        label: s.label,
        data: (s.y || []).map(num),
        backgroundColor: s.color,
        borderColor: s.color,
        notes: s.notes,
      }));
    }
    return (ch.series || []).map((s) => s.band ? bandDataset(s) : s.histogram ? histDataset(s) : ({
      label: s.label,
      data: (s.x || []).map((x, i) => ({ x, y: num(s.y[i]) })),
      borderColor: s.color,
      backgroundColor: s.color,
      borderDash: s.dashed ? [8, 5] : [],
      borderWidth: s.dashed ? 2 : 2.5,
      showLine: !s.markers,
      pointRadius: s.markers ? (s.point ? 7 : 2.5) : (s.x && s.x.length > 30 ? 0 : 3),
      pointHitRadius: 6,
      pointStyle: pointStyles[s.point] || 'circle',
      markers: !!s.markers,
      spanGaps: false,
      hiddenInLegend: !!s.hidden,
      notes: s.notes,
      order: 0,
    }));
  }

  // twoLines breaks a long axis title ("patterns recalled exactly (fcorr)")
  // at the space nearest its middle, so that it fits beside a short y axis.
  function twoLines(label) {
    if (!label || label.length <= 22) return label;
    const mid = label.length / 2;
    let best = -1;
    for (let i = label.indexOf(' '); i >= 0; i = label.indexOf(' ', i + 1)) if (best < 0 || Math.abs(i - mid) < Math.abs(best - mid)) best = i;
    return best < 0 ? label : [label.slice(0, best), label.slice(best + 1)];
  }

  // Marker shapes of lab.Series.Point.
  const pointStyles = { triangle: 'triangle', diamond: 'rectRot' };

  // legendLabels: the legend shows every series not marked hidden; when a
  // chart has shaped markers (a P90 triangle), each entry is drawn as its
  // series looks: markers as their shape, curves as a short line.
  function legendLabels(ch, fs) {
    const o = { font: { size: fs }, filter: (item, data) => !data.datasets[item.datasetIndex].hiddenInLegend };
    if (!(ch.series || []).some((s) => s.markers && s.point && !s.hidden)) return o;
    o.usePointStyle = true;
    o.boxHeight = Math.round(fs * 0.75);
    o.generateLabels = (chart) => Chart.defaults.plugins.legend.labels.generateLabels(chart).map((item) => {
      const ds = chart.data.datasets[item.datasetIndex];
      item.pointStyle = ds.markers ? ds.pointStyle : 'line';
      if (ds.markers) item.fillStyle = ds.backgroundColor;
      return item;
    });
    return o;
  }

  function options(ch) {
    const fs = fontSize();
    const bars = !!(ch.categories && ch.categories.length);
    const scale = (log, label, min, max, category, vertical) => {
      const o = {
        type: category ? 'category' : (log ? 'logarithmic' : 'linear'),
        title: { display: !!label, text: vertical ? twoLines(label) : label, font: { size: fs } },
        ticks: { font: { size: fs - 1 } },
      };
      if (category) {
        // Category names word by word on lines of their own: they fit unrotated.
        o.ticks.maxRotation = 0;
        o.ticks.autoSkip = false;
        o.ticks.callback = (v, i) => String((ch.categories || [])[i] || '').split(' ');
      }
      if (log && !category) {
        // Chart.js's own choice of labelled ticks, without trailing zeros.
        o.ticks.callback = function (v, i, ticks) {
          const s = Chart.Ticks.formatters.logarithmic.call(this, v, i, ticks);
          return s === '' ? '' : String(+(+v).toPrecision(4));
        };
      }
      if (min < max) { o.min = min; o.max = max; }
      return o;
    };
    return {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: bars ? undefined : false,
      interaction: bars ? { mode: 'index', intersect: false } : { mode: 'nearest', intersect: false },
      refs: ch.refs || [],
      scales: {
        x: scale(ch.xLog, ch.xLabel, ch.xMin, ch.xMax, bars),
        y: scale(ch.yLog, ch.yLabel, ch.yMin, ch.yMax, false, true),
      },
      plugins: {
        legend: {
          position: 'bottom',
          labels: legendLabels(ch, fs),
        },
        tooltip: {
          titleFont: { size: fs }, bodyFont: { size: fs },
          filter: (item) => !item.dataset.band && !(item.raw && item.raw.closing),
          callbacks: {
            title: (items) => {
              if (!items.length) return '';
              if (bars) return items[0].label;
              const r = items[0].raw;
              if (r && r.x1 !== undefined) return ch.xLabel + ' in [' + fmt(r.x) + ', ' + fmt(r.x1) + ')';
              return ch.xLabel + ' = ' + fmt(items[0].parsed.x);
            },
            label: (item) => item.dataset.label + ': ' + (ch.yLabel ? ch.yLabel + ' = ' : '') + fmt(item.parsed.y),
            afterLabel: (item) => (item.dataset.notes && item.dataset.notes[item.dataIndex]) || '',
          },
        },
      },
    };
  }

  // draw draws chart spec ch into canvas, reusing the Chart.js instance
  // prev when there is one of the same kind; it returns the instance.
  function draw(canvas, ch, prev) {
    const type = ch.categories && ch.categories.length ? 'bar' : 'line';
    const data = { labels: type === 'bar' ? ch.categories : undefined, datasets: datasets(ch) };
    if (prev && prev.config.type === type) {
      prev.data = data;
      prev.options = options(ch);
      prev.update('none');
      return prev;
    }
    if (prev) prev.destroy();
    return new Chart(canvas, { type, data, options: options(ch), plugins: [whiteBackground, refLines] });
  }

  // ---- exports ------------------------------------------------------------------

  // wrap splits text into lines no wider than w on ctx.
  function wrap(ctx, text, w) {
    const lines = [];
    let line = '';
    for (const word of String(text).split(/(\s+|(?<=[&·]))/)) {
      if (!word) continue;
      const t = line + word;
      if (line && ctx.measureText(t).width > w) { lines.push(line.trimEnd()); line = word.trimStart(); } else line = t;
    }
    if (line.trim()) lines.push(line.trimEnd());
    return lines;
  }

  // pngDataURL composes the PNG export of a drawn chart: its title (bold),
  // the main parameters, the chart, then the permalink, on white.
  function pngDataURL(chart, ch, permalink) {
    const src = chart.canvas;
    const scale = src.width / Math.max(1, chart.width);
    const pad = 12 * scale;
    const tf = 18 * scale, pf = 13 * scale;
    const out = document.createElement('canvas');
    const ctx = out.getContext('2d');
    const w = src.width;
    ctx.font = 'bold ' + tf + 'px sans-serif';
    const title = wrap(ctx, ch.title, w - 2 * pad); // a long title wraps, never runs off the image
    ctx.font = pf + 'px sans-serif';
    const params = ch.params ? wrap(ctx, ch.params, w - 2 * pad) : [];
    const link = wrap(ctx, permalink || location.href, w - 2 * pad);
    const tH = title.length * tf * 1.3;
    const head = pad + tH + params.length * pf * 1.35 + pad / 2;
    out.width = w;
    out.height = Math.ceil(head + src.height + link.length * pf * 1.35 + pad);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.textBaseline = 'top';
    ctx.fillStyle = '#20242a';
    ctx.font = 'bold ' + tf + 'px sans-serif';
    title.forEach((l, i) => ctx.fillText(l, pad, pad + i * tf * 1.3));
    ctx.font = pf + 'px sans-serif';
    ctx.fillStyle = '#5b636e';
    params.forEach((l, i) => ctx.fillText(l, pad, pad + tH + i * pf * 1.35));
    ctx.drawImage(src, 0, head);
    link.forEach((l, i) => ctx.fillText(l, pad, head + src.height + i * pf * 1.35));
    // The same words as text in the file, for tools and search: the title,
    // the parameters and the permalink.
    return withText(out.toDataURL('image/png'), [['Title', ch.title], ['Description', ch.params || ''], ['Permalink', permalink || location.href]]);
  }

  // ---- PNG text chunks ----------------------------------------------------------

  let crcTable = null;
  function crc32(bytes) {
    if (!crcTable) {
      crcTable = new Uint32Array(256);
      for (let n = 0; n < 256; n++) {
        let c = n;
        for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        crcTable[n] = c >>> 0;
      }
    }
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  }

  // withText inserts an iTXt chunk (UTF-8 text, uncompressed) for each
  // [keyword, text] pair before the PNG's IEND chunk and returns the new
  // data URL.
  function withText(dataURL, pairs) {
    const bin = atob(dataURL.slice(dataURL.indexOf(',') + 1));
    const png = Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
    const enc = new TextEncoder();
    const chunks = [];
    for (const [key, text] of pairs) {
      if (!text) continue;
      const body = new Uint8Array([...enc.encode(key), 0, 0, 0, 0, 0, ...enc.encode(text)]);
      const chunk = new Uint8Array(12 + body.length);
      const dv = new DataView(chunk.buffer);
      dv.setUint32(0, body.length);
      chunk.set(enc.encode('iTXt'), 4);
      chunk.set(body, 8);
      dv.setUint32(8 + body.length, crc32(chunk.subarray(4, 8 + body.length)));
      chunks.push(chunk);
    }
    const iend = png.length - 12; // IEND is the last chunk: length 0, 12 bytes
    const out = new Uint8Array(png.length + chunks.reduce((n, c) => n + c.length, 0));
    out.set(png.subarray(0, iend), 0);
    let pos = iend;
    for (const c of chunks) { out.set(c, pos); pos += c.length; }
    out.set(png.subarray(iend), pos);
    let s = '';
    for (let i = 0; i < out.length; i += 0x8000) s += String.fromCharCode.apply(null, out.subarray(i, i + 0x8000));
    return 'data:image/png;base64,' + btoa(s);
  }

  const cell = (v) => {
    const s = v === null || v === undefined || (typeof v === 'number' && !isFinite(v)) ? '' : String(v);
    return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  };

  // csv writes a chart's data: a bar chart as one row per category and a
  // column per series; other charts as one row per point (series, x, y; a
  // histogram's bins with their upper edge in x_end), then the reference
  // lines. Missing values (NaN) are empty cells.
  function csv(ch) {
    const rows = [];
    if (ch.table && ch.table.columns && ch.table.columns.length) {
      rows.push(ch.table.columns);
      for (const r of ch.table.rows || []) rows.push(r);
    } else if (ch.categories && ch.categories.length) {
      rows.push(['category', ...(ch.series || []).map((s) => s.label)]);
      ch.categories.forEach((c, i) => rows.push([c, ...(ch.series || []).map((s) => s.y[i])]));
    } else {
      const hist = (ch.series || []).some((s) => s.histogram);
      rows.push(hist ? ['series', 'x', 'x_end', 'y'] : ['series', 'x', 'y']);
      for (const s of ch.series || []) {
        const label = s.band ? s.label + ' (' + s.band + ')' : s.label;
        (s.y || []).forEach((y, i) => rows.push(hist ? [label, s.x[i], s.histogram ? s.x[i + 1] : '', y] : [label, s.x[i], y]));
      }
      for (const r of ch.refs || []) {
        const label = 'reference: ' + r.label;
        if (r.vertical) rows.push(hist ? [label, r.value, '', ''] : [label, r.value, '']);
        else rows.push(hist ? [label, '', '', r.value] : [label, '', r.value]);
      }
    }
    return rows.map((r) => r.map(cell).join(',')).join('\n') + '\n';
  }

  function saveURL(href, name) {
    const a = document.createElement('a');
    a.href = href;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => a.remove(), 1000);
  }

  function saveText(text, name, mime) {
    const url = URL.createObjectURL(new Blob([text], { type: mime }));
    saveURL(url, name);
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  return {
    setApi, render, draw, csv, pngDataURL, colour, saveText,
    // For scripts and tests: the spec and Chart.js instance of a shown chart.
    shown: (id) => { const d = drawn.get(id); return d ? { spec: d.spec, chart: d.chart } : null; },
    get palette() { return palette; },
    // The version of the charts drawn last (the bridge numbers each
    // publication, so a new lab's charts never repeat an old lab's number).
    get version() { return lastVersion; },
  };
})();
