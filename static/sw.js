// Kinderstem service worker: keeps the children's questionnaire pages and
// their files so a session goes on when the Wi-Fi drops. Answers never pass
// through here: the page queues them in IndexedDB and posts them itself.
'use strict';
var CACHE = 'kinderstem-2'; // 2: pages are kept once and served while the session is open

self.addEventListener('install', function () { self.skipWaiting(); });

self.addEventListener('activate', function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

// The page names what it needs: itself, its stylesheets, script and flags,
// and itself in every other language. Only what is not kept yet is
// fetched: the first child on a tablet fills the cache, every next child
// costs nothing here. Pages are kept per session code (one survey version,
// one set of languages); static files are fingerprinted, so a new version
// has a new URL.
//
// The page itself is not downloaded again: the questionnaire lets the
// browser keep its answer ("no-cache"), so the copy the navigation just
// received is read from the browser's own cache (force-cache); the network
// answers only when that copy is gone. The same copy is kept under the
// address of the page's own language's button (same: ?lang= of the
// language on show), which the script starts at the welcome instead of
// the language screen, so that language is not fetched a second time.
//
// The other languages' pages differ from each other only in their words:
// the first one comes alone, and the server makes it a compression
// dictionary for the browser (Use-As-Dictionary); the others come after
// it, each as the difference from it (a third of the bytes), in parallel.
self.addEventListener('message', function (e) {
  var d = e.data;
  if (!d || !Array.isArray(d.cache)) return;
  e.waitUntil(caches.open(CACHE).then(function (c) {
    var own = d.page ? [d.page].concat(Array.isArray(d.same) ? d.same : []) : [];
    var urls = d.cache.filter(function (u, i) { return own.indexOf(u) < 0 && d.cache.indexOf(u) === i; });
    return keepPage(c, own).then(function () {
      return Promise.all(urls.map(function (u) { return c.match(u); }));
    }).then(function (hits) {
      var missing = urls.filter(function (u, i) { return !hits[i]; });
      var pages = missing.filter(function (u) { return u.indexOf('/s/') === 0; });
      var files = missing.filter(function (u) { return u.indexOf('/s/') !== 0; });
      var first = pages.length ? keep(c, pages[0]) : Promise.resolve();
      return Promise.all(files.map(function (u) { return keep(c, u); }).concat(first.then(function () {
        return Promise.all(pages.slice(1).map(function (u) { return keep(c, u); }));
      })));
    });
  }));
});

// keep fetches one address into the cache. A page is asked for without
// the browser's HTTP cache ("no-store"): it is kept here, and a page the
// server offered as a dictionary may be kept a minute, which a page must
// never be outside this cache.
function keep(c, u) {
  var init = u.indexOf('/s/') === 0 ? { cache: 'no-store', credentials: 'same-origin' } : { credentials: 'same-origin' };
  return fetch(u, init).then(function (resp) {
    if (resp.ok) return c.put(u, resp);
  }).catch(function () {});
}

// keepPage keeps one copy of the page on show under every key of keys.
function keepPage(c, keys) {
  if (!keys.length) return Promise.resolve();
  return Promise.all(keys.map(function (k) { return c.match(k); })).then(function (hits) {
    var missing = keys.filter(function (k, i) { return !hits[i]; });
    if (!missing.length) return;
    var have = hits.filter(Boolean)[0];
    var copy = have ? Promise.resolve(have) : fetch(keys[0], { cache: 'force-cache', credentials: 'same-origin' });
    return copy.then(function (resp) {
      if (!resp.ok) return;
      return Promise.all(missing.map(function (k) { return c.put(k, resp.clone()); }));
    });
  }).catch(function () {});
}

// kept is the page kept under key (else the session's page without a
// language), or undefined.
function kept(key) {
  return caches.match(key).then(function (hit) { return hit || caches.match(key.split('?')[0]); });
}

// network asks the server for a page and keeps it. With no network the
// kept copy answers; so it does when a proxy in front of the server says
// the server is not there (502, 503, 504): to a child that is offline too.
function network(req, key) {
  return fetch(req).then(function (resp) {
    if (resp.ok) {
      var copy = resp.clone();
      caches.open(CACHE).then(function (c) { c.put(key, copy); });
    }
    if (resp.status < 500) return resp;
    return kept(key).then(function (hit) { return hit || resp; });
  }).catch(function () { return kept(key); });
}

self.addEventListener('fetch', function (e) {
  var req = e.request;
  if (req.method !== 'GET') return;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  var parts = url.pathname.split('/');
  if (req.mode === 'navigate' && parts[1] === 's' && parts.length === 3 && parts[2]) {
    // A questionnaire page: the kept copy while the session is open (asked
    // in a few bytes), so the next child on a tablet downloads no page; the
    // network when it closed, so a closed session says so; the copy offline.
    var key = url.pathname + url.search;
    e.respondWith(caches.match(key).then(function (hit) {
      if (!hit) return network(req, key);
      return fetch('/api/v1/sessions/' + encodeURIComponent(parts[2]), { headers: { 'Accept': 'application/json' }, credentials: 'omit', cache: 'no-store' })
        .then(function (r) {
          if (r.status >= 500) return hit; // the server is not there: as offline
          return (r.ok ? r.json() : Promise.resolve(null)).then(function (info) { return info && info.open ? hit : network(req, key); });
        })
        .catch(function () { return hit; });
    }));
    return;
  }
  if (req.mode === 'navigate' && parts[1] === 's') {
    e.respondWith(network(req, url.pathname + url.search));
    return;
  }
  if (url.pathname.indexOf('/static/') === 0) {
    // Static files are fingerprinted: a cached copy is always right.
    e.respondWith(caches.match(req).then(function (hit) {
      return hit || fetch(req).then(function (resp) {
        if (resp.ok) {
          var copy = resp.clone();
          caches.open(CACHE).then(function (c) { c.put(req, copy); });
        }
        return resp;
      });
    }));
  }
});
