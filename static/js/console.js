/* The moderator console: turn controls, queue, questions, fairness, suggestion moderation.
 * Everything works from the keyboard; shortcuts never fire while typing in a field. */
(function () {
  'use strict';

  var t = FF.t;
  var $ = FF.byId;
  var code = FF.forumCode();
  var WARN_SECONDS = 15;
  var SPEECHES_SHOWN = 15;

  var ui = {
    banner: $('conn-banner'),
    status: $('status'),
    title: $('forum-title'),
    pendingBadge: $('pending-badge'),
    speakerLabel: $('speaker-label'),
    speakerLang: $('speaker-lang'),
    timer: $('timer'),
    digits: document.querySelector('#timer .timer-digits'),
    note: document.querySelector('#timer .timer-note'),
    mode: $('speaker-mode'),
    next: $('next-speaker'),
    start: $('start-turn'),
    pause: $('pause-turn'),
    interpret: $('interpret-turn'),
    reset: $('reset-timer'),
    end: $('end-turn'),
    undo: $('undo'),
    queue: $('queue'),
    queueCount: $('queue-count'),
    queueEmpty: $('queue-empty'),
    addForm: $('add-speaker'),
    addLabel: $('add-label'),
    addLang: $('add-lang'),
    questions: $('question-list'),
    round: $('round-toggle'),
    voting: $('voting-toggle'),
    reveal: $('reveal-toggle'),
    qtForm: $('qt-form'),
    qtLang: $('qt-lang'),
    qtText: $('qt-text'),
    qtList: $('qt-list'),
    settings: $('settings'),
    fairDistinct: $('fair-distinct'),
    fairFirst: $('fair-first'),
    fairTop3: $('fair-top3'),
    fairTotal: $('fair-total'),
    fairPeople: $('fair-people'),
    fairEmpty: $('fair-empty'),
    speeches: $('speeches'),
    speechesEmpty: $('speeches-empty'),
    moderation: $('moderation'),
    modCount: $('moderation-count'),
    modEmpty: $('moderation-empty'),
    modFilter: $('mod-filter'),
    help: $('help'),
    helpOpen: $('help-open')
  };

  var state = null;
  var queueAt = 0;            // when the queue (and its waiting_s) arrived, for local ticking
  var selectedId = null;      // the queue entry j/k selected
  var openForms = {};         // suggestion id -> 'edit' | 'translate' | 'merge'
  var qtTouched = false;      // the translation text was typed into; do not overwrite it

  var session = new FF.Session({
    code: code,
    role: 'moderator',
    banner: ui.banner,
    joinExtra: joinExtra,
    onState: onState,
    onError: showError
  });

  function joinExtra() {
    var key = FF.config.key || new URLSearchParams(window.location.search).get('key');
    return key ? { key: key } : {};
  }

  function onState(next, push) {
    state = next;
    if (push.full || 'queue' in push) queueAt = FF.monotonicMs();
    render();
  }

  /* ---------- sending ---------- */

  /** Send a moderator event; show `done` (a string or a function of the ack) or the error. */
  function act(event, payload, done) {
    return session.call(event, payload || {}).then(function (ack) {
      var message = typeof done === 'function' ? done(ack) : done;
      if (message) FF.status(ui.status, message);
      return ack;
    }, function (err) {
      showError(err.message);
      if (err.retryable) session.resync();
      return null;
    });
  }

  function showError(message) {
    FF.status(ui.status, '⚠ ' + message, true);
  }

  /* ---------- rendering ---------- */

  function render() {
    renderHeader();
    renderSpeaker();
    renderTimer();
    renderQueue();
    renderQuestions();
    renderToggles();
    renderQuestionTranslations();
    renderSettings();
    renderFairness();
    renderSpeeches();
    renderModeration();
  }

  function renderHeader() {
    var forum = state.forum || {};
    if (forum.title) {
      FF.setText(ui.title, forum.title);
      document.title = forum.title;
    }
    var moderation = state.moderation || {};
    var pending = Number(moderation.pending_count) || 0;
    FF.show(ui.pendingBadge, !!forum.premoderation || pending > 0);
    FF.setText(ui.pendingBadge.querySelector('.label'), t('n_waiting', { n: pending }));
    ui.pendingBadge.classList.toggle('has-pending', pending > 0);
  }

  function renderSpeaker() {
    var speaker = state.speaker;
    ui.speakerLabel.classList.toggle('is-idle', !speaker);
    FF.setText(ui.speakerLabel, speaker ? speaker.label : t('nobody_speaking'));
    FF.clear(ui.speakerLang);
    if (speaker && speaker.lang) ui.speakerLang.appendChild(langNode(speaker.lang));
    var paused = !!speaker && speaker.mode !== 'speaking';
    FF.setText(ui.pause.querySelector('.label'), paused ? t('resume') : t('pause'));
    ui.interpret.setAttribute('aria-pressed', speaker && speaker.mode === 'interpreting' ? 'true' : 'false');
    [ui.pause, ui.interpret, ui.reset, ui.end].forEach(function (b) { b.disabled = !speaker; });
    ui.undo.disabled = !state.can_undo;
    ui.undo.title = state.can_undo ? t('undo_what', { what: state.can_undo }) : t('nothing_to_undo');
  }

  /** A language as "<native name> (code)", the name isolated so Arabic does not swallow the code. */
  function langNode(lang, className) {
    var name = FF.langName(lang);
    return FF.el('span', { className: className, lang: lang }, [
      FF.el('bdi', { text: name }),
      name === lang ? null : ' (' + lang + ')'
    ]);
  }

  function renderTimer() {
    if (!state) return;
    var speaker = state.speaker;
    var remaining = speaker ? FF.speakerRemaining(state) : Number((state.forum || {}).turn_seconds) || 0;
    var over = !!speaker && remaining < 0;
    var warning = !!speaker && !over && remaining <= WARN_SECONDS;
    FF.setText(ui.digits, FF.countdownText(remaining));
    FF.setText(ui.note, timerNote(speaker, over, warning));
    ui.timer.classList.toggle('is-idle', !speaker);
    ui.timer.classList.toggle('is-paused', !!speaker && speaker.mode !== 'speaking');
    ui.timer.classList.toggle('is-warning', warning);
    ui.timer.classList.toggle('is-over', over);
    FF.setText(ui.mode, speaker ? modeText(speaker) : '');
    tickWaiting();
  }

  function timerNote(speaker, over, warning) {
    if (!speaker) return '';
    var notes = [];
    if (speaker.mode === 'paused') notes.push(t('paused'));
    if (speaker.mode === 'interpreting') notes.push(t('interpreting'));
    if (over) notes.push(t('over_time'));
    else if (warning && speaker.mode === 'speaking') notes.push(t('last_seconds'));
    return notes.join(' · ');
  }

  function modeText(speaker) {
    return t('talk_this_turn', {
      mode: t('mode_' + speaker.mode),
      talk: FF.mmss(FF.speakerTalk(state)),
      interp: FF.mmss(speaker.interpreting_s || 0)
    });
  }

  /* ---------- queue ---------- */

  function renderQueue() {
    var queue = state.queue || [];
    if (selectedId != null && !queue.some(function (e) { return e.entry_id === selectedId; })) selectedId = null;
    FF.syncList(ui.queue, queue, function (e) { return e.entry_id; }, renderEntry);
    FF.setText(ui.queueCount, t('queue_count', { n: queue.length }));
    FF.show(ui.queueEmpty, queue.length === 0);
  }

  function renderEntry(li, entry, index) {
    var selected = entry.entry_id === selectedId;
    li.setAttribute('data-entry-id', entry.entry_id);
    li.className = 'queue-entry' + (selected ? ' is-selected' : '') + (entry.first_time ? ' is-first' : '');
    if (selected) li.setAttribute('aria-current', 'true');
    else li.removeAttribute('aria-current');
    FF.clear(li);
    li.appendChild(entryMain(entry, index, selected));
    li.appendChild(entryStats(entry));
    li.appendChild(entryActions(entry, index));
  }

  function entryMain(entry, index, selected) {
    return FF.el('div', { className: 'entry-main' }, [
      FF.el('span', { className: 'entry-pos', text: String(index + 1) + '.' }),
      selected ? FF.el('span', { className: 'entry-selected', text: '▶ ' + t('selected') }) : null,
      FF.userText('bdi', entry.label, { className: 'entry-label' }),
      entry.lang ? langNode(entry.lang, 'entry-lang') : null,
      entry.first_time ? FF.el('span', { className: 'badge badge-first', text: '★ ' + t('first_time') }) : null
    ]);
  }

  function entryStats(entry) {
    return FF.el('div', { className: 'entry-stats' }, [
      FF.el('span', { text: t('turns', { n: entry.turns || 0 }) }),
      FF.el('span', { text: t('talk', { t: FF.mmss(entry.talk_s) }) }),
      FF.el('span', { className: 'entry-wait', 'data-wait': Number(entry.waiting_s) || 0, text: t('waiting', { t: FF.mmss(entry.waiting_s) }) })
    ]);
  }

  function entryActions(entry, index) {
    var label = entry.label;
    var last = (state.queue || []).length - 1;
    return FF.el('div', { className: 'entry-actions' }, [
      queueButton('up', '↑', t('move_up', { label: label }), index === 0, function () { moveEntry(entry.entry_id, -1); }),
      queueButton('down', '↓', t('move_down', { label: label }), index === last, function () { moveEntry(entry.entry_id, 1); }),
      queueButton('remove', '✕', t('remove', { label: label }), false, function () { removeEntry(entry.entry_id); }),
      // The visible words start the accessible name (WCAG 2.5.3); the person's label follows, unseen.
      FF.el('button', {
        type: 'button', className: 'button-small give-floor', 'data-action': 'floor',
        on: { click: function () { giveFloor(entry.entry_id); } }
      }, [t('give_floor'), FF.el('span', { className: 'visually-hidden' }, [': ', FF.userText('bdi', label)])])
    ]);
  }

  function queueButton(action, symbol, label, disabled, onClick) {
    return FF.el('button', {
      type: 'button', className: 'button-small icon-button', 'data-action': action,
      'aria-label': label, title: label, disabled: disabled, text: symbol,
      on: { click: onClick }
    });
  }

  /** Waiting times tick locally between pushes. */
  function tickWaiting() {
    var delta = (FF.monotonicMs() - queueAt) / 1000;
    Array.prototype.forEach.call(ui.queue.querySelectorAll('.entry-wait'), function (span) {
      var base = Number(span.getAttribute('data-wait')) || 0;
      FF.setText(span, t('waiting', { t: FF.mmss(base + delta) }));
    });
  }

  function moveEntry(entryId, delta) {
    act('move_entry', { entry_id: entryId, delta: delta }, t('moved'));
  }

  function removeEntry(entryId) {
    act('remove_entry', { entry_id: entryId }, t('removed'));
  }

  function giveFloor(entryId) {
    act('start_turn', { entry_id: entryId }, speakerMessage);
  }

  function speakerMessage(ack) {
    return ack.speaker ? t('next_is', { label: ack.speaker.label }) : t('next_none');
  }

  function selectBy(step) {
    var queue = state ? state.queue || [] : [];
    if (!queue.length) return;
    var index = -1;
    queue.forEach(function (e, i) { if (e.entry_id === selectedId) index = i; });
    index = index < 0 ? (step > 0 ? 0 : queue.length - 1) : Math.min(queue.length - 1, Math.max(0, index + step));
    selectedId = queue[index].entry_id;
    renderQueue();
    var li = ui.queue.querySelector('[data-entry-id="' + cssEscape(selectedId) + '"]');
    if (li && li.scrollIntoView) li.scrollIntoView({ block: 'nearest' });
    FF.status(ui.status, t('selected_entry', { label: queue[index].label, n: index + 1, total: queue.length }));
  }

  function cssEscape(value) {
    return window.CSS && CSS.escape ? CSS.escape(String(value)) : String(value).replace(/["\\]/g, '\\$&');
  }

  function withSelected(fn) {
    if (selectedId == null) {
      selectBy(1);
      return;
    }
    fn(selectedId);
  }

  function addSpeaker(event) {
    event.preventDefault();
    var label = ui.addLabel.value.trim();
    if (!label) {
      ui.addLabel.focus();
      return;
    }
    var payload = { label: label };
    if (ui.addLang.value) payload.lang = ui.addLang.value;
    act('add_speaker', payload, t('added')).then(function (ack) {
      if (!ack) return;
      ui.addLabel.value = '';
      ui.addLabel.focus();
    });
  }

  /* ---------- turn controls ---------- */

  function nextSpeaker() {
    act('next_speaker', {}, speakerMessage);
  }

  /** Start: resume a speaker waiting with a stopped clock, or give the floor to the head of the queue. */
  function startTurn() {
    var speaker = state && state.speaker;
    if (speaker && speaker.mode !== 'speaking') act('resume_turn', {});
    else if (!speaker) act('start_turn', {}, speakerMessage);
  }

  function pauseOrResume() {
    var speaker = state && state.speaker;
    if (!speaker) return;
    act(speaker.mode === 'speaking' ? 'pause_turn' : 'resume_turn', {});
  }

  function toggleInterpreting() {
    var speaker = state && state.speaker;
    if (!speaker) return;
    act('interpret_turn', { on: speaker.mode !== 'interpreting' });
  }

  function undo() {
    act('undo', {}, function (ack) { return t('undone', { what: ack.undone || '' }); });
  }

  /* ---------- questions, round, voting ---------- */

  function renderQuestions() {
    var questions = (state.forum && state.forum.questions) || [];
    var current = state.question ? state.question.index : null;
    FF.syncList(ui.questions, questions, function (q) { return q.index; }, function (li, q) {
      var isCurrent = q.index === current;
      FF.clear(li);
      li.className = isCurrent ? 'is-current' : '';
      li.appendChild(FF.el('button', {
        type: 'button', className: 'question-button', 'data-action': 'question',
        'aria-current': isCurrent ? 'true' : null,
        on: { click: function () { setQuestion(q.index); } }
      }, [
        FF.el('kbd', { text: String(q.index + 1) }),
        FF.userText('span', q.text, { className: 'question-text' }),
        isCurrent ? FF.el('span', { className: 'badge', text: '▶ ' + t('question_current') }) : null
      ]));
    });
  }

  function setQuestion(index) {
    var questions = (state && state.forum && state.forum.questions) || [];
    if (index < 0 || index >= questions.length) return;
    act('set_question', { index: index }, t('question_set', { n: index + 1 }));
  }

  function renderToggles() {
    var round = state.round === 'first_timers';
    var voting = state.voting || {};
    setToggle(ui.round, round, round ? t('round_on') : t('round_off'));
    setToggle(ui.voting, voting.open !== false, voting.open !== false ? t('voting_open') : t('voting_closed'));
    setToggle(ui.reveal, !!voting.revealed, voting.revealed ? t('tallies_revealed') : t('tallies_hidden'));
    // Revealing means something only while the forum hides tallies from someone.
    ui.reveal.hidden = !tallyHiding();
  }

  function tallyHiding() {
    return !!(state && state.forum && state.forum.hide_tallies && state.forum.hide_tallies !== 'none');
  }

  function setToggle(button, on, text) {
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
    FF.setText(button.querySelector('.label'), text);
  }

  function toggleRound() {
    act('first_timers_round', { on: state.round !== 'first_timers' });
  }

  function toggleVoting() {
    var voting = state.voting || {};
    act('set_voting', { open: voting.open === false });
  }

  function toggleReveal() {
    if (!tallyHiding()) return;
    var voting = state.voting || {};
    act('reveal_tallies', { revealed: !voting.revealed });
  }

  function renderQuestionTranslations() {
    var q = state.question;
    var translations = (q && q.translations) || {};
    var langs = Object.keys(translations);
    FF.syncList(ui.qtList, langs, function (lang) { return lang; }, function (li, lang) {
      FF.clear(li);
      li.appendChild(langNode(lang, 'translation-lang'));
      li.appendChild(document.createTextNode(': '));
      li.appendChild(FF.userText('span', translations[lang], { lang: lang }));
    });
    if (!qtTouched && document.activeElement !== ui.qtText) ui.qtText.value = translations[ui.qtLang.value] || '';
  }

  function saveQuestionTranslation(event) {
    event.preventDefault();
    if (!state || !state.question) return;
    var payload = { index: state.question.index, lang: ui.qtLang.value, text: ui.qtText.value.trim() };
    act('set_question_translation', payload, t('saved')).then(function (ack) {
      if (ack) qtTouched = false;
    });
  }

  /* ---------- settings ---------- */

  function renderSettings() {
    var forum = state.forum || {};
    Array.prototype.forEach.call(ui.settings.elements, function (input) {
      if (!input.name || !(input.name in forum) || input === document.activeElement) return;
      if (input.type === 'checkbox') input.checked = !!forum[input.name];
      else input.value = forum[input.name] == null ? '' : String(forum[input.name]);
    });
  }

  function saveSetting(event) {
    var input = event.target;
    if (!input.name) return;
    var value = input.type === 'checkbox' ? input.checked : input.value;
    if (input.type === 'number') {
      if (input.value === '' || !input.checkValidity()) {
        showError(input.validationMessage || t('refused'));
        return;
      }
      value = Number(input.value);
    }
    var payload = {};
    payload[input.name] = value;
    act('update_settings', payload, t('saved'));
  }

  /* ---------- fairness and speeches ---------- */

  function renderFairness() {
    var fair = state.fairness || {};
    FF.setText(ui.fairDistinct, String(fair.distinct_speakers || 0));
    FF.setText(ui.fairFirst, String(fair.first_time_speakers || 0));
    FF.setText(ui.fairTop3, fair.top3_share == null ? '–' : t('share', { n: percent(fair.top3_share) }));
    FF.setText(ui.fairTotal, FF.mmss(fair.total_talk_s || 0));
    var people = (fair.people || []).slice().sort(function (a, b) { return (b.talk_s || 0) - (a.talk_s || 0); });
    var max = people.reduce(function (m, p) { return Math.max(m, Number(p.talk_s) || 0); }, 0);
    FF.syncList(ui.fairPeople, people, function (p) { return p.person; }, function (li, p) { renderPerson(li, p, max); });
    FF.show(ui.fairEmpty, people.length === 0);
  }

  /** top3_share may come as a fraction (0.45) or a percentage (45). */
  function percent(share) {
    var n = Number(share) || 0;
    return Math.round(n <= 1 ? n * 100 : n);
  }

  function renderPerson(li, person, max) {
    var width = max > 0 ? Math.max(1, Math.round((Number(person.talk_s) || 0) / max * 100)) : 0;
    li.className = 'fair-person';
    FF.clear(li);
    li.appendChild(FF.el('div', { className: 'fair-line' }, [
      FF.userText('bdi', person.label || person.person, { className: 'fair-label' }),
      FF.el('span', { className: 'fair-figures', text: t('person_line', {
        talk: FF.mmss(person.talk_s), turns: person.turns || 0, wait: FF.mmss(person.wait_s)
      }) })
    ]));
    var fill = FF.el('div', { className: 'bar-fill' });
    fill.style.inlineSize = width + '%';
    fill.style.width = width + '%';
    li.appendChild(FF.el('div', { className: 'bar', 'aria-hidden': 'true' }, [fill]));
  }

  function renderSpeeches() {
    var speeches = (state.speeches || []).slice(-SPEECHES_SHOWN).reverse();
    FF.clear(ui.speeches);
    speeches.forEach(function (s) {
      var question = typeof s.question === 'number' ? s.question + 1 : (s.question || '');
      ui.speeches.appendChild(FF.el('li', {}, [
        FF.userText('bdi', s.label || s.speaker),
        ' · ',
        s.lang ? langNode(s.lang, 'speech-meta') : null,
        FF.el('span', { className: 'speech-meta', text: (s.lang ? ' · ' : '') +
          t('question_n', { n: question }) + ' · ' + FF.mmss(s.duration_s) })
      ]));
    });
    FF.show(ui.speechesEmpty, speeches.length === 0);
  }

  /* ---------- suggestion moderation ---------- */

  function moderationItems() {
    var all = (state.moderation && state.moderation.suggestions) || [];
    var current = state.question ? state.question.index : null;
    var filter = ui.modFilter.value;
    return all.filter(function (s) {
      if (filter === 'pending') return !s.approved && !s.hidden && s.merged_into == null;
      if (filter === 'hidden') return !!s.hidden;
      if (filter === 'current') return s.question === current || s.question == null;
      return true;
    }).sort(function (a, b) {
      return (a.approved ? 1 : 0) - (b.approved ? 1 : 0) || FF.byPinnedThenVotes(a, b);
    });
  }

  function renderModeration() {
    var items = moderationItems();
    FF.syncList(ui.moderation, items, function (s) { return s.id; }, renderModItem, {
      skip: function (s, li) {
        if (!openForms[s.id]) return false;
        FF.setText(li.querySelector('.mod-votes'), votesLabel(s));
        return true;
      }
    });
    FF.setText(ui.modCount, t('queue_count', { n: items.length }));
    FF.show(ui.modEmpty, items.length === 0);
  }

  function votesLabel(s) {
    return s.votes == null ? '–' : FF.votesText(s.votes);
  }

  function renderModItem(li, s) {
    li.setAttribute('data-id', s.id);
    li.className = 'mod-item' + (s.hidden ? ' is-hidden' : '') + (!s.approved ? ' is-pending' : '') + (s.pinned ? ' is-pinned' : '');
    FF.clear(li);
    li.appendChild(modHead(s));
    li.appendChild(FF.userText('p', s.text, { className: 'mod-text' }));
    if (s.original && s.original !== s.text) {
      li.appendChild(FF.el('p', { className: 'mod-original' }, [t('original') + ' ', FF.userText('span', s.original)]));
    }
    li.appendChild(modTranslations(s));
    li.appendChild(modActions(s));
    if (openForms[s.id]) li.appendChild(modForm(s, openForms[s.id]));
  }

  function modHead(s) {
    var showQuestion = ui.modFilter.value !== 'current' && typeof s.question === 'number';
    return FF.el('p', { className: 'mod-head' }, [
      FF.el('span', { className: 'mod-id', text: '#' + s.id }),
      FF.el('span', { className: 'mod-votes', text: votesLabel(s) }),
      s.author ? FF.el('span', { className: 'mod-author', text: t('author', { author: s.author }) }) : null,
      showQuestion ? FF.el('span', { text: t('question_n', { n: s.question + 1 }) }) : null,
      !s.approved ? FF.el('span', { className: 'badge badge-pending', text: '⏳ ' + t('badge_pending') }) : null,
      s.hidden ? FF.el('span', { className: 'badge badge-hidden', text: '🚫 ' + t('badge_hidden') }) : null,
      s.pinned ? FF.el('span', { className: 'badge badge-pinned', text: '📌 ' + t('badge_pinned') }) : null,
      s.original && s.original !== s.text ? FF.el('span', { className: 'badge', text: '✎ ' + t('badge_edited') }) : null,
      s.merged_into != null ? FF.el('span', { className: 'badge badge-hidden', text: '⇢ ' + t('badge_merged', { id: s.merged_into }) }) : null
    ]);
  }

  function modTranslations(s) {
    var translations = s.translations || {};
    return FF.el('ul', { className: 'mod-translations' }, Object.keys(translations).map(function (lang) {
      return FF.el('li', {}, [
        langNode(lang, 'translation-lang'), ': ',
        FF.userText('span', translations[lang], { lang: lang })
      ]);
    }));
  }

  function modActions(s) {
    var id = s.id;
    var buttons = [];
    if (!s.approved) buttons.push(modButton('approve', t('approve'), function () { act('approve_suggestion', { suggestion_id: id }, t('saved')); }, 'button-primary'));
    buttons.push(s.hidden ?
      modButton('unhide', t('unhide'), function () { act('unhide_suggestion', { suggestion_id: id }, t('saved')); }) :
      modButton('hide', t('hide'), function () { act('hide_suggestion', { suggestion_id: id }, t('saved')); }));
    buttons.push(modButton('pin', s.pinned ? t('unpin') : t('pin'), function () { act('pin_suggestion', { suggestion_id: id, pinned: !s.pinned }, t('saved')); }));
    buttons.push(modButton('edit', t('edit'), function () { openForm(id, 'edit'); }));
    buttons.push(modButton('translate', t('translate'), function () { openForm(id, 'translate'); }));
    if (s.merged_into == null) buttons.push(modButton('merge', t('merge'), function () { openForm(id, 'merge'); }));
    return FF.el('div', { className: 'mod-actions' }, buttons);
  }

  function modButton(action, text, onClick, extraClass) {
    return FF.el('button', {
      type: 'button', className: 'button-small' + (extraClass ? ' ' + extraClass : ''),
      'data-action': action, text: text, on: { click: onClick }
    });
  }

  function openForm(id, kind) {
    openForms[id] = kind;
    renderOneModItem(id);
    var li = modItemNode(id);
    var field = li && li.querySelector('.mod-form textarea, .mod-form select');
    if (field) field.focus();
  }

  function closeForm(id, action) {
    delete openForms[id];
    renderModeration();
    var li = modItemNode(id);
    var button = li && li.querySelector('[data-action="' + action + '"]');
    if (button) button.focus();
  }

  function modItemNode(id) {
    return ui.moderation.querySelector('[data-key="' + cssEscape(id) + '"]');
  }

  function renderOneModItem(id) {
    var li = modItemNode(id);
    var s = findModSuggestion(id);
    if (li && s) renderModItem(li, s);
  }

  function findModSuggestion(id) {
    var all = (state.moderation && state.moderation.suggestions) || [];
    for (var i = 0; i < all.length; i++) if (String(all[i].id) === String(id)) return all[i];
    return null;
  }

  function modForm(s, kind) {
    if (kind === 'edit') return editForm(s);
    if (kind === 'translate') return translateForm(s);
    return mergeForm(s);
  }

  function formShell(s, kind, fields, onSubmit) {
    var form = FF.el('form', { className: 'mod-form stack-form' }, fields.concat([
      FF.el('div', { className: 'button-row' }, [
        FF.el('button', { type: 'submit', className: 'button-small button-primary', text: t('save') }),
        FF.el('button', { type: 'button', className: 'button-small', text: t('cancel'), on: { click: function () { closeForm(s.id, kind); } } })
      ])
    ]));
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      onSubmit(form);
    });
    form.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') {
        event.stopPropagation();
        closeForm(s.id, kind);
      }
    });
    return form;
  }

  function labelled(id, text, control) {
    control.id = id;
    return FF.el('div', { className: 'field' }, [FF.el('label', { for: id, text: text }), control]);
  }

  function editForm(s) {
    var area = FF.el('textarea', { rows: 3, maxlength: 500, dir: 'auto' });
    area.value = s.text;
    return formShell(s, 'edit', [labelled('edit-' + s.id, t('edit_label'), area)], function () {
      act('edit_suggestion', { suggestion_id: s.id, text: area.value.trim() }, t('saved')).then(function (ack) {
        if (ack) closeForm(s.id, 'edit');
      });
    });
  }

  function translateForm(s) {
    var select = languageSelect();
    var area = FF.el('textarea', { rows: 2, maxlength: 500, dir: 'auto' });
    var translations = s.translations || {};
    select.addEventListener('change', function () { area.value = translations[select.value] || ''; });
    area.value = translations[select.value] || '';
    return formShell(s, 'translate', [
      labelled('tr-lang-' + s.id, t('translate_lang'), select),
      labelled('tr-text-' + s.id, t('translate_text'), area)
    ], function () {
      act('translate_suggestion', { suggestion_id: s.id, lang: select.value, text: area.value.trim() }, t('saved')).then(function (ack) {
        if (ack) closeForm(s.id, 'translate');
      });
    });
  }

  function languageSelect() {
    return FF.el('select', {}, FF.languages.map(function (pair) {
      return FF.el('option', { value: pair[0], lang: pair[0], dir: 'auto', text: pair[1] + ' (' + pair[0] + ')' });
    }));
  }

  function mergeForm(s) {
    var targets = ((state.moderation && state.moderation.suggestions) || []).filter(function (o) {
      return o.id !== s.id && o.question === s.question && o.merged_into == null;
    });
    if (!targets.length) {
      return formShell(s, 'merge', [FF.el('p', { className: 'hint', text: t('merge_none') })], function () { closeForm(s.id, 'merge'); });
    }
    var select = FF.el('select', {}, targets.map(function (o) {
      return FF.el('option', { value: String(o.id), dir: 'auto', text: '#' + o.id + ' ' + shorten(o.text, 70) });
    }));
    return formShell(s, 'merge', [labelled('merge-' + s.id, t('merge_into'), select)], function () {
      var target = targets[select.selectedIndex];
      act('merge_suggestion', { suggestion_id: s.id, into: target.id }, t('merged')).then(function (ack) {
        if (ack) closeForm(s.id, 'merge');
      });
    });
  }

  function shorten(text, n) {
    text = String(text || '');
    return text.length > n ? text.slice(0, n - 1) + '…' : text;
  }

  function showPending(event) {
    event.preventDefault();
    ui.modFilter.value = 'pending';
    if (state) renderModeration();
    $('moderation-panel').scrollIntoView({ block: 'start' });
    ui.modFilter.focus();
  }

  /* ---------- keyboard ---------- */

  var SHORTCUTS = {
    n: nextSpeaker,
    s: startTurn,
    ' ': pauseOrResume,
    i: toggleInterpreting,
    r: function () { act('reset_timer', {}); },
    e: function () { act('end_turn', {}); },
    z: undo,
    j: function () { selectBy(1); },
    k: function () { selectBy(-1); },
    u: function () { withSelected(function (id) { moveEntry(id, -1); }); },
    d: function () { withSelected(function (id) { moveEntry(id, 1); }); },
    g: function () { withSelected(giveFloor); },
    delete: function () { withSelected(removeEntry); },
    backspace: function () { withSelected(removeEntry); },
    a: function () { ui.addLabel.focus(); },
    f: toggleRound,
    v: toggleVoting,
    t: toggleReveal,
    '?': openHelp
  };

  function onKey(event) {
    if (event.defaultPrevented || ui.help.open) return;
    if (FF.isTyping(event)) {
      if (event.key === 'Escape') event.target.blur();
      return;
    }
    var action = shortcutFor(event);
    if (!action || !state) return;
    event.preventDefault();
    action();
  }

  function shortcutFor(event) {
    var key = event.key.length === 1 ? event.key.toLowerCase() : event.key.toLowerCase();
    if ((event.ctrlKey || event.metaKey) && !event.altKey && key === 'z') return undo;
    if (event.ctrlKey || event.metaKey || event.altKey) return null;
    if (event.shiftKey && key === 'arrowup') return SHORTCUTS.u;
    if (event.shiftKey && key === 'arrowdown') return SHORTCUTS.d;
    var tag = event.target && event.target.tagName;
    var onControl = tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY' || tag === 'INPUT';
    if (onControl && (key === ' ' || key === 'enter')) return null; // let the focused control work
    if (/^[1-9]$/.test(key)) return function () { setQuestion(Number(key) - 1); };
    if (event.key === '?') return SHORTCUTS['?'];
    return Object.prototype.hasOwnProperty.call(SHORTCUTS, key) ? SHORTCUTS[key] : null;
  }

  function openHelp() {
    if (ui.help.showModal) ui.help.showModal();
    else ui.help.setAttribute('open', '');
  }

  /* ---------- wiring ---------- */

  function wire() {
    ui.next.addEventListener('click', nextSpeaker);
    ui.start.addEventListener('click', startTurn);
    ui.pause.addEventListener('click', pauseOrResume);
    ui.interpret.addEventListener('click', toggleInterpreting);
    ui.reset.addEventListener('click', SHORTCUTS.r);
    ui.end.addEventListener('click', SHORTCUTS.e);
    ui.undo.addEventListener('click', undo);
    ui.addForm.addEventListener('submit', addSpeaker);
    ui.round.addEventListener('click', toggleRound);
    ui.voting.addEventListener('click', toggleVoting);
    ui.reveal.addEventListener('click', toggleReveal);
    ui.qtForm.addEventListener('submit', saveQuestionTranslation);
    ui.qtText.addEventListener('input', function () { qtTouched = true; });
    ui.qtLang.addEventListener('change', function () {
      qtTouched = false;
      if (state) renderQuestionTranslations();
    });
    ui.settings.addEventListener('change', saveSetting);
    ui.settings.addEventListener('submit', function (event) { event.preventDefault(); });
    ui.modFilter.addEventListener('change', function () { if (state) renderModeration(); });
    ui.pendingBadge.addEventListener('click', showPending);
    ui.helpOpen.addEventListener('click', openHelp);
    ui.queue.addEventListener('click', selectClicked);
    document.addEventListener('keydown', onKey);
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible') session.resync();
    });
    FF.every(250, renderTimer);
  }

  /** Clicking an entry (not one of its buttons) selects it for the keyboard. */
  function selectClicked(event) {
    var li = event.target.closest && event.target.closest('[data-entry-id]');
    if (!li || event.target.closest('button')) return;
    var id = li.getAttribute('data-key');
    var entry = (state.queue || []).filter(function (e) { return String(e.entry_id) === id; })[0];
    if (entry) {
      selectedId = entry.entry_id;
      renderQueue();
    }
  }

  function hideKeyFromAddressBar() {
    if (!window.history || !history.replaceState || !/[?&]key=/.test(window.location.search)) return;
    var params = new URLSearchParams(window.location.search);
    params.delete('key');
    var query = params.toString();
    history.replaceState(null, '', window.location.pathname + (query ? '?' + query : '') + window.location.hash);
  }

  var initialKey = joinExtra().key;
  if (initialKey) FF.config.key = initialKey;
  hideKeyFromAddressBar();
  wire();
})();
