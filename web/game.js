// Boots the Go program. It reaches the top page through window.parent and
// hands it its API (parent.onAppReady(api), window.hebbplay). The boot
// message is removed as soon as Ebiten has added its canvas.
//
// Keyboard: Ebiten's canvas swallows every key (preventDefault on keydown),
// so Tab would never leave the stage. Listeners on the window's capture
// phase run first: Tab and Shift+Tab keep the browser's focus navigation
// (the event does not reach Ebiten), Esc with no keyboard cursor shown hands
// the focus back to the page, and keys the stage does not use (the lab's
// action keys, "?", ".") go to the page's handler (parent.hebbplayKey).
'use strict';
(function () {
  const STAGE_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Enter', ' ', 'Home', 'Escape']);
  const top = () => { try { return parent !== window ? parent : null; } catch (e) { return null; } };
  window.addEventListener('keydown', (e) => {
    const p = top();
    if (e.key === 'Tab') { e.stopPropagation(); return; }
    if (e.key === 'Escape' && !(window.hebbplayCursor && window.hebbplayCursor.shown)) {
      e.stopPropagation();
      e.preventDefault();
      if (p && p.hebbplayLeaveStage) p.hebbplayLeaveStage();
      return;
    }
    if (STAGE_KEYS.has(e.key) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (p && p.hebbplayKey && p.hebbplayKey(e)) { e.stopPropagation(); e.preventDefault(); }
  }, true);
  window.addEventListener('keyup', (e) => { if (e.key === 'Tab') e.stopPropagation(); }, true);

  // No lab reads a gamepad, but Ebiten calls navigator.getGamepads() on every
  // tick, and the first call makes Chromium poll the devices on a thread of
  // its own for as long as the page is open (2.3–2.4% of a core on the idle
  // page, measured per thread). An empty list keeps that thread from starting.
  navigator.getGamepads = () => [];

  const go = new Go();
  const report = (msg) => {
    let boot = document.getElementById('boot');
    if (!boot) { boot = document.createElement('div'); boot.id = 'boot'; document.body.prepend(boot); }
    boot.textContent = 'The simulation stopped: ' + msg;
    try { if (parent !== window && parent.hebbplayBootError) parent.hebbplayBootError(msg); } catch (e) {}
  };
  const marks = (window.hebbplayMarks = { boot: performance.now() });
  const start = (result) => {
    marks.instantiated = performance.now();
    const boot = document.getElementById('boot');
    if (boot) boot.remove();
    return go.run(result.instance).then(() => report('the Go program exited (see the console)'));
  };
  const url = 'app.wasm';
  const fallback = () => fetch(url).then(r => r.arrayBuffer()).then(b => WebAssembly.instantiate(b, go.importObject));
  (WebAssembly.instantiateStreaming
    ? WebAssembly.instantiateStreaming(fetch(url), go.importObject).catch(fallback)
    : fallback()
  ).then(start).catch(e => report(String(e)));
})();
