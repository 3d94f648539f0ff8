"""Live forums in memory: loaded by replaying their event log, changed only through `perform`.

The commit pipeline: an action is decided on the forum in memory, applied to it, queued for the
group commit, and acknowledged once committed. The next action may be decided while that commit is
under way. When a commit fails, every action decided on top of it fails too (they belong to a
spoiled generation of the forum's memory), and memory is restored from the database.
"""
from __future__ import annotations

import logging
import secrets
import string
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

from sqlalchemy.exc import IntegrityError

from .clock import Heartbeat
from .committer import Committer, Pending, SaveFailed, cause
from .core import N_, Refused
from .core.events import Event, ForumCreated, ServerRestarted
from .core.evolve import ReplayError, apply, replay
from .core.state import Forum
from .core.suggestions import redacted, redaction_of
from .core.turn import PAUSED
from .leases import Leases
from .store import Loaded, Store

CODE_ALPHABET = "".join(c for c in string.ascii_uppercase + string.digits if c not in "O0I1L")
NOT_SAVED = N_("The server could not save that action. Please try again.")
NOT_DONE = N_("The server could not carry out that action.")
log = logging.getLogger(__name__)


class Elsewhere(Refused):
    """The forum is served by another worker of the cluster (or moving to one): the page retries by itself."""
    retry = True


@dataclass
class LiveForum:
    id: int
    state: Forum
    seq: int  # events stored so far
    devices: dict[str, str]
    requests: dict[str, Event]
    last_at: float  # the time of the latest event: the forum's clock never gives an earlier one
    offset: float = 0.0  # added to the server's clock, should it be behind the log (set back while down)
    generation: int = 0  # memory restored from the database this many times
    spoiled: int = -1  # generations up to this one rest on an action whose save failed
    tail: Pending | None = None  # the latest action sent to the committer
    summary: dict | None = None  # the latest summary sent with an action (None: send the next one)
    lock: threading.RLock = field(default_factory=threading.RLock)
    gone: bool = False  # another worker of the cluster serves it now: nothing more is decided here
    full_states: dict = field(default_factory=dict)  # per audience, its parts as of a version (full_states.py)

    @property
    def sound(self) -> bool:
        """Whether memory holds nothing but saved actions and actions still being saved."""
        return self.generation > self.spoiled


