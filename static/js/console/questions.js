/* The console's questions: switch question, the first-timers' round; the queue, suggestions and voting
 * open or closed on the current question; tallies; translations. */
import { byIds, el, setText, syncList, userText } from '../lib/dom.js';
import { langNode } from '../lib/languages.js';
import { t } from '../lib/page.js';

export class Questions {
  constructor(ctx) {
    this.ctx = ctx;
    this.ui = byIds(`question-list round-toggle queue-toggle suggestions-toggle voting-toggle reveal-toggle qt-form qt-lang
      qt-text qt-list`);
    this.qtTouched = false;     // the translation text was typed into; do not overwrite it
    this.wire();
  }

  render() {
    this.renderList();
    this.renderToggles();
    this.renderTranslations();
  }

  renderList() {
    const state = this.ctx.state;
    const current = state.question ? state.question.index : null;
    syncList(this.ui.questionList, state.forum.questions, (q) => q.index, (li, q) => {
      const isCurrent = q.index === current;
      li.className = isCurrent ? 'is-current' : '';
      li.replaceChildren(el('button', {
        type: 'button', className: 'question-button', 'data-action': 'question',
        'aria-current': isCurrent ? 'true' : null, on: { click: () => this.setQuestion(q.index) },
      }, [
        el('kbd', { text: String(q.index + 1) }),
        userText('span', q.text, { className: 'question-text' }),
        isCurrent ? el('span', { className: 'badge', text: '▶ ' + t('question_current') }) : null,
      ]));
    });
  }

  /** Switch question; a turn under way ends with the switch, and the message says so. */
  setQuestion(index) {
    const { forum, speaker } = this.ctx.state;
    if (index < 0 || index >= forum.questions.length) return;
    const said = speaker ? t('question_set_turn_ended', { n: index + 1, label: speaker.label }) : t('question_set', { n: index + 1 });
    this.ctx.act('set_question', { index }, said);
  }

  renderToggles() {
    const { round, voting, queue_open: queueOpen } = this.ctx.state;
    const ui = this.ui;
    setToggle(ui.roundToggle, round === 'first_timers', round === 'first_timers' ? t('round_on') : t('round_off'));
    setToggle(ui.queueToggle, queueOpen, queueOpen ? t('queue_open') : t('queue_closed'));
    setToggle(ui.suggestionsToggle, voting.suggestions_open, voting.suggestions_open ? t('suggestions_open') : t('suggestions_closed'));
    setToggle(ui.votingToggle, voting.open, voting.open ? t('voting_open') : t('voting_closed'));
    setToggle(ui.revealToggle, voting.revealed, voting.revealed ? t('tallies_revealed') : t('tallies_hidden'));
    // Revealing means something only while the forum hides tallies from someone.
    ui.revealToggle.hidden = !this.talliesHidden();
  }

  talliesHidden() {
    return this.ctx.state.forum.hide_tallies !== 'none';
  }

  toggleRound() {
    const on = this.ctx.state.round !== 'first_timers';
    this.ctx.act('first_timers_round', { on }, on ? t('round_on') : t('round_off'));
  }

  toggleVoting() {
    const open = !this.ctx.state.voting.open;
    this.ctx.act('set_voting', { open }, open ? t('voting_open') : t('voting_closed'));
  }

  toggleQueue() {
    const open = !this.ctx.state.queue_open;
    this.ctx.act('set_queue_open', { open }, open ? t('queue_open') : t('queue_closed'));
  }

  toggleSuggestions() {
    const open = !this.ctx.state.voting.suggestions_open;
    this.ctx.act('set_suggestions', { open }, open ? t('suggestions_open') : t('suggestions_closed'));
  }

  toggleReveal() {
    const revealed = !this.ctx.state.voting.revealed;
    if (this.talliesHidden()) this.ctx.act('reveal_tallies', { revealed }, revealed ? t('tallies_revealed') : t('tallies_hidden'));
  }

  renderTranslations() {
    const q = this.ctx.state.question;
    const translations = (q && q.translations) || {};
    syncList(this.ui.qtList, Object.keys(translations), (lang) => lang, (li, lang) => {
      li.replaceChildren(langNode(lang, 'translation-lang'), ': ', userText('span', translations[lang], { lang }));
    });
    const ui = this.ui;
    if (!this.qtTouched && document.activeElement !== ui.qtText) ui.qtText.value = translations[ui.qtLang.value] || '';
  }

  saveTranslation(event) {
    event.preventDefault();
    const q = this.ctx.state && this.ctx.state.question;
    if (!q) return;
    const payload = { index: q.index, lang: this.ui.qtLang.value, text: this.ui.qtText.value.trim() };
    this.ctx.act('set_question_translation', payload, t('saved')).then((ack) => {
      if (ack) this.qtTouched = false;
    });
  }

  wire() {
    const ui = this.ui;
    ui.roundToggle.addEventListener('click', () => this.toggleRound());
    ui.votingToggle.addEventListener('click', () => this.toggleVoting());
    ui.queueToggle.addEventListener('click', () => this.toggleQueue());
    ui.suggestionsToggle.addEventListener('click', () => this.toggleSuggestions());
    ui.revealToggle.addEventListener('click', () => this.toggleReveal());
    ui.qtForm.addEventListener('submit', (event) => this.saveTranslation(event));
    ui.qtText.addEventListener('input', () => { this.qtTouched = true; });
    ui.qtLang.addEventListener('change', () => {
      this.qtTouched = false;
      if (this.ctx.state) this.renderTranslations();
    });
  }
}

function setToggle(button, on, text) {
  button.setAttribute('aria-pressed', on ? 'true' : 'false');
  setText(button.querySelector('.label'), text);
}
