/* The year's view: each forum's participants, speakers, first-time speakers, suggestions, votes,
 * recommendations by status and closing round, and the questions against the handbook's limit. */
import { byId, byIds, el, setText, show, userText } from '../lib/dom.js';
import { t } from '../lib/page.js';
import { StatusLine } from '../lib/status.js';
import { call, formatDay, statusBadge } from './api.js';

const STATUSES = ['drafted', 'presented', 'assigned', 'in_progress', 'implemented', 'declined'];
const ui = byIds('year forums forums-body forums-foot forums-empty questions-note status-counts status-link');
const status = new StatusLine(byId('status'));
const asked = new URLSearchParams(window.location.search).get('year') || '';

const num = (value) => el('td', { className: 'num', text: String(value) });

function recommendationCell(counts) {
  const present = STATUSES.filter((s) => counts[s] > 0);
  if (!present.length) return el('td', { text: '–' });
  return el('td', {}, present.map((s) => el('span', {}, [statusBadge(s), ` ${counts[s]} `])));
}

function closingCell(closing) {
  if (!closing || !closing.answered) return el('td', { className: 'muted', text: t('not_asked') });
  const felt = closing.items.represented;
  return el('td', { text: t('felt', { n: closing.answered, felt: felt[3] + felt[4] }) });
}

function forumRow(forum) {
  const f = forum.figures;
  return el('tr', {}, [
    el('th', { scope: 'row' }, [
      el('a', { href: '/m/followup/' + encodeURIComponent(forum.code) }, [userText('bdi', forum.title)]),
      el('br'), el('span', { className: 'muted', text: formatDay(forum.created_at) + (f.ended ? ' · ' + t('ended') : '') }),
    ]),
    num(forum.questions.length),
    el('td', { className: 'num' }, [String(f.participants), el('br'),
      el('span', { className: 'muted', text: t('walk_ins', { phones: f.phones, walk_ins: f.walk_ins }) })]),
    num(f.speakers),
    el('td', { text: f.first_time_speakers.map((count, i) => t('per_question', { n: i + 1, count })).join(' · ') }),
    num(f.suggestions), num(f.votes), recommendationCell(f.recommendations), closingCell(f.closing),
  ]);
}

function render(data) {
  ui.year.replaceChildren(...data.years.map((y) => el('option', { value: String(y), text: String(y), selected: y === data.year })));
  ui.forumsBody.replaceChildren(...data.forums.map(forumRow));
  const totals = data.totals;
  ui.forumsFoot.replaceChildren(el('tr', {}, [
    el('td', { text: t('total') }), num(totals.questions), num(totals.participants), num(totals.speakers),
    el('td', { text: '' }), num(totals.suggestions), num(totals.votes), recommendationCell(totals.recommendations), el('td'),
  ]));
  show(ui.forums, data.forums.length > 0);
  show(ui.forumsEmpty, data.forums.length === 0);
  const note = t(totals.over_limit ? 'questions_over' : 'questions_ok', { n: totals.questions, limit: totals.limit });
  ui.questionsNote.className = totals.over_limit ? 'year-warning' : 'year-ok';
  setText(ui.questionsNote, (totals.over_limit ? '⚠ ' : '') + note);
  ui.statusCounts.replaceChildren(...STATUSES.map((s) => el('li', {}, [statusBadge(s), ` ${totals.recommendations[s]}`])));
  ui.statusLink.href = '/m/followup?year=' + data.year;
}

call('/api/year.json' + (asked ? '?year=' + encodeURIComponent(asked) : '')).then(render, (e) => status.error(e.message));
