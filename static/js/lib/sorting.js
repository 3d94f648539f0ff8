/* The orders suggestions are shown in. Pure. */

/** Pinned first, then most votes, then oldest first. */
export function byPinnedThenVotes(a, b) {
  return (b.pinned ? 1 : 0) - (a.pinned ? 1 : 0) || (b.votes || 0) - (a.votes || 0) || a.created_at - b.created_at || a.id - b.id;
}

/** Pinned first, then newest first. */
export function byPinnedThenNewest(a, b) {
  return (b.pinned ? 1 : 0) - (a.pinned ? 1 : 0) || b.created_at - a.created_at || b.id - a.id;
}
