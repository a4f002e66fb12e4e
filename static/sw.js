// Kinderstem service worker: keeps the children's questionnaire pages and
// their files so a session goes on when the Wi-Fi drops. Answers never pass
// through here: the page queues them in IndexedDB and posts them itself.
'use strict';
var CACHE = 'kinderstem-1';

self.addEventListener('install', function () { self.skipWaiting(); });

self.addEventListener('activate', function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

// The page names what it needs: itself and its stylesheets, script, flags.
self.addEventListener('message', function (e) {
  if (e.data && Array.isArray(e.data.cache)) {
    e.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(e.data.cache); }).catch(function () {}));
  }
});

self.addEventListener('fetch', function (e) {
  var req = e.request;
  if (req.method !== 'GET') return;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.mode === 'navigate' && url.pathname.indexOf('/s/') === 0) {
    // The network first, so a closed session says so; the copy when offline.
    e.respondWith(fetch(req).then(function (resp) {
      if (resp.ok) {
        var copy = resp.clone();
        caches.open(CACHE).then(function (c) { c.put(url.pathname + url.search, copy); });
      }
      return resp;
    }).catch(function () {
      return caches.match(url.pathname + url.search).then(function (hit) { return hit || caches.match(url.pathname); });
    }));
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
