/* The phone's suggestions: write one, read the others, vote. */
import { byId, el, setText, show, syncList, userText, clear } from '../lib/dom.js';
import { code, pageLang, t, votesText } from '../lib/page.js';
import { byPinnedThenNewest, byPinnedThenVotes } from '../lib/sorting.js';

const PENDING_KEY = 'ff_pending_' + code;
const MAX_SUGGESTION = 500;
const SETTLE_MS = 3000;

function randomId() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class Suggestions {
  constructor(page) {
    this.page = page;
    this.ui = {
      form: byId('suggest-form'), text: byId('suggest-text'), send: byId('suggest-send'),
      counter: byId('suggest-count'), pending: byId('my-pending'), votingClosed: byId('voting-closed'),
      votesLeft: byId('votes-left'), list: byId('suggestions'), empty: byId('no-suggestions'),
      sortButtons: document.querySelectorAll('.sort-button'),
    };
    this.sortMode = 'votes';
    this.order = [];              // ids in shown order; kept so a tap never lands on a moved item
    this.voting = new Map();      // id -> {voted, until}: a vote tap waiting for the push that shows it
    this.pendingTexts = this.loadPending();
    this.draft = { text: null, clientId: null };
    this.sending = false;
    this.wire();
  }

  forgetOrder() {
    this.order = [];
  }

  render(me) {
    this.renderVoting(me);
    this.renderList(me);
    this.renderPending(me);
  }

  votingOpen() {
    return this.page.state.voting.open;
  }

  renderVoting(me) {
    const open = this.votingOpen();
    show(this.ui.votingClosed, !open);
    const left = me.votes_left;
    let text = '';
    if (open && left != null) text = left > 0 ? t('votes_left', { n: left }) : t('no_votes_left');
    setText(this.ui.votesLeft, text);
    show(this.ui.votesLeft, !!text);
  }

  renderList(me) {
    const suggestions = this.page.state.suggestions;
    const byId = new Map(suggestions.map((s) => [s.id, s]));
    const mine = new Set(me.my_votes || []);
    for (const [id, wait] of this.voting) {
      if (mine.has(id) === wait.voted || performance.now() > wait.until) this.voting.delete(id);
    }
    this.order = this.stableOrder(suggestions, byId);
    const items = this.order.map((id) => byId.get(id));
    syncList(this.ui.list, items, (s) => s.id, (li, s) => this.renderItem(li, s, me));
    show(this.ui.empty, items.length === 0);
  }

  /** Keep the order the phone already shows; put new suggestions where the chosen sort puts them. */
  stableOrder(suggestions, byId) {
    if (!this.order.length) return this.sortedIds(suggestions);
    const kept = this.order.filter((id) => byId.has(id));
    const fresh = this.sortedIds(suggestions.filter((s) => !kept.includes(s.id)));
    return this.sortMode === 'newest' ? fresh.concat(kept) : kept.concat(fresh);
  }

  sortedIds(suggestions) {
    const compare = this.sortMode === 'newest' ? byPinnedThenNewest : byPinnedThenVotes;
    return suggestions.slice().sort(compare).map((s) => s.id);
  }

  renderItem(li, s, me) {
    const mine = (me.my_suggestions || []).includes(s.id);
    const voted = (me.my_votes || []).includes(s.id);
    li.setAttribute('data-id', s.id);
    li.className = 'suggestion' + (voted ? ' is-voted' : '') + (s.pinned ? ' is-pinned' : '');
    clear(li);
    li.append(userText('p', s.text, { className: 'suggestion-text' }));
    const translation = s.translations[pageLang];
    if (translation && translation !== s.text) {
      li.append(userText('p', translation, { className: 'suggestion-translation', lang: pageLang }));
    }
    li.append(this.meta(s, mine, voted), this.voteButton(s, voted, me));
  }

  meta(s, mine, voted) {
    const hidden = s.votes == null;
    return el('p', { className: 'suggestion-meta' }, [
      el('span', { className: 'votes' + (hidden ? ' is-hidden' : ''), text: hidden ? t('votes_hidden') : votesText(s.votes) }),
      s.pinned ? el('span', { className: 'badge badge-pinned', text: '📌 ' + t('pinned') }) : null,
      mine ? el('span', { className: 'badge badge-yours', text: '✎ ' + t('yours') }) : null,
      voted ? el('span', { className: 'badge badge-voted', text: '✓ ' + t('voted') }) : null,
    ]);
  }

  voteButton(s, voted, me) {
    const noBudget = !voted && me.votes_left != null && me.votes_left <= 0;
    return el('button', {
      type: 'button', className: 'vote' + (voted ? ' is-voted' : ''), 'data-action': 'vote',
      disabled: !this.votingOpen() || noBudget || this.voting.has(s.id),
      text: voted ? '✓ ' + t('unvote') : '👍 ' + t('vote'),
      on: { click: () => this.toggleVote(s.id, voted) },
    });
  }

  toggleVote(id, voted) {
    const page = this.page;
    this.voting.set(id, { voted: !voted, until: Infinity });
    page.render();
    page.live.call(voted ? 'unvote' : 'vote', { suggestion_id: id }).then(() => {
      page.status.say(voted ? t('vote_removed') : t('vote_recorded'));
      const wait = this.voting.get(id);
      if (wait) wait.until = performance.now() + SETTLE_MS;
      window.setTimeout(() => page.render(), SETTLE_MS);
    }, (err) => {
      this.voting.delete(id);
      page.failed(err);
    }).then(() => page.render());
  }

  setSort(mode) {
    this.sortMode = mode;
    this.order = [];
    for (const b of this.ui.sortButtons) b.setAttribute('aria-pressed', b.dataset.sort === mode ? 'true' : 'false');
    if (this.page.state) this.page.render();
  }

  renderPending(me) {
    const ids = me.pending || [];
    const items = ids.map((id) => ({ id, text: this.pendingTexts[id] }));
    syncList(this.ui.pending, items, (p) => p.id, (li, p) => {
      clear(li);
      li.className = 'pending-item';
      li.append(el('span', { className: 'badge badge-pending', text: '⏳ ' + t('waiting_moderator') }),
        p.text ? userText('p', p.text) : el('p', { text: t('pending_unknown') }));
    });
    show(this.ui.pending, items.length > 0);
    this.forgetDecided(me);
  }

  /** Texts kept for suggestions still waiting; those the moderator decided on are forgotten. */
  forgetDecided(me) {
    const decided = (me.my_suggestions || []).filter((id) => !(me.pending || []).includes(id));
    const known = decided.filter((id) => id in this.pendingTexts);
    if (!known.length) return;
    for (const id of known) delete this.pendingTexts[id];
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
    const text = ui.text.value.trim();
    if (!text) {
      this.page.status.error(t('write_something'));
      ui.text.focus();
      return;
    }
    if (this.sending) return;
    if (this.draft.text !== text) this.draft = { text, clientId: randomId() };
    this.sending = true;
    ui.send.disabled = true;
    this.page.live.call('suggest', { text, client_id: this.draft.clientId }, { retries: 2 })
      .then((ack) => this.sent(ack, text), (err) => this.page.failed(err))
      .then(() => {
        this.sending = false;
        ui.send.disabled = false;
      });
  }

  sent(ack, text) {
    const premoderation = this.page.state.forum.premoderation;
    if (premoderation) {
      this.pendingTexts[ack.suggestion_id] = text;
      this.page.storage.set(PENDING_KEY, JSON.stringify(this.pendingTexts));
    }
    this.draft = { text: null, clientId: null };
    this.ui.text.value = '';
    this.updateCounter();
    this.page.status.say(premoderation ? t('sent_pending') : t('sent'));
    this.page.render();
  }

  updateCounter() {
    const n = this.ui.text.value.length;
    setText(this.ui.counter, t('counter', { n, max: MAX_SUGGESTION }));
    this.ui.counter.classList.toggle('is-near-limit', n > MAX_SUGGESTION - 50);
  }

  wire() {
    this.updateCounter();
    this.ui.form.addEventListener('submit', (event) => this.send(event));
    this.ui.text.addEventListener('input', () => this.updateCounter());
    for (const b of this.ui.sortButtons) b.addEventListener('click', () => this.setSort(b.dataset.sort));
  }
}
