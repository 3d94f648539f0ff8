/* The console's start page: create a forum, list earlier ones with their exports. */
import { byId, byIds, el, setText, show, userText } from './lib/dom.js';
import { config, t } from './lib/page.js';
import { StatusLine } from './lib/status.js';

const HANDBOOK_MAX_QUESTIONS = 6;
const EXPORTS = ['json', 'csv', 'xlsx', 'html'];

const ui = byIds(`create-forum f-title f-questions f-turn f-budget f-policy f-premod create-submit
  forums-table forums forums-empty questions-year`);
const status = new StatusLine(byId('status'));

function readForm() {
  const body = {
    title: ui.fTitle.value.trim(),
    questions: ui.fQuestions.value.split('\n').map((q) => q.trim()).filter(Boolean),
    policy: ui.fPolicy.value,
    premoderation: ui.fPremod.checked,
  };
  if (ui.fTurn.value !== '') body.turn_seconds = Number(ui.fTurn.value);
  if (ui.fBudget.value !== '') body.vote_budget = Number(ui.fBudget.value);
  return body;
}

function problemOf(body) {
  if (!body.title) return { field: ui.fTitle, message: t('need_title') };
  if (!body.questions.length) return { field: ui.fQuestions, message: t('need_questions') };
  return null;
}

async function createForum(event) {
  event.preventDefault();
  const body = readForm();
  const problem = problemOf(body);
  if (problem) {
    status.error(problem.message);
    problem.field.focus();
    return;
  }
  ui.createSubmit.disabled = true;
  status.say(t('creating'));
  try {
    const result = await request('/api/forums', { method: 'POST', body: JSON.stringify(body) });
    if (result.ok && result.data.moderator_url) {
      window.location.assign(samePlace(result.data.moderator_url));
      return;
    }
    status.error(t('failed', { error: result.data.error || result.status }));
  } catch (e) {
    status.error(t('network'));
  }
  ui.createSubmit.disabled = false;
}

/** The console on this origin: the key cookie belongs to the host the moderator used, not the LAN address. */
function samePlace(url) {
  const parsed = new URL(url, window.location.href);
  return parsed.pathname + parsed.search + parsed.hash;
}

/** JSON over HTTP with the key cookie (and the page's key, if it has one, as the header). */
async function request(url, options = {}) {
  const headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
  if (config.key) headers['X-Moderator-Key'] = config.key;
  const response = await fetch(url, { credentials: 'same-origin', headers, ...options });
  const data = await response.json().catch(() => ({}));
  return { ok: response.ok, status: response.status, data: data || {} };
}

async function loadForums() {
  try {
    const result = await request('/api/forums');
    if (!result.ok) throw new Error(String(result.status));
    renderForums(result.data);
  } catch (e) {
    status.error(t('load_failed'));
  }
}

function renderForums({ forums, year_questions: yearQuestions }) {
  const sorted = forums.slice().sort((a, b) => b.created_at - a.created_at);
  ui.forums.replaceChildren(...sorted.map(forumRow));
  show(ui.forumsTable, sorted.length > 0);
  show(ui.forumsEmpty, sorted.length === 0);
  renderYearCount(yearQuestions);
}

function forumRow(forum) {
  const codePath = encodeURIComponent(forum.code);
  return el('tr', {}, [
    el('td', {}, [
      el('a', { href: '/m/' + codePath }, [userText('bdi', forum.title)]),
      el('span', { className: 'hint', dir: 'ltr', text: ` (${forum.code})` }),
    ]),
    el('td', { text: formatDate(forum.created_at) }),
    el('td', { text: String(forum.questions.length) }),
    el('td', { text: String(forum.participants) }),
    el('td', { text: String(forum.suggestions) }),
    el('td', {}, EXPORTS.map((ext) => exportLink(`/api/forums/${codePath}/export.${ext}`, ext))),
  ]);
}

/** Files download; the printable report opens in a tab of its own. Neither replaces this page. */
function exportLink(href, ext) {
  const opens = ext === 'html' ? { target: '_blank', rel: 'noopener' } : { download: '' };
  return el('a', { className: 'export-link', href, text: ext.toUpperCase(), ...opens });
}

function formatDate(seconds) {
  return new Date(seconds * 1000).toLocaleString(document.documentElement.lang || undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function renderYearCount(n) {
  setText(ui.questionsYear, t('questions_year', { n }) + (n > HANDBOOK_MAX_QUESTIONS ? ' — ' + t('over_year') : ''));
  ui.questionsYear.classList.toggle('is-error', n > HANDBOOK_MAX_QUESTIONS);
}

ui.createForum.addEventListener('submit', createForum);
loadForums();
