/* The phone's list of suggestions: sorted by votes or by age, re-sorted only while nobody touches the
 * screen (so an item never jumps from under a thumb), long ones opened with "Show more"; voting. */
import { byIds, el, prefersReducedMotion, setText, show, syncList, userText } from '../lib/dom.js';
import { pageLang, t, votesText } from '../lib/page.js';
import { originalParts } from './original.js';
import { byPinnedThenNewest, byPinnedThenVotes } from '../lib/sorting.js';

const SETTLE_MS = 3000;          // how long a tap waits for the push that shows its effect
const IDLE_MS = 2500;            // the list re-sorts only after the reader has been still this long

export class Suggestions {
  constructor(page) {
    this.page = page;
    this.ui = byIds('voting-closed votes-left suggestions no-suggestions');
    this.sortButtons = document.querySelectorAll('.sort-button');
    this.sortMode = 'votes';
    this.order = [];              // ids in shown order
    this.voting = new Map();      // id -> {voted, until}: a vote tap waiting for the push that shows it
    this.expanded = new Set();    // ids opened with "Show more"
    this.originals = new Set();   // ids whose original shows under the translation
    this.touchedAt = 0;
    this.resortTimer = null;
    this.wire();
  }

  forgetOrder() {
    this.order = [];
  }

  render(me) {
    const open = this.page.state.voting.open;
    show(this.ui.votingClosed, !open);
    const left = me.votes_left;
    const text = open && left != null ? (left > 0 ? t('votes_left', { n: left }) : t('no_votes_left')) : '';
    setText(this.ui.votesLeft, text);
    show(this.ui.votesLeft, !!text);
    this.renderList(me);
  }

  renderList(me, resort = false) {
    const suggestions = this.page.state.suggestions;
    const byId = new Map(suggestions.map((s) => [s.id, s]));
    const mine = new Set(me.my_votes || []);
    for (const [id, wait] of this.voting) {
      if (mine.has(id) === wait.voted || performance.now() > wait.until) this.voting.delete(id);
    }
    const sorted = this.sortedIds(suggestions);
    const kept = this.order.filter((id) => byId.has(id));
    const fresh = sorted.filter((id) => !kept.includes(id));
    const next = resort || !this.order.length ? sorted : (this.sortMode === 'newest' ? fresh.concat(kept) : kept.concat(fresh));
    if (next.join() !== sorted.join()) this.scheduleResort();
    const moves = this.positions();
    this.order = next;
    syncList(this.ui.suggestions, next.map((id) => byId.get(id)), (s) => s.id, (li, s) => this.renderItem(li, s, me));
    if (resort) slide(this.ui.suggestions, moves);
    this.showMoreButtons();
    show(this.ui.noSuggestions, suggestions.length === 0);
  }

  sortedIds(suggestions) {
    const compare = this.sortMode === 'newest' ? byPinnedThenNewest : byPinnedThenVotes;
    return suggestions.slice().sort(compare).map((s) => s.id);
  }

  /** Re-sort once the reader has been still for a moment, never while a finger is on the list. */
  scheduleResort() {
    if (this.resortTimer) return;
    this.resortTimer = window.setTimeout(() => {
      this.resortTimer = null;
      const still = performance.now() - this.touchedAt;
      if (still < IDLE_MS) {
        this.scheduleResort();
        return;
      }
      this.renderList(this.page.state.me || {}, true);
    }, IDLE_MS);
  }

  positions() {
    return new Map([...this.ui.suggestions.children].map((li) => [li.dataset.key, li.getBoundingClientRect().top]));
  }

  renderItem(li, s, me) {
    const mine = (me.my_suggestions || []).includes(s.id);
    const voted = (me.my_votes || []).includes(s.id);
    const open = this.expanded.has(s.id);
    li.setAttribute('data-id', s.id);
    li.className = 'suggestion' + (voted ? ' is-voted' : '') + (s.pinned ? ' is-pinned' : '');
    const translation = s.translations[pageLang];
    const translated = !!translation && translation !== s.text;  // the phone's language first
    li.replaceChildren(
      userText('p', translated ? translation : s.text, {
        className: 'suggestion-text' + (open ? '' : ' is-clamped'), id: `sg-${s.id}`, lang: translated ? pageLang : null,
      }),
      el('button', {
        type: 'button', className: 'more-button', hidden: true, 'aria-expanded': open ? 'true' : 'false',
        'aria-controls': `sg-${s.id}`, text: open ? t('less') : t('more'), on: { click: () => this.toggleMore(s.id) },
      }),
      ...(translated ? originalParts(s.id, s.text, this.originals.has(s.id), () => this.toggleOriginal(s.id)) : []),
      this.meta(s, mine, voted),
      this.voteButton(s, voted, me),
    );
  }

  /** "Show more" only where the first lines do not hold the whole text. */
  showMoreButtons() {
    for (const li of this.ui.suggestions.children) {
      const text = li.querySelector('.suggestion-text');
      const button = li.querySelector('.more-button');
      if (text && button) button.hidden = !this.expanded.has(Number(li.dataset.key)) && text.scrollHeight <= text.clientHeight + 1;
    }
  }

  toggleOriginal(id) {
    if (this.originals.has(id)) this.originals.delete(id);
    else this.originals.add(id);
    this.page.render();
    const toggle = this.ui.suggestions.querySelector(`li[data-id="${id}"] .original-toggle`);
    if (toggle) toggle.focus();  // the list was rebuilt: keep the keyboard where it was
  }

  toggleMore(id) {
    if (this.expanded.has(id)) this.expanded.delete(id);
    else this.expanded.add(id);
    this.page.render();
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
      disabled: !this.page.state.voting.open || noBudget || this.voting.has(s.id),
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
    for (const b of this.sortButtons) b.setAttribute('aria-pressed', b.dataset.sort === mode ? 'true' : 'false');
    if (this.page.state) this.renderList(this.page.state.me || {}, true);
  }

  wire() {
    for (const b of this.sortButtons) b.addEventListener('click', () => this.setSort(b.dataset.sort));
    const touched = () => { this.touchedAt = performance.now(); };
    for (const name of ['touchstart', 'pointerdown', 'wheel', 'keydown']) document.addEventListener(name, touched, { passive: true });
    window.addEventListener('scroll', touched, { passive: true });
  }
}

/** Slide items from where they were to where they are (none under reduced motion). */
function slide(list, before) {
  if (prefersReducedMotion()) return;
  for (const li of list.children) {
    const top = before.get(li.dataset.key);
    const dy = top == null ? 0 : top - li.getBoundingClientRect().top;
    if (Math.abs(dy) < 1) continue;
    li.classList.remove('is-moving');
    li.style.transform = `translateY(${dy}px)`;
    void li.offsetHeight;
    li.classList.add('is-moving');
    li.style.transform = '';
  }
}
