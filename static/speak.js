// Kinderstem read-aloud for result pages and the vote: a button reads the page in its
// own language, and stays hidden where the device has no voice for it.
(function () {
  'use strict';
  var button = document.querySelector('[data-speak]');
  if (!button || !window.speechSynthesis) return;
  var root = document.documentElement;
  // The language's voice tags, best first (data-speech), then the page's
  // language: each as it is, then as its base language.
  var tags = (root.dataset.speech || '').split(/\s+/).concat([root.lang]).filter(Boolean);
  var voice = null;
  function norm(t) { return t.toLowerCase().replace(/_/g, '-'); }
  function find() {
    var voices = speechSynthesis.getVoices();
    voice = null;
    for (var i = 0; i < tags.length && !voice; i++) {
      var want = norm(tags[i]), base = want.split('-')[0];
      voice = voices.filter(function (v) { return norm(v.lang) === want; })[0] ||
        voices.filter(function (v) { return norm(v.lang).split('-')[0] === base; })[0] || null;
    }
    button.hidden = !voice;
  }
  find();
  speechSynthesis.addEventListener('voiceschanged', find);
  button.addEventListener('click', function () {
    if (speechSynthesis.speaking) { speechSynthesis.cancel(); return; }
    var text = Array.prototype.map.call(document.querySelectorAll('main h1, main h2, main h3, main p, main [data-read]'), function (el) {
      return el.textContent.replace(/\s+/g, ' ').trim();
    }).filter(Boolean).join('. ');
    var u = new SpeechSynthesisUtterance(text);
    u.voice = voice;
    u.lang = voice.lang;
    u.rate = 0.9;
    speechSynthesis.speak(u);
  });
}());
