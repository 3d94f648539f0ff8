/* The phone's closing round: two questions, five faces each (radio buttons). Shown while the round is
 * open; an answer can be changed until it closes. The server keeps one answer per phone and question. */
import { byId, readJSON, setText, show } from '../lib/dom.js';
import { translator } from '../lib/strings.js';

const t = translator(readJSON('i18n-closing', {}));

export class ClosingRound {
  constructor(page) {
    this.page = page;
    this.card = byId('closing-card');
    this.done = byId('closing-done');
    this.sending = new Set();
    this.wasOpen = false;
    if (this.card) this.card.addEventListener('change', (event) => this.answer(event.target));
  }

  render(state, me) {
    if (!this.card) return;
    const open = !!(state.closing && state.closing.open);
    show(this.card, open);
    if (open && !this.wasOpen) setText(this.done, '');
    this.wasOpen = open;
    const mine = (me && me.closing) || {};
    for (const input of this.card.querySelectorAll('.face-input')) {
      if (this.sending.has(input.dataset.item)) continue;
      input.checked = mine[input.dataset.item] === Number(input.value);
    }
  }

  answer(input) {
    if (!input.classList.contains('face-input')) return;
    const item = input.dataset.item;
    this.sending.add(item);
    this.page.live.call('closing_answer', { item, step: Number(input.value) }, { retries: 2 }).then(() => {
      this.sending.delete(item);
      const answered = [...this.card.querySelectorAll('.closing-item')]
        .every((group) => group.querySelector('.face-input:checked'));
      setText(this.done, answered ? t('both') : t('saved'));
    }, (err) => {
      this.sending.delete(item);
      this.page.failed(err);
      this.render(this.page.state, this.page.state.me);
    });
  }
}
