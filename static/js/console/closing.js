/* The console's end of the night: open and close the closing round and watch its counts, end the forum
 * (the phones then show what became of it), reopen it after a mistake. */
import { byId, byIds, readJSON, setText, show } from '../lib/dom.js';
import { langLocal } from '../lib/languages.js';
import { translator } from '../lib/strings.js';

const t = translator(readJSON('i18n-closing', {}));

export class Closing {
  constructor(ctx) {
    this.ctx = ctx;
    this.ui = byIds('closing-panel closing-toggle closing-results closing-answered closing-langs end-state end-box end-forum reopen-forum');
    if (!this.ui.closingPanel) return;
    this.ui.closingToggle.addEventListener('click', () => this.toggle());
    this.ui.endForum.addEventListener('click', () => this.end());
    this.ui.reopenForum.addEventListener('click', () => this.reopen());
  }

  render() {
    if (!this.ui.closingPanel) return;
    const state = this.ctx.state;
    const open = !!(state.closing && state.closing.open);
    const results = state.closing_results;
    const ended = !!(state.forum && state.forum.ended);
    this.ui.closingToggle.setAttribute('aria-pressed', String(open));
    setText(this.ui.closingToggle.querySelector('.label'), open ? t('close') : t('open'));
    this.ui.closingToggle.disabled = ended;
    show(this.ui.closingResults, !!results);
    if (results) this.renderResults(results);
    setText(this.ui.endState, ended ? t('ended') : t('live'));
    show(this.ui.endBox, !ended);
    show(this.ui.reopenForum, ended);
  }

  renderResults(results) {
    setText(this.ui.closingAnswered, results.answered === 1 ? t('answered_one') : t('answered', { n: results.answered }));
    for (const figure of this.ui.closingResults.querySelectorAll('.closing-figure')) {
      const counts = results.items[figure.dataset.item] || [];
      const most = Math.max(1, ...counts);
      for (const li of figure.querySelectorAll('li')) {
        const n = counts[Number(li.dataset.step) - 1] || 0;
        setText(li.querySelector('.count'), String(n));
        li.querySelector('.fill').style.inlineSize = `${Math.round((100 * n) / most)}%`;
      }
    }
    const groups = Object.entries(results.by_lang || {});
    const text = groups.length ? t('by_lang', { min: results.min_group,
      groups: groups.map(([lang, g]) => `${langLocal(lang)} ${g.answered}`).join(', ') }) : t('by_lang_none', { min: results.min_group });
    setText(this.ui.closingLangs, results.open ? '' : text);
  }

  toggle() {
    const open = this.ui.closingToggle.getAttribute('aria-pressed') !== 'true';
    this.ctx.act('closing_round', { open }, open ? t('opened') : t('closed'));
  }

  end() {
    this.ctx.act('end_forum', {}, t('ended_now')).then((ack) => {
      if (ack) this.ui.reopenForum.focus();
    });
  }

  reopen() {
    this.ctx.act('reopen_forum', {}, t('reopened')).then((ack) => {
      if (ack) this.ui.closingToggle.focus();
    });
  }
}
