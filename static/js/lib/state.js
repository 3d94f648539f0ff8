/*
 * The one path by which a page's state changes: a snapshot (the ack of join or get_state), then
 * every `state` push applied in order (docs/protocol.md, "The state push"). Pure, no DOM.
 */

const NOT_PARTS = new Set(['full', 'suggestions', 'suggestions_removed', 'tallies']);

const byId = (a, b) => a.id - b.id;

/** A snapshot as the page keeps it: everything the server sent but the `full` flag. */
export function fromSnapshot(snapshot, previous = null) {
  const state = { ...snapshot };
  delete state.full;
  delete state.suggestions_removed;
  delete state.tallies;
  state.suggestions = [...(snapshot.suggestions || [])].sort(byId);
  // A phone's own `me` travels in pushes of its own; a full push to the whole room does not carry it.
  if (previous && previous.me && !('me' in snapshot)) state.me = previous.me;
  return state;
}

/**
 * `push` applied to `state`. A push computed before the state it would apply to (server_time is
 * monotonic within a run) is already inside it and is skipped. A full push replaces everything;
 * a partial one replaces the parts it names, suggestions by id.
 */
export function applyPush(state, push) {
  if (!state) return fromSnapshot(push);
  if (push.server_time != null && state.server_time != null && push.server_time < state.server_time) return state;
  if (push.full) return fromSnapshot(push, state);
  const next = { ...state };
  for (const [name, value] of Object.entries(push)) {
    if (!NOT_PARTS.has(name)) next[name] = value;
  }
  if (push.suggestions || push.suggestions_removed) {
    next.suggestions = mergeSuggestions(state.suggestions || [], push.suggestions || [], push.suggestions_removed || []);
  }
  if (push.tallies) {
    // Votes alone: {id, votes} of suggestions the page already holds (the moderator's panel too).
    const votes = new Map(push.tallies.map((t) => [t.id, t.votes]));
    next.suggestions = withVotes(next.suggestions || [], votes);
    if (next.moderation) next.moderation = { ...next.moderation, suggestions: withVotes(next.moderation.suggestions || [], votes) };
  }
  return next;
}

function withVotes(list, votes) {
  return list.map((s) => (votes.has(s.id) ? { ...s, votes: votes.get(s.id) } : s));
}

function mergeSuggestions(old, changed, removed) {
  const all = new Map(old.map((s) => [s.id, s]));
  for (const s of changed) all.set(s.id, s);
  for (const id of removed) all.delete(id);
  return [...all.values()].sort(byId);
}

/** Applying pushes in order to a snapshot: what a page shows after receiving them. */
export function replay(snapshot, pushes) {
  return pushes.reduce(applyPush, fromSnapshot(snapshot));
}

/** Which parts of the state a push touches (all of them for a full one). */
export function touches(push, part) {
  if (push.full || part in push) return true;
  if (part === 'suggestions') return 'suggestions_removed' in push || 'tallies' in push;
  return part === 'moderation' && 'tallies' in push;
}
