// Kinderstem staff pages: the live count of a session. Without this script
// the page has a refresh link; with it the number updates by itself.
(function () {
  'use strict';
  var el = document.querySelector('[data-count-url]');
  if (!el || !window.fetch) return;
  var refresh = document.querySelector('.refresh');
  if (refresh) refresh.hidden = true;
  function poll() {
    fetch(el.dataset.countUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) { if (d && String(d.count) !== el.textContent) el.textContent = d.count; })
      .catch(function () {});
  }
  setInterval(poll, 4000);
}());
