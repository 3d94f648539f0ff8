/* A forum's recommendations: write them (linked to the suggestions and speeches they rest on), follow
 * each through its statuses with notes, translate what the newsletter and the phones show. */
import { byId, byIds, clear, el, setText, show, userText } from '../lib/dom.js';
import { langLabel } from '../lib/languages.js';
import { config, languages, t } from '../lib/page.js';
import { StatusLine } from '../lib/status.js';
import { byText, call, daysSince, durationText, formatDay, formatTime, statusBadge, votesText } from './api.js';

const STATUSES = ['drafted', 'presented', 'assigned', 'in_progress', 'implemented', 'declined'];
const code = config.code;
const base = `/api/forums/${encodeURIComponent(code)}`;
const ui = byIds(`forum-date forum-state recs-empty rec-list rec-form rec-question rec-title rec-text rec-route
  rec-suggestions rec-speeches speech-count rec-error rec-submit rec-cancel write-heading translate-form tr-what
  tr-lang tr-original tr-text`);
const status = new StatusLine(byId('status'));
const languageCodes = languages.map(([c]) => c).filter((c) => c !== 'sv');
let data = null;
let editing = null; // the recommendation the form edits, or null for a new one

async function load() {
  try {
    data = await call(`${base}/followup.json`);
  } catch (e) {
    status.error(e.message || t('load_failed'));
    return;
  }
  render();
}

function render() {
  setText(ui.forumDate, formatDay(data.forum.created_at));
  setText(ui.forumState, data.forum.ended_at ? t('ended', { day: formatDay(data.forum.ended_at) }) : t('live'));
  renderQuestionSelect();
  renderPickers();
  renderRecommendations();
  renderTranslationChoices();
}

const questionText = (index) => data.questions[index] ? data.questions[index].text : '';

// ---- the form: write or edit a recommendation ---------------------------------------------------

function renderQuestionSelect() {
  const chosen = ui.recQuestion.value;
  ui.recQuestion.replaceChildren(...data.questions.map((q) => el('option', {
    value: String(q.index), text: `${t('question_n', { n: q.index + 1 })}: ${q.text}`,
  })));
  if (chosen !== '') ui.recQuestion.value = chosen;
}

function checkedIds(container) {
  return [...container.querySelectorAll('input[type=checkbox]:checked')].map((box) => Number(box.value));
}

function choice(prefix, id, label, extra, checked) {
  const boxId = `${prefix}-${id}`;
  return el('div', { className: 'choice' }, [
    el('input', { type: 'checkbox', id: boxId, value: String(id), checked }),
    el('label', { for: boxId }, [userText('span', label), extra ? el('span', { className: 'choice-votes', text: ` (${extra})` }) : null]),
  ]);
}

function renderPickers(selected = null) {
  const suggestionIds = new Set(selected ? selected.suggestion_ids : checkedIds(ui.recSuggestions));
  const speechIds = new Set(selected ? selected.speech_ids : checkedIds(ui.recSpeeches));
  const first = Number(ui.recQuestion.value || 0);
  const order = [...data.questions.keys()].sort((a, b) => (a === first ? -1 : b === first ? 1 : a - b));
  const groups = [];
  for (const q of order) {
    const here = data.suggestions.filter((s) => s.question === q).sort((a, b) => b.votes - a.votes || a.id - b.id);
    if (!here.length) continue;
    groups.push(el('h4', { text: `${t('question_n', { n: q + 1 })}: ${questionText(q)}` }));
    groups.push(...here.map((s) => choice('sug', s.id, s.text, votesText(s.votes), suggestionIds.has(s.id))));
  }
  ui.recSuggestions.replaceChildren(...(groups.length ? groups : [el('p', { className: 'hint', text: t('no_suggestions') })]));
  const speeches = data.speeches.map((s) => choice('sp', s.id,
    `${t('question_n', { n: s.question + 1 })} · ${formatTime(s.started_at)} · ${s.label}${s.lang ? ` (${s.lang})` : ''}`,
    clock(s.duration_s), speechIds.has(s.id)));
  ui.recSpeeches.replaceChildren(...(speeches.length ? speeches : [el('p', { className: 'hint', text: t('no_speeches') })]));
  setText(ui.speechCount, t('speeches_n', { n: data.speeches.length }));
}

