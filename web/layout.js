// Classroom-proof layout: the keyboard (every action's key on the page and
// in the stage, a "Keyboard" help opened from the top bar or with "?", Esc
// out of the stage), the top bar's menu on narrow screens, and the stage's
// height when its views ask for more room than the window gives (phones,
// presentation mode): the page then scrolls, not the stage.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const api = () => window.hebbplay;

  // ---- keys ------------------------------------------------------------------

  // matches reports whether keyboard event e is the key an action declares
  // ("Space", "→", "Home", or a letter, either case).
  function matches(key, e) {
    if (key === 'Space') return e.key === ' ';
    if (key === '→') return e.key === 'ArrowRight';
    if (key.length === 1) return e.key.length === 1 && e.key.toUpperCase() === key.toUpperCase();
    return e.key === key;
  }

  function act(name) {
    const b = $('act-' + name);
    if (!api() || (b && (b.hidden || b.disabled))) return false;
    api().action(name).catch((err) => console.warn(err));
    return true;
  }

  // hebbplayKey handles a key pressed on the page or, through web/game.js,
  // in the stage; it reports whether it used the key.
  window.hebbplayKey = function (e) {
    if (!api() || e.altKey || e.ctrlKey || e.metaKey) return false;
    if (document.querySelector('dialog[open]')) return false;
    if (e.key === '?') { openKeys(); return true; }
    if (e.key === '.') return act('step');
    let schema;
    try { schema = api().getSchema(); } catch (err) { return false; }
    for (const a of schema.actions || []) {
      if (a.key && matches(a.key, e)) return act(a.name);
    }
    return false;
  };

  document.addEventListener('keydown', (e) => {
    const t = e.target;
    const tag = t && t.tagName;
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || (t && t.isContentEditable)) return;
    if (tag === 'BUTTON' || tag === 'SUMMARY' || tag === 'A') { if (e.key === ' ' || e.key === 'Enter') return; }
    if (e.key === 'Escape' && document.documentElement.classList.contains('menu-open')) { setMenu(false); $('btn-menu').focus(); return; }
    if (window.hebbplayKey(e)) e.preventDefault();
  });

  // Esc in the stage (with its keyboard cursor hidden) returns the focus to
  // the page: to the run's first button.
  window.hebbplayLeaveStage = function () {
    const first = Array.from(document.querySelectorAll('#toolbar button')).find((b) => !b.hidden && !b.disabled && b.offsetParent);
    (first || $('btn-keys')).focus();
  };

  // ---- the Keyboard help --------------------------------------------------------

  const FIXED = [
    ['Tab, Shift+Tab', 'Move through the controls, into the simulation views and out again.'],
    ['← → ↑ ↓', 'In the views: move the keyboard cursor over the clickable pictures (the cue, the stored patterns).'],
    ['Enter or Space', 'In the views, with the cursor shown: do what a click there does (move the active unit, cue the pattern).'],
    ['Esc', 'In the views: hide the cursor; pressed again, leave the views for the buttons.'],
    ['.', 'Step (also outside the views, where → steps).'],
    ['?', 'This list.'],
  ];

  function openKeys() {
    const d = $('keys-dialog');
    if (!d || d.open) return;
    const body = $('keys-list');
    body.textContent = '';
    const row = (k, what) => {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      for (const [i, part] of k.split(/(, | or )/).entries()) {
        if (i % 2) { th.appendChild(document.createTextNode(part)); continue; }
        const kbd = document.createElement('kbd');
        kbd.textContent = part;
        th.appendChild(kbd);
      }
      const td = document.createElement('td');
      td.textContent = what;
      tr.append(th, td);
      body.appendChild(tr);
    };
    let schema = null;
    try { schema = api() && api().getSchema(); } catch (err) { /* not started */ }
    for (const a of (schema && schema.actions) || []) {
      const b = $('act-' + a.name);
      if (!a.key || (b && b.hidden)) continue;
      row(a.key, a.label + ': ' + a.help);
    }
    for (const [k, what] of FIXED) row(k, what);
    d.showModal();
  }
  $('btn-keys').addEventListener('click', openKeys);

  // ---- the top bar's menu (narrow screens) -------------------------------------

  function setMenu(open) {
    document.documentElement.classList.toggle('menu-open', open);
    $('btn-menu').setAttribute('aria-expanded', String(open));
  }
  $('btn-menu').addEventListener('click', () => setMenu(!document.documentElement.classList.contains('menu-open')));
  // A choice in the menu closes it.
  $('topbar-actions').addEventListener('click', (e) => { if (e.target.closest('button')) setMenu(false); });

  // ---- the help of a focused field ---------------------------------------------------

  // While a field of the panel has the focus its help is placed above the
  // field (fixed, so the panel's edge does not clip it), where it covers
  // neither the next control nor the stage the field changes; below only
  // when there is no room above.
  const controls = $('controls');
  function clearHelp(row) {
    row.classList.remove('help-above');
    const help = row.querySelector('.help');
    if (help) help.style.left = help.style.top = help.style.width = '';
  }
  function placeHelp(row) {
    const help = row.querySelector('.help');
    if (!help || !help.textContent) return;
    clearHelp(row);
    const h = help.getBoundingClientRect().height;
    const pane = $('panel');
    let r = row.getBoundingClientRect();
    const top = Math.max(0, pane.getBoundingClientRect().top);
    if (r.top - top < h + 4 && pane.scrollTop > 0) {
      // Scroll the panel a little, so the help fits above the field.
      pane.scrollTop -= Math.min(pane.scrollTop, h + 4 - (r.top - top));
      r = row.getBoundingClientRect();
    }
    if (r.top - h - 4 < 0) return;
    row.classList.add('help-above');
    help.style.left = r.left + 'px';
    help.style.width = r.width + 'px';
    help.style.top = (r.top - h - 4) + 'px';
  }
  controls.addEventListener('focusin', (e) => {
    const row = e.target.closest && e.target.closest('.ctl');
    if (row) placeHelp(row);
  });
  controls.addEventListener('focusout', (e) => {
    const row = e.target.closest && e.target.closest('.ctl');
    if (!row || row.contains(e.relatedTarget)) return;
    clearHelp(row);
  });
  // The panel scrolls under a field's help: follow.
  $('panel').addEventListener('scroll', () => {
    const row = document.activeElement && document.activeElement.closest && document.activeElement.closest('#controls .ctl');
    if (row) placeHelp(row);
  }, { passive: true });

  // ---- the stage's height ----------------------------------------------------------

  // The Go frame (wasm/app/arrange.go) asks for a stage height in CSS
  // pixels when its views stack (narrow) or grow (presentation); 0 gives the
  // stage back the room the page leaves.
  window.hebbplayOnStageHeight = function (h) {
    const stage = document.querySelector('.stage');
    const tall = h > 0;
    document.documentElement.classList.toggle('stage-tall', tall);
    stage.style.height = tall ? h + 'px' : '';
  };
  if (window.hebbplayStageHeight) window.hebbplayOnStageHeight(window.hebbplayStageHeight);
})();
