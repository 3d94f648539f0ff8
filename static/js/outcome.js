/* "You said, we did": mark this phone's own suggestions among those the recommendations rest on. The
 * server answers for the phone's token only; nothing here is shown to anybody else. */
import { byId, setText, show } from './lib/dom.js';
import { code, t } from './lib/page.js';
import { load } from './lib/storage.js';

const token = load('ff_token_' + code);

async function markMine() {
  if (!token) return;
  let mine;
  try {
    const response = await fetch(`/j/${encodeURIComponent(code)}/mine`, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ token }),
    });
    if (!response.ok) return;
    mine = await response.json();
  } catch (e) {
    return; // offline: the page is whole without the marks
  }
  if (!mine.known || !mine.posted) return;
  for (const id of mine.suggestions) {
    for (const item of document.querySelectorAll(`[data-suggestion="${Number(id)}"]`)) {
      item.classList.add('is-mine');
      show(item.querySelector('.mine-mark'), true);
    }
  }
  for (const id of mine.recommendations) {
    const card = document.querySelector(`[data-rec="${Number(id)}"]`);
    if (card) show(card.querySelector('.outcome-mine'), true);
  }
  const n = mine.recommendations.length;
  const summary = byId('mine-summary');
  setText(summary, n === 0 ? t('mine_none') : n === 1 ? t('mine_one') : t('mine_some', { n }));
  show(summary, true);
}

markMine();
