// Boots the Go program. It reaches the top page through window.parent and
// hands it its API (parent.onAppReady(api), window.hebbplay). The boot
// message is removed as soon as Ebiten has added its canvas.
'use strict';
(function () {
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
