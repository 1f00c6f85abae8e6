// The guided tour of the associative-memory lab: six short steps (store
// patterns, cue one, watch recall, store more until it breaks, compare
// rules, open Experiments), each pointing at the control it is about. It is
// a small card beside the page, not a modal: the page stays usable while it
// is open. It starts by itself only on a first visit to the plain landing
// page (no settings in the address, so never from a shared or classroom
// link), never again once closed or finished (localStorage), and never
// under automation (navigator.webdriver, the browser tests) unless the
// address asks with ?tour=1; ?tour=0 keeps it away. "Guided tour" in the
// lab's About section starts it again at any time.
'use strict';

(function () {
  const KEY = 'hebbplay.tour';
  const LAB = 'memory';
  const $ = (id) => document.getElementById(id);
  // The address as loaded, before the program writes its settings into it.
  const firstHash = location.hash.replace(/^#/, '');
  const query = new URLSearchParams(location.search).get('tour');

  const steps = [
    {
      title: 'Stored patterns',
      target: () => $('stage'),
      text: 'These are the memories. In the first view each small grid is one stored pattern: one active unit (dark) in every row, a row being a hypercolumn. The network has learned them all in the same weights.',
    },
    {
      title: 'Cue one',
      target: () => $('stage'),
      text: 'The cue is one stored pattern with a few units moved to wrong places (the changed units are marked). Click a pattern in the gallery to cue it, or click a unit of the cue to move it yourself.',
    },
    {
      title: 'Watch recall',
      target: () => $('act-toggle'),
      text: 'Press Play (or Space). At every step each hypercolumn chooses the unit that gets the most support from the active units. The recall view turns green when it ends exactly on the stored pattern.',
    },
    {
      title: 'Store more until it breaks',
      target: () => $('act-store'),
      text: 'Press "Store one more" again and again. Every new memory adds crosstalk to the others, and at some point recall goes wrong: that is the capacity of the memory.',
    },
    {
      title: 'Compare rules',
      target: () => row('rule'),
      text: 'Choose another learning rule. All rules read the same counts of co-activity, so nothing is learned again; but some recall where others fail. "About this lab" says what each rule does.',
    },
    {
      title: 'Open Experiments',
      target: () => row('screen'),
      text: 'Switch the screen to Experiments to measure, for all rules at once, how the fraction of patterns recalled exactly falls as more are stored, and where it crosses 90%. Under each chart, "How to read this" explains its shapes.',
    },
  ];

  let api = null;
  let card = null;
  let at = 0;
  let lit = null;

  function row(name) {
    return document.querySelector('#controls .ctl[data-name="' + name + '"]');
  }

  function dismissed() {
    try { return localStorage.getItem(KEY) === 'done'; } catch (e) { return false; }
  }

  function remember() {
    try { localStorage.setItem(KEY, 'done'); } catch (e) { /* private mode: it may come back */ }
  }

  // build makes the card once: a titled region with the step's text and
  // Back, Next and Close.
  function build() {
    card = document.createElement('section');
    card.id = 'tour';
    card.className = 'tour';
    card.setAttribute('role', 'dialog');
    card.setAttribute('aria-modal', 'false');
    card.setAttribute('aria-labelledby', 'tour-title');
    card.innerHTML = '<p class="tour-count" id="tour-count"></p><h2 id="tour-title"></h2><p id="tour-text"></p>' +
      '<div class="tour-actions"><button type="button" id="tour-back">Back</button>' +
      '<button type="button" id="tour-next">Next</button>' +
      '<button type="button" id="tour-close" title="Close the tour; it will not open by itself again (Help: About this lab → Guided tour)">Close</button></div>';
    card.hidden = true;
    document.body.appendChild(card);
    $('tour-back').addEventListener('click', () => show(at - 1));
    $('tour-next').addEventListener('click', () => (at + 1 < steps.length ? show(at + 1) : stop()));
    $('tour-close').addEventListener('click', stop);
    card.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.preventDefault(); stop(); } });
  }

  function show(i) {
    at = Math.max(0, Math.min(steps.length - 1, i));
    const s = steps[at];
    $('tour-count').textContent = 'Guided tour · step ' + (at + 1) + ' of ' + steps.length;
    $('tour-title').textContent = s.title;
    $('tour-text').textContent = s.text;
    $('tour-back').disabled = at === 0;
    $('tour-next').textContent = at + 1 < steps.length ? 'Next' : 'Done';
    if (lit) lit.classList.remove('tour-target');
    lit = s.target();
    if (lit && !lit.hidden) {
      lit.classList.add('tour-target');
      lit.scrollIntoView({ block: 'nearest' });
    }
    card.hidden = false;
    card.dataset.step = String(at + 1);
  }

  // start opens the tour at its first step (the memory lab's playground).
  function start() {
    if (!card) build();
    const st = api && api.getState();
    if (st && st.lab !== LAB) {
      location.hash = '#v=1&lab=' + LAB;
    } else if (st && st.config.screen !== 'playground' && api) {
      api.setConfig({ screen: 'playground' }).catch(() => {});
    }
    show(0);
    $('tour-next').focus();
  }

  // stop closes the tour for good: it does not start by itself again.
  function stop() {
    if (lit) lit.classList.remove('tour-target');
    lit = null;
    if (card) card.hidden = true;
    remember();
  }

  // The "Guided tour" button sits in the lab's About section (the page's
  // help), shown for the memory lab only.
  function addButton() {
    let b = $('btn-tour');
    if (!b) {
      b = document.createElement('button');
      b.type = 'button';
      b.id = 'btn-tour';
      b.className = 'tour-open';
      b.textContent = 'Guided tour';
      b.title = 'Six short steps: store patterns, cue one, watch recall, store more until it breaks, compare rules, open Experiments';
      b.addEventListener('click', start);
      $('lab-about').insertBefore(b, $('lab-about-text'));
    }
    b.hidden = !(api && api.getState().lab === LAB);
  }

  function auto() {
    if (query === '0' || dismissed()) return false;
    if (navigator.webdriver && query !== '1') return false;
    // Only the plain landing page: a link with settings was chosen by
    // someone (a shared run, a classroom link).
    return firstHash === '' || firstHash === 'lab=' + LAB || firstHash === 'v=1&lab=' + LAB;
  }

  let started = false;
  const ready = (a) => {
    api = a;
    // After the panel has built itself (it starts on a timeout too).
    setTimeout(() => {
      addButton();
      if (!started) {
        // The button follows the lab (a new hash may open another one).
        api.subscribe((st) => { const b = $('btn-tour'); if (b) b.hidden = st.lab !== LAB; });
        if (auto() && api.getState().lab === LAB) start();
      }
      started = true;
    }, 0);
  };
  if (window.hebbplayWhenReady) window.hebbplayWhenReady(ready);

  // For scripts and tests.
  window.hebbplayTour = {
    start, stop,
    get step() { return card && !card.hidden ? at + 1 : 0; },
    steps: steps.length,
  };
})();
