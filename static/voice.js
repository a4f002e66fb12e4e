// Kinderstem, a child's personal link: before a form leaves the page, ask
// the server in a few bytes whether it can be reached. When it cannot,
// the child is told in their words, and nothing is lost: what they wrote
// is still on the screen, and what they had saved is on the server. The
// page keeps nothing anywhere (no storage, no cookie).
(function () {
  'use strict';
  var note = document.querySelector('[data-offline]');
  function offline(form) {
    if (note) { note.hidden = false; note.setAttribute('tabindex', '-1'); note.focus(); }
    form.removeAttribute('data-busy');
  }
  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (!form.hasAttribute('data-voice-send')) return;
    if (form.getAttribute('data-checked') === '1') { form.removeAttribute('data-checked'); return; }
    e.preventDefault();
    if (form.getAttribute('data-busy') === '1') return;
    form.setAttribute('data-busy', '1');
    var submitter = e.submitter || null;
    if (navigator.onLine === false) { offline(form); return; }
    var ctl = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (ctl) ctl.abort(); }, 6000);
    fetch('/healthz', { method: 'GET', cache: 'no-store', credentials: 'omit', signal: ctl ? ctl.signal : undefined })
      .then(function (r) {
        clearTimeout(timer);
        if (!r.ok) { offline(form); return; }
        if (note) note.hidden = true;
        form.removeAttribute('data-busy');
        form.setAttribute('data-checked', '1');
        if (form.requestSubmit) { form.requestSubmit(submitter); } else { form.submit(); }
      }, function () { clearTimeout(timer); offline(form); });
  });
}());
