// "Embed" in the classroom-link dialog: an <iframe> snippet that shows the
// dialog's link (this configuration, the ticked controls hidden) inside
// another web page (a course page, a learning platform, a slide). The page
// runs inside a frame of any origin: scripts/serve allows every site to
// embed it, the stage talks only to its own parent (this page), links made
// inside the frame point to the frame's own address, and the Library says
// so when the browser refuses storage to a third-party frame.
//
// Inside a frame, the top bar gets "Open in a new tab".
//
// panel.js fires an 'input' event on #classroom-link whenever it writes a
// new link; the snippet follows it.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const link = $('classroom-link');
  const dialog = $('classroom-dialog');
  if (!link || !dialog) return;

  // The heights offered (CSS pixels); the width is always the host's.
  const SIZES = [['640', 'small (640 px high)'], ['800', 'medium (800 px high)'], ['1000', 'large (1000 px high)']];

  const box = document.createElement('div');
  box.className = 'embed';
  const label = document.createElement('label');
  label.htmlFor = 'classroom-embed';
  label.textContent = 'Embed in a web page';
  const size = document.createElement('select');
  size.id = 'classroom-embed-size';
  size.setAttribute('aria-label', 'Height of the embedded page');
  for (const [v, text] of SIZES) {
    const o = document.createElement('option');
    o.value = v;
    o.textContent = text;
    size.appendChild(o);
  }
  size.value = '800';
  const code = document.createElement('textarea');
  code.id = 'classroom-embed';
  code.readOnly = true;
  code.rows = 3;
  code.spellcheck = false;
  code.title = 'Paste this HTML into a web page to show this configuration there';
  const copyBtn = document.createElement('button');
  copyBtn.type = 'button';
  copyBtn.id = 'classroom-embed-copy';
  copyBtn.textContent = 'Copy embed code';
  const head = document.createElement('div');
  head.className = 'embed-head';
  head.append(label, size);
  const note = document.createElement('p');
  note.className = 'embed-note';
  note.textContent = 'The frame runs this exact configuration with the ticked controls hidden; any web page may show it.';
  box.append(head, code, note, copyBtn);
  const actions = dialog.querySelector('.dialog-actions');
  actions.parentNode.insertBefore(box, actions);

  // attr escapes a value for a double-quoted HTML attribute.
  const attr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

  function update() {
    const title = 'hebbplay: ' + (($('lab-title') && $('lab-title').textContent) || 'Hebbian learning');
    code.value = link.value
      ? `<iframe src="${attr(link.value)}" title="${attr(title)}" width="100%" height="${size.value}" ` +
        'style="border:1px solid #d4d8de;max-width:100%" allow="clipboard-write; fullscreen" loading="lazy"></iframe>'
      : '';
  }
  link.addEventListener('input', update);
  size.addEventListener('change', update);
  code.addEventListener('focus', () => code.select());
  copyBtn.addEventListener('click', () => {
    const done = () => {
      copyBtn.textContent = 'Copied';
      setTimeout(() => { copyBtn.textContent = 'Copy embed code'; }, 1200);
    };
    const select = () => { code.focus(); code.select(); };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(code.value).then(done, select);
    else select();
  });
  update();

  // Shown inside another page: a way out to the whole page, in a new tab
  // (the address at the moment of the click: this exact configuration).
  if (window.top !== window) {
    const bar = document.querySelector('.topbar-actions');
    if (bar) {
      const a = document.createElement('a');
      a.id = 'btn-newtab';
      a.className = 'newtab';
      a.target = '_blank';
      a.rel = 'noopener';
      a.textContent = 'New tab ↗';
      a.title = 'Open this exact configuration in a new tab, as a page of its own (with its Library and offline use)';
      a.href = location.href;
      const follow = () => { a.href = location.href; };
      a.addEventListener('pointerdown', follow);
      a.addEventListener('focus', follow);
      a.addEventListener('click', follow);
      bar.prepend(a);
    }
  }
})();
