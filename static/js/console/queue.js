/* The console's queue, one line a person: select with j/k, move, remove, give the floor; add a walk-in;
 * lower all hands (asked first). */
import { byIds, cssEscape, el, setText, show, syncList, userText } from '../lib/dom.js';
import { langLabel, langNode } from '../lib/languages.js';
import { t } from '../lib/page.js';
import { mmss } from '../lib/timer.js';
import { RowMenu } from './row-menu.js';

export class Queue {
  constructor(ctx) {
    this.ctx = ctx;
    this.ui = byIds('queue queue-count queue-empty queue-closed-badge lower-all confirm-lower confirm-lower-text add-speaker add-label add-lang');
    this.selectedId = null;
    this.menu = new RowMenu(this);
    this.ui.addSpeaker.addEventListener('submit', (event) => this.addSpeaker(event));
    this.ui.queue.addEventListener('click', (event) => this.selectClicked(event));
    this.ui.lowerAll.addEventListener('click', () => this.askLowerAll());
    this.ui.confirmLower.addEventListener('close', () => this.lowerAllAnswered());
  }

  get entries() {
    return this.ctx.state ? this.ctx.state.queue : [];
  }

  find(id) {
    return this.entries.find((e) => e.entry_id === id);
  }

  render() {
    const queue = this.entries;
    if (!this.find(this.selectedId)) this.selectedId = null;
    syncList(this.ui.queue, queue, (e) => e.entry_id, (li, entry, index) => this.renderEntry(li, entry, index));
    setText(this.ui.queueCount, t('queue_count', { n: queue.length }));
    show(this.ui.queueEmpty, queue.length === 0);
    show(this.ui.queueClosedBadge, this.ctx.state.queue_open === false);
    this.ui.lowerAll.disabled = queue.length === 0;
    this.menu.refresh();
  }

  renderEntry(li, entry, index) {
    const selected = entry.entry_id === this.selectedId;
    li.setAttribute('data-entry-id', entry.entry_id);
    li.className = 'queue-entry' + (selected ? ' is-selected' : '') + (entry.first_time ? ' is-first' : '');
    if (selected) li.setAttribute('aria-current', 'true');
    else li.removeAttribute('aria-current');
    li.replaceChildren(this.main(entry, index, selected), stats(entry), this.actions(entry, index, selected));
  }

  main(entry, index, selected) {
    return el('div', { className: 'entry-main' }, [
      el('span', { className: 'entry-pos', text: String(index + 1) + '.' }),
      selected ? el('span', { className: 'entry-selected', text: '▶', title: t('selected') }) : null,
      userText('bdi', entry.label, { className: 'entry-label', title: entry.label }),
      entry.lang ? langNode(entry.lang, 'entry-lang') : null,
      entry.first_time ? el('span', { className: 'entry-first', title: t('first_time') }, [
        el('span', { 'aria-hidden': 'true', text: '★' }), el('span', { className: 'visually-hidden', text: t('first_time') }),
      ]) : null,
    ]);
  }

  /** Give the floor on every row, and a menu; the selected row shows its moves and removal too. */
  actions(entry, index, selected) {
    const { label, entry_id: id } = entry;
    const last = this.entries.length - 1;
    return el('div', { className: 'entry-actions' }, [
      selected ? iconButton('up', '↑', t('move_up', { label }), index === 0, () => this.move(id, -1)) : null,
      selected ? iconButton('down', '↓', t('move_down', { label }), index === last, () => this.move(id, 1)) : null,
      selected ? iconButton('remove', '✕', t('remove', { label }), false, () => this.remove(id)) : null,
      // The visible words start the accessible name (WCAG 2.5.3); the person's label follows, unseen.
      el('button', {
        type: 'button', className: 'button-small give-floor', 'data-action': 'floor',
        on: { click: () => this.giveFloor(id) },
      }, [t('give_floor'), el('span', { className: 'visually-hidden' }, [': ', userText('bdi', label)])]),
      iconButton('menu', '⋯', t('row_menu', { label }), false, (event) => this.menu.open(id, event.currentTarget)),
    ]);
  }

