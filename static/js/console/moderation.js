/* The console's suggestion moderation: approve, hide, pin, edit, translate, merge, remove the text for good. */
import { byIds, cssEscape, el, setText, show, syncList, userText } from '../lib/dom.js';
import { langNode } from '../lib/languages.js';
import { t, votesText } from '../lib/page.js';
import { byPinnedThenVotes } from '../lib/sorting.js';
import { editForm, mergeForm, redactForm, translateForm } from './moderation-forms.js';

const FILTERS = {
  pending: (s) => !s.approved && !s.hidden && s.merged_into == null,
  hidden: (s) => s.hidden,
  current: (s, current) => s.question === current,
  all: () => true,
};

export class Moderation {
  constructor(ctx) {
    this.ctx = ctx;
    this.ui = byIds('moderation-panel moderation moderation-count moderation-empty mod-filter');
    this.openForms = new Map();   // suggestion id -> 'edit' | 'translate' | 'merge'
    this.ui.modFilter.addEventListener('change', () => { if (this.ctx.state) this.render(); });
  }

  get all() {
    return this.ctx.state.moderation.suggestions;
  }

  items() {
    const state = this.ctx.state;
    const current = state.question ? state.question.index : null;
    const keep = FILTERS[this.ui.modFilter.value];
    return this.all.filter((s) => keep(s, current))
      .sort((a, b) => (a.approved ? 1 : 0) - (b.approved ? 1 : 0) || byPinnedThenVotes(a, b));
  }

  render() {
    const items = this.items();
    syncList(this.ui.moderation, items, (s) => s.id, (li, s) => this.renderItem(li, s), {
      skip: (s, li) => {
        if (!this.openForms.has(s.id)) return false;
        setText(li.querySelector('.mod-votes'), votesText(s.votes));
        return true;
      },
    });
    setText(this.ui.moderationCount, t('queue_count', { n: items.length }));
    show(this.ui.moderationEmpty, items.length === 0);
  }

  renderItem(li, s) {
    li.setAttribute('data-id', s.id);
    li.className = 'mod-item' + (s.hidden ? ' is-hidden' : '') + (!s.approved ? ' is-pending' : '') + (s.pinned ? ' is-pinned' : '');
    if (s.redacted) {
      li.classList.add('is-redacted');
      li.replaceChildren(this.head(s, false), el('p', { className: 'mod-text mod-redacted', text: '🗑 ' + t('redacted') }));
      return;
    }
    const edited = s.original !== s.text;
    const kind = this.openForms.get(s.id);
    li.replaceChildren(
      this.head(s, edited),
      userText('p', s.text, { className: 'mod-text' }),
      edited ? el('p', { className: 'mod-original' }, [t('original') + ' ', userText('span', s.original)]) : '',
      translationList(s),
      this.actions(s),
      kind ? this.form(s, kind) : '',
    );
  }

  head(s, edited) {
    const showQuestion = this.ui.modFilter.value !== 'current';
    return el('p', { className: 'mod-head' }, [
      el('span', { className: 'mod-id', text: '#' + s.id }),
      el('span', { className: 'mod-votes', text: votesText(s.votes) }),
      s.author ? el('span', { className: 'mod-author', text: t('author', { author: s.author }) }) : null,
      showQuestion ? el('span', { text: t('question_n', { n: s.question + 1 }) }) : null,
      !s.approved ? el('span', { className: 'badge badge-pending', text: '⏳ ' + t('badge_pending') }) : null,
      s.hidden ? el('span', { className: 'badge badge-hidden', text: '🚫 ' + t('badge_hidden') }) : null,
      s.pinned ? el('span', { className: 'badge badge-pinned', text: '📌 ' + t('badge_pinned') }) : null,
      edited ? el('span', { className: 'badge', text: '✎ ' + t('badge_edited') }) : null,
      s.merged_into != null ? el('span', { className: 'badge badge-hidden', text: '⇢ ' + t('badge_merged', { id: s.merged_into }) }) : null,
    ]);
  }

  actions(s) {
    const act = (event, extra = {}) => () => this.ctx.act(event, { suggestion_id: s.id, ...extra }, t('saved'));
    const buttons = [];
    if (!s.approved) buttons.push(modButton('approve', t('approve'), act('approve_suggestion'), 'button-primary'));
    buttons.push(s.hidden ? modButton('unhide', t('unhide'), act('unhide_suggestion')) : modButton('hide', t('hide'), act('hide_suggestion')));
    buttons.push(modButton('pin', s.pinned ? t('unpin') : t('pin'), act('pin_suggestion', { pinned: !s.pinned })));
    buttons.push(modButton('edit', t('edit'), () => this.openForm(s.id, 'edit')));
    buttons.push(modButton('translate', t('translate'), () => this.openForm(s.id, 'translate')));
    if (s.merged_into == null) buttons.push(modButton('merge', t('merge'), () => this.openForm(s.id, 'merge')));
    buttons.push(modButton('redact', t('redact'), () => this.openForm(s.id, 'redact'), 'button-danger-quiet'));
    return el('div', { className: 'mod-actions' }, buttons);
  }

  form(s, kind) {
    const close = (ack) => { if (ack) this.closeForm(s.id, kind); };
    const cancel = () => this.closeForm(s.id, kind);
    const act = (event, payload, done) => this.ctx.act(event, payload, done).then(close);
    if (kind === 'edit') return editForm(s, act, cancel);
    if (kind === 'translate') return translateForm(s, act, cancel);
    if (kind === 'redact') return redactForm(s, act, cancel);
    return mergeForm(s, this.all, act, cancel);
  }

  openForm(id, kind) {
    this.openForms.set(id, kind);
    const li = this.node(id);
    const s = this.all.find((o) => o.id === id);
    if (li && s) this.renderItem(li, s);
    const field = li && li.querySelector('.mod-form textarea, .mod-form select, .mod-form [data-first]');
    if (field) field.focus();
  }

  closeForm(id, action) {
    this.openForms.delete(id);
    this.render();
    const li = this.node(id);
    const button = li && li.querySelector(`[data-action="${action}"]`);
    if (button) button.focus();
  }

  node(id) {
    return this.ui.moderation.querySelector(`[data-key="${cssEscape(id)}"]`);
  }

  /** The pending badge: show the suggestions waiting for approval. */
  showPending() {
    this.ui.modFilter.value = 'pending';
    if (this.ctx.state) this.render();
    this.ui.moderationPanel.scrollIntoView({ block: 'start' });
    this.ui.modFilter.focus();
  }
}

function translationList(s) {
  return el('ul', { className: 'mod-translations' }, Object.entries(s.translations).map(([lang, text]) => el('li', {}, [
    langNode(lang, 'translation-lang'), ': ', userText('span', text, { lang }),
  ])));
}

function modButton(action, text, onClick, extraClass) {
  return el('button', {
    type: 'button', className: 'button-small' + (extraClass ? ' ' + extraClass : ''),
    'data-action': action, text, on: { click: onClick },
  });
}
