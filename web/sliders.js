// Slider scales for the panel (panel.js): a parameter declared with a log
// scale (schema scale "log", for ranges over two decades) moves its slider
// over 0…1000 positions that map to values by equal factors: value =
// lo·(hi/lo)^t when lo > 0, else lo + s·((span/s + 1)^t − 1) with s the step.
// The number field beside it still takes any value.
'use strict';
(function () {
  const POS = 1000;
  function grid(p) { return p.step > 0 ? p.step : (p.type === 'int' ? 1 : 0); }
  function decimals(step) {
    const s = String(step);
    const i = s.indexOf('e-');
    if (i >= 0) return Number(s.slice(i + 2));
    const d = s.indexOf('.');
    return d < 0 ? 0 : s.length - d - 1;
  }
  // fromPos is the value at slider position pos (0…POS) over [lo, p.max].
  function fromPos(p, lo, pos) {
    const hi = p.max, t = Math.min(1, Math.max(0, pos / POS));
    const step = grid(p);
    let v;
    if (lo > 0) v = lo * Math.pow(hi / lo, t);
    else {
      const s = step || (hi - lo) / POS;
      v = lo + s * (Math.pow((hi - lo) / s + 1, t) - 1);
    }
    if (step) v = lo + Math.round((v - lo) / step) * step;
    v = Math.min(hi, Math.max(lo, v));
    return step ? Number(v.toFixed(decimals(step))) : v;
  }
  // toPos is the slider position of value v (the inverse of fromPos).
  function toPos(p, lo, v) {
    const hi = p.max;
    v = Math.min(hi, Math.max(lo, Number(v)));
    let t;
    if (lo > 0) t = Math.log(v / lo) / Math.log(hi / lo);
    else {
      const s = grid(p) || (hi - lo) / POS;
      t = Math.log((v - lo) / s + 1) / Math.log((hi - lo) / s + 1);
    }
    return Math.round((isFinite(t) ? t : 0) * POS);
  }
  window.hebbplaySliders = { POS, fromPos, toPos };
})();
