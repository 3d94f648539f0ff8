/* The follow-up list: every recommendation of every forum, its status and for how long it has stood there,
 * filtered by forum, year, status and department (the filters are a plain GET form: the address says them). */
import { byId, byIds, el, setText, show, userText } from '../lib/dom.js';
import { t } from '../lib/page.js';
import { StatusLine } from '../lib/status.js';
import { api, daysSince, durationText, formatDay, statusBadge } from './api.js';

const ui = byIds('filters filter-forum filter-year filter-status filter-department recs recs-caption recs-body recs-empty forum-links forums-empty');
const status = new StatusLine(byId('status'));
const chosen = new URLSearchParams(window.location.search);

function fillSelect(select, options, value) {
  const first = select.options[0];
  select.replaceChildren(first, ...options.map(([v, label]) => el('option', { value: v, text: label })));
  select.value = value || '';
}

function renderFilters(data) {
  fillSelect(ui.filterForum, data.forums.map((f) => [f.code, `${f.title} (${formatDay(f.created_at)})`]), chosen.get('forum'));
  fillSelect(ui.filterYear, data.years.map((y) => [String(y), String(y)]), chosen.get('year'));
  fillSelect(ui.filterDepartment, data.departments.map((d) => [d, d]), chosen.get('department'));
  ui.filterStatus.value = chosen.get('status') || '';
}

function row(rec, now) {
  const since = rec.status_date || rec.status_at;
  const link = el('a', { href: `/m/followup/${encodeURIComponent(rec.forum)}#rec-${rec.id}` }, [userText('bdi', rec.title)]);
  const responsible = [rec.department, rec.official].filter(Boolean).join(', ');
  return el('tr', {}, [
    el('th', { scope: 'row' }, [link, rec.scope === 'beyond' ? el('span', { className: 'muted', text: ' · ' + t('scope_beyond_short') }) : null]),
    el('td', {}, [userText('bdi', rec.forum_title), el('br'), el('span', { className: 'muted', text: formatDay(rec.forum_created_at) })]),
    el('td', {}, [el('span', { className: 'muted', text: t('question_n', { n: rec.question + 1 }) + ' ' }), userText('span', rec.question_text)]),
    el('td', {}, [statusBadge(rec.status)]),
    el('td', { className: 'since' }, [formatDay(since), el('br'), el('span', { className: 'muted', text: durationText(daysSince(since, now)) })]),
    el('td', {}, [userText('span', responsible || '–')]),
  ]);
}

function renderList(data) {
  const recs = data.recommendations;
  ui.recsBody.replaceChildren(...recs.map((rec) => row(rec, data.now)));
  const n = recs.length;
  setText(ui.recsCaption, n === 1 ? t('count_1') : t('count_n', { n }));
  show(ui.recs, n > 0);
  const filtered = [...chosen.values()].some(Boolean);
  setText(ui.recsEmpty, filtered ? t('count_0') : t('none_yet'));
  show(ui.recsEmpty, n === 0);
}

function renderForums(forums) {
  const sorted = forums.slice().sort((a, b) => b.created_at - a.created_at);
  ui.forumLinks.replaceChildren(...sorted.map((f) => el('li', {}, [
    el('a', { href: '/m/followup/' + encodeURIComponent(f.code) }, [userText('bdi', f.title)]),
    el('span', { className: 'muted', text: ` ${formatDay(f.created_at)} (${f.code})` }),
  ])));
  show(ui.forumsEmpty, sorted.length === 0);
}

async function load() {
  try {
    const query = new URLSearchParams([...chosen].filter(([, v]) => v)).toString();
    const [list, forums] = await Promise.all([api('/api/recommendations' + (query ? '?' + query : '')), api('/api/forums')]);
    if (!list.ok) throw new Error(list.data.error || t('load_failed'));
    renderFilters(list.data);
    renderList(list.data);
    if (forums.ok) renderForums(forums.data.forums);
  } catch (e) {
    status.error(e.message);
  }
}

load();
