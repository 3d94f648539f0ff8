"""Live forums in memory: loaded by replaying their event log, changed only through `perform`."""
from __future__ import annotations

import secrets
import string
import threading
from dataclasses import dataclass, field
from typing import Callable

from .core import Refused
from .core.evolve import apply, replay
from .core.state import Forum
from .store import Store

CODE_ALPHABET = "".join(c for c in string.ascii_uppercase + string.digits if c not in "O0I1L")


@dataclass
class LiveForum:
    id: int
    state: Forum
    seq: int
    devices: dict[str, str]
    requests: dict[str, dict]
    lock: threading.RLock = field(default_factory=threading.RLock)


class Forums:
    """The registry of live forums; the one way the shell changes a forum."""

    def __init__(self, store: Store, clock: Callable[[], float]):
        self.store, self.clock = store, clock
        self._live: dict[str, LiveForum] = {}
        self._lock = threading.Lock()

    def create(self, make_event: Callable[[str, float], dict]) -> str:
        """Create a forum from its ForumCreated event (built for a fresh code); return the code."""
        with self._lock:
            code = self._fresh_code()
            self.store.create_forum(make_event(code, self.clock()))
        return code

    def get(self, code: str) -> LiveForum:
        if not isinstance(code, str) or not code:
            raise Refused("Give the forum's code.")
        code = code.strip().upper()
        with self._lock:
            live = self._live.get(code)
            if live is None:
                live = self._load(code)
        return live

    def _load(self, code: str) -> LiveForum:
        loaded = self.store.load(code)
        if loaded is None:
            raise Refused(f"There is no forum with the code {code[:16]}.")
        forum_id, events, devices, requests = loaded
        live = LiveForum(forum_id, replay(events), len(events), devices, requests)
        self._live[code] = live
        return live

    def forget(self, code: str) -> None:
        with self._lock:
            self._live.pop(code, None)

    def perform(self, live: LiveForum, decide: Callable[..., list[dict]], *args,
                request_key: str | None = None, device_hash: str | None = None) -> list[dict]:
        """Decide, commit, then apply: an action is durable before anyone is told it happened."""
        with live.lock:
            if request_key and request_key in live.requests:
                return [live.requests[request_key]]
            events = decide(live.state, self.clock(), *args)
            device = (device_hash, events[0]["person"]) if device_hash else None
            if events:
                self.store.append(live.id, live.seq + 1, events, request_key, device)
            for e in events:
                apply(live.state, e)
            live.seq += len(events)
            if request_key and events:
                live.requests[request_key] = events[0]
            if device:
                live.devices[device[0]] = device[1]
            return events

    def _fresh_code(self) -> str:
        while True:
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(5))
            if not self.store.code_exists(code):
                return code