function clock(seconds) {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

function readForm() {
  const scope = ui.recForm.querySelector('input[name=scope]:checked');
  return {
    question: Number(ui.recQuestion.value), title: ui.recTitle.value.trim(), text: ui.recText.value.trim(),
    scope: scope ? scope.value : '', route: ui.recRoute.value.trim(),
    suggestion_ids: checkedIds(ui.recSuggestions), speech_ids: checkedIds(ui.recSpeeches),
  };
}

function fillForm(rec) {
  ui.recQuestion.value = String(rec ? rec.question : 0);
  ui.recTitle.value = rec ? rec.title : '';
  ui.recText.value = rec ? rec.text : '';
  ui.recRoute.value = rec ? rec.route : '';
  for (const radio of ui.recForm.querySelectorAll('input[name=scope]')) radio.checked = radio.value === (rec ? rec.scope : '');
  renderPickers(rec || { suggestion_ids: [], speech_ids: [] });
}

function startEditing(rec) {
  editing = rec.id;
  fillForm(rec);
  setText(ui.writeHeading, t('edit_heading', { title: rec.title }));
  show(ui.recCancel, true);
  ui.writeHeading.focus();
}

function stopEditing() {
  editing = null;
  fillForm(null);
  setText(ui.writeHeading, t('write_heading'));
  show(ui.recCancel, false);
  setText(ui.recError, '');
}

async function submitRecommendation(event) {
  event.preventDefault();
  const body = readForm();
  if (!body.title) {
    setText(ui.recError, t('need_title'));
    ui.recTitle.focus();
    return;
  }
  ui.recSubmit.disabled = true;
  try {
    const id = editing;
    const saved = id ? await call(`/api/recommendations/${id}`, { method: 'POST', body })
      : await call(`${base}/recommendations`, { method: 'POST', body });
    status.say(t(id ? 'edited' : 'created'));
    stopEditing();
    await load();
    focusRecommendation(id || saved.id);
  } catch (e) {
    setText(ui.recError, e.message);
  } finally {
    ui.recSubmit.disabled = false;
  }
}

// ---- the recommendations, each with its history and its forms ---------------------------------

function renderRecommendations() {
  show(ui.recsEmpty, data.recommendations.length === 0);
  ui.recList.replaceChildren(...data.recommendations.map(card));
}

function card(rec) {
  const id = `rec-${rec.id}`;
  const since = rec.status_date || rec.status_at;
  const suggestions = new Map(data.suggestions.map((s) => [s.id, s]));
  const meta = [`${t('question_n', { n: rec.question + 1 })}: ${questionText(rec.question)}`];
  if (rec.scope) meta.push(t('scope_' + rec.scope) + (rec.scope === 'beyond' && rec.route ? `: ${rec.route}` : ''));
  if (rec.department) meta.push(t('assigned_to', { who: [rec.department, rec.official].filter(Boolean).join(', ') }));
  const restsOn = rec.suggestion_ids.map((sid) => suggestions.get(sid)).filter(Boolean)
    .map((s) => el('li', {}, [userText('span', s.text), el('span', { className: 'choice-votes', text: ` (${votesText(s.votes)})` })]));
  const translated = Object.keys(rec.translations);
  return el('article', { className: 'rec-card', id, 'aria-labelledby': `${id}-title` }, [
    el('div', { className: 'rec-head' }, [
      el('h3', { id: `${id}-title`, tabindex: '-1' }, [userText('bdi', rec.title)]),
      statusBadge(rec.status),
      el('span', { className: 'muted', text: `${formatDay(since)}, ${durationText(daysSince(since, Date.now() / 1000))}` }),
    ]),
    el('p', { className: 'rec-meta', dir: 'auto', text: meta.join(' · ') }),
    rec.text ? userText('p', rec.text, { className: 'rec-text' }) : null,
    restsOn.length || rec.speech_ids.length ? el('p', {}, [el('strong', { text: t('rests_on') + ':' }),
      rec.speech_ids.length ? ' ' + t('speeches_linked', { n: rec.speech_ids.length }) : '']) : null,
    restsOn.length ? el('ul', { className: 'rests-on' }, restsOn) : null,
    translated.length ? el('p', { className: 'muted', text: t('translated_into', { langs: translated.map(langLabel).join(', ') }) }) : null,
    el('h4', { text: t('history') }),
    history(rec),
    el('div', { className: 'rec-actions' }, [statusForm(rec), noteForm(rec), translationForm(rec),
      el('button', { type: 'button', text: t('edit'), on: { click: () => startEditing(rec) } }),
      rec.history.length === 1 ? removeBox(rec) : null]),
  ]);
}

function history(rec) {
  const items = [...rec.history.map((h) => ({ ...h, kind: 'status' })), ...rec.notes.map((n) => ({ ...n, kind: 'note' }))]
    .sort((a, b) => a.at - b.at);
  return el('ol', { className: 'history' }, items.map((item) => {
    const when = el('span', { className: 'when', text: item.date ? formatDay(item.date) : formatTime(item.at) });
    if (item.kind === 'note') {
      return el('li', {}, [when, ' · ', t('note') + ' · ', t('by', { who: byText(item.by) }), userText('span', item.note, { className: 'note' })]);
    }
    const parts = [t('status_' + item.status)];
    if (item.to) parts.push(t('entry_to', { who: item.to }));
    if (item.department || item.official) parts.push(t('assigned_to', { who: [item.department, item.official].filter(Boolean).join(', ') }));
    if (item.reason) parts.push(t('entry_reason', { text: item.reason }));
    parts.push(t('by', { who: byText(item.by) }));
    return el('li', {}, [when, ' · ', userText('span', parts.join(' · ')), item.note ? userText('span', item.note, { className: 'note' }) : null]);
  }));
}

function field(id, label, control) {
  control.id = id;
  return el('div', { className: 'field' }, [el('label', { for: id, text: label }), control]);
}

function input(name, type = 'text', extra = {}) {
  return el('input', { name, type, dir: type === 'text' ? 'auto' : null, ...extra });
}

function box(summary, form) {
  return el('details', {}, [el('summary', { text: summary }), form]);
}

function actionForm(rec, onSubmit, children, button) {
  const error = el('p', { className: 'form-error', role: 'alert' });
  const form = el('form', { className: 'stack-form', novalidate: true }, [...children, error,
    el('button', { type: 'submit', className: 'button-primary', text: button })]);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    setText(error, '');
    try {
      const message = await onSubmit(new FormData(form));
      status.say(message);
      await load();
      focusRecommendation(rec.id);
    } catch (e) {
      setText(error, e.message);
    }
  });
  return form;
}

