// Kinderstem: the child's questionnaire, one question per screen.
//
// The page works without this script as one long form. With it, a shared
// tablet gets one screen at a time, read-aloud, the offline queue
// (queue.js) that sends each finished questionnaire exactly once (same
// id, so a repeat is harmless), and a kiosk reset that leaves nothing of
// the previous child: a fresh page load replaces this one (no form
// state), and only submissions still waiting to be sent stay on the
// device. The child in progress outlives no way out of this page: see
// "The child in progress".
(function () {
  'use strict';
  var form = document.getElementById('questionnaire');
  if (!form) return;
  if (!window.kinderstemQueue || !document.documentElement.classList) {
    // Too old a browser for one screen at a time: the whole form shows.
    document.documentElement.className += ' plain';
    return;
  }
  document.documentElement.classList.remove('no-js');
  document.documentElement.classList.add('js');

  var texts = document.getElementById('texts').dataset;
  var screens = Array.prototype.slice.call(form.querySelectorAll('.screen'));
  var steps = screens.filter(function (s) { return s.dataset.screen === 'q' || s.dataset.screen === 'note' || s.dataset.screen === 'bg' || s.id === 'about' || s.id === 'send'; });
  var questions = screens.filter(function (s) { return s.dataset.screen === 'q'; });
  var bar = document.querySelector('.qbar');
  var tools = document.querySelector('.tools');
  var progressText = bar.querySelector('.progress-text');
  var path = bar.querySelector('.path');
  var current = null;
  var IDLE_QUESTION = 120000, IDLE_CONFIRM = 60000, IDLE_AFTER = 15000;
  var queue = window.kinderstemQueue;
  var idleTimer = null, confirmTimer = null;
  var help = document.getElementById('help');
  var PREFIX = 'kinderstem-progress:', KEY = PREFIX + form.dataset.code;
  // How long after leaving the page (the back gesture, closing the tab) a
  // child who comes back is asked whether they want to go on.
  var RETURN_WINDOW = 15000;
  var visit = null; // this visit's id, kept in its history entry

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
    if (reading) speakScreen(screen);
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
    } else if (current.dataset.screen === 'bg') {
      progressText.textContent = texts.about;
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
    // The background block, in a band that starts younger than it is
    // asked: only for a child who said they are old enough.
    if (screen.dataset.bgAge) {
      var age = form.querySelector('input[name="age"]:checked');
      return !!age && +age.value >= +screen.dataset.bgAge;
    }
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

  // The child in progress --------------------------------------------------
  // Answers and screen are kept in sessionStorage (this tab only), with the
  // id of this visit, which lives in this page's history entry: a reload
  // finds them, a new visit (the code typed again, a link, the kiosk
  // reset) never does, and wipes what an earlier one left. Leaving the page
  // in any other way (the back gesture, Home, closing the tab) stamps the
  // time and empties the page the browser may keep for going forward
  // again; within RETURN_WINDOW a child who comes back is asked "Go on
  // with your answers?" and sees nothing before saying yes; later, nothing
  // is left.
  function read() {
    try { return JSON.parse(sessionStorage.getItem(KEY) || 'null'); } catch (e) { return null; }
  }
  function write(record) {
    try { sessionStorage.setItem(KEY, JSON.stringify(record)); } catch (e) { /* private mode: nothing kept */ }
  }
  function save() {
    if (!current || current.classList.contains('after') || !visit) return;
    var fields = [];
    form.querySelectorAll('input:checked, textarea').forEach(function (el) {
      if (el.type !== 'hidden' && (el.checked || el.value)) fields.push([el.name, el.value, el.tagName === 'TEXTAREA']);
    });
    // Before the first question there is nothing to keep.
    if (!fields.length && steps.indexOf(current) < 0) { forget(); return; }
    write({ visit: visit, screen: current.id, fields: fields, at: Date.now() });
  }
  function forget() {
    try {
      for (var i = sessionStorage.length - 1; i >= 0; i--) {
        var k = sessionStorage.key(i);
        if (k && k.indexOf(PREFIX) === 0) sessionStorage.removeItem(k);
      }
    } catch (e) { /* nothing kept */ }
  }
  // returning is the record of this visit when its child may go on: left
  // no longer ago than RETURN_WINDOW, or (the page died without leaving)
  // touched no longer ago than the idle reset would have waited.
  function returning() {
    var saved = read(), now = Date.now();
    if (!saved || !visit || saved.visit !== visit || !Array.isArray(saved.fields)) return null;
    var recent = saved.left ? now - saved.left <= RETURN_WINDOW : now - saved.at <= IDLE_QUESTION + IDLE_CONFIRM;
    return recent ? saved : null;
  }
  function restore(saved) {
    wipe();
    saved.fields.forEach(function (f) {
      var els = form.querySelectorAll('[name="' + String(f[0]).replace(/["\\]/g, '') + '"]');
      els.forEach(function (el) {
        if (f[2] && el.tagName === 'TEXTAREA') el.value = f[1];
        else if (!f[2] && el.value === f[1]) el.checked = true;
      });
    });
    var screen = document.getElementById(saved.screen);
    return screens.indexOf(screen) >= 0 ? screen : steps[0];
  }
  function wipe() {
    form.reset();
    form.querySelectorAll('input').forEach(function (el) { if (el.type !== 'hidden') el.checked = false; });
    form.querySelectorAll('textarea').forEach(function (el) { el.value = ''; });
  }
  function newVisit() {
    forget();
    visit = uuid();
  }
  // begin decides where this page starts: where the child left off (a
  // reload), at "Go on with your answers?" (back here within the window),
  // or new.
  function begin(fromCache) {
    var saved = returning(), nav = performance.getEntriesByType ? (performance.getEntriesByType('navigation')[0] || {}).type : '';
    if (saved && !fromCache && nav === 'reload' && !saved.asked) return restore(saved);
    if (saved) {
      saved.asked = true;
      write(saved);
      pendingReturn = saved;
      return document.getElementById('resume');
    }
    if (fromCache) return null;
    newVisit();
    return document.getElementById(location.hash === '#welcome' || /[?&]lang=/.test(location.search) ? 'welcome' : 'languages');
  }
  var pendingReturn = null;
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
    // The background block's answers are words; a question left out is
    // "rather not say" on the server. Nothing of it for a child it skips.
    var bg = form.querySelector('.screen.background');
    if (bg && applies(bg)) {
      form.querySelectorAll('.screen.background input:checked').forEach(function (el) { answers[el.name.slice(2)] = el.value; });
    }
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
    delete queue.refused[entry.id];
    var button = form.querySelector('[data-action=send]');
    button.disabled = true;
    button.textContent = texts.sending;
    var waiting = function () {
      return queue.pending().then(function (left) {
        return left.some(function (e) { return e.id === entry.id; });
      }, function () { return true; });
    };
    // A flush already under way may have started before this entry was
    // queued: then one more.
    queue.enqueue(entry).then(queue.flush, queue.flush).then(waiting).then(function (left) {
      return left ? queue.flush().then(waiting) : left;
    }).then(function (left) {
      forget();
      form.reset();
      var refused = queue.refused[entry.id];
      if (refused) {
        var notSent = document.getElementById('not-sent');
        notSent.querySelector('.not-sent-closed').hidden = refused !== 410;
        notSent.querySelector('.not-sent-other').hidden = refused === 410;
        show(notSent);
        return;
      }
      lastEntry = null;
      var thanks = document.getElementById('thanks');
      thanks.querySelector('.sent-online').hidden = left;
      thanks.querySelector('.sent-offline').hidden = !left || queue.serverBusy;
      thanks.querySelector('.sent-later').hidden = !left || !queue.serverBusy;
      show(thanks);
    });
  }

  // Kiosk reset --------------------------------------------------------------

  function reset() {
    stopSpeaking();
    forget();
    wipe();
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
        // On the send screen the dialog's own button sends, as it says.
        document.querySelectorAll('#still-there .not-yet-sent').forEach(function (el) { el.hidden = !atSend; });
        document.querySelector('#still-there [data-action=still-here]').classList.toggle('primary', !atSend);
        openDialog('still-there');
        confirmTimer = setTimeout(function () {
          if (atSend) { closeDialogs(); submit(); } else reset();
        }, IDLE_CONFIRM);
      }, IDLE_QUESTION);
    }
  }
  ['pointerdown', 'keydown', 'input'].forEach(function (ev) { document.addEventListener(ev, armIdle, true); });
  // Leaving: the time is noted and the page emptied, so the page the
  // browser keeps (back-forward cache) holds nothing of this child.
  window.addEventListener('pagehide', function () {
    var saved = read();
    if (saved && saved.visit === visit && current && !current.classList.contains('after')) {
      saved.left = Date.now();
      write(saved);
    }
    stopSpeaking();
    closeDialogs();
    if (help) help.classList.remove('open');
    wipe();
    screens.concat(after()).forEach(function (sc) { sc.classList.remove('current'); });
    bar.hidden = true;
  });
  // Back from the back-forward cache: the same decision as on a load.
  window.addEventListener('pageshow', function (e) {
    if (!e.persisted) return;
    var screen = begin(true);
    if (screen) show(screen); else reset();
  });

  function openDialog(id) {
    var d = document.getElementById(id);
    d.hidden = false;
    d.querySelector('.primary:not([hidden])').focus();
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
  var noVoice = document.querySelector('.no-voice');
  var voice = null;
  // The language's voice tags (data-speech, best first: "prs-AF fa-AF
  // fa-IR" for Dari) are tried in turn, each as it is, then as its base
  // language; the page's own language last. No voice: no read-aloud
  // button, and the youngest's page tells the adult to read aloud.
  function pickVoice(voices) {
    var tags = (form.dataset.speech || '').split(/\s+/).concat([form.dataset.lang]).filter(Boolean);
    var norm = function (t) { return t.toLowerCase().replace(/_/g, '-'); };
    for (var i = 0; i < tags.length; i++) {
      var want = norm(tags[i]);
      var base = want.split('-')[0];
      var v = voices.filter(function (v) { return norm(v.lang) === want; })[0] ||
        voices.filter(function (v) { return norm(v.lang).split('-')[0] === base; })[0];
      if (v) return v;
    }
    return null;
  }
  var voicesSettled = false;
  function findVoice() {
    voice = window.speechSynthesis ? pickVoice(speechSynthesis.getVoices()) : null;
    if (speakButton) speakButton.hidden = !voice;
    // Voices arrive late on some devices: the note waits until they have.
    if (noVoice) noVoice.hidden = !!voice || !voicesSettled;
  }
  function settleVoices() { voicesSettled = true; findVoice(); }
  if (window.speechSynthesis) {
    speechSynthesis.addEventListener('voiceschanged', settleVoices);
    setTimeout(settleVoices, 1500);
  } else {
    voicesSettled = true;
  }
  findVoice();
  function screenText(screen) {
    var parts = [];
    screen.querySelectorAll('h1, h2, .qtext, .lead, li, .sub > legend, .word').forEach(function (el) {
      if (el.offsetParent !== null || el.closest('.current')) parts.push(el.textContent.trim());
    });
    // A pause between parts: a full stop where the text has no mark of its own.
    return parts.filter(Boolean).map(function (t) { return /[.!?\u061F\u06D4:]$/.test(t) ? t : t + '.'; }).join(' ');
  }
  // The youngest's questionnaire (data-autoread) reads every screen aloud
  // from the first tap on: a browser speaks only after a tap, so the
  // welcome screen waits for it.
  var reading = false;
  function startReading() {
    if (form.dataset.autoread !== '1' || reading) return;
    reading = true;
  }
  function speakScreen(screen) {
    if (!voice) return;
    var u = new SpeechSynthesisUtterance(screenText(screen));
    u.voice = voice;
    u.lang = voice.lang;
    u.rate = 0.85;
    speechSynthesis.speak(u);
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
    startReading();
    if (action !== 'start' && action !== 'decline' && action !== 'send') e.preventDefault();
    switch (action) {
      case 'start': e.preventDefault(); show(steps[0]); break;
      case 'decline': e.preventDefault(); forget(); wipe(); show(document.getElementById('stopped')); break;
      case 'next': move(1); break;
      case 'back': move(-1); break;
      case 'skip': clearScreen(current); move(1); break;
      case 'stop': openDialog('confirm-stop'); break;
      case 'stop-no': closeDialogs(); break;
      case 'stop-yes': closeDialogs(); forget(); wipe(); show(document.getElementById('stopped')); break;
      case 'still-here': closeDialogs(); armIdle(); break;
      case 'send-now': closeDialogs(); if (current.id === 'send') submit(); break;
      case 'resume': if (pendingReturn) { var back = restore(pendingReturn); pendingReturn = null; show(back); } break;
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
      // The page in every language too, so a child can still choose one;
      // the language on show is this page (the worker keeps it under both
      // addresses, from the browser's cache: it is not downloaded again).
      var page = location.pathname + location.search;
      var mine = document.querySelector('a.lang-button[aria-current=true]');
      var same = mine && !/[?&]lang=/.test(location.search) ? [mine.getAttribute('href').split('#')[0]] : [];
      // The page is in the list too, for a worker of the version before,
      // which knows only the list (this one takes it from page and same).
      var urls = [page].concat(Array.prototype.map.call(
        document.querySelectorAll('link[rel=stylesheet], link[rel=icon], script[src], img[src], a.lang-button'), function (el) {
          return (el.getAttribute('href') || el.getAttribute('src')).split('#')[0];
        }));
      var worker = reg.active || reg.waiting || reg.installing;
      if (worker) worker.postMessage({ page: page, same: same, cache: urls });
    }).catch(function () { /* offline mode needs HTTPS or localhost; the queue works without it */ });
  }

  // Where to start (begin): the child in progress where they were after a
  // reload; "Go on with your answers?" when they come back; else a chosen
  // language (?lang=, with or without #welcome) at the welcome, or the
  // language screen. The visit's id goes into this history entry; a
  // #welcome in the address would make the browser scroll to it after
  // loading, hiding Stop and the header: the address loses it (no history
  // entry is added) and every screen starts at its top.
  visit = history.state && history.state.kinderstemVisit;
  var start = begin(false);
  history.replaceState({ kinderstemVisit: visit }, '', location.pathname + location.search);
  show(start);
  window.addEventListener('load', function () { if (current === start) window.scrollTo(0, 0); });
}());
