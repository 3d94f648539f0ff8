import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyPush, fromSnapshot, replay, touches } from '../../static/js/lib/state.js';

const suggestion = (id, votes = 0) => ({ id, text: `Idea ${id}`, votes, pinned: false, translations: {}, created_at: id });
const snapshot = {
  full: true, server_time: 10, question: { index: 0, text: 'Q', translations: {} }, speaker: null,
  queue: [], suggestions: [suggestion(2), suggestion(1)], round: null,
};

test('a snapshot keeps everything but the full flag, suggestions in id order', () => {
  const state = fromSnapshot(snapshot);
  assert.equal('full' in state, false);
  assert.deepEqual(state.suggestions.map((s) => s.id), [1, 2]);
});

test('a partial push replaces the parts it names and no others', () => {
  const queue = [{ entry_id: 1, label: 'P1' }];
  const state = applyPush(fromSnapshot(snapshot), { queue, server_time: 11 });
  assert.deepEqual(state.queue, queue);
  assert.deepEqual(state.question, snapshot.question);
  assert.equal(state.server_time, 11);
});

test('suggestions merge by id: changed ones replaced whole, new ones added, removed ones dropped', () => {
  const push = { suggestions: [{ ...suggestion(1, 3), pinned: true }, suggestion(5)], suggestions_removed: [2], server_time: 12 };
  const state = applyPush(fromSnapshot(snapshot), push);
  assert.deepEqual(state.suggestions, [{ ...suggestion(1, 3), pinned: true }, suggestion(5)]);
  assert.equal('suggestions_removed' in state, false);
});

test('a suggestion shown again takes its place by id, as a fresh snapshot has it', () => {
  let state = applyPush(fromSnapshot(snapshot), { suggestions: [], suggestions_removed: [1], server_time: 11 });
  state = applyPush(state, { suggestions: [suggestion(1)], suggestions_removed: [], server_time: 12 });
  assert.deepEqual(state.suggestions.map((s) => s.id), [1, 2]);
});

test('a full push replaces everything but keeps the phone its own me', () => {
  const me = { person: 'P1', position: null };
  const state = applyPush({ ...fromSnapshot(snapshot), me }, { ...snapshot, server_time: 20, suggestions: [], round: 'first_timers' });
  assert.deepEqual(state.me, me);
  assert.deepEqual(state.suggestions, []);
  assert.equal(state.round, 'first_timers');
});

test('a push computed before the state it would apply to is skipped', () => {
  const state = fromSnapshot(snapshot);
  assert.equal(applyPush(state, { queue: [{ entry_id: 9 }], server_time: 9.5 }), state);
  assert.equal(applyPush(state, { full: true, ...snapshot, server_time: 9 }), state);
});

test('replay applies pushes in order', () => {
  const state = replay(snapshot, [{ round: 'first_timers', server_time: 11 }, { round: null, server_time: 12 }]);
  assert.equal(state.round, null);
});

test('touches names the parts a push carries', () => {
  assert.equal(touches({ speaker: null }, 'speaker'), true);
  assert.equal(touches({ queue: [] }, 'speaker'), false);
  assert.equal(touches({ full: true }, 'queue'), true);
  assert.equal(touches({ suggestions_removed: [1] }, 'suggestions'), true);
});

test('a tallies push sets the votes of the suggestions it names, the moderator panel too, and nothing else', () => {
  const moderation = { suggestions: [{ ...suggestion(1), question: 0, hidden: false }, { ...suggestion(7), question: 1 }], pending_count: 0 };
  const state = applyPush({ ...fromSnapshot(snapshot), moderation }, { tallies: [{ id: 2, votes: 4 }, { id: 1, votes: 1 }], server_time: 11 });
  assert.deepEqual(state.suggestions, [suggestion(1, 1), suggestion(2, 4)]);
  assert.deepEqual(state.moderation.suggestions, [{ ...suggestion(1, 1), question: 0, hidden: false }, { ...suggestion(7), question: 1 }]);
  assert.equal(state.moderation.pending_count, 0);
  assert.equal('tallies' in state, false);
  assert.equal(touches({ tallies: [] }, 'suggestions'), true);
  assert.equal(touches({ tallies: [] }, 'moderation'), true);
  assert.equal(touches({ tallies: [] }, 'queue'), false);
});

test('a tallies push after a suggestions push in the same message counts the votes last', () => {
  const state = applyPush(fromSnapshot(snapshot), { suggestions: [suggestion(5)], suggestions_removed: [], tallies: [{ id: 5, votes: 2 }], server_time: 11 });
  assert.deepEqual(state.suggestions.map((s) => [s.id, s.votes]), [[1, 0], [2, 0], [5, 2]]);
});
