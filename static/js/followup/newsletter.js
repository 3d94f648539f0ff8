/* The newsletter page: choose a period and a language, read the draft as Markdown, open the printable
 * one; keep the list of forums planned. */
import { byId, byIds, el, setText, show, userText } from '../lib/dom.js';
import { langLabel } from '../lib/languages.js';
import { languages, t } from '../lib/page.js';
import { StatusLine } from '../lib/status.js';
import { call, formatDay } from './api.js';

const ui = byIds(`period-form nl-from nl-to nl-lang nl-given nl-open nl-markdown nl-copy planned-list planned-empty
  planned-form pl-day pl-title pl-place planned-error`);
const status = new StatusLine(byId('status'));
const year = new Date().getFullYear();
ui.nlFrom.value = `${year}-01-01`;
ui.nlTo.value = `${year}-12-31`;

function query() {
  return new URLSearchParams({ from: ui.nlFrom.value, to: ui.nlTo.value, lang: ui.nlLang.value }).toString();
}

async function make(event) {
  if (event) event.preventDefault();
  ui.nlOpen.href = '/api/newsletter.html?' + query();
  try {
    const response = await fetch('/api/newsletter.md?' + query(), { credentials: 'same-origin' });
    const text = await response.text();
    if (!response.ok) throw new Error(JSON.parse(text).error || String(response.status));
    ui.nlMarkdown.value = text;
    ui.nlMarkdown.setAttribute('lang', ui.nlLang.value);
    const data = await call('/api/newsletter.json?' + query());
    const given = data.languages.filter((c) => c !== 'sv');
    setText(ui.nlGiven, given.length ? t('given', { langs: given.map(langLabel).join(', ') }) : '');
    if (event) status.say(t('made'));
  } catch (e) {
    status.error(e.message === 'Failed to fetch' ? t('network') : e.message);
  }
}

async function copy() {
  ui.nlMarkdown.select();
  try {
    await navigator.clipboard.writeText(ui.nlMarkdown.value);
  } catch (e) {
    document.execCommand('copy');
  }
  status.say(t('copied'));
}

// ---- planned forums -------------------------------------------------------------------------------

function plannedItem(p) {
  const others = languages.map(([c]) => c).filter((c) => c !== 'sv');
  const lang = el('select', { id: `pt-${p.id}-lang` }, others.map((c) => el('option', { value: c, lang: c, text: langLabel(c) })));
  const text = el('input', { id: `pt-${p.id}-text`, type: 'text', dir: 'auto', maxlength: '200' });
  const prefill = () => { text.value = p.translations[lang.value] || ''; text.setAttribute('lang', lang.value); };
  lang.addEventListener('change', prefill);
  prefill();
  const form = el('form', { className: 'stack-form', novalidate: true }, [
    el('div', { className: 'row' }, [
      el('div', { className: 'field' }, [el('label', { for: lang.id, text: t('language') }), lang]),
      el('div', { className: 'field' }, [el('label', { for: text.id, text: t('translation') }), text]),
    ]),
    el('button', { type: 'submit', text: t('save_translation') }),
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    act(`/api/planned-forums/${p.id}/translations`, 'POST', { lang: lang.value, text: text.value }, t('translation_saved'));
  });
  return el('li', {}, [
    el('strong', { text: formatDay(p.day) }), ' ', userText('bdi', p.title), p.place ? ' · ' : '', p.place ? userText('bdi', p.place) : null, ' ',
    el('button', { type: 'button', className: 'button-small', text: t('remove_planned'),
      on: { click: () => act(`/api/planned-forums/${p.id}`, 'DELETE', undefined, t('planned_removed')) } }),
    el('details', {}, [el('summary', { text: t('translate_planned') }), form]),
  ]);
}

async function loadPlanned() {
  const data = await call('/api/planned-forums');
  ui.plannedList.replaceChildren(...data.planned.map(plannedItem));
  show(ui.plannedEmpty, data.planned.length === 0);
}

async function act(url, method, body, message) {
  try {
    await call(url, { method, body });
    status.say(message);
    await loadPlanned();
    await make();
  } catch (e) {
    status.error(e.message);
  }
}

async function addPlanned(event) {
  event.preventDefault();
  setText(ui.plannedError, '');
  try {
    await call('/api/planned-forums', { method: 'POST', body: { day: ui.plDay.value, title: ui.plTitle.value, place: ui.plPlace.value } });
    ui.plannedForm.reset();
    status.say(t('planned_added'));
    await loadPlanned();
    await make();
  } catch (e) {
    setText(ui.plannedError, e.message);
  }
}

ui.periodForm.addEventListener('submit', make);
ui.nlLang.addEventListener('change', () => make());
ui.nlCopy.addEventListener('click', copy);
ui.plannedForm.addEventListener('submit', addPlanned);
make();
loadPlanned().catch((e) => status.error(e.message));
