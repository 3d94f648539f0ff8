/* The console's start page: create a forum, list earlier ones with their exports. */
(function () {
  'use strict';

  var t = FF.t;
  var $ = FF.byId;
  var HANDBOOK_MAX_QUESTIONS = 6;
  var EXPORTS = ['json', 'csv', 'xlsx', 'html'];

  var ui = {
    form: $('create-forum'),
    title: $('f-title'),
    questions: $('f-questions'),
    turn: $('f-turn'),
    budget: $('f-budget'),
    policy: $('f-policy'),
    premod: $('f-premod'),
    submit: $('create-submit'),
    status: $('status'),
    table: $('forums-table'),
    rows: $('forums'),
    empty: $('forums-empty'),
    year: $('questions-year')
  };

  function readForm() {
    var body = {
      title: ui.title.value.trim(),
      questions: ui.questions.value.split('\n').map(function (q) { return q.trim(); }).filter(Boolean),
      policy: ui.policy.value,
      premoderation: ui.premod.checked
    };
    if (ui.turn.value !== '') body.turn_seconds = Number(ui.turn.value);
    if (ui.budget.value !== '') body.vote_budget = Number(ui.budget.value);
    return body;
  }

  function validate(body) {
    if (!body.title) return { field: ui.title, message: t('need_title') };
    if (!body.questions.length) return { field: ui.questions, message: t('need_questions') };
    return null;
  }

  function createForum(event) {
    event.preventDefault();
    var body = readForm();
    var problem = validate(body);
    if (problem) {
      FF.status(ui.status, '⚠ ' + problem.message, true);
      problem.field.focus();
      return;
    }
    ui.submit.disabled = true;
    FF.status(ui.status, t('creating'));
    fetch('/api/forums', {
      method: 'POST',
      credentials: 'same-origin',
      headers: headers({ 'Content-Type': 'application/json' }),
      body: JSON.stringify(body)
    }).then(readJSONResponse).then(function (result) {
      if (result.ok && result.data.moderator_url) {
        window.location.assign(samePlace(result.data.moderator_url));
        return;
      }
      FF.status(ui.status, '⚠ ' + t('failed', { error: result.data.error || result.status }), true);
      ui.submit.disabled = false;
    }, function () {
      FF.status(ui.status, '⚠ ' + t('network'), true);
      ui.submit.disabled = false;
    });
  }

  /** The console on this origin: the key cookie belongs to the host the moderator used, not the LAN address. */
  function samePlace(url) {
    try {
      var parsed = new URL(url, window.location.href);
      return parsed.pathname + parsed.search + parsed.hash;
    } catch (e) {
      return url;
    }
  }

  /** The cookie carries the key; a key in the page config (if any) goes in the header too. */
  function headers(extra) {
    var h = Object.assign({ Accept: 'application/json' }, extra || {});
    if (FF.config.key) h['X-Moderator-Key'] = FF.config.key;
    return h;
  }

  function readJSONResponse(response) {
    return response.json().catch(function () { return {}; }).then(function (data) {
      return { ok: response.ok, status: response.status, data: data || {} };
    });
  }

  function loadForums() {
    fetch('/api/forums', { credentials: 'same-origin', headers: headers() })
      .then(readJSONResponse)
      .then(function (result) {
        if (!result.ok) throw new Error(String(result.status));
        renderForums(result.data.forums || []);
      })
      .catch(function () { FF.status(ui.status, '⚠ ' + t('load_failed'), true); });
  }

  function renderForums(forums) {
    var sorted = forums.slice().sort(function (a, b) { return FF.timeValue(b.created_at) - FF.timeValue(a.created_at); });
    FF.clear(ui.rows);
    sorted.forEach(function (forum) { ui.rows.appendChild(forumRow(forum)); });
    FF.show(ui.table, sorted.length > 0);
    FF.show(ui.empty, sorted.length === 0);
    renderYearCount(forums);
  }

  function count(value) {
    return Array.isArray(value) ? value.length : Number(value) || 0;
  }

  function forumRow(forum) {
    var codePath = encodeURIComponent(forum.code);
    return FF.el('tr', {}, [
      FF.el('td', {}, [
        FF.el('a', { href: '/m/' + codePath }, [FF.userText('bdi', forum.title)]),
        FF.el('span', { className: 'hint', dir: 'ltr', text: ' (' + forum.code + ')' })
      ]),
      FF.el('td', { text: formatDate(forum.created_at) }),
      FF.el('td', { text: String(count(forum.questions)) }),
      FF.el('td', { text: String(count(forum.participants)) }),
      FF.el('td', { text: String(count(forum.suggestions)) }),
      FF.el('td', {}, EXPORTS.map(function (ext) {
        return FF.el('a', { className: 'export-link', href: '/api/forums/' + codePath + '/export.' + ext, text: ext.toUpperCase() });
      }))
    ]);
  }

  function formatDate(value) {
    var ms = FF.timeValue(value);
    if (!ms) return '';
    try {
      return new Date(ms).toLocaleString(document.documentElement.lang || undefined, { dateStyle: 'medium', timeStyle: 'short' });
    } catch (e) {
      return new Date(ms).toLocaleString();
    }
  }

  function renderYearCount(forums) {
    var year = new Date().getFullYear();
    var n = forums.reduce(function (sum, forum) {
      var ms = FF.timeValue(forum.created_at);
      return sum + (ms && new Date(ms).getFullYear() === year ? count(forum.questions) : 0);
    }, 0);
    FF.setText(ui.year, t('questions_year', { n: n }) + (n > HANDBOOK_MAX_QUESTIONS ? ' — ' + t('over_year') : ''));
    ui.year.classList.toggle('is-error', n > HANDBOOK_MAX_QUESTIONS);
  }

  ui.form.addEventListener('submit', createForum);
  loadForums();
})();
