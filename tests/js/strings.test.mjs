import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fill, languageLabel, localNamer, translator } from '../../static/js/lib/strings.js';
import { byPinnedThenNewest, byPinnedThenVotes } from '../../static/js/lib/sorting.js';

test('placeholders are filled; unknown ones and unknown keys stay as they are', () => {
  const t = translator({ position: 'You are number {n} — about {m} min' });
  assert.equal(t('position', { n: 3, m: 4 }), 'You are number 3 — about 4 min');
  assert.equal(t('position', { n: 3 }), 'You are number 3 — about {m} min');
  assert.equal(t('missing'), 'missing');
  assert.equal(fill('{n}%', { n: 45 }), '45%');
});

test('a language is named in the reader\'s language and in itself, once where they agree', () => {
  assert.equal(languageLabel('ti', 'ትግርኛ', 'Tigrinya'), 'Tigrinya · ትግርኛ');
  assert.equal(languageLabel('sv', 'Svenska', 'svenska'), 'Svenska');
  assert.equal(languageLabel('ku', undefined, 'Kurdish'), 'Kurdish');
  assert.equal(languageLabel('xx', undefined, null), 'xx');
});

test('Intl names the app\'s languages, Dari included', () => {
  const english = localNamer('en');
  assert.equal(english('ti'), 'Tigrinya');
  assert.equal(english('prs'), 'Dari');
  assert.equal(localNamer('sv')('ar'), 'arabiska');
});

test('suggestions sort pinned first, then by votes or by age', () => {
  const s = (id, votes, pinned = false) => ({ id, votes, pinned, created_at: id });
  const list = [s(1, 2), s(2, 5), s(3, 0, true), s(4, 5)];
  assert.deepEqual(list.slice().sort(byPinnedThenVotes).map((x) => x.id), [3, 2, 4, 1]);
  assert.deepEqual(list.slice().sort(byPinnedThenNewest).map((x) => x.id), [3, 4, 2, 1]);
});