  /** Waiting times tick locally between pushes. */
  tick() {
    const since = (performance.now() - this.ctx.live.queueAt) / 1000;
    for (const span of this.ui.queue.querySelectorAll('.entry-wait')) {
      setText(span, t('waiting', { t: mmss(Number(span.dataset.wait) + since) }));
    }
  }

  move(id, delta) {
    const entry = this.find(id);
    this.ctx.act('move_entry', { entry_id: id, delta }, t('moved')).then((ack) => {
      if (ack && entry) this.ctx.history.note('EntryMoved', entry.label);
    });
  }

  remove(id) {
    const entry = this.find(id);
    this.ctx.act('remove_entry', { entry_id: id }, t('removed')).then((ack) => {
      if (ack && entry) this.ctx.history.note('EntryRemoved', entry.label);
    });
  }

  /** "Lower all hands" empties the queue: it asks first, and says that Undo brings the hands back. */
  askLowerAll() {
    const n = this.entries.length;
    if (!n || this.ui.confirmLower.open) return;
    setText(this.ui.confirmLowerText, t('lower_all_ask', { n }));
    this.ui.confirmLower.returnValue = '';
    this.ui.confirmLower.showModal();
  }

  lowerAllAnswered() {
    if (this.ui.confirmLower.returnValue !== 'yes') return;
    this.ctx.act('lower_all_hands', {}, t('lowered_all')).then((ack) => {
      if (ack) this.ctx.history.note('AllHandsLowered', '');
    });
  }

  giveFloor(id) {
    this.ctx.panels.turn.giveFloor('start_turn', { entry_id: id });
  }

  /** j/k: select the next or previous person, keeping the row in view. */
  selectBy(step) {
    const queue = this.entries;
    if (!queue.length) return;
    let index = queue.findIndex((e) => e.entry_id === this.selectedId);
    index = index < 0 ? (step > 0 ? 0 : queue.length - 1) : Math.min(queue.length - 1, Math.max(0, index + step));
    this.selectedId = queue[index].entry_id;
    this.render();
    const li = this.ui.queue.querySelector(`[data-entry-id="${cssEscape(this.selectedId)}"]`);
    if (li) li.scrollIntoView({ block: 'nearest' });
    const entry = queue[index];
    this.ctx.status.say(t('selected_entry', { label: entry.label, n: index + 1, total: queue.length }) +
      (entry.lang ? ' · ' + langLabel(entry.lang) : ''));
  }

  /** Run fn on the selected entry; with none selected, select the first. */
  withSelected(fn) {
    if (this.selectedId == null) this.selectBy(1);
    else fn(this.selectedId);
  }

  /** Clicking an entry (not one of its buttons) selects it for the keyboard. */
  selectClicked(event) {
    const li = event.target.closest('[data-entry-id]');
    if (!li || event.target.closest('button')) return;
    const entry = this.entries.find((e) => String(e.entry_id) === li.dataset.key);
    if (entry) {
      this.selectedId = entry.entry_id;
      this.render();
    }
  }

  addSpeaker(event) {
    event.preventDefault();
    const ui = this.ui;
    const label = ui.addLabel.value.trim();
    if (!label) {
      ui.addLabel.focus();
      return;
    }
    const payload = { label };
    if (ui.addLang.value) payload.lang = ui.addLang.value;
    this.ctx.act('add_speaker', payload, t('added')).then((ack) => {
      if (!ack) return;
      this.ctx.history.note('SpeakerAdded', label);
      ui.addLabel.value = '';
      ui.addLabel.focus();
    });
  }
}

function stats(entry) {
  return el('div', { className: 'entry-stats' }, [
    el('span', { text: t('turns', { n: entry.turns }) }),
    el('span', { text: t('talk', { t: mmss(entry.talk_s) }) }),
    el('span', { className: 'entry-wait', 'data-wait': entry.waiting_s, text: t('waiting', { t: mmss(entry.waiting_s) }) }),
  ]);
}

function iconButton(action, symbol, label, disabled, onClick) {
  return el('button', {
    type: 'button', className: 'button-small icon-button', 'data-action': action,
    'aria-label': label, title: label, disabled, text: symbol, on: { click: onClick },
  });
}
