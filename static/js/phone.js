/* The participant's phone page: question, who speaks, raise/lower hand, suggestions and votes. */
(function () {
  'use strict';

  var t = FF.t;
  var $ = FF.byId;
  var code = FF.forumCode();
  var pageLang = document.documentElement.lang || 'en';
  var TOKEN_KEY = 'ff_token_' + code;
  var PENDING_KEY = 'ff_pending_' + code;
  var HAND_LANG_KEY = 'ff_hand_lang';
  var MAX_SUGGESTION = 500;

  var ui = {
    status: $('status'),
    banner: $('conn-banner'),
    title: $('forum-title'),
    round: $('round-banner'),
    notice: $('notice'),
    noticeText: $('notice-text'),
    noticeOk: $('notice-ok'),
    question: $('question'),
    questionTranslation: $('question-translation'),
    speaker: $('speaker-now'),
    firstTime: $('first-time'),
    handLang: $('hand-lang'),
    raise: $('raise-hand'),
    position: $('my-position'),
    nameForm: $('name-form'),
    name: $('my-name'),
    suggestForm: $('suggest-form'),
    suggestText: $('suggest-text'),
    suggestSend: $('suggest-send'),
    counter: $('suggest-count'),
    pending: $('my-pending'),
    votingClosed: $('voting-closed'),
    votesLeft: $('votes-left'),
    list: $('suggestions'),
    empty: $('no-suggestions'),
    sortButtons: document.querySelectorAll('.sort-button')
  };

  var state = null;
  var sortMode = 'votes';
  var order = [];               // suggestion ids in shown order; kept stable so taps do not land on a moved item
  var pendingTexts = FF.store.getJSON(PENDING_KEY, {});
  var draft = { text: null, clientId: null };
  var lastPosition;             // undefined until the first render, so a page load does not buzz
  var wasSpeaking;
  var noticeTimer = null;
  var noticeKind = null;        // 'next' | 'turn': what the shown notice is about
  var busy = { hand: false, suggest: false };

  var session = new FF.Session({
    code: code,
    role: 'participant',
    banner: ui.banner,
    joinExtra: joinExtra,
    onJoined: onJoined,
    onState: onState,
    onNotice: onNotice,
    onError: showError
  });

  /* ---------- joining ---------- */

  function joinExtra() {
    var extra = { lang: pageLang };
    var token = FF.store.get(TOKEN_KEY);
    if (token) extra.token = token;
    return extra;
  }

  function onJoined(ack) {
    if (ack.token) FF.store.set(TOKEN_KEY, ack.token);
    order = [];
  }

  function onState(next, push) {
    state = next;
    if (push.full) order = [];
    render();
  }

  /* ---------- rendering ---------- */

  function render() {
    var me = state.me || {};
    renderTitle();
    renderQuestion();
    renderSpeaker(me);
    renderRound(me);
    renderHand(me);
    renderName(me);
    renderVoting(me);
    renderSuggestions(me);
    renderPending(me);
  }

  function renderTitle() {
    var forum = state.forum || {};
    if (forum.title) {
      FF.setText(ui.title, forum.title);
      document.title = forum.title;
    }
  }

  function renderQuestion() {
    var q = state.question;
    FF.setText(ui.question, q ? q.text : t('not_started'));
    var translation = q && q.translations && q.translations[pageLang];
    FF.show(ui.questionTranslation, !!translation && translation !== q.text);
    FF.setText(ui.questionTranslation, translation || '');
    ui.questionTranslation.setAttribute('lang', pageLang);
  }

  function renderSpeaker(me) {
    var speaker = state.speaker;
    FF.clear(ui.speaker);
    if (!speaker) {
      ui.speaker.textContent = t('nobody_speaking');
      return;
    }
    if (isSpeaking(me)) {
      ui.speaker.appendChild(FF.el('strong', { className: 'you-speak', text: t('you_are_speaking') }));
      ui.speaker.appendChild(document.createTextNode(' '));
    }
    ui.speaker.appendChild(FF.userText('bdi', speaker.label, { className: 'speaker-label' }));
    if (speaker.lang) {
      ui.speaker.appendChild(document.createTextNode(' · '));
      ui.speaker.appendChild(FF.el('span', { className: 'lang-tag', lang: speaker.lang, dir: 'auto', text: FF.langName(speaker.lang) }));
    }
  }

  function renderRound(me) {
    var firstTimers = state.round === 'first_timers';
    FF.show(ui.round, firstTimers && me.first_time !== false);
  }

  function renderHand(me) {
    var inQueue = me.position != null;
    var speaking = isSpeaking(me);
    ui.raise.setAttribute('aria-pressed', inQueue ? 'true' : 'false');
    ui.raise.classList.toggle('is-raised', inQueue);
    FF.setText(ui.raise.querySelector('.label'), inQueue ? t('lower') : t('raise'));
    ui.raise.disabled = busy.hand;
    ui.handLang.disabled = inQueue;
    FF.show(ui.firstTime, !!me.first_time && !inQueue && !speaking);
    FF.setText(ui.position, positionText(me, inQueue, speaking));
    ui.position.classList.toggle('is-next', me.position === 1 || speaking);
    alertOnChange(me, speaking);
  }

  function isSpeaking(me) {
    return !!me.speaking || !!(state.speaker && me.person && state.speaker.person === me.person);
  }

  function positionText(me, inQueue, speaking) {
    if (speaking) return t('you_are_speaking');
    if (!inQueue) return t('hand_down');
    if (me.position === 1) return t('you_are_next');
    return t('position', { n: me.position, m: estimateMinutes(me.position) });
  }

  /** About how many minutes until this position speaks: what is left of the current turn plus average turns. */
  function estimateMinutes(position) {
    var average = averageTurnSeconds();
    var seconds = (position - 1) * average;
    seconds += state.speaker ? Math.max(0, FF.speakerRemaining(state)) : average;
    return Math.max(1, Math.round(seconds / 60));
  }

  function averageTurnSeconds() {
    var forum = state.forum || {};
    var limit = Number(forum.turn_seconds) || 120;
    var talk = 0;
    var turns = 0;
    (state.queue || []).forEach(function (entry) {
      talk += Number(entry.talk_s) || 0;
      turns += Number(entry.turns) || 0;
    });
    if (turns < 3) return limit;
    return Math.min(limit, Math.max(20, talk / turns));
  }

  function alertOnChange(me, speaking) {
    var first = lastPosition === undefined;
    // A notice about a turn that has moved on misleads ("It is your turn" while someone else speaks).
    if (!first && noticeKind === 'turn' && wasSpeaking && !speaking) hideNotice();
    if (!first && noticeKind === 'next' && lastPosition === 1 && me.position !== 1 && !speaking) hideNotice();
    if (!first && me.position === 1 && lastPosition !== 1) vibrate([200, 100, 200]);
    if (!first && speaking && !wasSpeaking) {
      vibrate([400, 150, 400]);
      showNotice(t('your_turn'), 'turn');
    }
    lastPosition = me.position;
    wasSpeaking = speaking;
  }

  function renderName(me) {
    if (document.activeElement !== ui.name && !ui.name.value && me.name) ui.name.value = me.name;
  }

  function renderVoting(me) {
    var open = votingOpen();
    FF.show(ui.votingClosed, !open);
    var left = me.votes_left;
    var text = '';
    if (open && left != null) text = left > 0 ? t('votes_left', { n: left }) : t('no_votes_left');
    FF.setText(ui.votesLeft, text);
    FF.show(ui.votesLeft, !!text);
  }

  function votingOpen() {
    return !state.voting || state.voting.open !== false;
  }

  /* ---------- suggestions ---------- */

  function renderSuggestions(me) {
    var suggestions = state.suggestions || [];
    var byId = {};
    suggestions.forEach(function (s) { byId[s.id] = s; });
    order = stableOrder(suggestions, byId);
    var items = order.map(function (id) { return byId[id]; });
    FF.syncList(ui.list, items, function (s) { return s.id; }, function (li, s) { renderSuggestion(li, s, me); });
    FF.show(ui.empty, items.length === 0);
  }

  /** Keep the order the phone already shows; put new suggestions where the chosen sort puts them. */
  function stableOrder(suggestions, byId) {
    if (!order.length) return sortedIds(suggestions);
    var kept = order.filter(function (id) { return byId[id]; });
    var fresh = sortedIds(suggestions.filter(function (s) { return kept.indexOf(s.id) < 0; }));
    return sortMode === 'newest' ? fresh.concat(kept) : kept.concat(fresh);
  }

  function sortedIds(suggestions) {
    var compare = sortMode === 'newest' ? FF.byPinnedThenNewest : FF.byPinnedThenVotes;
    return suggestions.slice().sort(compare).map(function (s) { return s.id; });
  }

  function renderSuggestion(li, s, me) {
    var mine = (me.my_suggestions || []).indexOf(s.id) >= 0;
    var voted = (me.my_votes || []).indexOf(s.id) >= 0;
    li.setAttribute('data-id', s.id);
    li.className = 'suggestion' + (voted ? ' is-voted' : '') + (s.pinned ? ' is-pinned' : '');
    FF.clear(li);
    li.appendChild(FF.userText('p', s.text, { className: 'suggestion-text' }));
    var translation = s.translations && s.translations[pageLang];
    if (translation && translation !== s.text) {
      li.appendChild(FF.userText('p', translation, { className: 'suggestion-translation', lang: pageLang }));
    }
    li.appendChild(suggestionMeta(s, mine, voted));
    li.appendChild(voteButton(s, voted, me));
  }

  function suggestionMeta(s, mine, voted) {
    var hidden = s.votes == null || (state.voting && state.voting.tallies_visible === false);
    return FF.el('p', { className: 'suggestion-meta' }, [
      FF.el('span', { className: 'votes' + (hidden ? ' is-hidden' : ''), text: hidden ? t('votes_hidden') : FF.votesText(s.votes) }),
      s.pinned ? FF.el('span', { className: 'badge badge-pinned', text: '📌 ' + t('pinned') }) : null,
      mine ? FF.el('span', { className: 'badge badge-yours', text: '✎ ' + t('yours') }) : null,
      voted ? FF.el('span', { className: 'badge badge-voted', text: '✓ ' + t('voted') }) : null
    ]);
  }

  function voteButton(s, voted, me) {
    var noBudget = !voted && me.votes_left != null && me.votes_left <= 0;
    return FF.el('button', {
      type: 'button',
      className: 'vote' + (voted ? ' is-voted' : ''),
      'data-action': 'vote',
      disabled: !votingOpen() || noBudget,
      text: voted ? '✓ ' + t('unvote') : '👍 ' + t('vote'),
      on: { click: function () { toggleVote(s.id, voted); } }
    });
  }

  function toggleVote(id, voted) {
    var me = state.me || {};
    session.call(voted ? 'unvote' : 'vote', { suggestion_id: id }).then(function (ack) {
      var mine = (me.my_votes || []).filter(function (v) { return v !== id; });
      if (!voted) mine.push(id);
      me.my_votes = mine;
      if ('votes_left' in ack) me.votes_left = ack.votes_left;
      FF.status(ui.status, voted ? t('vote_removed') : t('vote_recorded'));
      render();
    }, failed);
  }

  function setSort(mode) {
    sortMode = mode;
    order = [];
    Array.prototype.forEach.call(ui.sortButtons, function (b) {
      b.setAttribute('aria-pressed', b.getAttribute('data-sort') === mode ? 'true' : 'false');
    });
    if (state) render();
  }

  function renderPending(me) {
    var ids = me.pending || [];
    var items = ids.map(function (id) { return { id: id, text: pendingTexts[id] }; });
    FF.syncList(ui.pending, items, function (p) { return p.id; }, function (li, p) {
      FF.clear(li);
      li.className = 'pending-item';
      li.appendChild(FF.el('span', { className: 'badge badge-pending', text: '⏳ ' + t('waiting_moderator') }));
      li.appendChild(p.text ? FF.userText('p', p.text) : FF.el('p', { text: t('pending_unknown') }));
    });
    FF.show(ui.pending, items.length > 0);
    forgetApproved(ids);
  }

  function forgetApproved(pendingIds) {
    var changed = false;
    Object.keys(pendingTexts).forEach(function (id) {
      if (pendingIds.indexOf(id) < 0 && pendingIds.indexOf(Number(id)) < 0) {
        delete pendingTexts[id];
        changed = true;
      }
    });
    if (changed) FF.store.setJSON(PENDING_KEY, pendingTexts);
  }

  /* ---------- actions ---------- */

  function toggleHand() {
    if (busy.hand || !state) return;
    var me = state.me || {};
    var raising = me.position == null;
    busy.hand = true;
    ui.raise.disabled = true;
    if (raising) FF.store.set(HAND_LANG_KEY, ui.handLang.value);
    var call = raising ? session.call('hand_raise', { lang: ui.handLang.value }) : session.call('hand_lower', {});
    call.then(function (ack) {
      me.position = raising ? ack.position : null;
      if (raising && ack.entry_id != null) me.entry_id = ack.entry_id;
      FF.status(ui.status, raising ? t('hand_raised') : t('hand_lowered'));
    }, failed).then(function () {
      busy.hand = false;
      render();
    });
  }

  function sendSuggestion(event) {
    event.preventDefault();
    var text = ui.suggestText.value.trim();
    if (!text) {
      FF.status(ui.status, t('write_something'), true);
      ui.suggestText.focus();
      return;
    }
    if (busy.suggest) return;
    if (draft.text !== text) draft = { text: text, clientId: FF.randomId() };
    busy.suggest = true;
    ui.suggestSend.disabled = true;
    session.call('suggest', { text: text, client_id: draft.clientId }, { retries: 2 }).then(function (ack) {
      suggestionSent(ack, text);
    }, failed).then(function () {
      busy.suggest = false;
      ui.suggestSend.disabled = false;
    });
  }

  function suggestionSent(ack, text) {
    var forum = (state && state.forum) || {};
    var me = (state && state.me) || {};
    var visible = (state && state.suggestions || []).some(function (s) { return s.id === ack.suggestion_id; });
    if (forum.premoderation && !visible) {
      pendingTexts[ack.suggestion_id] = text;
      FF.store.setJSON(PENDING_KEY, pendingTexts);
      me.pending = (me.pending || []).filter(function (id) { return id !== ack.suggestion_id; }).concat([ack.suggestion_id]);
    }
    draft = { text: null, clientId: null };
    ui.suggestText.value = '';
    updateCounter();
    FF.status(ui.status, forum.premoderation ? t('sent_pending') : t('sent'));
    if (state) render();
  }

  function updateCounter() {
    var n = ui.suggestText.value.length;
    FF.setText(ui.counter, t('counter', { n: n, max: MAX_SUGGESTION }));
    ui.counter.classList.toggle('is-near-limit', n > MAX_SUGGESTION - 50);
  }

  function saveName(event) {
    event.preventDefault();
    var name = ui.name.value.trim();
    session.call('set_name', { name: name }).then(function () {
      FF.status(ui.status, name ? t('name_saved') : t('name_saved_empty'));
    }, failed);
  }

  /* ---------- notices and errors ---------- */

  function onNotice(notice) {
    if (notice.kind === 'your_turn_next') {
      vibrate([200, 100, 200]);
      showNotice(t('you_are_next'), 'next');
    } else if (notice.kind === 'your_turn') {
      vibrate([400, 150, 400]);
      showNotice(t('your_turn'), 'turn');
    }
  }

  function showNotice(text, kind) {
    FF.setText(ui.noticeText, text);
    ui.notice.hidden = false;
    noticeKind = kind;
    window.clearTimeout(noticeTimer);
    noticeTimer = window.setTimeout(hideNotice, 15000);
  }

  function hideNotice() {
    window.clearTimeout(noticeTimer);
    ui.notice.hidden = true;
    noticeKind = null;
  }

  /** Buzz the phone; browsers allow it only after the person has touched the page once. */
  function vibrate(pattern) {
    var activation = navigator.userActivation;
    if (!navigator.vibrate || (activation && !activation.hasBeenActive)) return;
    try {
      navigator.vibrate(pattern);
    } catch (e) { /* some browsers refuse without a gesture */ }
  }

  function showError(message) {
    FF.status(ui.status, '⚠ ' + message, true);
  }

  /** A refused or unanswered action: show why; if unanswered, fetch the truth from the server. */
  function failed(err) {
    showError(err.message);
    if (err.retryable) session.resync();
  }

  function onVisibility() {
    if (document.visibilityState !== 'visible') return;
    if (session.joined) session.resync();
    else if (!session.socket.connected) session.socket.connect();
  }

  /* ---------- wiring ---------- */

  function restoreHandLang() {
    var saved = FF.store.get(HAND_LANG_KEY);
    if (!saved) return;
    for (var i = 0; i < ui.handLang.options.length; i++) {
      if (ui.handLang.options[i].value === saved) ui.handLang.value = saved;
    }
  }

  restoreHandLang();
  updateCounter();
  ui.raise.addEventListener('click', toggleHand);
  ui.suggestForm.addEventListener('submit', sendSuggestion);
  ui.suggestText.addEventListener('input', updateCounter);
  ui.nameForm.addEventListener('submit', saveName);
  ui.noticeOk.addEventListener('click', hideNotice);
  Array.prototype.forEach.call(ui.sortButtons, function (b) {
    b.addEventListener('click', function () { setSort(b.getAttribute('data-sort')); });
  });
  document.addEventListener('visibilitychange', onVisibility);
})();
