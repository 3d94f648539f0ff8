// When did each screen show the final state? The benchmark asks this after a scenario, merging every
// phone's snapshot and pushes with the pages' own merge (static/js/lib/state.js), as the page does.
// One JSON line in: {"pushes": [push, ...], "screens": [{"snapshot", "at", "seq": [[arrival, i], ...],
// "vote"}], "query": {"kind": "settle", "tallies": {id: n}, "own_vote": bool} or {"kind": "first",
// "rounds": [[entry_id, since], ...]}}. One JSON line out: {"times": [...]}: settle, per screen, when it
// came to show the tallies (and its own vote) for good; first, per round and screen, when it first
// showed that speaker at or after `since`; null where it never did.
import { createInterface } from 'node:readline';
import { applyPush, fromSnapshot } from '../static/js/lib/state.js';

function* states(screen, pushes) {
  let state = fromSnapshot(screen.snapshot);
  yield [screen.at, state];
  for (const [at, i] of screen.seq) {
    state = applyPush(state, pushes[i]);
    yield [at, state];
  }
}

function holds(state, tallies, vote) {
  const shown = new Map((state.suggestions || []).map((s) => [String(s.id), s.votes]));
  if (!Object.entries(tallies).every(([id, n]) => shown.get(id) === n)) return false;
  return vote == null || ((state.me || {}).my_votes || []).includes(vote);
}

function settle(screens, pushes, query) {
  return screens.map((screen) => {
    let since = null;
    for (const [at, state] of states(screen, pushes)) {
      since = holds(state, query.tallies, query.own_vote ? screen.vote : null) ? (since ?? at) : null;
    }
    return since;
  });
}

function first(screens, pushes, query) {
  const times = query.rounds.map(() => []);
  for (const screen of screens) {
    const seen = query.rounds.map(() => null);
    for (const [at, state] of states(screen, pushes)) {
      const entry = state.speaker ? state.speaker.entry_id : null;
      query.rounds.forEach(([entryId, since], r) => {
        if (seen[r] === null && at >= since && entry === entryId) seen[r] = at;
      });
    }
    seen.forEach((at, r) => times[r].push(at));
  }
  return times;
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  const { pushes, screens, query } = JSON.parse(line);
  const times = query.kind === 'settle' ? settle(screens, pushes, query) : first(screens, pushes, query);
  process.stdout.write(JSON.stringify({ times }) + '\n');
}
