/* The small forms under a suggestion in the console: edit its text, translate it, merge it, remove its text. */
import { el } from '../lib/dom.js';
import { languages, t } from '../lib/page.js';

/** A form with Save (or `submit`'s own words) and Cancel; Escape cancels. */
function formShell(fields, onSubmit, cancel, submit = { text: t('save'), className: 'button-primary' }) {
  const form = el('form', { className: 'mod-form stack-form' }, [...fields, el('div', { className: 'button-row' }, [
    el('button', { type: 'submit', className: 'button-small ' + submit.className, text: submit.text }),
    el('button', { type: 'button', className: 'button-small', text: t('cancel'), 'data-first': submit.cancelFirst, on: { click: cancel } }),
  ])]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onSubmit();
  });
  form.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    cancel();
  });
  return form;
}

function labelled(id, text, control) {
  control.id = id;
  return el('div', { className: 'field' }, [el('label', { for: id, text }), control]);
}

export function editForm(s, act, cancel) {
  const area = el('textarea', { rows: 3, maxlength: 500, dir: 'auto' });
  area.value = s.text;
  return formShell([labelled('edit-' + s.id, t('edit_label'), area)],
    () => act('edit_suggestion', { suggestion_id: s.id, text: area.value.trim() }, t('saved')), cancel);
}

export function translateForm(s, act, cancel) {
  const select = el('select', {}, languages.map(([lang, name]) => el('option', { value: lang, lang, dir: 'auto', text: `${name} (${lang})` })));
  const area = el('textarea', { rows: 2, maxlength: 500, dir: 'auto' });
  select.addEventListener('change', () => { area.value = s.translations[select.value] || ''; });
  area.value = s.translations[select.value] || '';
  return formShell([
    labelled('tr-lang-' + s.id, t('translate_lang'), select),
    labelled('tr-text-' + s.id, t('translate_text'), area),
  ], () => act('translate_suggestion', { suggestion_id: s.id, lang: select.value, text: area.value.trim() }, t('saved')), cancel);
}

export function mergeForm(s, all, act, cancel) {
  const targets = all.filter((o) => o.id !== s.id && o.question === s.question && o.merged_into == null);
  if (!targets.length) return formShell([el('p', { className: 'hint', text: t('merge_none') })], cancel, cancel);
  const select = el('select', {}, targets.map((o) => el('option', { value: String(o.id), dir: 'auto', text: `#${o.id} ${shorten(o.text, 70)}` })));
  return formShell([labelled('merge-' + s.id, t('merge_into'), select)],
    () => act('merge_suggestion', { suggestion_id: s.id, into: targets[select.selectedIndex].id }, t('merged')), cancel);
}

function shorten(text, n) {
  return text.length > n ? text.slice(0, n - 1) + '…' : text;
}

/** Removing a suggestion's text asks first, and says plainly that it is everywhere and for good. */
export function redactForm(s, act, cancel) {
  return formShell([el('p', { className: 'mod-warning', role: 'alert', text: t('redact_warning') })],
    () => act('redact_suggestion', { suggestion_id: s.id }, t('redacted_done')), cancel,
    { text: t('redact_confirm'), className: 'button-danger', cancelFirst: true });
}