class Forums:
    """The registry of live forums; the one way the shell changes a forum.

    `offload` runs database work in a worker thread (eventlet's tpool), so that a save waiting on
    SQLite's lock never stalls the event loop; without it, the work runs where it is called.
    """

    def __init__(self, store: Store, clock: Callable[[], float], offload: Callable | None = None,
                 heartbeat: Heartbeat | None = None, leases: Leases | None = None):
        """`leases`: this worker is one of a cluster's (leases.py); without it, it serves every forum."""
        self.store, self.clock, self.leases = store, clock, leases
        if leases:
            store.fence = leases.fence
        self.heartbeat = heartbeat or Heartbeat(None, clock)
        self.db = offload or (lambda fn, *args: fn(*args))
        self.committer = Committer(lambda batch: self.db(store.append_batch, batch))
        self.restored: Callable[[str], None] = lambda code: None  # the broadcaster pushes the forum again
        self.serving: Callable[[], None] = lambda: None  # a forum is live: the heartbeat starts
        self.dropped: Callable[[str], None] = lambda code: None  # another worker serves it now: its sockets go
        self._live: dict[str, LiveForum] = {}
        self._loading: dict[str, threading.Lock] = {}
        self._damaged: set[str] = set()
        self._served: set[str] = set()  # forums loaded since this server started
        self._lock = threading.Lock()

    def create(self, make_event: Callable[[str, float], ForumCreated]) -> str:
        """Create a forum from its ForumCreated event (built for a fresh code); return the code."""
        for _ in range(10):
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(5))
            try:
                self.db(self.store.create_forum, make_event(code, self.clock()))
                return code
            except IntegrityError:  # the code is taken: draw another
                continue
            except Exception as error:
                log.error("could not save a new forum: %s", cause(error))
                raise
        raise Refused(NOT_DONE)

    def get(self, code: str, wait: bool = True, want: bool = True) -> LiveForum:
        """The live forum, loaded on first use; in a cluster, taken over first (`wait`: for as long as a
        lease lasts, should another worker hold it; `want`: ask that worker to hand it over)."""
        if not isinstance(code, str) or not code:
            raise Refused(N_("Give the forum's code."))
        code = code.strip().upper()
        live = self._live.get(code)
        if live is None:
            with self._lock:
                loading = self._loading.setdefault(code, threading.Lock())
            with loading:  # one load per forum, however many phones ask at once
                live = self._live.get(code)
                if live is None:
                    self._take(code, wait, want)
                    live = self._load(code)
            with self._lock:
                self._loading.pop(code, None)
        return live

    def held(self, code: str) -> LiveForum | None:
        """The forum if this server serves it now (never loads it)."""
        return self._live.get(code)

    def view(self, code: str) -> LiveForum:
        """The forum to show a board: served here, or, in a cluster, its state as stored when another
        worker serves it (that worker's pushes reach the board through the message queue)."""
        if not isinstance(code, str) or not self.leases:
            return self.get(code)
        live = self._live.get(code.strip().upper())
        if live is not None:
            return live
        try:
            return self.get(code, wait=False, want=False)
        except Elsewhere:
            loaded = self._read(code.strip().upper())
            if loaded is None:
                raise
            stored, state = loaded
            return LiveForum(stored.forum_id, state, stored.stored, stored.devices, stored.requests,
                             last_at=stored.events[-1].at, gone=True)

    def page(self, code: str) -> tuple[str, str]:
        """A forum's code and title for its pages; in a cluster, read without taking the forum over."""
        if not self.leases:
            forum = self.get(code).state
            return forum.code, forum.title
        code = code.strip().upper() if isinstance(code, str) else ""
        title = self.title(code) if code else None
        if title is None:
            raise Refused(N_("There is no forum with the code %(code)s."), code=code[:16])
        return code, title

    def title(self, code: str) -> str | None:
        """A forum's title, read without replaying its log."""
        return self.db(self.store.title, code)

    def now(self, live: LiveForum) -> float:
        """The forum's time: the server's clock, never earlier than the forum's latest event."""
        return max(self.clock() + live.offset, live.last_at)

    def codes(self) -> list[str]:
        return self.db(self.store.forum_codes)

    def summaries(self) -> list[dict]:
        """Every forum with its questions and counts, from the stored summaries (no log is replayed,
        except once for a forum stored before summaries were kept)."""
        rows = self.db(self.store.summaries)
        for row in rows:
            if row["questions"] is None or row["participants"] is None:
                self._summarize(row)
        return [row for row in rows if row["questions"] is not None and row["participants"] is not None]

    def _summarize(self, row: dict) -> None:
        """Fill in and keep the summary of a forum stored before summaries were kept (a damaged one stays out)."""
        try:
            forum = self.get(row["code"]).state
        except Refused:  # its log is reported in the server's log
            return
        row.update(questions=list(forum.questions), **summary_of(forum))
        try:
            self.db(self.store.keep_summary, row["code"], row["questions"], summary_of(forum))
        except Exception as error:  # kept the next time; the list answers all the same
            log.error("could not save the summary of forum %s: %s", row["code"], cause(error))

    def _take(self, code: str, wait: bool, want: bool) -> None:
        """In a cluster: hold the forum's lease before reading its log (Elsewhere if another worker keeps it)."""
        if not self.leases:
            return
        deadline = time.monotonic() + (self.leases.lease_s + 1.0 if wait else 0.0)
        while True:
            try:
                taken = self.db(self.leases.take, code, want)
            except Exception as error:
                log.error("forum %s: its lease could not be taken: %s", code, cause(error))
                raise Elsewhere(NOT_SAVED) from error
            if taken is None:
                raise Refused(N_("There is no forum with the code %(code)s."), code=code[:16])
            if taken.ok:
                if taken.last_alive is not None:  # taken over from a worker that stopped: its downtime
                    self.heartbeat.previous[code] = max(taken.last_alive, self.heartbeat.previous.get(code, 0.0))
                    self._served.discard(code)
                return
            if time.monotonic() >= deadline:
                raise Elsewhere(NOT_SAVED)
            time.sleep(0.3)

    def keep_leases(self) -> None:
        """Renew this worker's leases; stop serving the forums it lost or that another worker wants."""
        if not self.leases:
            return
        by_id = {live.id: code for code, live in list(self._live.items())}
        try:
            lost, wanted = self.db(self.leases.renew, list(by_id))
        except Exception as error:  # the database is away: the leases run out, the commits' fence refuses
            log.error("the leases could not be renewed: %s", cause(error))
            return
        for forum_id in lost | wanted:
            self.drop(by_id[forum_id])
        if wanted:
            log.warning("handed forum(s) %s over to the worker nginx sends them to now",
                        ", ".join(sorted(by_id[i] for i in wanted)))
            self.db(self.leases.release, list(wanted))
        if lost:
            log.error("lost the lease of forum(s) %s: no longer serving them", ", ".join(sorted(by_id[i] for i in lost)))

    def drop(self, code: str) -> None:
        """Stop serving a forum here (another worker serves it): nothing more is decided on this memory."""
        live = self._live.get(code)
        if live is None:
            return
        with live.lock:
            live.gone = True
        with self._lock:
            self._live.pop(code, None)
        self.dropped(code)

    def release_all(self) -> None:
        """A clean stop: give every lease up, so the other workers take the forums over at once."""
        if self.leases:
            held = [live.id for live in self._live.values()]
            for code in list(self._live):
                self.drop(code)
            self.db(self.leases.release, held)

    def beat(self) -> None:
        """Tell the heartbeat which forums this server is serving now."""
        self.heartbeat.beat(list(self._live))

    def forget(self, code: str) -> None:
        with self._lock:
            self._live.pop(code, None)
            self._damaged.discard(code)
        self.heartbeat.forget(code)

    def _load(self, code: str) -> LiveForum:
        if code in self._damaged:
            raise Refused(NOT_DONE)
        loaded = self._read(code)
        if loaded is None:
            raise Refused(N_("There is no forum with the code %(code)s."), code=code[:16])
        stored, state = loaded
        live = LiveForum(stored.forum_id, state, stored.stored, stored.devices, stored.requests,
                         last_at=stored.events[-1].at)
        down_since = None if code in self._served else self._down_since(code, live)
        self._served.add(code)
        live.offset = max(0.0, max(live.last_at, down_since or 0.0) - self.clock())
        with self._lock:
            self._live[code] = live
        self.serving()
        if down_since is not None:
            self._pause_after_downtime(live, down_since)
        return live

    def _read(self, code: str) -> tuple[Loaded, Forum] | None:
        """The stored forum and its replayed state (in a worker thread: reading and replaying take time)."""
        try:
            loaded = self.db(self.store.load, code)
            return (loaded, self.db(replay, loaded.events)) if loaded else None
        except ReplayError as error:  # reported and skipped: never the server, the banner or other forums
            log.error("forum %s cannot be replayed: %s; it is skipped", code, error)
            self._damaged.add(code)
            raise Refused(NOT_DONE) from error
        except Exception as error:
            log.error("forum %s could not be read: %s", code, cause(error))
            raise Refused(NOT_DONE) from error

    def _down_since(self, code: str, live: LiveForum) -> float | None:
        """When the server went down while a turn of this forum was running; None if none was."""
        turn = live.state.turn
        if turn is None or turn.mode == PAUSED:
            return None
        return max(live.last_at, self.heartbeat.last_alive(code) or 0.0)

    def _pause_after_downtime(self, live: LiveForum, down_since: float) -> None:
        """The running turn resumes paused, from the moment the server was last known alive."""
        try:
            self.perform(live, lambda forum, now: [ServerRestarted(now, down_since=down_since)])
        except Refused:
            log.error("forum %s: the downtime since %.3f could not be recorded", live.state.code, down_since)

    def perform(self, live: LiveForum, decide: Callable[..., list[Event]], *args,
                request_key: str | None = None, device_hash: str | None = None) -> list[Event]:
        """Decide and apply, then wait for the commit: nobody is told of an action before it is durable.

        A resend (a known `request_key`) or an action that changes nothing (a retried vote) may rest on
        an earlier action whose commit is still under way: it waits for that one before it is answered.
        """
        with live.lock:
            if live.gone:
                raise Elsewhere(NOT_SAVED)
            if not live.sound:
                self._restore(live)
            if request_key and request_key in live.requests:
                events = [live.requests[request_key]]
            else:
                events = decide(live.state, self.now(live), *args)
                if events:
                    self._queue(live, events, request_key, device_hash)
            pending = live.tail
        if pending is not None:
            self._wait(live, pending)
        return events

    def _queue(self, live: LiveForum, events: list[Event], request_key: str | None, device_hash: str | None) -> None:
        device = (device_hash, events[0].person) if device_hash else None
        for e in events:
            apply(live.state, e)
        summary = summary_of(live.state)
        changed = summary if summary != live.summary else None  # a vote changes no count: no row to write
        live.tail = self.committer.enqueue(Pending(live, live.generation, live.seq + 1, events, request_key, device,
                                                   changed))
        live.summary = summary
        live.seq += len(events)
        live.last_at = events[-1].at
        if request_key:
            live.requests[request_key] = events[0]
        for e in events:  # a redaction leaves no copy of the text in memory either
            if redaction_of(e) is not None:
                live.requests = {key: redacted(first, redaction_of(e)) for key, first in live.requests.items()}
        if device:
            live.devices[device[0]] = device[1]

    def _wait(self, live: LiveForum, pending: Pending) -> None:
        try:
            self.committer.wait(pending)
        except SaveFailed:
            with live.lock:
                if live.gone:
                    raise Elsewhere(NOT_SAVED) from None
                if not live.sound:
                    try:
                        self._restore(live)
                    except Refused:  # the next action tries again
                        pass
            raise Refused(NOT_SAVED) from None

    def _restore(self, live: LiveForum) -> None:
        """Bring memory back to what the database holds (call with `live.lock` held)."""
        code = live.state.code
        try:
            stored = self.db(self.store.load, code)
            state = self.db(replay, stored.events)
        except Exception as error:
            log.error("forum %s could not be restored from the database: %s", code, cause(error))
            raise Refused(NOT_SAVED) from error
        live.state, live.seq, live.devices, live.requests = state, stored.stored, stored.devices, stored.requests
        live.last_at, live.tail, live.summary = max(live.last_at, stored.events[-1].at), None, None
        live.generation = live.spoiled + 1
        log.warning("forum %s restored from the database after a failed save (%d events)", code, stored.stored)
        self.restored(code)



def summary_of(forum: Forum) -> dict:
    """What the list of forums shows of one (kept with each commit, see store.SUMMARY)."""
    return {"participants": len(forum.people), "suggestions": len(forum.suggestions),
            "speeches": len(forum.speeches)}
