/* Writing a suggestion on the phone (closed, with the reason, while the moderator has closed suggestions),
 * and the phone's own suggestions waiting for the moderator or whose text the moderator removed. */
import { byIds, el, setText, show, syncList, userText } from '../lib/dom.js';
import { code, t } from '../lib/page.js';

const PENDING_KEY = 'ff_pending_' + code;
const MAX_SUGGESTION = 500;

function randomId() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class Compose {
  constructor(page) {
    this.page = page;
    this.ui = byIds('suggest-form suggest-text suggest-send suggest-count my-pending suggestions-closed');
    this.pendingTexts = this.loadPending();
    this.draft = { text: null, clientId: null };   // a resend carries the same client_id: stored once
    this.sending = false;
    this.updateCounter();
    this.ui.suggestForm.addEventListener('submit', (event) => this.send(event));
    this.ui.suggestText.addEventListener('input', () => this.updateCounter());
  }

  render(me) {
    this.renderOpen(this.page.state.voting.suggestions_open !== false);
    const items = (me.pending || []).map((id) => ({ id, text: this.pendingTexts[id] }))
      .concat((me.redacted || []).map((id) => ({ id, redacted: true })));
    syncList(this.ui.myPending, items, (p) => p.id, (li, p) => {
      li.className = 'pending-item' + (p.redacted ? ' is-redacted' : '');
      if (p.redacted) {
        li.replaceChildren(el('span', { className: 'badge badge-yours', text: '✎ ' + t('yours') }),
          el('p', { className: 'redacted-text', text: t('redacted') }));
        return;
      }
      li.replaceChildren(el('span', { className: 'badge badge-pending', text: '⏳ ' + t('waiting_moderator') }),
        p.text ? userText('p', p.text) : el('p', { text: t('pending_unknown') }));
    });
    show(this.ui.myPending, items.length > 0);
    this.forgetDecided(me);
  }

  /** Closed: the box cannot be typed into, and says why before anyone starts (a draft stays). */
  renderOpen(open) {
    const ui = this.ui;
    show(ui.suggestionsClosed, !open);
    ui.suggestText.disabled = !open;
    ui.suggestSend.disabled = !open || this.sending;
    ui.suggestForm.classList.toggle('is-closed', !open);
  }

  /** Texts kept for suggestions still waiting; those the moderator decided on are forgotten. */
  forgetDecided(me) {
    const decided = (me.my_suggestions || []).filter((id) => !(me.pending || []).includes(id) && id in this.pendingTexts);
    if (!decided.length) return;
    for (const id of decided) delete this.pendingTexts[id];
    this.page.storage.set(PENDING_KEY, JSON.stringify(this.pendingTexts));
  }

  loadPending() {
    try {
      return JSON.parse(this.page.storage.get(PENDING_KEY)) || {};
    } catch (e) {
      return {};
    }
  }

  send(event) {
    event.preventDefault();
    const ui = this.ui;
    const text = ui.suggestText.value.trim();
    if (!text) {
      this.page.status.error(t('write_something'));
      ui.suggestText.focus();
      return;
    }
    if (this.sending) return;
    if (this.draft.text !== text) this.draft = { text, clientId: randomId() };
    this.sending = true;
    ui.suggestSend.disabled = true;
    this.page.live.call('suggest', { text, client_id: this.draft.clientId }, { retries: 2 })
      .then((ack) => this.sent(ack, text), (err) => this.page.failed(err))
      .then(() => {
        this.sending = false;
        ui.suggestSend.disabled = this.page.state.voting.suggestions_open === false;
      });
  }

  sent(ack, text) {
    const premoderation = this.page.state.forum.premoderation;
    if (premoderation) {
      this.pendingTexts[ack.suggestion_id] = text;
      this.page.storage.set(PENDING_KEY, JSON.stringify(this.pendingTexts));
    }
    this.draft = { text: null, clientId: null };
    this.ui.suggestText.value = '';
    this.updateCounter();
    this.page.status.say(premoderation ? t('sent_pending') : t('sent'));
    this.page.render();
  }

  updateCounter() {
    const n = this.ui.suggestText.value.length;
    setText(this.ui.suggestCount, t('counter', { n, max: MAX_SUGGESTION }));
    this.ui.suggestCount.classList.toggle('is-near-limit', n > MAX_SUGGESTION - 50);
  }
}