function statusForm(rec) {
  const p = `st-${rec.id}`;
  const next = STATUSES[Math.min(STATUSES.indexOf(rec.status) + 1, 4)];
  const select = el('select', { name: 'status' }, STATUSES.map((s) => el('option', { value: s, text: t('status_' + s), selected: s === next })));
  const form = actionForm(rec, async (values) => {
    const body = Object.fromEntries([...values].filter(([, v]) => String(v).trim() !== ''));
    await call(`/api/recommendations/${rec.id}/status`, { method: 'POST', body });
    return t('status_saved');
  }, [
    field(`${p}-status`, t('new_status'), select),
    el('div', { className: 'row' }, [field(`${p}-date`, t('date'), input('date', 'date')), field(`${p}-to`, t('to'), input('to'))]),
    el('div', { className: 'row' }, [field(`${p}-department`, t('department'), input('department', 'text', { value: rec.department })),
      field(`${p}-official`, t('official'), input('official', 'text', { value: rec.official }))]),
    field(`${p}-reason`, t('reason'), el('textarea', { name: 'reason', rows: '2', dir: 'auto' })),
    field(`${p}-note`, t('note'), el('textarea', { name: 'note', rows: '2', dir: 'auto' })),
  ], t('save_status'));
  return box(t('change_status'), form);
}

function noteForm(rec) {
  const form = actionForm(rec, async (values) => {
    await call(`/api/recommendations/${rec.id}/notes`, { method: 'POST', body: { note: String(values.get('note') || '') } });
    return t('note_saved');
  }, [field(`nt-${rec.id}`, t('note'), el('textarea', { name: 'note', rows: '3', dir: 'auto' }))], t('save_note'));
  return box(t('add_note'), form);
}

