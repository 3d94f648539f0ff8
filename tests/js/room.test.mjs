import assert from 'node:assert/strict';
import { test } from 'node:test';
import { integrity, offeredLanguages, speaksLess, suggestedLanguages, toggleLanguage } from '../../static/js/lib/room.js';

test('the integrity figure: voters against those present, and phones beyond them', () => {
  assert.deepEqual(integrity({ present: 0, phones: 12, voters: 5 }), { present: 0, phones: 12, voters: 5, share: null, excess: 0 });
  assert.deepEqual(integrity({ present: 80, phones: 60, voters: 40 }), { present: 80, phones: 60, voters: 40, share: 50, excess: 0 });
  assert.equal(integrity({ present: 80, phones: 300, voters: 290 }).excess, 220);
  assert.equal(integrity({ present: 80, phones: 300, voters: 290 }).share, 363);
});

test('board languages are suggested from the phones, page languages only, at most four', () => {
  const room = [{ lang: 'ar', phones: 9 }, { lang: 'ku', phones: 7 }, { lang: 'ti', phones: 5 }, { lang: 'sv', phones: 3 },
    { lang: 'so', phones: 2 }, { lang: 'fa', phones: 1 }];
  const pages = ['sv', 'en', 'ar', 'fa', 'prs', 'so', 'ti'];
  assert.deepEqual(suggestedLanguages(room, pages), ['ar', 'ti', 'sv', 'so']);
  assert.deepEqual(suggestedLanguages([], pages), []);
  assert.deepEqual(offeredLanguages(['sv', 'en', 'ar', 'ti'], room).map((l) => l.code), ['ar', 'ti', 'sv', 'en']);
});

test('choosing board languages keeps at most four and refuses a fifth', () => {
  assert.deepEqual(toggleLanguage(['ar'], 'ti', true), ['ar', 'ti']);
  assert.deepEqual(toggleLanguage(['ar', 'ti'], 'ar', false), ['ti']);
  assert.equal(toggleLanguage(['ar', 'ti', 'so', 'sv'], 'fa', true), null);
  assert.deepEqual(toggleLanguage(['ar'], 'ar', true), ['ar']);
});

test('a language group is flagged when it speaks clearly less than it asks', () => {
  assert.equal(speaksLess({ hands: 4, hand_share: 0.5, talk_share: 0.2 }), true);
  assert.equal(speaksLess({ hands: 4, hand_share: 0.5, talk_share: 0.4 }), false);
  assert.equal(speaksLess({ hands: 1, hand_share: 0.5, talk_share: 0 }), false);
});

test('the board shows the chosen languages besides its own, each text once', async () => {
  const { cycleLanguage, otherLanguages, wordsIn } = await import('../../static/js/board/languages.js');
  assert.equal(cycleLanguage('sv', ['ar', 'ti'], 0), 'sv');
  assert.equal(cycleLanguage('sv', ['ar', 'ti'], 2), 'ti');
  assert.equal(cycleLanguage('sv', ['ar', 'ti'], 3), 'sv');
  assert.equal(cycleLanguage('sv', [], 5), 'sv');
  assert.deepEqual(otherLanguages(['ar', 'sv', 'ti', 'ar'], 'sv'), ['ar', 'ti']);
  assert.deepEqual(otherLanguages(null, 'sv'), []);
  const words = { sv: { join: 'Gå med' }, ar: { join: 'انضموا' }, en: { join: 'Join' }, fr: { join: 'Join' } };
  assert.deepEqual(wordsIn(words, ['ar', 'en', 'fr', 'ti'], 'join', 'Gå med'),
    [{ lang: 'ar', text: 'انضموا' }, { lang: 'en', text: 'Join' }]);
});
