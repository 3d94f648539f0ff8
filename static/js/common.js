/* Shared helpers for the phone, board and console pages. Plain ES2017, no framework.
 * Exposes one global, FF. User text is only ever inserted with textContent. */
(function () {
  'use strict';

  /* ---------- page data ---------- */

  function readJSON(id, fallback) {
    var node = document.getElementById(id);
    if (!node) return fallback;
    try {
      var value = JSON.parse(node.textContent);
      return value == null ? fallback : value;
    } catch (e) {
      return fallback;
    }
  }

  var strings = readJSON('i18n', {});
  var config = readJSON('page-config', {});
  var languages = readJSON('languages', []);

  /** A translated string from the page's #i18n dict, with {name} placeholders filled. */
  function t(key, vars) {
    var text = Object.prototype.hasOwnProperty.call(strings, key) ? String(strings[key]) : key;
    if (!vars) return text;
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole;
    });
  }

  /** "{n} votes" with a separate string for exactly one. */
  function votesText(n) {
    return t(n === 1 ? 'vote_one' : 'votes_n', { n: n });
  }

  /** The forum code: from page-config, else from the data-code attribute of <body>. */
  function forumCode() {
    return config.code || document.body.getAttribute('data-code') || '';
  }

  /** The native name of a language code, or the code itself. */
  function langName(code) {
    if (!code) return '';
    for (var i = 0; i < languages.length; i++) {
      if (languages[i][0] === code) return languages[i][1];
    }
    return code;
  }

  /* ---------- DOM ---------- */

  /** Build an element. props: text, className, on {event: fn}, any other attribute. */
  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      var value = props[key];
      if (value == null || value === false) return;
      if (key === 'text') node.textContent = String(value);
      else if (key === 'className') node.className = value;
      else if (key === 'on') bindAll(node, value);
      else node.setAttribute(key, value === true ? '' : String(value));
    });
    (children || []).forEach(function (child) {
      if (child == null || child === false) return;
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function bindAll(node, handlers) {
    Object.keys(handlers).forEach(function (name) { node.addEventListener(name, handlers[name]); });
  }

  /** An element holding user text: textContent only, direction decided by the text itself. */
  function userText(tag, text, props) {
    return el(tag, Object.assign({ dir: 'auto' }, props || {}, { text: text == null ? '' : text }));
  }

  /** Set text only when it differs, so live regions do not re-announce. */
  function setText(node, text) {
    text = text == null ? '' : String(text);
    if (node && node.textContent !== text) node.textContent = text;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function byId(id) {
    return document.getElementById(id);
  }

  function show(node, visible) {
    if (node) node.hidden = !visible;
  }

  /**
   * Keep a list's children in step with items, reusing nodes by key so focus and animations
   * survive. render(li, item, index) fills a node; skip(item, li) leaves a node's content alone.
   */
  function syncList(list, items, key, render, options) {
    var opts = options || {};
    var tag = opts.tag || 'li';
    var focus = rememberFocus(list);
    var old = {};
    Array.prototype.forEach.call(list.children, function (child) {
      if (child.hasAttribute('data-key')) old[child.getAttribute('data-key')] = child;
    });
    items.forEach(function (item, index) {
      var k = String(key(item));
      var node = old[k];
      delete old[k];
      if (!node) {
        node = el(tag, { 'data-key': k });
        render(node, item, index);
      } else if (!(opts.skip && opts.skip(item, node))) {
        render(node, item, index);
      }
      var here = list.children[index];
      if (here !== node) list.insertBefore(node, here || null);
    });
    Object.keys(old).forEach(function (k) { list.removeChild(old[k]); });
    restoreFocus(list, focus);
  }

  function rememberFocus(container) {
    var active = document.activeElement;
    if (!active || !container.contains(active) || !active.closest) return null;
    var item = active.closest('[data-key]');
    return item ? { key: item.getAttribute('data-key'), action: active.getAttribute('data-action') } : null;
  }

  function restoreFocus(container, focus) {
    if (!focus || container.contains(document.activeElement)) return;
    var items = container.querySelectorAll('[data-key]');
    for (var i = 0; i < items.length; i++) {
      if (items[i].getAttribute('data-key') !== focus.key) continue;
      var target = focus.action ? items[i].querySelector('[data-action="' + focus.action + '"]') : items[i];
      if (target && !target.disabled) target.focus();
      return;
    }
  }

  /** Write a message into an aria-live status element; errors get a class (and a text marker). */
  function status(node, message, isError) {
    if (!node) return;
    node.classList.toggle('is-error', !!isError);
    node.textContent = '';
    // A fresh text node after clearing makes screen readers announce a repeated message again.
    window.setTimeout(function () { node.textContent = message || ''; }, 30);
    window.clearTimeout(node._ffTimer);
    if (message && !isError) {
      node._ffTimer = window.setTimeout(function () { node.textContent = ''; }, 6000);
    }
  }

  /* ---------- numbers and time ---------- */

  function pad2(n) {
    return (n < 10 ? '0' : '') + n;
  }

  /** 75 -> "1:15"; 3725 -> "1:02:05". */
  function mmss(seconds) {
    var s = Math.max(0, Math.floor(Number(seconds) || 0));
    var h = Math.floor(s / 3600);
    var m = Math.floor((s % 3600) / 60);
    if (h) return h + ':' + pad2(m) + ':' + pad2(s % 60);
    return m + ':' + pad2(s % 60);
  }

  /** A countdown: "1:15" while time is left, "+0:12" past the limit. */
  function countdownText(remaining) {
    if (remaining >= 0) return mmss(Math.ceil(remaining));
    return '+' + mmss(Math.floor(-remaining));
  }

  function monotonicMs() {
    return window.performance && performance.now ? performance.now() : Date.now();
  }

  /** Seconds into the current turn's countdown, ticked locally only while speaking. */
  function speakerElapsed(state) {
    var speaker = state && state.speaker;
    if (!speaker) return 0;
    var elapsed = Number(speaker.elapsed_s) || 0;
    if (speaker.mode === 'speaking' && state._speakerAt != null) {
      elapsed += (monotonicMs() - state._speakerAt) / 1000;
    }
    return elapsed;
  }

  /** Talk time of the current turn, ticked the same way. */
  function speakerTalk(state) {
    var speaker = state && state.speaker;
    if (!speaker) return 0;
    var talk = Number(speaker.talk_s) || 0;
    if (speaker.mode === 'speaking' && state._speakerAt != null) {
      talk += (monotonicMs() - state._speakerAt) / 1000;
    }
    return talk;
  }

  function speakerRemaining(state) {
    var speaker = state && state.speaker;
    if (!speaker) return 0;
    return (Number(speaker.limit_s) || 0) - speakerElapsed(state);
  }

  /** A timestamp (epoch seconds, epoch ms or ISO text) as epoch ms, for sorting. */
  function timeValue(value) {
    if (value == null) return 0;
    if (typeof value === 'number') return value < 1e12 ? value * 1000 : value;
    var parsed = Date.parse(value);
    return isNaN(parsed) ? 0 : parsed;
  }

  /** Pinned first, then most votes, then oldest first. */
  function byPinnedThenVotes(a, b) {
    return (b.pinned ? 1 : 0) - (a.pinned ? 1 : 0) ||
      (Number(b.votes) || 0) - (Number(a.votes) || 0) ||
      timeValue(a.created_at) - timeValue(b.created_at) ||
      String(a.id).localeCompare(String(b.id));
  }

  /** Pinned first, then newest first. */
  function byPinnedThenNewest(a, b) {
    return (b.pinned ? 1 : 0) - (a.pinned ? 1 : 0) ||
      timeValue(b.created_at) - timeValue(a.created_at) ||
      String(b.id).localeCompare(String(a.id));
  }

  /* ---------- state ---------- */

  /**
   * Apply a `state` push to the last state. A full push replaces everything; a partial push
   * replaces the parts it names, merges `suggestions` by id and drops `suggestions_removed`.
   */
  function mergeState(old, push) {
    var next;
    if (!old || push.full) {
      next = Object.assign({}, push);
      delete next.full;
      delete next.suggestions_removed;
      next.suggestions = (push.suggestions || []).slice();
      next._speakerAt = monotonicMs();
      // A phone's own `me` travels in its own pushes; a full push to the whole room does not carry it.
      if (old && old.me && !('me' in push)) next.me = old.me;
      return next;
    }
    next = Object.assign({}, old);
    Object.keys(push).forEach(function (key) {
      if (key !== 'full' && key !== 'suggestions' && key !== 'suggestions_removed') next[key] = push[key];
    });
    if ('speaker' in push) next._speakerAt = monotonicMs();
    if (push.suggestions || push.suggestions_removed) {
      next.suggestions = mergeSuggestions(old.suggestions || [], push.suggestions || [], push.suggestions_removed || []);
    }
    return next;
  }

  function mergeSuggestions(old, changed, removed) {
    var byId = {};
    var order = [];
    old.forEach(function (s) { byId[s.id] = s; order.push(s.id); });
    changed.forEach(function (s) {
      if (!(s.id in byId)) order.push(s.id);
      byId[s.id] = Object.assign({}, byId[s.id] || {}, s);
    });
    var gone = {};
    removed.forEach(function (id) { gone[id] = true; });
    return order.filter(function (id) { return !gone[id]; }).map(function (id) { return byId[id]; });
  }

  /* ---------- storage ---------- */

  var store = {
    get: function (key) {
      try { return window.localStorage.getItem(key); } catch (e) { return null; }
    },
    set: function (key, value) {
      try { window.localStorage.setItem(key, value); } catch (e) { /* private mode: keep going */ }
    },
    getJSON: function (key, fallback) {
      try { return JSON.parse(store.get(key)) || fallback; } catch (e) { return fallback; }
    },
    setJSON: function (key, value) {
      store.set(key, JSON.stringify(value));
    }
  };

  function randomId() {
    var bytes = new Uint8Array(12);
    if (window.crypto && window.crypto.getRandomValues) {
      window.crypto.getRandomValues(bytes);
    } else {
      for (var i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
    }
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join('');
  }

  /* ---------- socket ---------- */

  function failure(message, retryable) {
    var err = new Error(message);
    err.retryable = !!retryable;
    return err;
  }

  function delay(ms) {
    return new Promise(function (resolve) { window.setTimeout(resolve, ms); });
  }

  /** Emit once and wait for the ack; resolves with an ok ack, rejects with its error text. */
  function emitOnce(socket, event, payload, timeoutMs) {
    return new Promise(function (resolve, reject) {
      if (!socket.connected) {
        reject(failure(t('offline'), true));
        return;
      }
      socket.timeout(timeoutMs).emit(event, payload || {}, function (err, ack) {
        if (err) reject(failure(t('no_answer'), true));
        else if (!ack || ack.ok !== true) reject(failure((ack && ack.error) || t('refused'), false));
        else resolve(ack);
      });
    });
  }

  /**
   * One live connection to a forum in one role. Joins on every (re)connect and replaces the state
   * with the ack's full state; merges pushes; retries unanswered calls when asked to.
   * opts: code, role, joinExtra(), onState(state, push), onJoined(ack), onNotice(notice),
   *       onConnection(connected), onError(message), banner (element shown while disconnected)
   */
  function Session(opts) {
    this.opts = opts;
    this.state = null;
    this.joined = false;
    this.waiters = [];
    this.socket = window.io();
    this.socket.on('connect', this.join.bind(this));
    this.socket.on('disconnect', this.onDisconnect.bind(this));
    this.socket.on('connect_error', this.onDisconnect.bind(this));
    this.socket.on('state', this.applyPush.bind(this));
    this.socket.on('notice', function (notice) { if (opts.onNotice) opts.onNotice(notice || {}); });
    this.showConnected(false);
  }

  Session.prototype.join = function () {
    var self = this;
    var opts = this.opts;
    // lang: the page's language, in which the server words its refusals (docs/protocol.md)
    var payload = Object.assign({ code: opts.code, role: opts.role, lang: document.documentElement.lang || 'en' },
      opts.joinExtra ? opts.joinExtra() : {});
    this.joined = false;
    emitOnce(this.socket, 'join', payload, 10000).then(function (ack) {
      self.joined = true;
      self.showConnected(true);
      if (opts.onJoined) opts.onJoined(ack);
      self.replace(ack.state);
      self.flushWaiters();
    }, function (err) {
      if (opts.onError) opts.onError(err.message);
      if (err.retryable) window.setTimeout(function () { if (self.socket.connected && !self.joined) self.join(); }, 3000);
    });
  };

  Session.prototype.onDisconnect = function () {
    this.joined = false;
    this.showConnected(false);
  };

  Session.prototype.showConnected = function (connected) {
    if (this.opts.banner) this.opts.banner.hidden = connected;
    document.documentElement.classList.toggle('is-offline', !connected);
    if (this.opts.onConnection) this.opts.onConnection(connected);
  };

  Session.prototype.replace = function (state) {
    this.state = mergeState(null, state || {});
    this.opts.onState(this.state, { full: true });
  };

  Session.prototype.applyPush = function (push) {
    if (!push || !this.joined || !this.state) return;
    var before = this.state.question ? this.state.question.index : null;
    this.state = mergeState(this.state, push);
    this.opts.onState(this.state, push);
    var after = this.state.question ? this.state.question.index : null;
    // A partial push that switched question: fetch a full snapshot so no old suggestion lingers.
    if (!push.full && 'question' in push && before !== after) this.resync();
  };

  /** Fetch a full snapshot (after the screen wakes up, or when unsure). */
  Session.prototype.resync = function () {
    var self = this;
    if (!this.joined) return Promise.resolve(null);
    return this.call('get_state', {}).then(function (ack) {
      self.replace(ack.state);
      return ack;
    }, function () { return null; });
  };

  /** Resolves once joined; fails at once while offline, so a tap never waits silently. */
  Session.prototype.whenJoined = function (timeoutMs) {
    var self = this;
    if (this.joined) return Promise.resolve();
    if (!this.socket.connected) return Promise.reject(failure(t('offline'), true));
    return new Promise(function (resolve, reject) {
      var waiter = { resolve: resolve };
      self.waiters.push(waiter);
      window.setTimeout(function () {
        var i = self.waiters.indexOf(waiter);
        if (i < 0) return;
        self.waiters.splice(i, 1);
        reject(failure(t('offline'), true));
      }, timeoutMs);
    });
  };

  Session.prototype.flushWaiters = function () {
    var waiters = this.waiters;
    this.waiters = [];
    waiters.forEach(function (w) { w.resolve(); });
  };

  /**
   * Send an event and wait for its ack. Unanswered attempts are retried `retries` times
   * (only for events that carry an idempotency key or are harmless to repeat).
   */
  Session.prototype.call = function (event, payload, options) {
    var self = this;
    var o = Object.assign({ retries: 0, timeout: 8000 }, options || {});
    function attempt(n) {
      return self.whenJoined(o.timeout).then(function () {
        return emitOnce(self.socket, event, payload || {}, o.timeout);
      }).catch(function (err) {
        if (err.retryable && n < o.retries) return delay(1000 * (n + 1)).then(function () { return attempt(n + 1); });
        throw err;
      });
    }
    return attempt(0);
  };

  /** Call fn about four times a second (for timers); returns a stop function. */
  function every(ms, fn) {
    var id = window.setInterval(fn, ms);
    return function () { window.clearInterval(id); };
  }

  function prefersReducedMotion() {
    return !!(window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches);
  }

  /** True when a key press happens inside something the user types into. */
  function isTyping(event) {
    var target = event.target;
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    if (tag === 'textarea' || tag === 'select' || target.isContentEditable) return true;
    if (tag !== 'input') return false;
    var type = (target.getAttribute('type') || 'text').toLowerCase();
    return ['button', 'submit', 'reset', 'checkbox', 'radio'].indexOf(type) < 0;
  }

  /** Submit a language form as soon as its select changes (the submit button stays for keyboards). */
  function bindLanguageMenu() {
    var form = byId('lang-menu');
    if (!form) return;
    var select = form.querySelector('select');
    if (select) select.addEventListener('change', function () { form.submit(); });
  }

  window.FF = {
    readJSON: readJSON,
    config: config,
    languages: languages,
    t: t,
    votesText: votesText,
    forumCode: forumCode,
    langName: langName,
    el: el,
    userText: userText,
    setText: setText,
    clear: clear,
    byId: byId,
    show: show,
    syncList: syncList,
    status: status,
    mmss: mmss,
    countdownText: countdownText,
    monotonicMs: monotonicMs,
    speakerElapsed: speakerElapsed,
    speakerTalk: speakerTalk,
    speakerRemaining: speakerRemaining,
    timeValue: timeValue,
    byPinnedThenVotes: byPinnedThenVotes,
    byPinnedThenNewest: byPinnedThenNewest,
    mergeState: mergeState,
    store: store,
    randomId: randomId,
    emitOnce: emitOnce,
    Session: Session,
    every: every,
    prefersReducedMotion: prefersReducedMotion,
    isTyping: isTyping,
    bindLanguageMenu: bindLanguageMenu
  };

  document.addEventListener('DOMContentLoaded', bindLanguageMenu);
})();
