"""Live forums in memory: loaded by replaying their event log, changed only through `perform`."""
from __future__ import annotations

import secrets
import string
import threading
from dataclasses import dataclass, field
from typing import Callable

from .core import N_, Refused
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

    def __init__(self, store: Store, clock: Callable[[], float], offload: Callable | None = None):
        self.store, self.clock = store, clock
        self.committer = Committer(store, offload)
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
            raise Refused(N_("Give the forum's code."))
        code = code.strip().upper()
        with self._lock:
            live = self._live.get(code)
            if live is None:
                live = self._load(code)
        return live

    def _load(self, code: str) -> LiveForum:
        loaded = self.store.load(code)
        if loaded is None:
            raise Refused(N_("There is no forum with the code %(code)s."), code=code[:16])
        forum_id, events, devices, requests = loaded
        live = LiveForum(forum_id, replay(events), len(events), devices, requests)
        self._live[code] = live
        return live

    def forget(self, code: str) -> None:
        with self._lock:
            self._live.pop(code, None)

    def perform(self, live: LiveForum, decide: Callable[..., list[dict]], *args,
                request_key: str | None = None, device_hash: str | None = None) -> list[dict]:
        """Decide and apply, then wait for the commit: nobody is told of an action before it is durable.

        The next action may be decided on the applied state while this one's commit is under way;
        if a commit fails, the forum is reloaded from the database, so memory never runs ahead of it.
        A resend (a known `request_key`) or an action that changes nothing (a retried vote) may rest on
        an earlier action whose commit is still under way: it waits behind it (an empty entry in the
        commit queue) before it is answered.
        """
        with live.lock:
            if request_key and request_key in live.requests:
                events = [live.requests[request_key]]
                pending = self.committer.enqueue(Pending(live.id, live.seq + 1, [], None, None))
            else:
                events = decide(live.state, self.clock(), *args)
                device = (device_hash, events[0]["person"]) if device_hash and events else None
                pending = self.committer.enqueue(Pending(live.id, live.seq + 1, events, request_key, device))
                for e in events:
                    apply(live.state, e)
                live.seq += len(events)
                if request_key and events:
                    live.requests[request_key] = events[0]
                if device:
                    live.devices[device[0]] = device[1]
        try:
            self.committer.wait(pending)
        except Exception:
            self.forget(live.state.code)
            raise Refused(N_("The server could not save that action. Please try again."))
        return events

    def _fresh_code(self) -> str:
        while True:
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(5))
            if not self.store.code_exists(code):
                return code


@dataclass
class Pending:
    """Events waiting for their commit."""
    forum_id: int
    first_seq: int
    events: list[dict]
    request_key: str | None
    device: tuple[str, str] | None
    done: bool = False
    error: Exception | None = None


class Committer:
    """Group commit: the actions that arrive while one commit runs are written together in the next.

    With eventlet, `offload` runs the commit in a real thread (eventlet's tpool), so the server keeps
    taking actions during the fsync; without it, the commit runs where it is called.
    """

    def __init__(self, store: Store, offload: Callable | None = None):
        self.store = store
        self._offload = offload or (lambda fn, *args: fn(*args))
        self._pending: list[Pending] = []
        self._queue_lock = threading.Lock()
        self._commit_lock = threading.Lock()
        self.batches = 0

    def enqueue(self, pending: Pending) -> Pending:
        with self._queue_lock:
            self._pending.append(pending)
        return pending

    def wait(self, pending: Pending) -> None:
        """Return once `pending` is committed (by this caller or by another one's batch)."""
        with self._commit_lock:
            if not pending.done:
                with self._queue_lock:
                    batch, self._pending = self._pending, []
                self._commit(batch)
        if pending.error:
            raise pending.error

    def _commit(self, batch: list[Pending]) -> None:
        try:
            self._offload(self.store.append_batch, batch)
            self.batches += 1
        except Exception as error:  # every action in the batch is refused, none is half-saved
            for item in batch:
                item.error = error
        for item in batch:
            item.done = True
