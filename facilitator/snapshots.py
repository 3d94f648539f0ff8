"""Reading forums for the follow-up pages without touching them: the live forum if it is in memory, else
a replay of its stored log, kept while the log does not change. Reading never loads a forum into the
live registry, so it never records anything (a load after a restart may record the downtime)."""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, TypeVar

from .core.evolve import ReplayError, replay
from .core.state import Forum

T = TypeVar("T")
KEEP = 32  # replayed forums kept


class Snapshots:
    def __init__(self, forums):
        self.forums = forums
        self._kept: OrderedDict[str, tuple[int, Forum]] = OrderedDict()
        self._lock = threading.Lock()

    def read(self, code: str, view: Callable[[Forum, float], T]) -> T | None:
        """`view(forum, now)` of the forum with this code; None if there is none."""
        code = code.strip().upper()
        live = self.forums.loaded(code)
        if live is not None:
            with live.lock:
                return view(live.state, self.forums.now(live))
        forum = self._replayed(code)
        if forum is None:
            return None
        return view(forum, max(self.forums.clock(), forum.floor_at))

    def _replayed(self, code: str) -> Forum | None:
        count = self.forums.db(self.forums.store.events_count, code)
        if not count:
            return None
        with self._lock:
            kept = self._kept.get(code)
            if kept and kept[0] == count:
                self._kept.move_to_end(code)
                return kept[1]
        loaded = self.forums.db(self.forums.store.load, code)
        if loaded is None:
            return None
        try:
            forum = self.forums.db(replay, loaded.events)
        except ReplayError:  # reported when the server loads it; the follow-up skips it
            return None
        with self._lock:
            self._kept[code] = (loaded.stored, forum)
            while len(self._kept) > KEEP:
                self._kept.popitem(last=False)
        return forum
