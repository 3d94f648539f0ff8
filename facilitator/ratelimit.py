"""How many actions a phone or a socket may send: about 120 a minute, counted on what the client cannot choose."""
from __future__ import annotations

import time
from bisect import bisect_left

from .core import N_, Refused

WINDOW_S = 60.0


class RateLimit:
    """At most `limit` events a minute per key: a participant's person, or a socket's id (never an address:
    a venue shares one). Keys are few and short, forgotten when their socket leaves or after a quiet
    minute, and never more than `max_keys` (the oldest go first)."""

    def __init__(self, limit: int, max_keys: int = 20_000):
        self.limit, self.max_keys = limit, max_keys
        # A list per key, not a deque: a deque takes a 64-slot block (~0.6 KB) for a phone's first hit,
        # and every connected phone holds one or two keys (docs/benchmarks.md, a phone's memory).
        self._hits: dict[str, list[float]] = {}
        self._swept = time.monotonic()

    def check(self, key: str) -> None:
        now = time.monotonic()
        if now - self._swept > WINDOW_S or len(self._hits) >= self.max_keys:
            self._sweep(now)
        hits = self._hits.setdefault(key, [])
        del hits[:bisect_left(hits, now - WINDOW_S)]  # the hits older than the window
        if len(hits) >= self.limit:
            raise Refused(N_("Too many actions in a short time. Please wait a moment and try again."))
        hits.append(now)

    def forget(self, key: str) -> None:
        self._hits.pop(key, None)

    def _sweep(self, now: float) -> None:
        self._swept = now
        self._hits = {k: v for k, v in self._hits.items() if v and now - v[-1] <= WINDOW_S}
        for key in list(self._hits)[:max(0, len(self._hits) - self.max_keys * 9 // 10)]:
            del self._hits[key]  # still full of busy keys: the oldest tenth goes, so sweeps stay rare

    def __len__(self) -> int:
        return len(self._hits)
