"""How fast new phones may come into being: per connection and per forum, never per address.

Every join without a known token makes a new person, so a script on one socket could make thousands
of voters. A real phone makes one person (a second only if it lost its token), and a real hall makes
a few hundred in its first minutes. So each connection (a socket id: something the client cannot
choose) may make `per_connection` new phones in its life, and each forum takes new phones from a
bucket of `burst` that refills at `per_minute`: a hall of a few hundred all joining at once gets in,
a script making thousands is stopped after the burst. Counts live in memory only.
"""
from __future__ import annotations

import threading
import time
from typing import Callable

from .core import N_, Refused

NEW_PER_CONNECTION = 2
NEW_BURST = 400
NEW_PER_MINUTE = 120
MAX_CONNECTIONS = 50_000  # connections remembered at once (each forgotten when it closes)

CONNECTION_FULL = N_("This page has already joined as a new participant. Please reload the page.")
FORUM_BUSY = N_("Too many new phones are joining at once. Please wait a minute and try again.")


class Admission:
    """Counts the new phones each connection made, and a refilling bucket of new phones per forum."""

    def __init__(self, per_connection: int = NEW_PER_CONNECTION, burst: int = NEW_BURST,
                 per_minute: float = NEW_PER_MINUTE, clock: Callable[[], float] = time.monotonic):
        self.per_connection, self.burst, self.per_minute, self.clock = per_connection, burst, per_minute, clock
        self._made: dict[str, int] = {}
        self._buckets: dict[str, tuple[float, float]] = {}  # forum -> (tokens, when counted)
        self._lock = threading.Lock()

    def admit(self, connection: str, forum: str) -> None:
        """Count one new phone made by `connection` in `forum`; Refused (and nothing counted) if over a limit."""
        with self._lock:
            made = self._made.get(connection, 0)
            if made >= self.per_connection:
                raise Refused(CONNECTION_FULL)
            tokens = self._tokens(forum)
            if tokens < 1:
                raise Refused(FORUM_BUSY)
            self._buckets[forum] = (tokens - 1, self.clock())
            if len(self._made) >= MAX_CONNECTIONS:
                self._made.pop(next(iter(self._made)))
            self._made[connection] = made + 1

    def forget(self, connection: str) -> None:
        """The connection closed."""
        with self._lock:
            self._made.pop(connection, None)

    def _tokens(self, forum: str) -> float:
        tokens, since = self._buckets.get(forum, (float(self.burst), self.clock()))
        return min(float(self.burst), tokens + (self.clock() - since) * self.per_minute / 60.0)
