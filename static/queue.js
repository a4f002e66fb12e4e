// Kinderstem offline queue, for the child's questionnaire (child.js): a
// finished questionnaire is written to IndexedDB first, then sent; it
// leaves the device only when the server said 201 or 200, and is sent
// again every RETRY and whenever the network comes back. A repeat is
// harmless: the same id is stored once.
window.kinderstemQueue = (function () {
  'use strict';
  if (!window.fetch || !window.indexedDB) return null;
  var RETRY = 20000;
  var api = {
    refused: {},       // id -> HTTP status, for answers the server will never take
    serverBusy: false  // the last try reached the server, which could not take them now
  };

  function db() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open('kinderstem', 1);
      req.onupgradeneeded = function () { req.result.createObjectStore('queue', { keyPath: 'id' }); };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function tx(mode, fn) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var t = d.transaction('queue', mode);
        var out = fn(t.objectStore('queue'));
        t.oncomplete = function () { d.close(); resolve(out && out.result); };
        t.onerror = function () { d.close(); reject(t.error); };
      });
    });
  }

  function enqueue(entry) { return tx('readwrite', function (s) { s.put(entry); }); }
  function dequeue(id) { return tx('readwrite', function (s) { s.delete(id); }); }
  function pending() { return tx('readonly', function (s) { return s.getAll(); }); }

  var flushing = null;
  // flush sends every waiting submission; it resolves true when none is left.
  function flush() {
    if (flushing) return flushing;
    flushing = pending().then(function (entries) {
      return entries.reduce(function (chain, entry) {
        return chain.then(function (allSent) {
          return send(entry).then(function (sent) { return allSent && sent; });
        });
      }, Promise.resolve(true));
    }).catch(function () { return false; }).then(function (ok) { flushing = null; return ok; });
    return flushing;
  }

  function send(entry) {
    return fetch(entry.url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' }, body: entry.body, credentials: 'omit' })
      .then(function (resp) {
        // 201 and 200 mean stored. Another 4xx will never succeed (a closed
        // session, a broken body): keeping it would only retry forever.
        if (resp.ok || (resp.status >= 400 && resp.status < 500 && resp.status !== 408 && resp.status !== 429)) {
          if (!resp.ok) api.refused[entry.id] = resp.status;
          return dequeue(entry.id).then(function () { return resp.ok; });
        }
        // 503 (a full disk), 429, 500: the server answered but could not
        // take them now. Not a missing Wi-Fi, and not said to be one.
        api.serverBusy = true;
        return false;
      }, function () { api.serverBusy = false; return false; });
  }

  api.enqueue = enqueue;
  api.pending = pending;
  api.flush = flush;
  window.addEventListener('online', flush);
  setInterval(flush, RETRY);
  flush();
  return api;
}());
