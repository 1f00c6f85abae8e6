// The control panel. It owns no state: it builds its controls from the
// schema the Go program hands over (api.getSchema()), sends every change to Go
// (api.setConfig / api.action) and re-renders from the state Go publishes
// (api.subscribe). Each control's name attribute is its parameter's name.
'use strict';

(function () {
  let api = null;
  let schema = null;
  let st = null;
  const controls = {}; // name -> {row, input, range, param}
  const $ = (id) => document.getElementById(id);

  // Called by the Go program (through window.parent) once it is running.
  // The other page scripts (workers.js, experiments.js, library.js) register
  // with hebbplayWhenReady(fn): fn(api) runs after the panel's own start,
  // in the order they registered, each time the program starts.
  const readyHooks = [];
  window.hebbplayWhenReady = (fn) => readyHooks.push(fn);
  // hebbplayOnCharts(fn): fn(charts) with the lab's charts once the program
  // runs (outside Go's call stack), and after every change: subscribed once
  // (api.subscribeCharts), whatever the number of starts.
  window.hebbplayOnCharts = (fn) => {
    let subscribed = false;
    window.hebbplayWhenReady((a) => setTimeout(() => {
      if (!subscribed) {
        subscribed = true;
        a.subscribeCharts(fn);
      }
      fn(a.getCharts());
    }, 0));
  };
  window.onAppReady = function (a) {
    api = a;
    // Leave Go's call stack before calling back into it.
    setTimeout(init, 0);
    for (const fn of readyHooks) fn(a);
  };
  // The controls are a form only for its semantics: Enter submits nothing.
  $('controls').addEventListener('submit', (e) => e.preventDefault());
  window.hebbplayBootError = function (msg) {
    $('loading').textContent = 'Could not start the simulation: ' + msg;
    $('loading').classList.add('error');
  };

  function init() {
    schema = api.getSchema();
    $('lab-title').textContent = schema.title;
    buildLabSwitch();
    buildControls();
    buildToolbar();
    buildClassroom();
    if (!init.subscribed) {
      init.subscribed = true;
      api.subscribe(render);
    }
    render(api.getState());
    $('loading').hidden = true;
    document.body.classList.add('ready');
  }

  // ---- lab switcher and help text ----------------------------------------------
  // Both come from the schema: the registry's labs (schema.labList) and the
  // lab's own help (schema.about), so a new lab needs no page edits.

  function buildLabSwitch() {
    const sel = $('lab-switch');
    const labs = schema.labList || [];
    sel.textContent = '';
    for (const l of labs) {
      const o = document.createElement('option');
      o.value = l.id;
      o.textContent = l.title || l.id;
      sel.appendChild(o);
    }
    sel.value = schema.lab;
    const many = labs.length > 1;
    $('lab-switch-wrap').hidden = !many;
    $('lab-title').hidden = many;
    if (!buildLabSwitch.bound) {
      buildLabSwitch.bound = true;
      // A new hash opens the lab with its defaults (the Go side listens).
      sel.addEventListener('change', () => {
        if (!schema || sel.value === schema.lab) return;
        location.hash = '#v=1&lab=' + encodeURIComponent(sel.value) + (st && st.presentation ? '&big=1' : '');
      });
    }
    const about = $('lab-about');
    const text = $('lab-about-text');
    text.textContent = '';
    for (const para of (schema.about || '').split(/\n\s*\n/)) {
      if (!para.trim()) continue;
      const p = document.createElement('p');
      p.textContent = para.trim();
      text.appendChild(p);
    }
    about.hidden = !text.childNodes.length;
    document.title = 'hebbplay — ' + schema.title;
    $('stage').title = 'Simulation views: ' + schema.title;
  }

  // ---- controls -----------------------------------------------------------

  function decimals(step) {
    const s = String(step);
    const i = s.indexOf('.');
    return i < 0 ? 0 : s.length - i - 1;
  }

  function buildControls() {
    const form = $('controls');
    form.textContent = '';
    const groups = new Map();
    for (const p of schema.params) {
      if (!groups.has(p.group)) {
        const fs = document.createElement('fieldset');
        fs.className = 'group';
        const lg = document.createElement('legend');
        lg.textContent = p.group || 'Settings';
        fs.appendChild(lg);
        form.appendChild(fs);
        groups.set(p.group, fs);
      }
      groups.get(p.group).appendChild(buildControl(p));
    }
  }

  function buildControl(p) {
    const row = document.createElement('div');
    row.className = 'ctl ctl-' + p.type;
    row.dataset.name = p.name;
    const id = 'ctl-' + p.name;
    const helpId = 'help-' + p.name;
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = p.label;
    if (p.unit) {
      const u = document.createElement('span');
      u.className = 'unit';
      u.textContent = ' (' + p.unit + ')';
      label.appendChild(u);
    }
    const help = document.createElement('div');
    help.className = 'help';
    help.id = helpId;
    help.setAttribute('role', 'tooltip');
    help.textContent = p.help || '';

    let input, range = null, named = null;
    if (p.type === 'choice') {
      input = document.createElement('select');
      p.choices.forEach((c, i) => {
        const o = document.createElement('option');
        o.value = c;
        o.textContent = p.choiceLabels[i] || c;
        input.appendChild(o);
      });
      input.addEventListener('change', () => send(p.name, input.value));
    } else if (p.type === 'bool') {
      input = document.createElement('input');
      input.type = 'checkbox';
      input.addEventListener('change', () => send(p.name, input.checked));
      row.appendChild(input);
    } else if (p.type === 'multi') {
      // A set of choices: one checkbox per id, all named after the parameter.
      input = document.createElement('div');
      input.className = 'multi';
      input.setAttribute('role', 'group');
      p.choices.forEach((c, i) => {
        const l = document.createElement('label');
        l.className = 'check';
        const cb = document.createElement('input');
        cb.type = 'checkbox';
        cb.name = p.name;
        cb.value = c;
        cb.addEventListener('change', () => {
          const ids = Array.from(input.querySelectorAll('input:checked')).map(x => x.value);
          send(p.name, ids.join(','));
        });
        l.appendChild(cb);
        l.appendChild(document.createTextNode(' ' + (p.choiceLabels[i] || c)));
        input.appendChild(l);
      });
    } else {
      input = document.createElement('input');
      input.type = 'number';
      // A named value (p.named, e.g. "random" for −1) is its own checkbox;
      // the numbers start one step above it.
      const lo = p.named ? p.min + (p.step > 0 ? p.step : 1) : p.min;
      input.min = lo;
      input.max = p.max;
      input.step = p.step > 0 ? p.step : 'any';
      input.inputMode = p.type === 'int' ? 'numeric' : 'decimal';
      input.addEventListener('change', () => {
        if (input.value.trim() === '') return render(st);
        send(p.name, Number(input.value));
      });
      if (p.named) {
        named = document.createElement('label');
        named.className = 'check named';
        const cb = document.createElement('input');
        cb.type = 'checkbox';
        cb.id = id + '-named';
        cb.addEventListener('change', () => send(p.name, cb.checked ? p.min : lo));
        named.appendChild(cb);
        named.appendChild(document.createTextNode(' ' + p.named));
        named.title = p.help || '';
      }
      const log = p.scale === 'log' && window.hebbplaySliders;
      const span = (p.max - lo) / (p.step > 0 ? p.step : 1);
      if (span > 0 && (span <= 5000 || log)) {
        range = document.createElement('input');
        range.type = 'range';
        range.min = log ? 0 : lo;
        range.max = log ? hebbplaySliders.POS : p.max;
        range.step = log ? 1 : (p.step > 0 ? p.step : 'any');
        range.tabIndex = -1; // the number box is the keyboard control
        range.setAttribute('aria-hidden', 'true');
        range.dataset.for = p.name;
        if (log) range.dataset.scale = 'log';
        range.toValue = (pos) => (log ? hebbplaySliders.fromPos(p, lo, pos) : Number(pos));
        range.fromValue = (v) => String(log ? hebbplaySliders.toPos(p, lo, v) : v);
        let pending = null;
        range.addEventListener('input', () => {
          input.value = String(range.toValue(range.value));
          pending = Number(input.value);
          requestAnimationFrame(() => {
            if (pending !== null) { send(p.name, pending); pending = null; }
          });
        });
      }
    }
    input.id = id;
    if (p.type !== 'multi') input.name = p.name;
    input.setAttribute('aria-describedby', helpId);
    input.title = p.help || '';
    if (p.type === 'bool') {
      row.appendChild(label);
    } else {
      row.appendChild(label);
      const line = document.createElement('div');
      line.className = 'line';
      if (named) line.appendChild(named);
      if (range) line.appendChild(range);
      line.appendChild(input);
      row.appendChild(line);
    }
    row.appendChild(help);
    controls[p.name] = { row, input, range, named, param: p };
    return row;
  }

  function send(name, value) {
    if (!api) return;
    api.setConfig({ [name]: value }).catch(err => console.warn(err));
  }

  // showIf mirrors params.Shown: "a=x|y&b=z;c=w" (& binds tighter than ;).
  function showIf(cond, config) {
    if (!cond) return true;
    return cond.split(';').some(alt => alt.split('&').every(c => {
      const i = c.indexOf('=');
      return c.slice(i + 1).split('|').includes(String(config[c.slice(0, i)]));
    }));
  }

  // ---- toolbar --------------------------------------------------------------

  function buildToolbar() {
    const bar = $('toolbar');
    bar.textContent = '';
    for (const a of schema.actions) {
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset.action = a.name;
      b.id = 'act-' + a.name;
      b.textContent = a.label;
      b.title = a.help + (a.key ? ' (key: ' + a.key + ')' : '');
      if (a.key) b.setAttribute('aria-keyshortcuts', a.key === '→' ? 'ArrowRight' : a.key);
      b.addEventListener('click', () => act(a.name));
      bar.appendChild(b);
    }
    // The speed control sits in the toolbar when the lab has one.
    const sp = controls.speed;
    if (sp) {
      sp.row.classList.add('in-toolbar');
      bar.appendChild(sp.row);
    }
  }

  function act(name) {
    if (api) api.action(name).catch(err => console.warn(err));
  }

  // The keys (every action's, the stage's, "?") are web/layout.js's.

  // ---- rendering the state Go reports ------------------------------------------

  function render(s) {
    if (!s) return;
    if (schema && s.lab !== schema.lab) {
      // The address now names another lab: rebuild the panel from its schema.
      st = s;
      return init();
    }
    st = s;
    const hidden = new Set(s.hidden || []);
    // The playback controls (speed, autoplay) show only where the animation
    // acts: under the lab's playback condition, the play button's.
    const toggleAct = ((schema && schema.actions) || []).find((a) => a.name === 'toggle');
    const animated = !toggleAct || showIf(toggleAct.showIf, s.config);
    for (const name in controls) {
      const c = controls[name];
      const v = s.config[name];
      const focused = document.activeElement === c.input;
      if (c.param.type === 'bool') c.input.checked = !!v;
      else if (c.param.type === 'multi') {
        const set = new Set(String(v).split(','));
        c.input.querySelectorAll('input').forEach(cb => { cb.checked = set.has(cb.value); });
      } else if (!focused) c.input.value = String(v);
      if (c.named) {
        // The named value shows as the ticked choice, not as its number.
        const on = v === c.param.min;
        c.named.firstChild.checked = on;
        c.input.disabled = on;
        if (c.range) c.range.disabled = on;
        if (on) { c.input.value = ''; c.input.placeholder = c.param.named; }
      }
      if (c.range && document.activeElement !== c.range) c.range.value = c.range.fromValue(v);
      const hide = hidden.has(name);
      c.row.classList.toggle('classroom-hidden', hide);
      c.row.hidden = hide || !showIf(c.param.showIf, s.config) || (c.param.group === 'Playback' && !animated);
    }
    // Fieldsets whose every control is hidden disappear too.
    document.querySelectorAll('#controls fieldset').forEach(fs => {
      fs.hidden = !Array.from(fs.querySelectorAll('.ctl')).some(r => !r.hidden);
    });
    for (const a of (schema && schema.actions) || []) {
      const b = $('act-' + a.name);
      if (b) b.hidden = !showIf(a.showIf, s.config);
    }
    const play = $('act-toggle');
    if (play) {
      play.textContent = s.playing ? 'Pause' : 'Play';
      play.classList.toggle('playing', s.playing);
      play.setAttribute('aria-pressed', String(s.playing));
    }
    const sum = s.summary || {};
    const el = $('summary');
    el.textContent = s.summaryText || '';
    el.classList.toggle('good', sum.correct === true && sum.step === sum.steps);
    el.classList.toggle('bad', sum.correct === false && sum.step === sum.steps);
    // The native command of this configuration (every lab has one).
    $('native').hidden = !s.native;
    if ($('native-cmd').textContent !== (s.native || '')) $('native-cmd').textContent = s.native || '';
    const step = $('act-step');
    if (step) step.disabled = sum.steps !== undefined && sum.step >= sum.steps && !s.playing;
    // Notices.
    const list = $('notice-list');
    list.textContent = '';
    for (const n of s.notices || []) {
      const li = document.createElement('li');
      li.textContent = n;
      list.appendChild(li);
    }
    $('notices').hidden = !(s.notices && s.notices.length);
    // Presentation mode.
    document.body.classList.toggle('present', !!s.presentation);
    document.documentElement.classList.toggle('present', !!s.presentation);
    $('btn-present').setAttribute('aria-pressed', String(!!s.presentation));
    if ($('classroom-dialog').open) updateClassroomLink();
  }

  $('btn-panel').addEventListener('click', () => {
    const hidden = document.documentElement.classList.toggle('panel-hidden');
    $('btn-panel').textContent = hidden ? 'Show settings' : 'Hide settings';
    $('btn-panel').setAttribute('aria-pressed', String(hidden));
  });
  $('notice-close').addEventListener('click', () => { if (api) api.clearNotices(); });
  $('btn-present').addEventListener('click', () => {
    if (api && st) api.setPresentation(!st.presentation);
  });
  $('btn-copy').addEventListener('click', () => {
    if (st) copy(st.permalink, $('btn-copy'));
  });

  $('native-copy').addEventListener('click', () => {
    if (st && st.native) copy(st.native, $('native-copy'));
  });

  function copy(text, button) {
    const done = () => {
      const old = button.textContent;
      button.textContent = 'Copied';
      setTimeout(() => { button.textContent = old; }, 1200);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, () => window.prompt('Copy this link:', text));
    } else {
      window.prompt('Copy this link:', text);
    }
  }

  // ---- classroom link -----------------------------------------------------------

  function buildClassroom() {
    const list = $('classroom-list');
    list.textContent = '';
    let group = null;
    for (const p of schema.params) {
      if (!p.hideable) continue;
      if (p.group !== group) {
        group = p.group;
        const h = document.createElement('div');
        h.className = 'classroom-group';
        h.textContent = group;
        list.appendChild(h);
      }
      const lab = document.createElement('label');
      lab.className = 'check';
      const cb = document.createElement('input');
      cb.type = 'checkbox';
      cb.value = p.name;
      cb.addEventListener('change', updateClassroomLink);
      lab.appendChild(cb);
      lab.appendChild(document.createTextNode(' ' + p.label));
      list.appendChild(lab);
    }
    if (buildClassroom.wired) return; // the buttons outlive a lab switch
    buildClassroom.wired = true;
    $('classroom-present').addEventListener('change', updateClassroomLink);
    $('btn-classroom').addEventListener('click', () => {
      const hidden = new Set((st && st.hidden) || []);
      list.querySelectorAll('input').forEach(cb => { cb.checked = hidden.has(cb.value); });
      $('classroom-present').checked = !!(st && st.presentation);
      updateClassroomLink();
      $('classroom-dialog').showModal();
    });
    $('classroom-copy').addEventListener('click', () => copy($('classroom-link').value, $('classroom-copy')));
    $('classroom-apply').addEventListener('click', () => {
      api.setHidden(ticked());
      api.setPresentation($('classroom-present').checked);
    });
  }

  function ticked() {
    return Array.from($('classroom-list').querySelectorAll('input:checked')).map(cb => cb.value);
  }

  function updateClassroomLink() {
    if (!api) return;
    $('classroom-link').value = api.classroomLink(ticked(), $('classroom-present').checked);
    $('classroom-link').dispatchEvent(new Event('input')); // embed.js follows the link
  }
})();
