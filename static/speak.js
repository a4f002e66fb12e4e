// Kinderstem read-aloud for result pages and the vote: a button reads the page in its
// own language, and stays hidden where the device has no voice for it.
(function () {
  'use strict';
  var button = document.querySelector('[data-speak]');
  if (!button || !window.speechSynthesis) return;
  var lang = document.documentElement.lang.toLowerCase();
  var voice = null;
  function find() {
    voice = speechSynthesis.getVoices().filter(function (v) { return v.lang.toLowerCase().split(/[-_]/)[0] === lang; })[0] || null;
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
