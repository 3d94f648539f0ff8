/* The board's top suggestions: re-sorted at most once a second, sliding into place (FLIP). */
import { byId, el, prefersReducedMotion, show, userText } from '../lib/dom.js';
import { t } from '../lib/page.js';
import { byPinnedThenVotes } from '../lib/sorting.js';
import { fitList } from './fit.js';

const SUGGESTION_COUNT = 8;      // at most; fewer where fewer fit
const SETTLE_MS = 1000;

export class TopSuggestions {
  constructor(board) {
    this.board = board;
    this.list = byId('top-suggestions');
    this.panel = byId('suggestions-panel');
    this.empty = byId('suggestions-empty');
    this.timer = null;
    this.lastAt = 0;
  }

  /** Re-render at most once a second so the order settles instead of jittering. */
  schedule() {
    if (document.fonts.status === 'loading') document.fonts.ready.then(() => this.schedule());
    const wait = SETTLE_MS - (Date.now() - this.lastAt);
    if (wait <= 0) {
      this.render();
    } else if (!this.timer) {
      this.timer = window.setTimeout(() => {
        this.timer = null;
        this.render();
      }, wait);
    }
  }

  render() {
    this.lastAt = Date.now();
    const count = this.board.viewName() === 'suggestions' ? SUGGESTION_COUNT + 4 : SUGGESTION_COUNT;
    const items = this.board.state.suggestions.slice().sort(byPinnedThenVotes);
    flip(this.list, () => fitList(this.list, this.panel, items, (s) => s.id, renderSuggestion, count));
    show(this.empty, items.length === 0);
  }
}

function renderSuggestion(li, s) {
  const hidden = s.votes == null;
  const pageLang = document.documentElement.lang;
  const translation = s.translations[pageLang];
  li.className = 'top-suggestion' + (s.pinned ? ' is-pinned' : '');
  li.setAttribute('data-id', s.id);
  const body = el('span', { className: 'suggestion-body' }, [
    s.pinned ? el('span', { className: 'pin', text: '📌 ' + t('pinned') + ' ' }) : null,
    userText('span', s.text, { className: 'suggestion-text' }),
    translation && translation !== s.text ? userText('span', translation, { className: 'suggestion-translation', lang: pageLang }) : null,
  ]);
  li.replaceChildren(el('span', { className: 'votes' + (hidden ? ' is-hidden' : '') }, [
    el('span', { className: 'votes-number', text: hidden ? '–' : String(s.votes) }),
    el('span', { className: 'votes-word', text: hidden ? t('votes_hidden') : t(s.votes === 1 ? 'vote_word' : 'votes_word') }),
  ]), body);
}

/** Animate list items from where they were to where they are now (skipped under reduced motion). */
function flip(list, change) {
  if (prefersReducedMotion()) {
    change();
    return;
  }
  const before = new Map([...list.children].map((li) => [li.dataset.key, li.getBoundingClientRect().top]));
  change();
  const moved = [];
  for (const li of list.children) {
    const top = before.get(li.dataset.key);
    if (top == null) {
      li.classList.add('is-new');
      continue;
    }
    const dy = top - li.getBoundingClientRect().top;
    if (Math.abs(dy) < 1) continue;
    li.style.transition = 'none';
    li.style.transform = `translateY(${dy}px)`;
    moved.push(li);
  }
  if (!moved.length) return;
  void list.offsetHeight; // apply the start positions before animating to the end ones
  for (const li of moved) {
    li.style.transition = 'transform 700ms ease-in-out';
    li.style.transform = '';
  }
}
