// Kinderstem: the child's questionnaire, one question per screen.
//
// The page works without this script as one long form. With it, a shared
// tablet gets one screen at a time, read-aloud, an offline queue that sends
// each finished questionnaire exactly once (same id, so a repeat is
// harmless), and a kiosk reset that leaves nothing of the previous child:
// a fresh page load replaces this one (no form state), and only
// submissions still waiting to be sent stay on the device. The answers of
// the child in progress are kept in sessionStorage, so a reload or the
// back gesture loses nothing; finishing, stopping and the reset clear them.
(function () {
  'use strict';
  var form = document.getElementById('questionnaire');
  if (!form || !window.fetch || !window.indexedDB || !document.documentElement.classList) return;
  document.documentElement.classList.remove('no-js');
  document.documentElement.classList.add('js');

  var texts = document.getElementById('texts').dataset;
  var screens = Array.prototype.slice.call(form.querySelectorAll('.screen'));
  var steps = screens.filter(function (s) { return s.dataset.screen === 'q' || s.dataset.screen === 'note' || s.id === 'about' || s.id === 'send'; });
  var questions = screens.filter(function (s) { return s.dataset.screen === 'q'; });
  var bar = document.querySelector('.qbar');
  var tools = document.querySelector('.tools');
  var progressText = bar.querySelector('.progress-text');
  var path = bar.querySelector('.path');
  var current = null;
  var IDLE_QUESTION = 120000, IDLE_CONFIRM = 60000, IDLE_AFTER = 15000, RETRY = 20000;
  var idleTimer = null, confirmTimer = null;
  var help = document.getElementById('help');
  var KEY = 'kinderstem-progress:' + form.dataset.code;

  // Screens ----------------------------------------------------------------

  function show(screen) {
    screens.concat(after()).forEach(function (s) {
      s.classList.toggle('current', s === screen);
      if (s.classList.contains('after')) s.hidden = s !== screen;
    });
    current = screen;
    var inFlow = steps.indexOf(screen) >= 0;
    bar.hidden = !inFlow;
    // Stop would erase answers: not on the language screen, and not after
    // sending or stopping, where there is nothing left to erase.
    tools.hidden = screen.id === 'languages' || screen.classList.contains('after');
    updateBar();
    document.documentElement.style.setProperty('--bar-height', (inFlow ? bar.offsetHeight : 0) + 'px');
    save();
    stopSpeaking();
    var heading = screen.querySelector('h1, h2, legend') || screen;
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
    window.scrollTo(0, 0);
    armIdle();
  }

  function after() { return Array.prototype.slice.call(document.querySelectorAll('.after')); }

  function updateBar() {
    var i = steps.indexOf(current);
    if (i < 0) return;
    var asked = questions.filter(applies);
    var q = asked.indexOf(current);
    if (q >= 0) {
      progressText.textContent = texts.questionOf.replace('{n}', q + 1).replace('{total}', asked.length);
    } else if (current.dataset.screen === 'note') {
      progressText.textContent = '';
    } else {
      progressText.textContent = current.id === 'about' ? texts.about : texts.send;
    }
    path.textContent = '';
    steps.forEach(function (_, j) {
      var dot = document.createElement('i');
      dot.className = j < i ? 'done' : j === i ? 'here' : '';
      path.appendChild(dot);
    });
    bar.querySelector('[data-action=skip]').hidden = current.id === 'send' || current.dataset.screen === 'note';
    bar.querySelector('[data-action=next]').hidden = current.id === 'send';
  }

  // A question asked only after a given answer to an earlier one is
  // passed over (and its answers cleared) when that answer was not given.
  function applies(screen) {
    var item = screen.dataset.whenItem;
    if (!item) return true;
    var want = screen.dataset.whenIn.split(' ');
    var checked = form.querySelectorAll('input[name="a.' + item + '"]:checked');
    return Array.prototype.some.call(checked, function (el) { return want.indexOf(el.value) >= 0; });
  }

  function move(delta) {
    var i = steps.indexOf(current);
    if (i < 0) return;
    do { i += delta; } while (i > 0 && i < steps.length - 1 && !applies(steps[i]) && (clearScreen(steps[i], true) || true));
    if (i < 0) { show(document.getElementById('welcome')); return; }
    show(steps[Math.min(steps.length - 1, i)]);
  }

  // clearScreen takes a screen's answers away (skip); "I don't understand"
  // stays marked unless the question is passed over altogether.
  function clearScreen(screen, all) {
    screen.querySelectorAll('input').forEach(function (el) { if (all || el.name.indexOf('u.') !== 0) el.checked = false; });
    screen.querySelectorAll('textarea').forEach(function (el) { el.value = ''; });
  }

  // Answers ----------------------------------------------------------------

  // "I don't know" and the options of a multi item exclude each other.
  form.addEventListener('change', function (e) {
    save();
    var el = e.target;
    if (el.type !== 'checkbox' && !(el.type === 'radio' && el.value === 'dont_know')) return;
    form.querySelectorAll('input[name="' + el.name + '"]').forEach(function (other) {
      if (other !== el && el.checked && (el.value === 'dont_know' || other.value === 'dont_know')) other.checked = false;
    });
  });

  // The child in progress: answers and screen, in this tab only. Nothing
  // goes into the history: the next child cannot go back into these.
  function save() {
    if (!current || current.classList.contains('after')) return;
    var fields = [];
    form.querySelectorAll('input:checked, textarea').forEach(function (el) {
      if (el.type !== 'hidden' && (el.checked || el.value)) fields.push([el.name, el.tagName === 'TEXTAREA' ? el.value : el.value, el.tagName === 'TEXTAREA']);
    });
    // Before the first question there is nothing to keep.
    if (!fields.length && steps.indexOf(current) < 0) { forget(); return; }
    try { sessionStorage.setItem(KEY, JSON.stringify({ screen: current.id, fields: fields })); } catch (e) { /* private mode: nothing kept */ }
  }
  function forget() { try { sessionStorage.removeItem(KEY); } catch (e) { /* nothing kept */ } }
  function restore() {
    var saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(KEY) || 'null'); } catch (e) { saved = null; }
    if (!saved || !Array.isArray(saved.fields)) return null;
    saved.fields.forEach(function (f) {
      var els = form.querySelectorAll('[name="' + String(f[0]).replace(/["\\]/g, '') + '"]');
      els.forEach(function (el) {
        if (f[2] && el.tagName === 'TEXTAREA') el.value = f[1];
        else if (!f[2] && el.value === f[1]) el.checked = true;
      });
    });
    return document.getElementById(saved.screen);
  }
  form.addEventListener('input', save);

  function payload() {
    var answers = {};
    var unclear = [];
    questions.forEach(function (q) {
      if (!applies(q)) return;
      var name = 'a.' + q.dataset.item;
      if (q.querySelector('input[name="u.' + q.dataset.item + '"]:checked')) unclear.push(q.dataset.item);
      var checked = q.querySelectorAll('input[name="' + name + '"]:checked');
      var text = q.querySelector('textarea');
      if (text && text.value.trim()) answers[q.dataset.item] = text.value.trim();
      else if (checked.length === 1 && checked[0].value === 'dont_know') answers[q.dataset.item] = 'dont_know';
      else if (checked.length && checked[0].type === 'checkbox') {
        answers[q.dataset.item] = Array.prototype.map.call(checked, function (c) { return Number(c.value); });
      } else if (checked.length) answers[q.dataset.item] = Number(checked[0].value);
      else answers[q.dataset.item] = 'skip';
    });
    var age = form.querySelector('input[name=age]:checked');
    var gender = form.querySelector('input[name=gender]:checked');
    var data = {
      id: uuid(), lang: form.dataset.lang,
      age: age && age.value !== 'skip' ? Number(age.value) : null,
      gender: gender ? gender.value : 'skip',
      answers: answers
    };
    if (unclear.length) data.unclear = unclear;
    return data;
  }

  function uuid() {
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  // The offline queue -------------------------------------------------------
  // A finished questionnaire is written to IndexedDB first, then sent; it
  // leaves the device only when the server said 201 or 200.

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
  var refused = {}; // id -> HTTP status, for answers the server will never take
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
          if (!resp.ok) refused[entry.id] = resp.status;
          return dequeue(entry.id).then(function () { return resp.ok; });
        }
        return false;
      }, function () { return false; });
  }

  window.addEventListener('online', flush);
  setInterval(flush, RETRY);
  flush();

  // The child is told what happened, and only that: arrived, waiting on
  // this tablet, or refused (a closed session); refused answers stay in
  // this page, not on the device, so "Try again" can send them once more.
  var lastEntry = null;
  function submit() {
    var data = payload();
    deliver({ id: data.id, url: form.dataset.api, body: JSON.stringify(data) });
  }
  function deliver(entry) {
    lastEntry = entry;
    delete refused[entry.id];
    var button = form.querySelector('[data-action=send]');
    button.disabled = true;
    button.textContent = texts.sending;
    var waiting = function () {
      return pending().then(function (left) {
        return left.some(function (e) { return e.id === entry.id; });
      }, function () { return true; });
    };
    // A flush already under way may have started before this entry was
    // queued: then one more.
    enqueue(entry).then(flush, flush).then(waiting).then(function (left) {
      return left ? flush().then(waiting) : left;
    }).then(function (left) {
      forget();
      form.reset();
      if (refused[entry.id]) {
        var notSent = document.getElementById('not-sent');
        notSent.querySelector('.not-sent-closed').hidden = refused[entry.id] !== 410;
        notSent.querySelector('.not-sent-other').hidden = refused[entry.id] === 410;
        show(notSent);
        return;
      }
      lastEntry = null;
      var thanks = document.getElementById('thanks');
      thanks.querySelector('.sent-online').hidden = left;
      thanks.querySelector('.sent-offline').hidden = !left;
      show(thanks);
    });
  }

  // Kiosk reset --------------------------------------------------------------

  function reset() {
    stopSpeaking();
    forget();
    form.reset();
    location.replace(form.getAttribute('action'));
  }

  function armIdle() {
    clearTimeout(idleTimer);
    clearTimeout(confirmTimer);
    if (!current) return;
    var helpOpen = help && help.classList.contains('open');
    if (current.classList.contains('after') && !helpOpen) {
      idleTimer = setTimeout(reset, IDLE_AFTER);
    } else if (steps.indexOf(current) >= 0 || helpOpen) {
      // On the send screen the questionnaire is finished: a child who
      // walked away has their answers sent, never silently lost.
      var atSend = current.id === 'send';
      idleTimer = setTimeout(function () {
        document.querySelector('#still-there .not-yet-sent').hidden = !atSend;
        openDialog('still-there');
        confirmTimer = setTimeout(function () {
          if (atSend) { closeDialogs(); submit(); } else reset();
        }, IDLE_CONFIRM);
      }, IDLE_QUESTION);
    }
  }
  ['pointerdown', 'keydown', 'input'].forEach(function (ev) { document.addEventListener(ev, armIdle, true); });
  // Never show a previous child's page from the back-forward cache; the
  // child in progress (back gesture, then forward) finds their answers.
  window.addEventListener('pageshow', function (e) {
    var kept = null;
    try { kept = sessionStorage.getItem(KEY); } catch (err) { kept = null; }
    if (e.persisted && !kept) reset();
  });

  function openDialog(id) {
    var d = document.getElementById(id);
    d.hidden = false;
    d.querySelector('.primary').focus();
  }
  function closeDialogs() { document.querySelectorAll('.dialog').forEach(function (d) { d.hidden = true; }); }
  function openHelp() {
    help.classList.add('open');
    help.setAttribute('role', 'dialog');
    help.setAttribute('aria-modal', 'true');
    help.focus();
    armIdle();
  }
  function closeHelp() {
    if (!help.classList.contains('open')) return;
    help.classList.remove('open');
    help.removeAttribute('role');
    help.removeAttribute('aria-modal');
    document.querySelector('.help-link').focus();
    armIdle();
  }

  // Read aloud ---------------------------------------------------------------

  var speakButton = document.querySelector('[data-action=speak]');
  var voice = null;
  function findVoice() {
    if (!window.speechSynthesis) return;
    var lang = form.dataset.lang.toLowerCase();
    voice = speechSynthesis.getVoices().filter(function (v) { return v.lang.toLowerCase().split(/[-_]/)[0] === lang; })[0] || null;
    speakButton.hidden = !voice;
  }
  if (window.speechSynthesis) {
    findVoice();
    speechSynthesis.addEventListener('voiceschanged', findVoice);
  }
  function screenText(screen) {
    var parts = [];
    screen.querySelectorAll('h1, h2, .qtext, .lead, li, .sub > legend, .word').forEach(function (el) {
      if (el.offsetParent !== null || el.closest('.current')) parts.push(el.textContent.trim());
    });
    return parts.filter(Boolean).join('. ');
  }
  function speak() {
    if (!voice || !current) return;
    if (speechSynthesis.speaking) { stopSpeaking(); return; }
    var u = new SpeechSynthesisUtterance(screenText(current));
    u.voice = voice;
    u.lang = voice.lang;
    u.rate = 0.9;
    u.onend = u.onerror = function () { speakButton.classList.remove('speaking'); };
    speakButton.classList.add('speaking');
    speechSynthesis.speak(u);
  }
  function stopSpeaking() {
    if (window.speechSynthesis) speechSynthesis.cancel();
    if (speakButton) speakButton.classList.remove('speaking');
  }

  // Wiring --------------------------------------------------------------------

  document.addEventListener('click', function (e) {
    var el = e.target.closest('[data-action], .lang-button');
    if (!el) return;
    if (el.classList.contains('lang-button')) {
      // A language choice replaces this page: no history to go back through.
      // The language on show already needs no new page.
      e.preventDefault();
      if (el.getAttribute('aria-current') === 'true') show(document.getElementById('welcome'));
      else location.replace(el.href);
      return;
    }
    var action = el.dataset.action;
    if (action !== 'start' && action !== 'decline' && action !== 'send') e.preventDefault();
    switch (action) {
      case 'start': e.preventDefault(); show(steps[0]); break;
      case 'decline': e.preventDefault(); forget(); form.reset(); show(document.getElementById('stopped')); break;
      case 'next': move(1); break;
      case 'back': move(-1); break;
      case 'skip': clearScreen(current); move(1); break;
      case 'stop': openDialog('confirm-stop'); break;
      case 'stop-no': closeDialogs(); break;
      case 'stop-yes': closeDialogs(); forget(); form.reset(); show(document.getElementById('stopped')); break;
      case 'still-here': closeDialogs(); armIdle(); break;
      case 'reset': reset(); break;
      case 'speak': speak(); break;
      case 'help': openHelp(); break;
      case 'help-close': closeHelp(); break;
      case 'retry': if (lastEntry) deliver(lastEntry); break;
    }
  });
  form.addEventListener('submit', function (e) { e.preventDefault(); submit(); });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') { closeDialogs(); closeHelp(); }
  });

  if ('serviceWorker' in navigator && !form.dataset.preview) {
    navigator.serviceWorker.register('/sw.js', { scope: '/s/' }).then(function (reg) {
      // Keep this questionnaire and its files for when the Wi-Fi drops.
      // The page in every language too, so a child can still choose one.
      var urls = [location.pathname + location.search].concat(Array.prototype.map.call(
        document.querySelectorAll('link[rel=stylesheet], script[src], img[src], a.lang-button'), function (el) {
          return (el.getAttribute('href') || el.getAttribute('src')).split('#')[0];
        }));
      var worker = reg.active || reg.waiting || reg.installing;
      if (worker) worker.postMessage({ cache: urls });
    }).catch(function () { /* offline mode needs HTTPS or localhost; the queue works without it */ });
  }

  // Where to start: the child in progress where they were; a chosen
  // language (?lang=, with or without #welcome) at the welcome; else the
  // language screen.
  var start = restore();
  if (!start || screens.indexOf(start) < 0) {
    start = document.getElementById(location.hash === '#welcome' || /[?&]lang=/.test(location.search) ? 'welcome' : 'languages');
  }
  // A #welcome in the address would make the browser scroll to it after
  // loading, hiding Stop and the header: the address loses it (no history
  // entry is added) and every screen starts at its top.
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  show(start);
  window.addEventListener('load', function () { if (current === start) window.scrollTo(0, 0); });
}());