function translationForm(rec) {
  const p = `rt-${rec.id}`;
  const select = el('select', { name: 'lang' }, languageCodes.map((c) => el('option', { value: c, lang: c, text: langLabel(c) })));
  const title = input('title', 'text', { maxlength: '200' });
  const text = el('textarea', { name: 'text', rows: '4', dir: 'auto', maxlength: '2000' });
  const prefill = () => {
    const given = rec.translations[select.value] || { title: '', text: '' };
    title.value = given.title;
    text.value = given.text;
    title.setAttribute('lang', select.value);
    text.setAttribute('lang', select.value);
  };
  select.addEventListener('change', prefill);
  prefill();
  const form = actionForm(rec, async (values) => {
    const body = { lang: values.get('lang'), title: String(values.get('title') || ''), text: String(values.get('text') || '') };
    await call(`/api/recommendations/${rec.id}/translations`, { method: 'POST', body });
    return t('translation_saved');
  }, [field(`${p}-lang`, t('translate'), select), field(`${p}-title`, t('tr_title'), title), field(`${p}-text`, t('tr_text'), text)],
  t('translate'));
  return box(t('translate'), form);
}

function removeBox(rec) {
  const form = actionForm(rec, async () => {
    await call(`/api/recommendations/${rec.id}`, { method: 'DELETE' });
    return t('removed');
  }, [el('p', { text: t('confirm_remove') })], t('remove'));
  return box(t('remove'), form);
}

function focusRecommendation(id) {
  const heading = byId(`rec-${id}-title`);
  if (heading) heading.focus();
}

// ---- translations of the forum's own texts ------------------------------------------------------

function translationTargets() {
  const targets = [{ key: 'title', label: t('what_title'), text: data.forum.title, given: data.forum.title_translations,
    url: `${base}/translations/title` }];
  for (const q of data.questions) {
    targets.push({ key: `q${q.index}`, label: t('what_question', { n: q.index + 1, text: q.text }), text: q.text,
      given: q.translations, url: `${base}/translations/questions/${q.index}` });
  }
  const ranked = data.suggestions.slice().sort((a, b) => b.votes - a.votes || a.id - b.id);
  for (const s of ranked) {
    targets.push({ key: `s${s.id}`, label: t('what_suggestion', { text: s.text }), text: s.text, given: s.translations,
      url: `${base}/translations/suggestions/${s.id}` });
  }
  return targets;
}

function renderTranslationChoices() {
  const chosen = ui.trWhat.value;
  const targets = translationTargets();
  ui.trWhat.replaceChildren(...targets.map((x) => el('option', { value: x.key, text: truncate(x.label, 90) })));
  if (targets.some((x) => x.key === chosen)) ui.trWhat.value = chosen;
  prefillTranslation();
}

function truncate(text, n) {
  return text.length > n ? text.slice(0, n - 1) + '…' : text;
}

function currentTarget() {
  return translationTargets().find((x) => x.key === ui.trWhat.value);
}

function prefillTranslation() {
  const target = currentTarget();
  if (!target) return;
  setText(ui.trOriginal, t('original', { text: target.text }));
  ui.trText.value = target.given[ui.trLang.value] || '';
  ui.trText.setAttribute('lang', ui.trLang.value);
}

async function saveTranslation(event) {
  event.preventDefault();
  const target = currentTarget();
  try {
    await call(target.url, { method: 'POST', body: { lang: ui.trLang.value, text: ui.trText.value } });
    status.say(t('translation_saved'));
    await load();
  } catch (e) {
    status.error(e.message);
  }
}

ui.recForm.addEventListener('submit', submitRecommendation);
ui.recCancel.addEventListener('click', () => { stopEditing(); ui.writeHeading.focus(); });
ui.recQuestion.addEventListener('change', () => renderPickers());
ui.translateForm.addEventListener('submit', saveTranslation);
ui.trWhat.addEventListener('change', prefillTranslation);
ui.trLang.addEventListener('change', prefillTranslation);
clear(ui.recList);
load().then(() => {
  const target = window.location.hash && byId(window.location.hash.slice(1) + '-title');
  if (target) target.focus();
});
