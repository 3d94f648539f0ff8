/* The projected board: question, who speaks, a big countdown, who is next, top suggestions, QR. */
(function () {
  'use strict';

  var t = FF.t;
  var $ = FF.byId;
  var code = FF.forumCode();
  var boardEl = $('board');
  var interpreters = boardEl.getAttribute('data-view') === 'interpreters';
  var CONTRAST_KEY = 'ff_board_contrast';
  var WARN_SECONDS = 15;
  var NEXT_COUNT = 5;
  var SUGGESTION_COUNT = 5;
  var SETTLE_MS = 1000;

  var ui = {
    body: document.body,
    banner: $('conn-banner'),
    question: $('question'),
    translations: $('question-translations'),
    speakerLabel: $('speaker-label'),
    speakerLang: $('speaker-lang'),
    timer: $('timer'),
    digits: document.querySelector('#timer .timer-digits'),
    note: document.querySelector('#timer .timer-note'),
    next: $('next-speakers'),
    nextEmpty: $('next-empty'),
    suggestions: $('top-suggestions'),
    suggestionsEmpty: $('suggestions-empty'),
    blank: $('blank'),
    controls: $('board-controls'),
    sound: $('sound-toggle'),
    contrast: $('contrast-toggle'),
    blankToggle: $('blank-toggle')
  };

  var state = null;
  var chime = { ctx: null, on: false, lastRemaining: null, entry: null };
  var suggestionsTimer = null;
  var lastSuggestionsAt = 0;
  var controlsTimer = null;

  new FF.Session({
    code: code,
    role: 'board',
    banner: ui.banner,
    onState: onState,
    onError: function (message) { console.warn('board:', message); }
  });

  function onState(next) {
    state = next;
    render();
  }

  /* ---------- rendering ---------- */

  function render() {
    applyView();
    renderQuestion();
    renderSpeaker();
    renderNext();
    scheduleSuggestions();
    renderTimer();
  }

  /** The moderator's board_view (both | queue | suggestions), or the interpreters' view from the URL. */
  function applyView() {
    var forum = state.forum || {};
    var view = interpreters ? 'interpreters' : (forum.board_view || 'both');
    ['both', 'queue', 'suggestions', 'interpreters'].forEach(function (name) {
      ui.body.classList.toggle('view-' + name, name === view);
    });
    if (forum.title) document.title = forum.title;
  }

  function renderQuestion() {
    var q = state.question;
    FF.setText(ui.question, q ? q.text : t('not_started'));
    ui.question.classList.toggle('is-long', !!q && q.text.length > 140);
    var items = translationsOf(q);
    FF.syncList(ui.translations, items, function (tr) { return tr.lang; }, function (li, tr) {
      li.setAttribute('lang', tr.lang);
      li.setAttribute('dir', 'auto');
      li.className = 'question-translation';
      FF.setText(li, tr.text);
    });
  }

  /** A question's translations in the order of the language list. */
  function translationsOf(q) {
    if (!q || !q.translations) return [];
    var codes = Object.keys(q.translations);
    var rank = {};
    FF.languages.forEach(function (pair, i) { rank[pair[0]] = i; });
    codes.sort(function (a, b) { return (a in rank ? rank[a] : 99) - (b in rank ? rank[b] : 99); });
    return codes.filter(function (c) { return q.translations[c] && q.translations[c] !== q.text; })
      .map(function (c) { return { lang: c, text: q.translations[c] }; });
  }

  function renderSpeaker() {
    var speaker = state.speaker;
    ui.speakerLabel.classList.toggle('is-idle', !speaker);
    FF.setText(ui.speakerLabel, speaker ? speaker.label : t('nobody_speaking'));
    FF.setText(ui.speakerLang, speaker && speaker.lang ? FF.langName(speaker.lang) : '');
    if (speaker && speaker.lang) ui.speakerLang.setAttribute('lang', speaker.lang);
    if (!speaker || speaker.entry_id !== chime.entry) {
      chime.entry = speaker ? speaker.entry_id : null;
      chime.lastRemaining = null;
    }
  }

  function renderNext() {
    var queue = (state.queue || []).slice(0, NEXT_COUNT);
    FF.syncList(ui.next, queue, function (e) { return e.entry_id; }, renderNextEntry);
    FF.show(ui.nextEmpty, queue.length === 0);
  }

  function renderNextEntry(li, entry, index) {
    FF.clear(li);
    li.className = 'next-entry';
    li.appendChild(FF.el('span', { className: 'next-pos', 'aria-hidden': 'true', text: String(index + 1) }));
    li.appendChild(FF.userText('bdi', entry.label, { className: 'next-label' }));
    if (entry.lang) {
      li.appendChild(FF.el('span', { className: 'next-lang', lang: entry.lang, dir: 'auto', text: FF.langName(entry.lang) }));
    }
  }

  /* ---------- timer ---------- */

  function renderTimer() {
    if (!state) return;
    var speaker = state.speaker;
    var remaining = speaker ? FF.speakerRemaining(state) : Number((state.forum || {}).turn_seconds) || 0;
    var mode = speaker ? speaker.mode : 'idle';
    var over = !!speaker && remaining < 0;
    var warning = !!speaker && !over && remaining <= WARN_SECONDS;
    FF.setText(ui.digits, FF.countdownText(remaining));
    FF.setText(ui.note, timerNote(mode, over, warning));
    setTimerClass('is-idle', !speaker);
    setTimerClass('is-paused', mode === 'paused');
    setTimerClass('is-interpreting', mode === 'interpreting');
    setTimerClass('is-warning', warning);
    setTimerClass('is-over', over);
    maybeChime(speaker, remaining);
  }

  function timerNote(mode, over, warning) {
    var notes = [];
    if (mode === 'paused') notes.push(t('paused'));
    if (mode === 'interpreting') notes.push(t('interpreting'));
    if (over) notes.push(t('over_time'));
    else if (warning && mode === 'speaking') notes.push(t('last_seconds'));
    return notes.join(' · ');
  }

  function setTimerClass(name, on) {
    ui.timer.classList.toggle(name, on);
  }

  /* ---------- suggestions, with FLIP reordering ---------- */

  /** Re-render suggestions at most once a second so the order settles instead of jittering. */
  function scheduleSuggestions() {
    var wait = SETTLE_MS - (Date.now() - lastSuggestionsAt);
    if (wait <= 0) {
      renderSuggestions();
      return;
    }
    if (!suggestionsTimer) {
      suggestionsTimer = window.setTimeout(function () {
        suggestionsTimer = null;
        renderSuggestions();
      }, wait);
    }
  }

  function renderSuggestions() {
    lastSuggestionsAt = Date.now();
    var view = boardViewName();
    var count = view === 'suggestions' ? SUGGESTION_COUNT + 3 : SUGGESTION_COUNT;
    var items = (state.suggestions || []).slice().sort(FF.byPinnedThenVotes).slice(0, count);
    flip(ui.suggestions, function () {
      FF.syncList(ui.suggestions, items, function (s) { return s.id; }, renderSuggestion);
    });
    FF.show(ui.suggestionsEmpty, items.length === 0);
  }

  function boardViewName() {
    return interpreters ? 'interpreters' : ((state.forum || {}).board_view || 'both');
  }

  function renderSuggestion(li, s) {
    var hidden = s.votes == null;
    var pageLang = document.documentElement.lang;
    var translation = s.translations && s.translations[pageLang];
    FF.clear(li);
    li.className = 'top-suggestion' + (s.pinned ? ' is-pinned' : '');
    li.setAttribute('data-id', s.id);
    li.appendChild(FF.el('span', { className: 'votes' + (hidden ? ' is-hidden' : '') }, [
      FF.el('span', { className: 'votes-number', text: hidden ? '–' : String(s.votes) }),
      FF.el('span', { className: 'votes-word', text: hidden ? t('votes_hidden') : t(s.votes === 1 ? 'vote_word' : 'votes_word') })
    ]));
    var body = FF.el('span', { className: 'suggestion-body' });
    if (s.pinned) body.appendChild(FF.el('span', { className: 'pin', text: '📌 ' + t('pinned') + ' ' }));
    body.appendChild(FF.userText('span', s.text, { className: 'suggestion-text' }));
    if (translation && translation !== s.text) {
      body.appendChild(FF.userText('span', translation, { className: 'suggestion-translation', lang: pageLang }));
    }
    li.appendChild(body);
  }

  /** Animate list items from where they were to where they are now (skipped under reduced motion). */
  function flip(list, change) {
    if (FF.prefersReducedMotion()) {
      change();
      return;
    }
    var before = {};
    Array.prototype.forEach.call(list.children, function (li) {
      before[li.getAttribute('data-key')] = li.getBoundingClientRect().top;
    });
    change();
    var moved = [];
    Array.prototype.forEach.call(list.children, function (li) {
      var top = before[li.getAttribute('data-key')];
      if (top == null) {
        li.classList.add('is-new');
        return;
      }
      var dy = top - li.getBoundingClientRect().top;
      if (Math.abs(dy) < 1) return;
      li.style.transition = 'none';
      li.style.transform = 'translateY(' + dy + 'px)';
      moved.push(li);
    });
    if (!moved.length) return;
    void list.offsetHeight; // apply the start positions before animating to the end ones
    moved.forEach(function (li) {
      li.style.transition = 'transform 700ms ease-in-out';
      li.style.transform = '';
    });
  }

  /* ---------- sound ---------- */

  function toggleSound() {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return;
    if (!chime.ctx) chime.ctx = new Ctx();
    chime.on = !chime.on;
    if (chime.on) {
      chime.ctx.resume();
      beep(660, 0, 0.15);
    }
    ui.sound.setAttribute('aria-pressed', chime.on ? 'true' : 'false');
    FF.setText(ui.sound.querySelector('.label'), chime.on ? t('sound_on') : t('sound_off'));
  }

  function maybeChime(speaker, remaining) {
    var crossed = chime.lastRemaining != null && chime.lastRemaining > 0 && remaining <= 0;
    chime.lastRemaining = speaker ? remaining : null;
    if (crossed && chime.on && speaker.mode === 'speaking') {
      beep(880, 0, 0.3);
      beep(660, 0.4, 0.5);
    }
  }

  function beep(freq, startIn, length) {
    var ctx = chime.ctx;
    var start = ctx.currentTime + startIn;
    var osc = ctx.createOscillator();
    var gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.4, start + 0.03);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + length);
    osc.connect(gain);
    gain.connect(ctx.destination);
    osc.start(start);
    osc.stop(start + length + 0.05);
  }

  /* ---------- blank screen, contrast, controls ---------- */

  function toggleBlank(force) {
    var on = typeof force === 'boolean' ? force : ui.blank.hidden;
    ui.blank.hidden = !on;
    ui.body.classList.toggle('is-blank', on);
    ui.blankToggle.setAttribute('aria-pressed', on ? 'true' : 'false');
  }

  function toggleContrast(force) {
    var on = typeof force === 'boolean' ? force : !ui.body.classList.contains('high-contrast');
    ui.body.classList.toggle('high-contrast', on);
    ui.contrast.setAttribute('aria-pressed', on ? 'true' : 'false');
    FF.store.set(CONTRAST_KEY, on ? '1' : '0');
  }

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || FF.isTyping(event)) return;
    var key = event.key.toLowerCase();
    if (key === 'tab') {
      revealControls();
      return;
    }
    if (key === 'b') toggleBlank();
    else if (key === 'c') toggleContrast();
    else if (key === 's') toggleSound();
    else if (key === 'escape' && !ui.blank.hidden) toggleBlank(false);
    else return;
    event.preventDefault();
  }

  /** The few operator buttons show while the mouse moves or Tab is used, and while they hold focus. */
  function revealControls() {
    ui.body.classList.add('show-controls');
    window.clearTimeout(controlsTimer);
    controlsTimer = window.setTimeout(hideControls, 4000);
  }

  function hideControls() {
    if (ui.controls.contains(document.activeElement)) {
      controlsTimer = window.setTimeout(hideControls, 4000);
      return;
    }
    ui.body.classList.remove('show-controls');
  }

  toggleContrast(FF.store.get(CONTRAST_KEY) === '1');
  ui.sound.addEventListener('click', toggleSound);
  ui.contrast.addEventListener('click', function () { toggleContrast(); });
  ui.blankToggle.addEventListener('click', function () { toggleBlank(); });
  ui.blank.addEventListener('click', function () { toggleBlank(false); });
  document.addEventListener('keydown', onKey);
  document.addEventListener('mousemove', revealControls);
  FF.every(250, renderTimer);
})();
