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

// A print button (the printable paper questionnaire): without this script
// the page says to use the browser's own Print.
(function () {
  'use strict';
  var b = document.querySelector('[data-print]');
  if (!b) return;
  b.hidden = false;
  b.addEventListener('click', function () { window.print(); });
}());
